package web

import (
	"time"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/workflow"
)

func (s *Server) reportAdd(c echo.Context) error {
	r := readForm(c, "report")
	rep := workflow.ImplementationReport{
		Kind:          workflow.ReportKind(r.choice("kind", "类别", true, strs(workflow.ReportKinds))),
		ExecutingUnit: r.short("executing_unit", "执行单位", true, 200),
		Body:          r.text("body", "内容", true),
		ReportedOn:    r.date("reported_on", "日期", true),
		Public:        r.check("public"),
	}
	if rep.Public && rep.Kind == workflow.ReportOpinion {
		r.f.Errors["public"] = "公众来信来电来邮的意见不在平台公开"
	}
	return s.record(c, workflow.RecReport, r.f, func(tx *store.Tx, a workflow.Actor, at time.Time, d *workflow.Decision) error {
		_, err := tx.AddReport(c.Request().Context(), a, at, d, rep)
		return err
	})
}

// evaluationSave records the post-evaluation report, or updates it. The unit that evaluates is
// asked for so that the gates can check it did not do the main pre-decision assessment
// (条例第36条); what else the report must state is for the gates to say.
func (s *Server) evaluationSave(c echo.Context) error {
	r := readForm(c, "evaluation")
	e := workflow.Evaluation{
		Trigger:       r.text("trigger", "评估原因", true),
		Evaluators:    r.text("evaluators", "评估主体", false),
		EvaluatorUnit: r.short("evaluator_unit", "承担评估的单位", true, 200),
		ThirdParty:    r.check("third_party"),
		Opinions:      r.text("opinions", "所听取的意见", false),
		Conclusion:    workflow.EvalConclusion(r.choice("conclusion", "评估结论", false, strs(workflow.EvalConclusions))),
		Reasons:       r.text("reasons", "结论理由", false),
		EvaluatedOn:   r.date("evaluated_on", "评估日期", false),
	}
	return s.record(c, workflow.RecEvaluation, r.f, func(tx *store.Tx, a workflow.Actor, at time.Time, d *workflow.Decision) error {
		return tx.SaveEvaluation(c.Request().Context(), a, at, d, e)
	})
}
