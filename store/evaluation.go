package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

// evaluation is the form of the post-evaluation.
const evaluation = string(workflow.RecEvaluation)

func loadEvaluation(ctx context.Context, q querier, decisionID int64) (*workflow.Evaluation, error) {
	list, err := collect(ctx, q, func(r rowScanner) (workflow.Evaluation, error) {
		var x workflow.Evaluation
		var evaluated int64
		more, fill := moreScan(evaluation, &x.More)
		err := r.Scan(append([]any{&x.Trigger, &x.Evaluators, &x.EvaluatorUnit, &x.EvaluatorBody, &x.ThirdParty, &x.Opinions, &x.Conclusion,
			&x.Reasons, &evaluated}, more...)...)
		fill()
		x.EvaluatedOn = fromMS(evaluated)
		return x, err
	}, `SELECT trigger_reason, evaluators, evaluator_unit, evaluator_body, third_party, opinions, conclusion, reasons, evaluated_on`+moreColumns(evaluation)+`
		FROM evaluations WHERE decision_id = ?`, decisionID)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[0], nil
}

func evaluationFields(e *workflow.Evaluation) []field {
	if e == nil {
		return nil
	}
	conclusion := ""
	if e.Conclusion != "" {
		conclusion = e.Conclusion.Label()
	}
	return append([]field{
		{workflow.LabelOf(string(workflow.RecEvaluation), "trigger"), e.Trigger},
		{workflow.LabelOf(string(workflow.RecEvaluation), "evaluators"), e.Evaluators},
		{workflow.LabelOf(string(workflow.RecEvaluation), "evaluator_unit"), e.EvaluatorUnit},
		{workflow.LabelOf(string(workflow.RecEvaluation), "third_party"), showBool(e.ThirdParty)},
		{workflow.LabelOf(string(workflow.RecEvaluation), "opinions"), e.Opinions},
		{workflow.LabelOf(string(workflow.RecEvaluation), "conclusion"), conclusion},
		{workflow.LabelOf(string(workflow.RecEvaluation), "reasons"), e.Reasons},
		{workflow.LabelOf(string(workflow.RecEvaluation), "evaluated_on"), showDate(e.EvaluatedOn)},
	}, moreFields(evaluation, e.More)...)
}

// SaveEvaluation records the post-evaluation (决策后评估, 条例第36条), or replaces the fields of
// the one the decision has.
func (tx *Tx) SaveEvaluation(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, e workflow.Evaluation) error {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		old, err := loadEvaluation(ctx, tx.tx, d.ID)
		if err != nil {
			return Event{}, fmt.Errorf("store: evaluation of decision %d: %w", d.ID, err)
		}
		args := []any{e.Trigger, e.Evaluators, e.EvaluatorUnit, e.EvaluatorBody, b2i(e.ThirdParty), e.Opinions, string(e.Conclusion),
			e.Reasons, ms(e.EvaluatedOn)}
		args = append(args, moreArgs(evaluation, e.More)...)
		summary := "记录决策后评估"
		if old == nil {
			_, err = tx.tx.ExecContext(ctx, `INSERT INTO evaluations (trigger_reason, evaluators, evaluator_unit, evaluator_body,
				third_party, opinions, conclusion, reasons, evaluated_on`+moreColumns(evaluation)+`, decision_id, created_at)
				VALUES (`+placeholders(9)+moreMarks(evaluation)+`, ?, ?)`, append(args, d.ID, ms(at))...)
		} else {
			summary = "修改决策后评估记录"
			_, err = tx.tx.ExecContext(ctx, `UPDATE evaluations SET trigger_reason = ?, evaluators = ?, evaluator_unit = ?,
				evaluator_body = ?, third_party = ?, opinions = ?, conclusion = ?, reasons = ?, evaluated_on = ?`+moreSets(evaluation)+` WHERE decision_id = ?`,
				append(args, d.ID)...)
		}
		if err != nil {
			return Event{}, fmt.Errorf("store: save evaluation of decision %d: %w", d.ID, err)
		}
		return Event{Action: "save_evaluation", Summary: summary,
			Changes: diffFields(evaluationFields(old), evaluationFields(&e))}, nil
	})
	if err != nil {
		return err
	}
	d.Evaluation = &e
	return nil
}
