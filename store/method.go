package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

// method is the form of a way of hearing the public.
const method = string(workflow.RecMethod)

func scanMethod(r rowScanner) (workflow.ConsultationMethod, error) {
	var x workflow.ConsultationMethod
	var held int64
	more, fill := moreScan(method, &x.More)
	err := r.Scan(append([]any{&x.ID, &x.Method, &held, &x.Participants, &x.Summary}, more...)...)
	fill()
	x.HeldOn = fromMS(held)
	return x, err
}

func loadMethods(ctx context.Context, q querier, decisionID int64) ([]workflow.ConsultationMethod, error) {
	return collect(ctx, q, scanMethod, `SELECT id, method, held_on, participants, summary`+moreColumns(method)+`
		FROM consultation_methods WHERE decision_id = ? ORDER BY id`, decisionID)
}

// AddMethod records one occasion of hearing the public (条例第14条).
func (tx *Tx) AddMethod(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, m workflow.ConsultationMethod) (int64, error) {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO consultation_methods
			(decision_id, method, held_on, participants, summary`+moreColumns(method)+`, created_at) VALUES (?, ?, ?, ?, ?`+moreMarks(method)+`, ?)`,
			append(append([]any{d.ID, string(m.Method), ms(m.HeldOn), m.Participants, m.Summary}, moreArgs(method, m.More)...), ms(at))...)
		if err != nil {
			return Event{}, fmt.Errorf("store: add method %q to decision %d: %w", m.Method, d.ID, err)
		}
		if m.ID, err = res.LastInsertId(); err != nil {
			return Event{}, fmt.Errorf("store: add method %q to decision %d: %w", m.Method, d.ID, err)
		}
		return Event{Action: "add_method", Summary: "记录听取意见方式：" + m.Method.Label(), Changes: diffFields(nil, append([]field{
			{workflow.LabelOf(string(workflow.RecMethod), "method"), m.Method.Label()},
			{workflow.LabelOf(string(workflow.RecMethod), "held_on"), showDate(m.HeldOn)},
			{workflow.LabelOf(string(workflow.RecMethod), "participants"), m.Participants},
			{workflow.LabelOf(string(workflow.RecMethod), "summary"), m.Summary},
		}, moreFields(method, m.More)...))}, nil
	})
	if err != nil {
		return 0, err
	}
	d.Methods = append(d.Methods, m)
	return m.ID, nil
}
