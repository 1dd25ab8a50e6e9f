package web

import (
	"github.com/labstack/echo/v4"

	"juece/workflow"
)

func (s *Server) reportAdd(c echo.Context) error {
	r := readForm(c, "report")
	rep := workflow.ImplementationReport{
		Kind:          workflow.ReportKind(r.choice("kind", "类别", true, strs(workflow.ReportKinds))),
		ExecutingUnit: r.short("executing_unit", "执行单位", true, 200),
		Body:          r.text("body", "内容", true),
		ReportedOn:    r.date("reported_on", "日期", true),
	}
	return s.apply(c, &workflow.AddReport{Report: rep}, r.f, nil)
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
	return s.apply(c, &workflow.SaveEvaluation{Evaluation: e}, r.f, nil)
}
