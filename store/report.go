package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

// report is the form of an implementation report.
const report = string(workflow.RecReport)

func scanReport(r rowScanner) (workflow.ImplementationReport, error) {
	var x workflow.ImplementationReport
	var reported int64
	more, fill := moreScan(report, &x.More)
	err := r.Scan(append([]any{&x.ID, &x.Kind, &x.ExecutingUnit, &x.Body, &reported, &x.Public}, more...)...)
	fill()
	x.ReportedOn = fromMS(reported)
	return x, err
}

func loadReports(ctx context.Context, q querier, decisionID int64) ([]workflow.ImplementationReport, error) {
	return collect(ctx, q, scanReport, `SELECT id, kind, executing_unit, body, reported_on, public`+moreColumns(report)+`
		FROM implementation_reports WHERE decision_id = ? ORDER BY id`, decisionID)
}

// AddReport adds an entry to the implementation record (条例第34—35条).
func (tx *Tx) AddReport(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, r workflow.ImplementationReport) (int64, error) {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO implementation_reports (decision_id, kind, executing_unit, body,
			reported_on, public`+moreColumns(report)+`, created_at) VALUES (?, ?, ?, ?, ?, ?`+moreMarks(report)+`, ?)`,
			append(append([]any{d.ID, string(r.Kind), r.ExecutingUnit, r.Body, ms(r.ReportedOn), b2i(r.Public)},
				moreArgs(report, r.More)...), ms(at))...)
		if err != nil {
			return Event{}, fmt.Errorf("store: add report %q to decision %d: %w", r.Kind, d.ID, err)
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return Event{}, fmt.Errorf("store: add report %q to decision %d: %w", r.Kind, d.ID, err)
		}
		return Event{Action: "add_report", Summary: "记录执行情况：" + r.Kind.Label(), Changes: diffFields(nil, append([]field{
			{workflow.LabelOf(string(workflow.RecReport), "kind"), r.Kind.Label()},
			{workflow.LabelOf(string(workflow.RecReport), "executing_unit"), r.ExecutingUnit},
			{workflow.LabelOf(string(workflow.RecReport), "body"), r.Body},
			{workflow.LabelOf(string(workflow.RecReport), "reported_on"), showDate(r.ReportedOn)},
			{workflow.LabelOf(string(workflow.RecReport), "public"), showBool(r.Public)},
		}, moreFields(report, r.More)...))}, nil
	})
	if err != nil {
		return 0, err
	}
	d.Reports = append(d.Reports, r)
	return r.ID, nil
}
