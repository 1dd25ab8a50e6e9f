package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

// notice is the form of the comment notice.
const notice = string(workflow.RecNotice)

func loadNotice(ctx context.Context, q querier, decisionID int64) (*workflow.CommentNotice, error) {
	list, err := collect(ctx, q, func(r rowScanner) (workflow.CommentNotice, error) {
		var x workflow.CommentNotice
		var starts, ends, published int64
		more, fill := moreScan(notice, &x.More)
		err := r.Scan(append([]any{&x.ID, &x.RevisionID, &x.Channel, &x.HowToSubmit, &x.Explanation, &starts, &ends,
			&x.Link, &x.ShortReason, &published}, more...)...)
		fill()
		x.StartsOn, x.EndsOn, x.PublishedOn = fromMS(starts), fromMS(ends), fromMS(published)
		return x, err
	}, `SELECT id, revision_id, channel, how_to_submit, explanation, starts_on, ends_on, link, short_reason, published_on`+moreColumns(notice)+`
		FROM comment_notices WHERE decision_id = ?`, decisionID)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[0], nil
}

func noticeFields(n *workflow.CommentNotice, revNo int) []field {
	if n == nil {
		return nil
	}
	return append([]field{
		{"征求意见稿", revisionLabel(revNo)},
		{workflow.LabelOf(string(workflow.RecNotice), "channel"), n.Channel},
		{workflow.LabelOf(string(workflow.RecNotice), "how_to_submit"), n.HowToSubmit},
		{workflow.LabelOf(string(workflow.RecNotice), "explanation"), n.Explanation},
		{workflow.LabelOf(string(workflow.RecNotice), "starts_on"), showDate(n.StartsOn)},
		{workflow.LabelOf(string(workflow.RecNotice), "ends_on"), showDate(n.EndsOn)},
		{workflow.LabelOf(string(workflow.RecNotice), "link"), n.Link},
		{workflow.LabelOf(string(workflow.RecNotice), "short_reason"), n.ShortReason},
		{workflow.LabelOf(string(workflow.RecNotice), "published_on"), showDate(n.PublishedOn)},
	}, moreFields(notice, n.More)...)
}

// SaveNotice records the decision's public comment notice (条例第15条), or replaces the fields
// of the one it has; the history keeps the old values. A zero RevisionID names the current
// draft; a revision of another decision is ErrNotFound.
func (tx *Tx) SaveNotice(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, n workflow.CommentNotice) error {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		var err error
		if n.RevisionID == 0 {
			if n.RevisionID, err = tx.currentRevisionID(ctx, d.ID); err != nil {
				return Event{}, err
			}
		}
		revNo, err := tx.revisionNo(ctx, d.ID, n.RevisionID)
		if err != nil {
			return Event{}, err
		}
		old, err := loadNotice(ctx, tx.tx, d.ID)
		if err != nil {
			return Event{}, fmt.Errorf("store: notice of decision %d: %w", d.ID, err)
		}
		args := []any{n.RevisionID, n.Channel, n.HowToSubmit, n.Explanation, ms(n.StartsOn), ms(n.EndsOn), n.Link,
			n.ShortReason, ms(n.PublishedOn)}
		args = append(args, moreArgs(notice, n.More)...)
		summary := "发布公开征求意见公告"
		var before []field
		if old == nil {
			res, err := tx.tx.ExecContext(ctx, `INSERT INTO comment_notices (revision_id, channel, how_to_submit,
				explanation, starts_on, ends_on, link, short_reason, published_on`+moreColumns(notice)+`, decision_id, created_at)
				VALUES (`+placeholders(9)+moreMarks(notice)+`, ?, ?)`, append(args, d.ID, ms(at))...)
			if err != nil {
				return Event{}, fmt.Errorf("store: save notice of decision %d: %w", d.ID, err)
			}
			if n.ID, err = res.LastInsertId(); err != nil {
				return Event{}, fmt.Errorf("store: save notice of decision %d: %w", d.ID, err)
			}
		} else {
			oldNo, err := tx.revisionNo(ctx, d.ID, old.RevisionID)
			if err != nil {
				return Event{}, err
			}
			before, summary, n.ID = noticeFields(old, oldNo), "修改公开征求意见公告", old.ID
			_, err = tx.tx.ExecContext(ctx, `UPDATE comment_notices SET revision_id = ?, channel = ?, how_to_submit = ?,
				explanation = ?, starts_on = ?, ends_on = ?, link = ?, short_reason = ?, published_on = ?`+moreSets(notice)+`
				WHERE decision_id = ?`, append(args, d.ID)...)
			if err != nil {
				return Event{}, fmt.Errorf("store: save notice of decision %d: %w", d.ID, err)
			}
		}
		return Event{Action: "save_notice", Summary: summary, Changes: diffFields(before, noticeFields(&n, revNo))}, nil
	})
	if err != nil {
		return err
	}
	d.Notice = &n
	return nil
}
