package workflow

import (
	"testing"
	"time"
)

func kinds(as []Anomaly) map[string]bool {
	m := map[string]bool{}
	for _, a := range as {
		m[a.Kind] = true
	}
	return m
}

func TestAnomalies(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.ParseInLocation("2006-01-02", s, Shanghai)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	clean := func() *Decision {
		return &Decision{
			State:       Published,
			StateSince:  day("2026-03-20"),
			Revisions:   []Revision{{ID: 1, No: 1, CreatedAt: day("2026-01-05")}},
			Submissions: []ReviewSubmission{{ID: 1, RevisionID: 1, SubmittedOn: day("2026-03-02")}},
			Reviews:     []Review{{RevisionID: 1, SubmissionID: 1, Conclusion: ConclusionLegal, SignedAt: day("2026-03-06")}},
			Meetings: []Meeting{{Number: "第3次常务会议", HeldOn: day("2026-03-16"), LegalHeadAttended: true, Head: HeadApprove,
				Opinions: []MeetingOpinion{{Stance: StanceFor}, {Stance: StanceFor, IsHead: true}}}},
		}
	}
	env := Env{Now: day("2026-04-01"), Settings: DefaultSettings}
	if got := Anomalies(clean(), env); len(got) != 0 {
		t.Fatalf("a clean record is flagged: %+v", got)
	}
	cases := []struct {
		kind  string
		spoil func(d *Decision)
	}{
		{"meeting_too_soon", func(d *Decision) { d.Meetings[0].HeldOn = day("2026-03-10") }}, // 6 working days
		{"no_legal_head", func(d *Decision) { d.Meetings[0].LegalHeadAttended = false }},
		{"against_majority", func(d *Decision) {
			d.Meetings[0].Opinions = []MeetingOpinion{{Stance: StanceAgainst}, {Stance: StanceAgainst}, {Stance: StanceFor, IsHead: true}}
		}},
		{"superseded_review", func(d *Decision) {
			d.Revisions = append(d.Revisions, Revision{ID: 2, No: 2, CreatedAt: day("2026-03-04")})
		}},
		{"short_comment_period", func(d *Decision) {
			d.Notice = &CommentNotice{StartsOn: day("2026-01-10"), EndsOn: day("2026-01-24"), ShortReason: "情况紧急"}
		}},
		{"hearing_skipped", func(d *Decision) { d.HearingSkip = "不涉及" }},
		{"risk_skipped", func(d *Decision) { d.RiskSkip = "不涉及" }},
		{"overdue", func(d *Decision) { d.StateSince = day("2025-12-01") }},
	}
	for _, c := range cases {
		d := clean()
		c.spoil(d)
		got := kinds(Anomalies(d, env))
		if !got[c.kind] || len(got) != 1 {
			t.Errorf("%s: flagged %v", c.kind, got)
		}
	}
	// A closed decision is never overdue.
	d := clean()
	d.State, d.StateSince = Closed, day("2020-01-01")
	if len(Anomalies(d, env)) != 0 {
		t.Error("a closed decision is flagged overdue")
	}
}
