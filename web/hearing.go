package web

import (
	"github.com/labstack/echo/v4"

	"juece/workflow"
)

// hearingSave records the hearing, or updates it: the notice and the selection are recorded
// before the hearing, the signed record and the handling of opinions after it, so only the
// date and place are asked for here; the gates say what is still missing.
func (s *Server) hearingSave(c echo.Context) error {
	r := readForm(c, "hearing")
	h := workflow.HearingRecord{
		NoticePublishedOn:    r.day("notice_published_on"),
		NoticeChannel:        r.value("notice_channel"),
		HeldOn:               r.day("held_on"),
		Place:                r.value("place"),
		SelectionMethod:      r.value("selection_method"),
		SelectionPublishedOn: r.day("selection_published_on"),
		ListPublishedOn:      r.day("list_published_on"),
		MaterialsDeliveredOn: r.day("materials_delivered_on"),
		RecordSigned:         r.check("record_signed"),
		RecordSummary:        r.value("record_summary"),
		OpinionsHandling:     r.value("opinions_handling"),
		More:                 r.more(),
	}
	return s.apply(c, &workflow.SaveHearing{Entry: r.entry(), Hearing: h}, r.f, nil)
}

func (s *Server) participantAdd(c echo.Context) error {
	r := readForm(c, "participant")
	x := workflow.HearingParticipant{
		Name:         r.value("name"),
		Category:     r.value("category"),
		Organisation: r.value("organisation"),
		More:         r.more(),
	}
	return s.apply(c, &workflow.AddParticipant{Participant: x}, r.f, nil)
}
