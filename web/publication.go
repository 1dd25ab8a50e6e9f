package web

import (
	"github.com/labstack/echo/v4"

	"juece/workflow"
)

func (s *Server) partyReportSave(c echo.Context) error {
	r := readForm(c, "party_report")
	rep := workflow.PartyReport{
		ReportedOn: r.date("reported_on", "请示报告日期", true),
		Note:       r.text("note", "说明", false),
	}
	return s.apply(c, &workflow.SavePartyReport{Report: rep}, r.f, nil)
}

// publicationSave records how the decision was published, or the legal reason it is not;
// what a publication must state is for the gates to say.
func (s *Server) publicationSave(c echo.Context) error {
	r := readForm(c, "publication")
	pub := workflow.Publication{
		DocNumber:          r.short("doc_number", "文号", false, 100),
		PublishedOn:        r.date("published_on", "公布日期", false),
		Channels:           r.short("channels", "公布渠道", false, 500),
		Link:               link(r, "link", "链接"),
		Text:               r.text("text", "公布文本", false),
		Explanation:        r.text("explanation", "公众意见、专家意见采纳情况说明", false),
		NotPublishedReason: r.text("not_published_reason", "依法不予公布的理由", false),
	}
	if pub.DocNumber == "" && pub.PublishedOn.IsZero() && pub.Channels == "" && pub.Text == "" &&
		pub.NotPublishedReason == "" && r.f.Errors["published_on"] == "" {
		r.f.Top = append(r.f.Top, "请填写公布情况（文号、公布日期、公布渠道），或者写明依法不予公布的理由。")
	}
	return s.apply(c, &workflow.SavePublication{Publication: pub}, r.f, nil)
}
