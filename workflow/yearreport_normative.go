package workflow

import "time"

// NormReportDoc is what the yearly report reads of one published normative document.
type NormReportDoc struct {
	PublishedOn time.Time
	FiledOn     time.Time // zero until filed
	Review      FilingConclusion
	Status      Validity
	Cleanup     CleanupOutcome // the latest clean-up's outcome, "" before the first
	CleanedAt   time.Time
}

// NormativeYear is the yearly report's section on normative documents (规划三(三)): those
// made (published) in the year with their filing (on time, late, missing, not yet due) and the
// filing review's conclusions, and the clean-ups recorded in the year by outcome.
type NormativeYear struct {
	Made                                  int
	FiledOnTime, FiledLate, Unfiled, Open int // Open: not filed, its filing period still running
	Passed, Correct, Annul                int
	Ended                                 int // made in the year, repealed or expired by now
	Cleaned                               map[CleanupOutcome]int
	// Objections (异议) and their outcomes join this section when their records exist: they
	// are counted where the documents' own records are, from the objections' table.
}

// CleanedTotal is the number of clean-ups recorded in the year.
func (n NormativeYear) CleanedTotal() int {
	total := 0
	for _, c := range n.Cleaned {
		total += c
	}
	return total
}

// CountNormativeYear counts docs for the year [from, cutoff). Filing is judged as
// NormativeDoc.FiledLate does: by the filing day, or, unfiled, by env.Now. A clean-up counts
// in the year it was recorded, whatever year the document was made; only a document's latest
// clean-up is on its row, the history keeps the others.
func CountNormativeYear(docs []NormReportDoc, from, cutoff time.Time, env Env) NormativeYear {
	n := NormativeYear{Cleaned: map[CleanupOutcome]int{}}
	in := func(t time.Time) bool { return !t.IsZero() && !t.Before(from) && t.Before(cutoff) }
	for _, r := range docs {
		if in(r.CleanedAt) && r.Cleanup != "" {
			n.Cleaned[r.Cleanup]++
		}
		if !in(r.PublishedOn) {
			continue
		}
		n.Made++
		doc := &NormativeDoc{PublishedOn: r.PublishedOn}
		if !r.FiledOn.IsZero() {
			doc.Filing = &Filing{FiledOn: r.FiledOn}
		}
		late := doc.FiledLate(env)
		switch {
		case doc.Filing == nil && late:
			n.Unfiled++
		case doc.Filing == nil:
			n.Open++
		case late:
			n.FiledLate++
		default:
			n.FiledOnTime++
		}
		switch r.Review {
		case FilingPassed:
			n.Passed++
		case FilingCorrect:
			n.Correct++
		case FilingAnnul:
			n.Annul++
		}
		if r.Status == Repealed || r.Status == Expired {
			n.Ended++
		}
	}
	return n
}
