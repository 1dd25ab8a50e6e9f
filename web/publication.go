package web

import (
	"github.com/labstack/echo/v4"

	"juece/views"
	"juece/workflow"
)

func (s *Server) partyReportSave(c echo.Context) error {
	r := readForm(c, "party_report")
	rep := workflow.PartyReport{
		ReportedOn: r.day("reported_on"),
		Note:       r.value("note"),
		More:       r.more(),
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
		More:               r.more(),
	}
	if pub.DocNumber == "" && pub.PublishedOn.IsZero() && pub.Channels == "" && pub.Text == "" &&
		pub.NotPublishedReason == "" && r.f.Errors["published_on"] == "" {
		r.f.Top = append(r.f.Top, "请填写公布情况（文号、公布日期、公布渠道），或者写明依法不予公布的理由。")
	}
	cmd := &workflow.SavePublication{Entry: r.entry(), Publication: pub}
	if pub.NotPublishedReason == "" && !pub.PublishedOn.IsZero() {
		label := func(name string) string { return workflow.LabelOf(string(workflow.RecPublication), name) }
		typed := []views.Typed{{Label: label("doc_number"), Value: pub.DocNumber}, {Label: label("published_on"), Value: views.Date(pub.PublishedOn)},
			{Label: label("channels"), Value: pub.Channels}, {Label: label("link"), Value: pub.Link}}
		if done, err := s.confirmFirst(c, cmd, r.f, publicationConfirmation(), typed); done {
			return err
		}
	}
	return s.apply(c, cmd, r.f, nil)
}
