package workflow

import (
	"testing"
	"time"
)

// spans builds a history from start: a state, the days spent in it, the next state, and so on;
// the last stay is still running.
func spans(start time.Time, steps ...any) []Span {
	var out []Span
	at := start
	for i := 0; i < len(steps); i += 2 {
		st := steps[i].(State)
		if len(out) > 0 {
			out[len(out)-1].To = at
		}
		out = append(out, Span{State: st, From: at})
		if i+1 < len(steps) {
			at = at.Add(time.Duration(steps[i+1].(int)) * 24 * time.Hour)
		}
	}
	return out
}

func TestBuildYearReport(t *testing.T) {
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, Shanghai) // the 2026 report is complete
	facts := []ReportFacts{
		{ // 1: registered in 2025, decided in 2026, implementing at year end
			ID: 1, Unit: "市交通运输局", Category: CategoryPublicService,
			Spans: spans(date(2025, 11, 1), Proposed, 10, Drafting, 20, Consultation, 40, LegalityReview, 10,
				CollectiveDiscussion, 5, Published, 1, Implementation),
			CommentNotice: true, HearingHeld: true, ExpertOpinions: true, RiskLevel: LevelMedium,
			PublishedOn: date(2026, 1, 25), // implementation is due 12 months later, within 2027
		},
		{ // 2: new in 2026, went to review with the risk assessment skipped for reasons
			ID: 2, Unit: "市住房和城乡建设局", Category: CategoryInvestment,
			Spans:       spans(date(2026, 3, 1), Proposed, 4, Drafting, 30, Consultation, 30, RiskAssessment, 6, LegalityReview),
			RiskSkipped: true, CommentNotice: true,
		},
		{ // 3: new in 2026, still proposed after 100 days: overdue
			ID: 3, Unit: "市住房和城乡建设局", Category: CategoryPlanning,
			Spans: spans(date(2026, 9, 1), Proposed),
		},
		{ // 4: finished in 2025: not handled in 2026
			ID: 4, Unit: "市交通运输局", Category: CategoryPlanning,
			Spans: spans(date(2025, 1, 10), Proposed, 5, Declined),
		},
		{ // 5: registered in 2027: not in 2026
			ID: 5, Unit: "市交通运输局", Category: CategoryPlanning,
			Spans: spans(date(2027, 1, 10), Proposed),
		},
		{ // 6: went to review without assessment or reason, then withdrawn in 2026
			ID: 6, Unit: "市交通运输局", Category: CategoryOther,
			Spans: spans(date(2026, 1, 5), Proposed, 2, Drafting, 3, LegalityReview, 2, Withdrawn),
		},
	}
	reviews := []ReportReview{{ConclusionLegal}, {ConclusionLegal}, {ConclusionRevise}}
	cases := []ReportCase{{CaseViolateProcedure, CaseOpen}, {CaseViolateProcedure, CaseClosed}, {CaseMajorError, CaseInvestigating}}
	r := BuildYearReport(2026, now, DefaultSettings, facts, reviews, cases)

	if !r.Complete || !r.Cutoff.Equal(date(2027, 1, 1)) || !r.From.Equal(date(2026, 1, 1)) {
		t.Fatalf("year bounds: %v %v complete=%v", r.From, r.Cutoff, r.Complete)
	}
	if r.Decisions != 4 {
		t.Fatalf("decisions handled = %d, want 4 (1, 2, 3, 6)", r.Decisions)
	}
	at := map[State]StageFigure{}
	for _, s := range r.Stages {
		at[s.State] = s
	}
	want := map[State]int{Implementation: 1, LegalityReview: 1, Proposed: 1, Withdrawn: 1}
	for _, st := range States {
		if at[st].AtCutoff != want[st] {
			t.Errorf("%s at cutoff = %d, want %d", st, at[st].AtCutoff, want[st])
		}
	}
	// Decision 1 left consultation on 2026-01-10 after 40 days; decision 2 after 30 days.
	if c := at[Consultation]; c.Finished != 2 || c.Median != 35 || c.P90 != 40 {
		t.Errorf("consultation: %+v, want 2 finished, median 35, p90 40", c)
	}
	// Proposed: decision 1's stay ended in 2025 (not counted), 2 (4 days) and 6 (2 days) in 2026.
	if p := at[Proposed]; p.Finished != 2 || p.Median != 3 || p.P90 != 4 || p.Overdue != 1 {
		t.Errorf("proposed: %+v, want 2 finished, median 3, p90 4, 1 overdue (decision 3)", p)
	}
	if at[Implementation].Overdue != 0 || at[Withdrawn].Overdue != 0 {
		t.Errorf("implementation within 12 months and final states are not overdue")
	}
	if p := at[Drafting]; p.Finished != 2 || p.Median != 16.5 || p.P90 != 30 {
		t.Errorf("drafting: %+v, want 2 finished (30 and 3 days), median 16.5, p90 30", p)
	}

	cat := map[Category]GroupFigure{}
	for _, g := range r.Categories {
		cat[g.Category] = g
	}
	if g := cat[CategoryPublicService]; g.Handled != 1 || g.New != 0 || g.Decided != 1 {
		t.Errorf("public service: %+v", g)
	}
	if g := cat[CategoryPlanning]; g.Handled != 1 || g.New != 1 || g.Decided != 0 {
		t.Errorf("planning: %+v (decisions 4 and 5 are outside 2026)", g)
	}
	if len(r.Units) != 2 || r.Units[0].Label != "市交通运输局" || r.Units[0].Handled != 2 || r.Units[0].Decided != 1 ||
		r.Units[1].Handled != 2 || r.Units[1].New != 2 {
		t.Errorf("units: %+v", r.Units)
	}
	if p := r.Participants; p != (Participation{Reached: 3, Comment: 2, Hearing: 1, Experts: 1}) {
		t.Errorf("participation: %+v", p)
	}
	risk := map[string]int{}
	for _, l := range r.Risk {
		risk[l.Label] = l.Count
	}
	if risk["中风险"] != 1 || risk["低风险"] != 0 || risk["依法说明理由未评估"] != 1 || risk["未评估亦未说明理由"] != 1 {
		t.Errorf("risk: %+v", r.Risk)
	}
	if r.Reviews[0].Count != 2 || r.Reviews[1].Count != 1 || r.Reviews[2].Count != 0 {
		t.Errorf("reviews: %+v", r.Reviews)
	}
	if c := r.Cases[1]; c.Kind != CaseViolateProcedure || c.Total != 2 || c.ByStatus[0] != 1 || c.ByStatus[2] != 1 {
		t.Errorf("cases: %+v", r.Cases)
	}
}

