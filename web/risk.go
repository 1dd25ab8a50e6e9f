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
			Level:    workflow.Level(r.value(string(dim) + "_level")),
			Analysis: r.value(string(dim) + "_analysis"),
		}
	}
	rep.Methods = r.value("methods")
	rep.RiskPoints = r.value("risk_points")
	rep.Measures = r.value("measures")
	rep.Contingency = r.value("contingency")
	rep.Assessor = r.value("assessor")
	bodies, err := s.db.Bodies(c.Request().Context())
	if err != nil {
		return err
	}
	rep.AssessorBody, rep.AssessorUnit = r.body("assessor_unit", bodies)
	rep.ThirdParty = r.check("third_party")
	rep.Controllable = r.check("controllable")
	rep.AssessedOn = r.day("assessed_on")
	rep.More = r.more()
	return s.apply(c, &workflow.SaveRisk{Entry: r.entry(), Report: rep}, r.f, nil)
}
