package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

// The risk_assessments table has a <dimension>_level and a <dimension>_analysis column for
// each of workflow.Dimensions, named by the dimension's value.

func riskColumns() string {
	s := ""
	for _, dim := range workflow.Dimensions {
		s += string(dim) + "_level, " + string(dim) + "_analysis, "
	}
	return s + "methods, risk_points, measures, contingency, assessor, assessor_unit, assessor_body, third_party, controllable, assessed_on" +
		moreColumns(risk)
}

// risk is the form of the risk assessment report.
const risk = string(workflow.RecRisk)

func loadRisk(ctx context.Context, q querier, decisionID int64) (*workflow.RiskReport, error) {
	list, err := collect(ctx, q, func(r rowScanner) (workflow.RiskReport, error) {
		var x workflow.RiskReport
		levels := make([]workflow.Level, len(workflow.Dimensions))
		analyses := make([]string, len(workflow.Dimensions))
		dest := []any{&x.ID}
		for i := range workflow.Dimensions {
			dest = append(dest, &levels[i], &analyses[i])
		}
		var assessed int64
		dest = append(dest, &x.Methods, &x.RiskPoints, &x.Measures, &x.Contingency, &x.Assessor, &x.AssessorUnit,
			&x.AssessorBody, &x.ThirdParty, &x.Controllable, &assessed)
		more, fill := moreScan(risk, &x.More)
		dest = append(dest, more...)
		if err := r.Scan(dest...); err != nil {
			return x, err
		}
		fill()
		x.AssessedOn = fromMS(assessed)
		// A dimension appears in the map once it has a level or an analysis.
		x.Dimensions = map[workflow.Dimension]workflow.DimensionAssessment{}
		for i, dim := range workflow.Dimensions {
			if levels[i] != workflow.LevelNone || analyses[i] != "" {
				x.Dimensions[dim] = workflow.DimensionAssessment{Level: levels[i], Analysis: analyses[i]}
			}
		}
		return x, nil
	}, "SELECT id, "+riskColumns()+" FROM risk_assessments WHERE decision_id = ?", decisionID)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[0], nil
}

func riskFields(r *workflow.RiskReport) []field {
	if r == nil {
		return nil
	}
	var out []field
	for _, dim := range workflow.Dimensions {
		da := r.Dimensions[dim]
		level := ""
		if da.Level != workflow.LevelNone {
			level = da.Level.Label()
		}
		out = append(out, field{dim.Label() + "风险等级", level}, field{dim.Label() + "风险分析", da.Analysis})
	}
	return append(append(out,
		field{workflow.LabelOf(string(workflow.RecRisk), "methods"), r.Methods},
		field{workflow.LabelOf(string(workflow.RecRisk), "risk_points"), r.RiskPoints},
		field{workflow.LabelOf(string(workflow.RecRisk), "measures"), r.Measures},
		field{workflow.LabelOf(string(workflow.RecRisk), "contingency"), r.Contingency},
		field{workflow.LabelOf(string(workflow.RecRisk), "assessor"), r.Assessor},
		field{workflow.LabelOf(string(workflow.RecRisk), "assessor_unit"), r.AssessorUnit},
		field{workflow.LabelOf(string(workflow.RecRisk), "third_party"), showBool(r.ThirdParty)},
		field{workflow.LabelOf(string(workflow.RecRisk), "controllable"), showBool(r.Controllable)},
		field{workflow.LabelOf(string(workflow.RecRisk), "assessed_on"), showDate(r.AssessedOn)},
	), moreFields(risk, r.More)...)
}

// SaveRisk records the risk assessment (风险评估, 条例第22—24条), or replaces the fields of the
// one the decision has. Dimensions missing from the map are stored as not assessed.
func (tx *Tx) SaveRisk(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, r workflow.RiskReport) error {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		for dim := range r.Dimensions {
			if !knownDimension(dim) {
				return Event{}, fmt.Errorf("store: save risk of decision %d: unknown dimension %q", d.ID, dim)
			}
		}
		old, err := loadRisk(ctx, tx.tx, d.ID)
		if err != nil {
			return Event{}, fmt.Errorf("store: risk of decision %d: %w", d.ID, err)
		}
		var args []any
		for _, dim := range workflow.Dimensions {
			args = append(args, string(r.Dimensions[dim].Level), r.Dimensions[dim].Analysis)
		}
		args = append(args, r.Methods, r.RiskPoints, r.Measures, r.Contingency, r.Assessor, r.AssessorUnit,
			r.AssessorBody, b2i(r.ThirdParty), b2i(r.Controllable), ms(r.AssessedOn))
		args = append(args, moreArgs(risk, r.More)...)
		summary := "记录风险评估报告"
		var before []field
		if old == nil {
			res, err := tx.tx.ExecContext(ctx, "INSERT INTO risk_assessments ("+riskColumns()+", decision_id, created_at) VALUES ("+
				placeholders(len(args)+2)+")", append(args, d.ID, ms(at))...)
			if err != nil {
				return Event{}, fmt.Errorf("store: save risk of decision %d: %w", d.ID, err)
			}
			if r.ID, err = res.LastInsertId(); err != nil {
				return Event{}, fmt.Errorf("store: save risk of decision %d: %w", d.ID, err)
			}
		} else {
			before, summary, r.ID = riskFields(old), "修改风险评估报告", old.ID
			_, err := tx.tx.ExecContext(ctx, "UPDATE risk_assessments SET ("+riskColumns()+") = ("+placeholders(len(args))+
				") WHERE decision_id = ?", append(args, d.ID)...)
			if err != nil {
				return Event{}, fmt.Errorf("store: save risk of decision %d: %w", d.ID, err)
			}
		}
		return Event{Action: "save_risk", Summary: summary, Changes: diffFields(before, riskFields(&r))}, nil
	})
	if err != nil {
		return err
	}
	// Keep the in-memory record as a reload would show it.
	dims := map[workflow.Dimension]workflow.DimensionAssessment{}
	for dim, da := range r.Dimensions {
		if da.Level != workflow.LevelNone || da.Analysis != "" {
			dims[dim] = da
		}
	}
	r.Dimensions = dims
	d.Risk = &r
	return nil
}

func knownDimension(dim workflow.Dimension) bool {
	for _, x := range workflow.Dimensions {
		if x == dim {
			return true
		}
	}
	return false
}
