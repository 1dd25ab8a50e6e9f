package workflow

import (
	"testing"
	"time"
)

// TestCountNormativeYear: documents made in the year are counted with their filing (the 15th
// day itself on time, the 16th late, unfiled past or within the period) and review; clean-ups
// count in the year they were recorded, whatever year the document was made.
func TestCountNormativeYear(t *testing.T) {
	from, cutoff := date(2026, 1, 1), date(2027, 1, 1)
	env := testEnv() // now 2026-06-30
	docs := []NormReportDoc{
		// published Mon 2026-03-02, due Tue 03-17
		{PublishedOn: date(2026, 3, 2), FiledOn: date(2026, 3, 17), Review: FilingPassed, Status: Valid},
		{PublishedOn: date(2026, 3, 2), FiledOn: date(2026, 3, 18), Review: FilingAnnul, Status: Repealed},
		{PublishedOn: date(2026, 3, 2), Status: Valid},
		{PublishedOn: date(2026, 6, 29), Status: Valid}, // its period still runs
		{PublishedOn: date(2026, 5, 4), FiledOn: date(2026, 5, 6), Review: FilingCorrect, Status: Expired,
			Cleanup: ToExpire, CleanedAt: date(2026, 6, 1)},
		// made in an earlier year: only its clean-up counts
		{PublishedOn: date(2024, 3, 1), FiledOn: date(2024, 3, 5), Status: Valid, Cleanup: KeepValid, CleanedAt: time.Date(2026, 2, 3, 15, 0, 0, 0, Shanghai)},
		{PublishedOn: date(2024, 3, 1), FiledOn: date(2024, 3, 5), Status: Amended, Cleanup: ToAmend, CleanedAt: date(2025, 12, 31)},
		{PublishedOn: date(2027, 1, 1)}, // the next year
	}
	n := CountNormativeYear(docs, from, cutoff, env)
	want := NormativeYear{Made: 5, FiledOnTime: 2, FiledLate: 1, Unfiled: 1, Open: 1, Passed: 1, Correct: 1, Annul: 1, Ended: 2}
	if n.Made != want.Made || n.FiledOnTime != want.FiledOnTime || n.FiledLate != want.FiledLate || n.Unfiled != want.Unfiled ||
		n.Open != want.Open || n.Passed != want.Passed || n.Correct != want.Correct || n.Annul != want.Annul || n.Ended != want.Ended {
		t.Errorf("got %+v, want %+v", n, want)
	}
	if n.CleanedTotal() != 2 || n.Cleaned[KeepValid] != 1 || n.Cleaned[ToExpire] != 1 || n.Cleaned[ToAmend] != 0 {
		t.Errorf("clean-ups %v", n.Cleaned)
	}
}
