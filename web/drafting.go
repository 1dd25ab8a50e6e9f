package web

import (
	"github.com/labstack/echo/v4"

	"juece/workflow"
)

func (s *Server) flagsSave(c echo.Context) error {
	r := readForm(c, "flags")
	f := workflow.Flags{
		AffectsInterests:   r.check("affects_interests"),
		NotDisclosed:       r.check("not_disclosed"),
		NotDisclosedReason: r.value("not_disclosed_reason"),
		Technical:          r.check("technical"),
		StabilityRisk:      r.check("stability_risk"),
		HearingRequired:    r.check("hearing_required"),
		HearingChosen:      r.check("hearing_chosen"),
		MarketActivity:     r.check("market_activity"),
	}
	if f.NotDisclosed && f.NotDisclosedReason == "" {
		r.f.Errors["not_disclosed_reason"] = "勾选“依法不得公开”时，请写明法定理由（条例第14条）"
	}
	return s.apply(c, &workflow.SaveFlags{Flags: f, Reason: r.value("change_reason"),
		LegalAgreement: r.value("legal_agreement")}, r.f, nil)
}

func (s *Server) revisionAdd(c echo.Context) error {
	r := readForm(c, "revision")
	rev := workflow.Revision{
		Body:    r.value("body"),
		Options: r.value("options"),
		Note:    r.value("note"),
		More:    r.more(),
	}
	return s.apply(c, &workflow.AddRevision{Revision: rev}, r.f, nil)
}

func (s *Server) disputeAdd(c echo.Context) error {
	r := readForm(c, "dispute")
	x := workflow.Dispute{
		Department: r.value("department"),
		OurView:    r.value("our_view"),
		TheirView:  r.value("their_view"),
		Reasons:    r.value("reasons"),
		LegalBasis: r.value("legal_basis"),
		Resolution: r.value("resolution"),
		More:       r.more(),
	}
	return s.apply(c, &workflow.AddDispute{Dispute: x}, r.f, nil)
}

// draftChangeNote records why the draft, changed since the public saw it, needs no new
// consultation (the alternative is a new notice).
func (s *Server) draftChangeNote(c echo.Context) error {
	r := readForm(c, string(workflow.RecDraftChange))
	return s.apply(c, &workflow.NoteDraftChange{Reason: r.value("reason")}, r.f, nil)
}
