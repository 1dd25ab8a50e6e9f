package web

import (
	"github.com/labstack/echo/v4"

	"juece/views"
	"juece/workflow"
)

// hearingSave records the hearing, or updates it: the notice and the selection are recorded
// before the hearing, the signed record and the handling of opinions after it, so only the
// date and place are asked for here; the gates say what is still missing.
func (s *Server) hearingSave(c echo.Context) error {
	r := readForm(c, "hearing")
	h := workflow.HearingRecord{
		NoticePublishedOn:    r.date("notice_published_on", "听证公告发布日期", false),
		NoticeChannel:        r.short("notice_channel", "听证公告发布渠道", false, 200),
		HeldOn:               r.date("held_on", "听证日期", true),
		Place:                r.short("place", "听证地点", true, 200),
		SelectionMethod:      r.text("selection_method", "听证参加人遴选办法", false),
		SelectionPublishedOn: r.date("selection_published_on", "遴选办法公布日期", false),
		ListPublishedOn:      r.date("list_published_on", "参加人名单公布日期", false),
		MaterialsDeliveredOn: r.date("materials_delivered_on", "听证材料送达参加人日期", false),
		RecordSigned:         r.check("record_signed"),
		RecordSummary:        r.text("record_summary", "听证笔录摘要", false),
		OpinionsHandling:     r.text("opinions_handling", "听证意见的归纳整理和采纳情况", false),
	}
	return s.apply(c, &workflow.SaveHearing{Hearing: h}, r.f, nil)
}

func (s *Server) participantAdd(c echo.Context) error {
	r := readForm(c, "participant")
	cats := make([]string, len(views.ParticipantCategories))
	for i, o := range views.ParticipantCategories {
		cats[i] = o.Value
	}
	x := workflow.HearingParticipant{
		Name:         r.short("name", "姓名", true, 100),
		Category:     r.choice("category", "类别", true, cats),
		Organisation: r.short("organisation", "工作单位或身份", false, 200),
	}
	return s.apply(c, &workflow.AddParticipant{Participant: x}, r.f, nil)
}
