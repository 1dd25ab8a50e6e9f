package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

// expert is the form of an expert's opinion.
const expert = string(workflow.RecExpert)

func scanExpert(r rowScanner) (workflow.ExpertOpinion, error) {
	var x workflow.ExpertOpinion
	var signed int64
	more, fill := moreScan(expert, &x.More)
	err := r.Scan(append([]any{&x.ID, &x.Name, &x.Field, &x.Organisation, &x.Opinion, &x.Conclusion, &x.Signed, &signed,
		&x.NoInterest, &x.DifferingView}, more...)...)
	fill()
	x.SignedOn = fromMS(signed)
	return x, err
}

func loadExperts(ctx context.Context, q querier, decisionID int64) ([]workflow.ExpertOpinion, error) {
	return collect(ctx, q, scanExpert, `SELECT id, name, field, organisation, opinion, conclusion, signed, signed_on,
		no_interest, differing_view`+moreColumns(expert)+` FROM expert_opinions WHERE decision_id = ? ORDER BY id`, decisionID)
}

// AddExpert records one expert's written argumentation (专家论证, 条例第19—20条).
func (tx *Tx) AddExpert(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, e workflow.ExpertOpinion) (int64, error) {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO expert_opinions (decision_id, name, field, organisation,
			opinion, conclusion, signed, signed_on, no_interest, differing_view`+moreColumns(expert)+`, created_at)
			VALUES (`+placeholders(10)+moreMarks(expert)+`, ?)`,
			append(append([]any{d.ID, e.Name, e.Field, e.Organisation, e.Opinion, e.Conclusion, b2i(e.Signed), ms(e.SignedOn),
				b2i(e.NoInterest), b2i(e.DifferingView)}, moreArgs(expert, e.More)...), ms(at))...)
		if err != nil {
			return Event{}, fmt.Errorf("store: add expert %q to decision %d: %w", e.Name, d.ID, err)
		}
		if e.ID, err = res.LastInsertId(); err != nil {
			return Event{}, fmt.Errorf("store: add expert %q to decision %d: %w", e.Name, d.ID, err)
		}
		return Event{Action: "add_expert", Summary: "登记专家论证意见：" + e.Name, Changes: diffFields(nil, append([]field{
			{workflow.LabelOf(string(workflow.RecExpert), "name"), e.Name},
			{workflow.LabelOf(string(workflow.RecExpert), "field"), e.Field},
			{workflow.LabelOf(string(workflow.RecExpert), "organisation"), e.Organisation},
			{workflow.LabelOf(string(workflow.RecExpert), "opinion"), e.Opinion},
			{workflow.LabelOf(string(workflow.RecExpert), "conclusion"), e.Conclusion},
			{workflow.LabelOf(string(workflow.RecExpert), "signed"), showBool(e.Signed)},
			{workflow.LabelOf(string(workflow.RecExpert), "signed_on"), showDate(e.SignedOn)},
			{workflow.LabelOf(string(workflow.RecExpert), "no_interest"), showBool(e.NoInterest)},
			{workflow.LabelOf(string(workflow.RecExpert), "differing_view"), showBool(e.DifferingView)},
		}, moreFields(expert, e.More)...))}, nil
	})
	if err != nil {
		return 0, err
	}
	d.Experts = append(d.Experts, e)
	return e.ID, nil
}
