package workflow

import (
	"fmt"
	"time"
)

// Due is the date the decision's current stage is measured against, so that every stage shows
// how much time is left: the end of the comment period in consultation, the earliest date the
// draft may go to collective discussion in legality review (条例第26条), the hearing date, the
// post-evaluation date (publication plus Settings.PostEvalMonths) in implementation, and
// otherwise the day the stage has waited Settings.StageOverdueDays. ok is false for final
// stages and when the stage has no start.
func Due(d *Decision, env Env) (due time.Time, ok bool) {
	if d == nil || d.State.Final() {
		return time.Time{}, false
	}
	if d.Kind == KindNormative && d.State == Published {
		return normativeDue(d, env)
	}
	switch d.State {
	case Consultation:
		if n := d.Notice; n != nil && !n.EndsOn.IsZero() {
			return Day(n.EndsOn), true
		}
	case LegalityReview:
		if sub := d.CurrentSubmission(); sub != nil && !sub.SubmittedOn.IsZero() {
			return env.Calendar.AddWorkdays(sub.SubmittedOn, d.Procedure().Review.MinWorkdays(env.Settings)), true
		}
	case Hearing:
		if h := d.Hearing; h != nil && !h.HeldOn.IsZero() {
			return Day(h.HeldOn), true
		}
	case Implementation:
		if p := d.Publication; p != nil && !p.PublishedOn.IsZero() {
			return Day(p.PublishedOn).AddDate(0, env.Settings.PostEvalMonths, 0), true
		}
	}
	return stageLimit(d, env)
}

// stageLimit is the day a stage has waited Settings.StageOverdueDays.
func stageLimit(d *Decision, env Env) (time.Time, bool) {
	if d.StateSince.IsZero() || env.Settings.StageOverdueDays <= 0 {
		return time.Time{}, false
	}
	return Day(d.StateSince).AddDate(0, 0, env.Settings.StageOverdueDays), true
}

// DueLabel names what Due measures in state s, as the pages print it before the date.
func DueLabel(s State) string {
	switch s {
	case Consultation:
		return "征求意见截止"
	case LegalityReview:
		return "最早可提请集体讨论"
	case Hearing:
		return "听证举行"
	case Implementation:
		return "决策后评估期限"
	}
	return "本阶段期限"
}

// DueLabel names what Due measures in state s of this procedure: a published normative
// document's due date is its filing's.
func (p *Procedure) DueLabel(s State) string {
	if p.Kind == KindNormative && s == Published {
		return "报送备案期限"
	}
	return DueLabel(s)
}

// LimitLabel names the limit shown beside legality review's earliest meeting day: the
// procedure's longest review period, or the stage limit.
func (p *Procedure) LimitLabel() string {
	if p.Review.Max > 0 {
		return fmt.Sprintf("合法性审查最长期限（%d个工作日）", p.Review.Max)
	}
	return "本阶段期限"
}

// Limit is the date after which the decision's current stage is overdue: the Due date, except
// in legality review, whose Due date is the earliest meeting date (a minimum, not a limit),
// where the procedure's longest review period applies (ReviewClock.Max working days from the
// submission), or the stage limit when it has none.
func Limit(d *Decision, env Env) (time.Time, bool) {
	if d != nil && d.State == LegalityReview && !d.State.Final() {
		if max := d.Procedure().Review.Max; max > 0 {
			if sub := d.CurrentSubmission(); sub != nil && !sub.SubmittedOn.IsZero() {
				return env.Calendar.AddWorkdays(sub.SubmittedOn, max), true
			}
		}
		return stageLimit(d, env)
	}
	return Due(d, env)
}

// Overdue is how many calendar days the decision's current stage is past its Limit. ok is false
// when the stage is not overdue.
func Overdue(d *Decision, env Env) (since time.Time, days int, ok bool) {
	due, ok := Limit(d, env)
	if !ok {
		return time.Time{}, 0, false
	}
	return OverdueSince(due, env)
}

// OverdueSince is how many calendar days now is past the limit's day.
func OverdueSince(limit time.Time, env Env) (since time.Time, days int, ok bool) {
	days = DaysInclusive(limit, env.Now) - 1
	if days <= 0 {
		return time.Time{}, 0, false
	}
	return limit, days, true
}

// Remaining is the number of working days after now's day up to and including due's day: 0 on
// the day itself and after it.
func Remaining(due time.Time, env Env) int {
	return env.Calendar.WorkdaysBetween(env.Now, due)
}
