package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

// fairComp is the form of the fair-competition review.
const fairComp = string(workflow.RecFairComp)

func loadFairCompetition(ctx context.Context, q querier, decisionID int64) (*workflow.FairCompetitionReview, error) {
	var r workflow.FairCompetitionReview
	var on int64
	more, fill := moreScan(fairComp, &r.More)
	err := q.QueryRowContext(ctx, "SELECT reviewed_on, reviewer, conclusion, summary"+moreColumns(fairComp)+" FROM fair_competition_reviews WHERE decision_id = ?",
		decisionID).Scan(append([]any{&on, &r.Reviewer, &r.Conclusion, &r.Summary}, more...)...)
	fill()
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r.ReviewedOn = fromMS(on)
	return &r, nil
}

func fairCompetitionFields(r *workflow.FairCompetitionReview) []field {
	if r == nil {
		return nil
	}
	l := func(name string) string { return workflow.LabelOf(string(workflow.RecFairComp), name) }
	return append([]field{{l("reviewed_on"), showDate(r.ReviewedOn)}, {l("reviewer"), r.Reviewer}, {l("conclusion"), r.Conclusion.Label()}, {l("summary"), r.Summary}},
		moreFields(fairComp, r.More)...)
}

// saveFairCompetition records the fair-competition review of decision d (公平竞争审查), or
// replaces it (workflow.SaveFairCompetition).
func (tx *Tx) saveFairCompetition(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, r workflow.FairCompetitionReview) error {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		old, err := loadFairCompetition(ctx, tx.tx, d.ID)
		if err != nil {
			return Event{}, fmt.Errorf("store: fair competition review of decision %d: %w", d.ID, err)
		}
		_, err = tx.tx.ExecContext(ctx, `INSERT INTO fair_competition_reviews (decision_id, reviewed_on, reviewer, conclusion, summary`+moreColumns(fairComp)+`, created_at)
			VALUES (?, ?, ?, ?, ?`+moreMarks(fairComp)+`, ?) ON CONFLICT (decision_id) DO UPDATE SET reviewed_on = excluded.reviewed_on,
			reviewer = excluded.reviewer, conclusion = excluded.conclusion, summary = excluded.summary`+moreUpserts(fairComp),
			append(append([]any{d.ID, ms(r.ReviewedOn), r.Reviewer, string(r.Conclusion), r.Summary}, moreArgs(fairComp, r.More)...), ms(at))...)
		if err != nil {
			return Event{}, fmt.Errorf("store: save fair competition review of decision %d: %w", d.ID, err)
		}
		summary := "记录公平竞争审查结论"
		if old != nil {
			summary = "修改公平竞争审查结论"
		}
		return Event{Action: "save_fair_competition", Summary: summary, Changes: diffFields(fairCompetitionFields(old), fairCompetitionFields(&r))}, nil
	})
	if err != nil {
		return err
	}
	d.FairCompetition = &r
	return nil
}
