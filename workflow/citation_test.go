package workflow

import (
	"strings"
	"testing"
	"time"
)

// TestUsedAfterAnnulment: a record citing a normative document's number on or after the day
// the document was repealed, declared expired or proposed for annulment in filing review, or
// before it was published, is flagged with its basis; a use before the end, or of a valid
// document, or of a number not cited, is not.
func TestUsedAfterAnnulment(t *testing.T) {
	const num = "澜政规〔2025〕33号"
	published := date(2025, 6, 1)
	cases := []struct {
		name   string
		cite   string    // the submission's legal basis
		on     time.Time // the submission's day
		doc    CitedDoc
		kind   string // "" when not flagged
		substr string
	}{
		{"valid document", "《停车管理办法》（" + num + "）", date(2026, 4, 1), CitedDoc{Status: Valid}, "", ""},
		{"repealed the day after", num, date(2026, 4, 1), CitedDoc{Status: Repealed, StatusAt: date(2026, 4, 2)}, "", ""},
		{"repealed that day", num, date(2026, 4, 1), CitedDoc{Status: Repealed, StatusAt: time.Date(2026, 4, 1, 16, 0, 0, 0, Shanghai)}, "used_after_annulment", "2026年4月1日已废止"},
		{"expired before", num, date(2026, 4, 1), CitedDoc{Status: Expired, StatusAt: date(2026, 1, 5)}, "used_after_annulment", "已失效"},
		{"annulment proposed before", num, date(2026, 4, 1), CitedDoc{Status: Valid, AnnulledAt: date(2026, 3, 1)}, "used_after_annulment", "经备案审查建议撤销"},
		{"annulment proposed after", num, date(2026, 4, 1), CitedDoc{Status: Valid, AnnulledAt: date(2026, 5, 1)}, "", ""},
		{"amended is still a basis", num, date(2026, 4, 1), CitedDoc{Status: Amended, StatusAt: date(2026, 1, 5)}, "", ""},
		{"another number", "澜政规〔2025〕3号", date(2026, 4, 1), CitedDoc{Status: Repealed, StatusAt: date(2026, 1, 5)}, "", ""},
		{"cited before publication", num, date(2025, 5, 20), CitedDoc{Status: Valid}, "used_before_publication", "2025年6月1日才公布"},
	}
	for _, c := range cases {
		d := complete(LegalityReview)
		d.Submissions[0].LegalBasis, d.Submissions[0].SubmittedOn = c.cite, c.on
		doc := c.doc
		doc.DecisionID, doc.Number, doc.PublishedOn = 77, num, published
		var got []Anomaly
		for _, a := range UseAnomalies(d, []CitedDoc{doc}) {
			if a.Basis == UseBasis {
				got = append(got, a)
			}
		}
		if c.kind == "" {
			if len(got) > 0 {
				t.Errorf("%s: flagged %+v", c.name, got)
			}
			continue
		}
		if len(got) != 1 || got[0].Kind != c.kind || !strings.Contains(got[0].Text, c.substr) || !strings.Contains(got[0].Text, "送审材料的依据") {
			t.Errorf("%s: got %+v, want %s containing %q", c.name, got, c.kind, c.substr)
		}
	}
}

// TestUsedAfterAnnulmentInPublication: a normative document's own published text citing a
// repealed one is flagged; the document never flags its own number.
func TestUsedAfterAnnulmentInPublication(t *testing.T) {
	d := completeNorm(Published)
	d.Normative.Doc = &NormativeDoc{Number: "澜政规〔2026〕2号", PublishedOn: date(2026, 5, 1), Status: Valid,
		Text: "本办法自公布之日起施行，依据澜政规〔2025〕33号制定。"}
	cited := []CitedDoc{
		{DecisionID: 77, Number: "澜政规〔2025〕33号", Status: Repealed, StatusAt: date(2026, 3, 1), PublishedOn: date(2025, 6, 1)},
		{DecisionID: d.ID, Number: "澜政规〔2026〕2号", Status: Repealed, StatusAt: date(2026, 3, 1)},
	}
	n := 0
	for _, a := range UseAnomalies(d, cited) {
		if a.Kind == "used_after_annulment" {
			n++
			if !strings.Contains(a.Text, "公布的文件正文（2026年5月1日）援引澜政规〔2025〕33号") {
				t.Errorf("text %q", a.Text)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d anomalies, want 1", n)
	}
}
