package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

// dispute is the form of a disagreement between departments.
const dispute = string(workflow.RecDispute)

func scanDispute(r rowScanner) (workflow.Dispute, error) {
	var x workflow.Dispute
	more, fill := moreScan(dispute, &x.More)
	err := r.Scan(append([]any{&x.ID, &x.Department, &x.OurView, &x.TheirView, &x.Reasons, &x.LegalBasis, &x.Resolution}, more...)...)
	fill()
	return x, err
}

func loadDisputes(ctx context.Context, q querier, decisionID int64) ([]workflow.Dispute, error) {
	return collect(ctx, q, scanDispute, `SELECT id, department, our_view, their_view, reasons, legal_basis, resolution`+moreColumns(dispute)+`
		FROM disputes WHERE decision_id = ? ORDER BY id`, decisionID)
}

// AddDispute records a disagreement with another department (条例第13条).
func (tx *Tx) AddDispute(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, x workflow.Dispute) (int64, error) {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO disputes
			(decision_id, department, our_view, their_view, reasons, legal_basis, resolution`+moreColumns(dispute)+`, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?`+moreMarks(dispute)+`, ?)`,
			append(append([]any{d.ID, x.Department, x.OurView, x.TheirView, x.Reasons, x.LegalBasis, x.Resolution},
				moreArgs(dispute, x.More)...), ms(at))...)
		if err != nil {
			return Event{}, fmt.Errorf("store: add dispute with %q to decision %d: %w", x.Department, d.ID, err)
		}
		if x.ID, err = res.LastInsertId(); err != nil {
			return Event{}, fmt.Errorf("store: add dispute with %q to decision %d: %w", x.Department, d.ID, err)
		}
		return Event{Action: "add_dispute", Summary: "记录部门分歧：" + x.Department, Changes: diffFields(nil, append([]field{
			{workflow.LabelOf(string(workflow.RecDispute), "department"), x.Department},
			{workflow.LabelOf(string(workflow.RecDispute), "our_view"), x.OurView},
			{workflow.LabelOf(string(workflow.RecDispute), "their_view"), x.TheirView},
			{workflow.LabelOf(string(workflow.RecDispute), "reasons"), x.Reasons},
			{workflow.LabelOf(string(workflow.RecDispute), "legal_basis"), x.LegalBasis},
			{workflow.LabelOf(string(workflow.RecDispute), "resolution"), x.Resolution},
		}, moreFields(dispute, x.More)...))}, nil
	})
	if err != nil {
		return 0, err
	}
	d.Disputes = append(d.Disputes, x)
	return x.ID, nil
}
