package workflow

import (
	"math"
	"slices"
	"time"
)

// The yearly report on major administrative decisions (规划四(三)): what was handled in a year,
// how the public took part, what the reviews concluded and how long each stage took. The store
// gathers the facts (ReportFacts), BuildYearReport counts them; nothing here reads a clock.

// Span is one stay of a decision in a state, from its history: To is zero while it is still there.
type Span struct {
	State    State
	From, To time.Time
}

// ReportFacts is what the report needs of one decision, as of the report's cutoff.
type ReportFacts struct {
	ID             int64
	Unit           string
	Category       Category
	Spans          []Span // every state it was in, in order, starting with Proposed at registration
	CommentNotice  bool   // a public comment notice was published (条例第14条)
	HearingHeld    bool   // a hearing was held (条例第16条)
	ExpertOpinions bool   // signed expert opinions were registered (条例第19条)
	RiskLevel      Level  // the highest level of its risk assessment, LevelNone when not assessed
	RiskSkipped    bool   // no assessment, with the reason recorded (条例第22条)
	// The dates a stage's limit is counted from (due.go), as recorded: the end of the comment
	// period, the hearing day, the publication day; zero when not recorded.
	NoticeEnds, HearingOn, PublishedOn time.Time
}

// ReportReview is one legality review signed in the year.
type ReportReview struct{ Conclusion Conclusion }

// ReportCase is one accountability case recorded in the year.
type ReportCase struct {
	Kind   CaseKind
	Status CaseStatus
}

// YearReport is the year's figures.
type YearReport struct {
	Year     int
	From     time.Time // the year's first instant in Shanghai
	Cutoff   time.Time // the end of the year, or now while the year runs
	Complete bool      // the year is over
	// Decisions counts the decisions handled in the year: registered before the cutoff and not
	// already finished when the year began.
	Decisions    int
	Stages       []StageFigure // one per state, in the order of States
	Categories   []GroupFigure // one per category, in the order of 条例第3条
	Units        []GroupFigure // one per undertaking unit that handled a decision, by name
	Participants Participation
	Risk         []LevelFigure // low, medium, high, then skipped with reasons, then not yet assessed
	Reviews      []ReviewFigure
	Cases        []CaseFigure
}

// StageFigure is one state's line of the report.
type StageFigure struct {
	State State
	// AtCutoff counts the decisions in this state at the cutoff.
	AtCutoff int
	// Finished counts the stays in this state that ended in the year; Median and P90 are their
	// lengths in days (nearest-rank percentile), zero when none ended.
	Finished    int
	Median, P90 float64
	// Overdue counts the stays in the year that lasted (or, still running, have lasted) longer
	// than the stage limit: Settings.PostEvalMonths in implementation, Settings.StageOverdueDays
	// elsewhere. Final states have none.
	Overdue int
}

// GroupFigure is one category's or unit's line: decisions handled, newly registered, and decided
// (approved at the collective discussion, so entering Published) within the year.
type GroupFigure struct {
	Label                 string
	Category              Category // set in Categories
	Handled, New, Decided int
}

// Participation is how many of the decisions that went to legality review by the cutoff had each
// form of public participation. Reached is the denominator.
type Participation struct {
	Reached                   int
	Comment, Hearing, Experts int
}

// LevelFigure is the number of assessed decisions at one risk level.
type LevelFigure struct {
	Label string
	Level Level // LevelNone for the two lines that are not a level
	Count int
}

// ReviewFigure is the number of legality reviews signed in the year with one conclusion.
type ReviewFigure struct {
	Conclusion Conclusion
	Count      int
}

// CaseFigure counts the year's accountability cases on one ground, by status.
type CaseFigure struct {
	Kind     CaseKind
	ByStatus []int // in the order of CaseStatuses
	Total    int
}

// Share is part/whole as a percentage, 0 when whole is 0.
func Share(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) * 100 / float64(whole)
}

// ReportYear is [From, Cutoff) of year y as seen at now: the whole year once it is over.
func ReportYear(y int, now time.Time) (from, cutoff time.Time, complete bool) {
	from = time.Date(y, 1, 1, 0, 0, 0, 0, Shanghai)
	end := time.Date(y+1, 1, 1, 0, 0, 0, 0, Shanghai)
	if now.Before(end) {
		return from, now, false
	}
	return from, end, true
}

