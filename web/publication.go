package web

import (
	"github.com/labstack/echo/v4"

	"juece/workflow"
)

func (s *Server) partyReportSave(c echo.Context) error {
	r := readForm(c, "party_report")
	rep := workflow.PartyReport{
		ReportedOn: r.day("reported_on"),
		Note:       r.value("note"),
	}
	return s.apply(c, &workflow.SavePartyReport{Entry: r.entry(), Report: rep}, r.f, nil)
}

// publicationSave records how the decision was published, or the legal reason it is not;
// what a publication must state is for the gates to say.
func (s *Server) publicationSave(c echo.Context) error {
	r := readForm(c, "publication")
	pub := workflow.Publication{
		DocNumber:          r.value("doc_number"),
		PublishedOn:        r.day("published_on"),
		Channels:           r.value("channels"),
		Link:               r.value("link"),
		Text:               r.value("text"),
		Explanation:        r.value("explanation"),
		NotPublishedReason: r.value("not_published_reason"),
	}
	if pub.DocNumber == "" && pub.PublishedOn.IsZero() && pub.Channels == "" && pub.Text == "" &&
		pub.NotPublishedReason == "" && r.f.Errors["published_on"] == "" {
		r.f.Top = append(r.f.Top, "请填写公布情况（文号、公布日期、公布渠道），或者写明依法不予公布的理由。")
	}
	return s.apply(c, &workflow.SavePublication{Entry: r.entry(), Publication: pub}, r.f, nil)
}
