package web

import (
	"github.com/labstack/echo/v4"

	"juece/workflow"
)

// riskSave records the risk assessment report, or updates it. Whether every dimension is
// assessed, the methods named and the risk controllable is for the gates to say.
func (s *Server) riskSave(c echo.Context) error {
	r := readForm(c, "risk")
	rep := workflow.RiskReport{Dimensions: map[workflow.Dimension]workflow.DimensionAssessment{}}
	for _, dim := range workflow.Dimensions {
		rep.Dimensions[dim] = workflow.DimensionAssessment{
			Level:    workflow.Level(r.choice(string(dim)+"_level", dim.Label()+"风险等级", false, strs(workflow.Levels))),
			Analysis: r.text(string(dim)+"_analysis", dim.Label()+"风险分析", false),
		}
	}
	rep.Methods = r.text("methods", "评估方法", false)
	rep.RiskPoints = r.text("risk_points", "风险点", false)
	rep.Measures = r.text("measures", "防范措施", false)
	rep.Contingency = r.text("contingency", "化解处置预案", false)
	rep.Assessor = r.short("assessor", "评估人", false, 200)
	rep.AssessorUnit = r.short("assessor_unit", "评估单位", false, 200)
	rep.ThirdParty = r.check("third_party")
	rep.Controllable = r.check("controllable")
	rep.AssessedOn = r.date("assessed_on", "评估日期", true)
	return s.apply(c, &workflow.SaveRisk{Report: rep}, r.f, nil)
}