// BuildYearReport counts the facts of year y as seen at now. facts, reviews and cases are those
// the store found up to the cutoff; facts of decisions outside the year are skipped here.
func BuildYearReport(y int, now time.Time, s Settings, facts []ReportFacts, reviews []ReportReview, cases []ReportCase) YearReport {
	r := YearReport{Year: y}
	r.From, r.Cutoff, r.Complete = ReportYear(y, now)
	stage := map[State]*StageFigure{}
	lengths := map[State][]float64{}
	for _, st := range States {
		r.Stages = append(r.Stages, StageFigure{State: st})
	}
	for i := range r.Stages {
		stage[r.Stages[i].State] = &r.Stages[i]
	}
	category := map[Category]*GroupFigure{}
	for _, c := range Categories {
		r.Categories = append(r.Categories, GroupFigure{Label: c.ShortLabel(), Category: c})
	}
	for i := range r.Categories {
		category[r.Categories[i].Category] = &r.Categories[i]
	}
	units := map[string]*GroupFigure{}
	levels := map[Level]int{}
	var skipped, unassessed int

	for _, f := range facts {
		if !r.handled(f) {
			continue
		}
		r.Decisions++
		u := units[f.Unit]
		if u == nil {
			u = &GroupFigure{Label: f.Unit}
			units[f.Unit] = u
		}
		groups := []*GroupFigure{u}
		if c := category[f.Category]; c != nil {
			groups = append(groups, c)
		}
		isNew := !f.Spans[0].From.Before(r.From)
		decided, reachedReview := false, false
		for _, sp := range f.Spans {
			if sp.State == Published && r.within(sp.From) {
				decided = true
			}
			if sp.State == LegalityReview {
				reachedReview = true
			}
			fig := stage[sp.State]
			if fig == nil {
				continue
			}
			if !sp.To.IsZero() && r.within(sp.To) {
				fig.Finished++
				lengths[sp.State] = append(lengths[sp.State], sp.To.Sub(sp.From).Hours()/24)
			}
			if r.overdue(sp, s, f) {
				fig.Overdue++
			}
		}
		if fig := stage[f.Spans[len(f.Spans)-1].State]; fig != nil {
			fig.AtCutoff++
		}
		for _, g := range groups {
			g.Handled++
			if isNew {
				g.New++
			}
			if decided {
				g.Decided++
			}
		}
		if reachedReview {
			p := &r.Participants
			p.Reached++
			p.Comment += b2i(f.CommentNotice)
			p.Hearing += b2i(f.HearingHeld)
			p.Experts += b2i(f.ExpertOpinions)
		}
		switch {
		case f.RiskLevel != LevelNone:
			levels[f.RiskLevel]++
		case f.RiskSkipped:
			skipped++
		case reachedReview:
			unassessed++ // went on without an assessment and without a recorded reason
		}
	}
	for i := range r.Stages {
		fig := &r.Stages[i]
		fig.Median, fig.P90 = Percentile(lengths[fig.State], 50), Percentile(lengths[fig.State], 90)
	}
	for _, u := range units {
		r.Units = append(r.Units, *u)
	}
	slices.SortFunc(r.Units, func(a, b GroupFigure) int {
		if a.Label < b.Label {
			return -1
		}
		if a.Label > b.Label {
			return 1
		}
		return 0
	})
	for _, l := range Levels {
		r.Risk = append(r.Risk, LevelFigure{Label: l.Label() + "风险", Level: l, Count: levels[l]})
	}
	r.Risk = append(r.Risk, LevelFigure{Label: "依法说明理由未评估", Count: skipped},
		LevelFigure{Label: "未评估亦未说明理由", Count: unassessed})
	conclusions := map[Conclusion]int{}
	for _, rv := range reviews {
		conclusions[rv.Conclusion]++
	}
	for _, c := range []Conclusion{ConclusionLegal, ConclusionRevise, ConclusionIllegal} {
		r.Reviews = append(r.Reviews, ReviewFigure{Conclusion: c, Count: conclusions[c]})
	}
	for _, k := range CaseKinds {
		cf := CaseFigure{Kind: k, ByStatus: make([]int, len(CaseStatuses))}
		for _, c := range cases {
			if c.Kind == k {
				cf.ByStatus[slices.Index(CaseStatuses, c.Status)]++
				cf.Total++
			}
		}
		r.Cases = append(r.Cases, cf)
	}
	return r
}

// within reports whether t falls in the report's year up to the cutoff.
func (r *YearReport) within(t time.Time) bool {
	return !t.Before(r.From) && t.Before(r.Cutoff)
}

// handled reports whether the decision belongs to the year: registered before the cutoff and
// not in a final state when the year began.
func (r *YearReport) handled(f ReportFacts) bool {
	if len(f.Spans) == 0 || !f.Spans[0].From.Before(r.Cutoff) {
		return false
	}
	for _, sp := range f.Spans {
		if sp.State.Final() && sp.From.Before(r.From) {
			return false
		}
	}
	return true
}

// overdue reports whether a stay that overlaps the year outlasted its stage's limit, by the one
// rule of lateness the worklist, /overdue and the anomalies use (Limit, due.go).
func (r *YearReport) overdue(sp Span, s Settings, f ReportFacts) bool {
	if sp.State.Final() {
		return false
	}
	end := sp.To
	if end.IsZero() || end.After(r.Cutoff) {
		end = r.Cutoff
	}
	if end.Before(r.From) {
		return false
	}
	d := &Decision{State: sp.State, StateSince: sp.From}
	if !f.NoticeEnds.IsZero() {
		d.Notice = &CommentNotice{EndsOn: f.NoticeEnds}
	}
	if !f.HearingOn.IsZero() {
		d.Hearing = &HearingRecord{HeldOn: f.HearingOn}
	}
	if !f.PublishedOn.IsZero() {
		d.Publication = &Publication{PublishedOn: f.PublishedOn}
	}
	limit, ok := Limit(d, Env{Settings: s})
	if !ok {
		return false
	}
	// Overdue once a whole day past the limit's day, as on /overdue.
	return !end.Before(Day(limit).AddDate(0, 0, 1))
}

// Percentile is the nearest-rank p-th percentile of xs (the median for p = 50 is the mean of the
// two middle values when their number is even); 0 for no values.
func Percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if p == 50 && len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	return s[max(rank, 1)-1]
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
