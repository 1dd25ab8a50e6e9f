package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

// publication is the form of the publication record.
const publication = string(workflow.RecPublication)

func loadPublication(ctx context.Context, q querier, decisionID int64) (*workflow.Publication, error) {
	list, err := collect(ctx, q, func(r rowScanner) (workflow.Publication, error) {
		var x workflow.Publication
		var published int64
		more, fill := moreScan(publication, &x.More)
		err := r.Scan(append([]any{&x.DocNumber, &published, &x.Channels, &x.Link, &x.Text, &x.Explanation, &x.NotPublishedReason}, more...)...)
		fill()
		x.PublishedOn = fromMS(published)
		return x, err
	}, `SELECT doc_number, published_on, channels, link, text, explanation, not_published_reason`+moreColumns(publication)+`
		FROM publications WHERE decision_id = ?`, decisionID)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[0], nil
}

func publicationFields(p *workflow.Publication) []field {
	if p == nil {
		return nil
	}
	return append([]field{
		{workflow.LabelOf(string(workflow.RecPublication), "doc_number"), p.DocNumber},
		{workflow.LabelOf(string(workflow.RecPublication), "published_on"), showDate(p.PublishedOn)},
		{workflow.LabelOf(string(workflow.RecPublication), "channels"), p.Channels},
		{workflow.LabelOf(string(workflow.RecPublication), "link"), p.Link},
		{workflow.LabelOf(string(workflow.RecPublication), "text"), showLong(p.Text)},
		{workflow.LabelOf(string(workflow.RecPublication), "explanation"), p.Explanation},
		{workflow.LabelOf(string(workflow.RecPublication), "not_published_reason"), p.NotPublishedReason},
	}, moreFields(publication, p.More)...)
}

// SavePublication records the publication (决策公布, 条例第32条) or the legal reason it is not
// published, or replaces the fields of the record the decision has.
func (tx *Tx) SavePublication(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, p workflow.Publication) error {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		old, err := loadPublication(ctx, tx.tx, d.ID)
		if err != nil {
			return Event{}, fmt.Errorf("store: publication of decision %d: %w", d.ID, err)
		}
		args := append([]any{p.DocNumber, ms(p.PublishedOn), p.Channels, p.Link, p.Text, p.Explanation, p.NotPublishedReason},
			moreArgs(publication, p.More)...)
		summary := "记录决策公布"
		if p.DocNumber != "" {
			summary += "：" + p.DocNumber
		}
		if old == nil {
			_, err = tx.tx.ExecContext(ctx, `INSERT INTO publications (doc_number, published_on, channels, link, text,
				explanation, not_published_reason`+moreColumns(publication)+`, decision_id, created_at) VALUES (`+placeholders(7)+moreMarks(publication)+`, ?, ?)`,
				append(args, d.ID, ms(at))...)
		} else {
			summary = "修改决策公布记录"
			_, err = tx.tx.ExecContext(ctx, `UPDATE publications SET doc_number = ?, published_on = ?, channels = ?,
				link = ?, text = ?, explanation = ?, not_published_reason = ?`+moreSets(publication)+` WHERE decision_id = ?`, append(args, d.ID)...)
		}
		if err != nil {
			return Event{}, fmt.Errorf("store: save publication of decision %d: %w", d.ID, err)
		}
		return Event{Action: "save_publication", Summary: summary,
			Changes: diffFields(publicationFields(old), publicationFields(&p))}, nil
	})
	if err != nil {
		return err
	}
	d.Publication = &p
	return nil
}
