package web

import (
	"time"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/workflow"
)

func (s *Server) flagsSave(c echo.Context) error {
	r := readForm(c, "flags")
	f := workflow.Flags{
		AffectsInterests:   r.check("affects_interests"),
		NotDisclosed:       r.check("not_disclosed"),
		NotDisclosedReason: r.text("not_disclosed_reason", "不得公开的法定理由", false),
		Technical:          r.check("technical"),
		StabilityRisk:      r.check("stability_risk"),
		HearingRequired:    r.check("hearing_required"),
		HearingChosen:      r.check("hearing_chosen"),
		MarketActivity:     r.check("market_activity"),
	}
	if f.NotDisclosed && f.NotDisclosedReason == "" {
		r.f.Errors["not_disclosed_reason"] = "勾选“依法不得公开”时，请写明法定理由（条例第14条）"
	}
	return s.record(c, workflow.RecFlags, r.f, func(tx *store.Tx, a workflow.Actor, at time.Time, d *workflow.Decision) error {
		return tx.UpdateFlags(c.Request().Context(), a, at, d, f)
	})
}

func (s *Server) revisionAdd(c echo.Context) error {
	r := readForm(c, "revision")
	rev := workflow.Revision{
		Body:    r.text("body", "草案正文", true),
		Options: r.text("options", "备选方案", false),
		Note:    r.short("note", "修改说明", false, 500),
	}
	return s.record(c, workflow.RecRevision, r.f, func(tx *store.Tx, a workflow.Actor, at time.Time, d *workflow.Decision) error {
		_, err := tx.AddRevision(c.Request().Context(), a, at, d, rev)
		return err
	})
}

func (s *Server) disputeAdd(c echo.Context) error {
	r := readForm(c, "dispute")
	x := workflow.Dispute{
		Department: r.short("department", "相关部门", true, 200),
		OurView:    r.text("our_view", "本单位意见", true),
		TheirView:  r.text("their_view", "对方意见", true),
		Reasons:    r.text("reasons", "各方理由", true),
		LegalBasis: r.text("legal_basis", "依据", false),
		Resolution: r.text("resolution", "协商结果或处理意见", false),
	}
	return s.record(c, workflow.RecDispute, r.f, func(tx *store.Tx, a workflow.Actor, at time.Time, d *workflow.Decision) error {
		_, err := tx.AddDispute(c.Request().Context(), a, at, d, x)
		return err
	})
}
