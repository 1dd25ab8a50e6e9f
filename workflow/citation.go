package workflow

import (
	"fmt"
	"strings"
	"time"
)

// An unpublished or annulled normative document may not be used as a basis of administration
// (规划三(三)3: 未经公布的规范性文件不得作为行政管理依据; an unlawful one is annulled after filing
// review). A decision uses a document when one of its records cites the document's number (文号)
// in its legal basis or its text; the record's own date is when it was used.

// UseBasis is the provision the "used after annulment" anomaly rests on.
const UseBasis = "规划三(三)3"

// CitedDoc is a normative document whose number one of the decision's records cites. The store
// finds them (store.(*DB).CitedDocs) for the auditors' pages.
type CitedDoc struct {
	DecisionID  int64
	Number      string
	Title       string
	PublishedOn time.Time
	Status      Validity
	StatusAt    time.Time // when the status became what it is; zero when never changed
	AnnulledAt  time.Time // the filing review's 建议撤销; zero when none
}

// EndedOn is the day from which the document may no longer be used as a basis, with why: its
// repeal or expiry, or the filing review's proposal to annul it; ok is false while it may be.
func (c CitedDoc) EndedOn() (on time.Time, why string, ok bool) {
	if (c.Status == Repealed || c.Status == Expired) && !c.StatusAt.IsZero() {
		on, why, ok = Day(c.StatusAt), c.Status.Label(), true
	}
	if !c.AnnulledAt.IsZero() && (!ok || Day(c.AnnulledAt).Before(on)) {
		on, why, ok = Day(c.AnnulledAt), "经备案审查建议撤销", true
	}
	return on, why, ok
}

// Use is one record's citing text with the day it was made.
type Use struct {
	What string // the record, as the anomaly names it
	Text string
	On   time.Time
}

// Uses lists the records of d that may cite a normative document as their basis: the
// proposal's legal basis, each submission's legal basis, the publication's text, and a
// normative document's own published text.
func (d *Decision) Uses() []Use {
	out := []Use{{"决策建议的依据", d.Proposal.LegalBasis, d.CreatedAt}}
	for _, s := range d.Submissions {
		out = append(out, Use{"送审材料的依据", s.LegalBasis, s.SubmittedOn})
	}
	if d.Normative != nil && d.Normative.Doc != nil { // its publication row repeats the text
		doc := d.Normative.Doc
		out = append(out, Use{"公布的文件正文", doc.Text, doc.PublishedOn})
	} else if p := d.Publication; p != nil {
		out = append(out, Use{"公布的决策文本", p.Text, p.PublishedOn})
	}
	return out
}

// UseAnomalies flags every use by d of a cited document on or after the day it ended, or
// before the day it was published. cited are the documents d's records cite (the store finds
// them outside d's snapshot, since another document's status moves the answer); the auditors'
// pages add these to Anomalies.
func UseAnomalies(d *Decision, cited []CitedDoc) []Anomaly {
	var out []Anomaly
	for _, c := range cited {
		if c.Number == "" || c.DecisionID == d.ID {
			continue
		}
		ended, why, gone := c.EndedOn()
		for _, u := range d.Uses() {
			if u.On.IsZero() || !strings.Contains(u.Text, c.Number) {
				continue
			}
			switch on := Day(u.On); {
			case gone && !on.Before(ended):
				out = append(out, Anomaly{Kind: "used_after_annulment", Basis: UseBasis,
					Text: fmt.Sprintf("%s（%s）援引%s，该文件已于%s%s，不得作为行政管理依据", u.What, dateCN(u.On), c.Number, dateCN(ended), why)})
			case !c.PublishedOn.IsZero() && on.Before(Day(c.PublishedOn)):
				out = append(out, Anomaly{Kind: "used_before_publication", Basis: UseBasis,
					Text: fmt.Sprintf("%s（%s）援引%s，该文件%s才公布，未经公布的规范性文件不得作为行政管理依据", u.What, dateCN(u.On), c.Number, dateCN(c.PublishedOn))})
			}
		}
	}
	return out
}
