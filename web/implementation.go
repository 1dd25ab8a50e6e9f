package web

import (
	"github.com/labstack/echo/v4"

	"juece/workflow"
)

func (s *Server) reportAdd(c echo.Context) error {
	r := readForm(c, "report")
	rep := workflow.ImplementationReport{
		Kind:          workflow.ReportKind(r.value("kind")),
		ExecutingUnit: r.value("executing_unit"),
		Body:          r.value("body"),
		ReportedOn:    r.day("reported_on"),
		Public:        r.check("public"),
		More:          r.more(),
	}
	return s.apply(c, &workflow.AddReport{Entry: r.entry(), Report: rep}, r.f, nil)
}

// evaluationSave records the post-evaluation report, or updates it. The unit that evaluates is
// asked for so that the gates can check it did not do the main pre-decision assessment
// (条例第36条); what else the report must state is for the gates to say.
func (s *Server) evaluationSave(c echo.Context) error {
	r := readForm(c, "evaluation")
	bodies, err := s.db.Bodies(c.Request().Context())
	if err != nil {
		return err
	}
	e := workflow.Evaluation{
		Trigger:     r.value("trigger"),
		Evaluators:  r.value("evaluators"),
		ThirdParty:  r.check("third_party"),
		Opinions:    r.value("opinions"),
		Conclusion:  workflow.EvalConclusion(r.value("conclusion")),
		Reasons:     r.value("reasons"),
		EvaluatedOn: r.day("evaluated_on"),
		More:        r.more(),
	}
	e.EvaluatorBody, e.EvaluatorUnit = r.body("evaluator_unit", bodies)
	return s.apply(c, &workflow.SaveEvaluation{Entry: r.entry(), Evaluation: e}, r.f, nil)
}
