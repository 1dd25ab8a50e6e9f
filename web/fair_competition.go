package web

import (
	"github.com/labstack/echo/v4"

	"juece/workflow"
)

// fairCompetitionSave records the fair-competition review (公平竞争审查) of a matter that
// concerns market activity: one of the materials of the agenda package (条例第29条).
func (s *Server) fairCompetitionSave(c echo.Context) error {
	r := readForm(c, "fair_competition")
	fc := workflow.FairCompetitionReview{
		ReviewedOn: r.day("reviewed_on"),
		Reviewer:   r.value("reviewer"),
		Conclusion: workflow.FairCompetitionConclusion(r.value("conclusion")),
		Summary:    r.value("summary"),
		More:       r.more(),
	}
	return s.apply(c, &workflow.SaveFairCompetition{Entry: r.entry(), Review: fc}, r.f, nil)
}
