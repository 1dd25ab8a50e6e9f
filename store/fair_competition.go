package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

func loadFairCompetition(ctx context.Context, q querier, decisionID int64) (*workflow.FairCompetitionReview, error) {
	var r workflow.FairCompetitionReview
	var on int64
	err := q.QueryRowContext(ctx, "SELECT reviewed_on, reviewer, conclusion, summary FROM fair_competition_reviews WHERE decision_id = ?",
		decisionID).Scan(&on, &r.Reviewer, &r.Conclusion, &r.Summary)
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
	return []field{{l("reviewed_on"), showDate(r.ReviewedOn)}, {l("reviewer"), r.Reviewer}, {l("conclusion"), r.Conclusion.Label()}, {l("summary"), r.Summary}}
}

// saveFairCompetition records the fair-competition review of decision d (公平竞争审查), or
// replaces it (workflow.SaveFairCompetition).
func (tx *Tx) saveFairCompetition(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, r workflow.FairCompetitionReview) error {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		old, err := loadFairCompetition(ctx, tx.tx, d.ID)
		if err != nil {
			return Event{}, fmt.Errorf("store: fair competition review of decision %d: %w", d.ID, err)
		}
		_, err = tx.tx.ExecContext(ctx, `INSERT INTO fair_competition_reviews (decision_id, reviewed_on, reviewer, conclusion, summary, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (decision_id) DO UPDATE SET reviewed_on = excluded.reviewed_on,
			reviewer = excluded.reviewer, conclusion = excluded.conclusion, summary = excluded.summary`,
			d.ID, ms(r.ReviewedOn), r.Reviewer, string(r.Conclusion), r.Summary, ms(at))
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
