package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

func scanMethod(r rowScanner) (workflow.ConsultationMethod, error) {
	var x workflow.ConsultationMethod
	var held int64
	err := r.Scan(&x.ID, &x.Method, &held, &x.Participants, &x.Summary)
	x.HeldOn = fromMS(held)
	return x, err
}

func loadMethods(ctx context.Context, q querier, decisionID int64) ([]workflow.ConsultationMethod, error) {
	return collect(ctx, q, scanMethod, `SELECT id, method, held_on, participants, summary
		FROM consultation_methods WHERE decision_id = ? ORDER BY id`, decisionID)
}

// AddMethod records one occasion of hearing the public (条例第14条).
func (tx *Tx) AddMethod(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, m workflow.ConsultationMethod) (int64, error) {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO consultation_methods
			(decision_id, method, held_on, participants, summary, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			d.ID, string(m.Method), ms(m.HeldOn), m.Participants, m.Summary, ms(at))
		if err != nil {
			return Event{}, fmt.Errorf("store: add method %q to decision %d: %w", m.Method, d.ID, err)
		}
		if m.ID, err = res.LastInsertId(); err != nil {
			return Event{}, fmt.Errorf("store: add method %q to decision %d: %w", m.Method, d.ID, err)
		}
		return Event{Action: "add_method", Summary: "记录听取意见方式：" + m.Method.Label(), Changes: diffFields(nil, []field{
			{workflow.LabelOf(string(workflow.RecMethod), "method"), m.Method.Label()},
			{workflow.LabelOf(string(workflow.RecMethod), "held_on"), showDate(m.HeldOn)},
			{workflow.LabelOf(string(workflow.RecMethod), "participants"), m.Participants},
			{workflow.LabelOf(string(workflow.RecMethod), "summary"), m.Summary},
		})}, nil
	})
	if err != nil {
		return 0, err
	}
	d.Methods = append(d.Methods, m)
	return m.ID, nil
}