func TestReportYearRunning(t *testing.T) {
	now := time.Date(2026, 11, 26, 8, 0, 0, 0, Shanghai)
	r := BuildYearReport(2026, now, DefaultSettings, []ReportFacts{{Unit: "甲", Category: CategoryOther,
		Spans: spans(date(2026, 11, 1), Proposed)}}, nil, nil)
	if r.Complete || !r.Cutoff.Equal(now) || r.Decisions != 1 || r.Stages[0].Overdue != 0 {
		t.Fatalf("running year: %+v", r)
	}
}

func TestPercentile(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		p    float64
		want float64
	}{
		{nil, 50, 0},
		{[]float64{7}, 90, 7},
		{[]float64{3, 1, 2}, 50, 2},
		{[]float64{4, 1, 3, 2}, 50, 2.5},
		{[]float64{10, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 90, 9},
		{[]float64{10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11}, 90, 10},
	} {
		if got := Percentile(c.xs, c.p); got != c.want {
			t.Errorf("Percentile(%v, %v) = %v, want %v", c.xs, c.p, got, c.want)
		}
	}
}

// TestYearReportLatenessRule: the report counts a stay as overdue by the same limit the worklist
// and /overdue use: a consultation past its comment period's end is late well before the
// 90-day stage limit.
func TestYearReportLatenessRule(t *testing.T) {
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, Shanghai)
	f := ReportFacts{ID: 1, Unit: "市交通运输局", Category: CategoryPlanning,
		Spans:      spans(date(2026, 3, 1), Proposed, 5, Drafting, 10, Consultation, 50, RiskAssessment),
		NoticeEnds: date(2026, 4, 15)} // consultation from 03-16 to 05-05: ends 20 days late
	r := BuildYearReport(2026, now, DefaultSettings, []ReportFacts{f}, nil, nil)
	for _, s := range r.Stages {
		if s.State == Consultation && s.Overdue != 1 {
			t.Errorf("consultation past its comment period: overdue %d, want 1", s.Overdue)
		}
	}
	d := &Decision{State: Consultation, StateSince: date(2026, 3, 16), Notice: &CommentNotice{EndsOn: date(2026, 4, 15)}}
	if _, days, late := Overdue(d, Env{Now: date(2026, 5, 5), Settings: DefaultSettings}); !late || days != 20 {
		t.Errorf("the worklist's rule: late %v by %d days, want 20", late, days)
	}
}
