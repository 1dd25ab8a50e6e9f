package views

import (
	"testing"

	"juece/workflow"
)

// TestFoldedSkippedStage: a stage passed by without being held folds into 不适用 with its
// reason, and the stages are drawn from the current one.
func TestFoldedSkippedStage(t *testing.T) {
	d := &workflow.Decision{State: workflow.LegalityReview, HearingSkip: "不涉及群众切身利益的重大分歧", Risk: &workflow.RiskReport{Controllable: true}}
	p := DecisionPage{D: d}
	if got := p.StageSummary(workflow.Hearing); got != "不适用："+d.HearingSkip {
		t.Errorf("hearing: %q", got)
	}
	if got := p.StageSummary(workflow.RiskAssessment); got == "" || got[:len("综合风险等级")] != "综合风险等级" {
		t.Errorf("risk assessment: %q", got)
	}
	if st := p.Stages(); st[0] != workflow.LegalityReview || !p.Folded(workflow.Hearing) || p.Folded(workflow.LegalityReview) {
		t.Errorf("stages %v", st)
	}
	p.Failed = "risk"
	if !p.Unfolded(workflow.RiskAssessment) || p.Unfolded(workflow.Hearing) {
		t.Error("a refused risk form does not open its stage")
	}
}
