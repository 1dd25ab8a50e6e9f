package web

import (
	"time"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/workflow"
)

// fairCompetitionSave records the fair-competition review (公平竞争审查) of a matter that
// concerns market activity: one of the materials of the agenda package (条例第29条).
func (s *Server) fairCompetitionSave(c echo.Context) error {
	r := readForm(c, "fair_competition")
	fc := workflow.FairCompetitionReview{
		ReviewedOn: r.date("reviewed_on", "审查日期", true),
		Reviewer:   r.short("reviewer", "审查机构", true, 200),
		Conclusion: workflow.FairCompetitionConclusion(r.choice("conclusion", "审查结论", true, strs(workflow.FairCompetitionConclusions))),
		Summary:    r.text("summary", "审查意见", true),
	}
	if !fc.ReviewedOn.IsZero() && fc.ReviewedOn.After(s.today()) {
		r.f.Errors["reviewed_on"] = "审查日期不能晚于今日"
	}
	return s.record(c, workflow.RecFairComp, r.f, func(tx *store.Tx, a workflow.Actor, at time.Time, d *workflow.Decision) error {
		return tx.SaveFairCompetition(c.Request().Context(), a, at, d, fc)
	})
}
