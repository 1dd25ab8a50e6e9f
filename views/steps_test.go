package views

import (
	"testing"

	"juece/workflow"
)

// TestStepsSkipped: a stage passed by without being held shows as 不适用 with its reason, a
// stage held as done, whatever order they came in.
func TestStepsSkipped(t *testing.T) {
	d := &workflow.Decision{State: workflow.LegalityReview, HearingSkip: "不涉及群众切身利益的重大分歧", Risk: &workflow.RiskReport{}}
	got := map[workflow.State]Step{}
	for i, s := range (DecisionPage{D: d}).Steps() {
		got[workflow.MainLine[i]] = s
	}
	if s := got[workflow.Hearing]; s.Status != "skipped" || s.Reason != d.HearingSkip {
		t.Errorf("hearing: %+v", s)
	}
	if s := got[workflow.RiskAssessment]; s.Status != "done" || s.Reason != "" {
		t.Errorf("risk assessment: %+v", s)
	}
	if s := got[workflow.LegalityReview]; s.Status != "current" {
		t.Errorf("legality review: %+v", s)
	}
	d.RiskSkip, d.Risk = "不涉及社会稳定风险", nil
	if s := (DecisionPage{D: d}).Steps()[stageIndex(workflow.RiskAssessment)]; s.Status != "skipped" || s.Reason != d.RiskSkip {
		t.Errorf("risk assessment skipped: %+v", s)
	}
}
