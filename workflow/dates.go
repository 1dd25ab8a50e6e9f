package workflow

import (
	"fmt"
	"time"
)

// The dates of the procedure are bound to the clock and to each other (pipeline.md "Dates and
// order"). A typed date of something that has happened is never after today in Beijing time; a
// planned date (the day a hearing is to be held) may be, and the gate that needs the act to
// have happened waits for the day. Where the law counts time the system's own timestamps count.

// today is now's day in Beijing time.
func today(env Env) time.Time { return Day(env.Now) }

// notFuture refuses a date of a fact that lies after today.
func notFuture(field, label string, t time.Time, env Env, basis string) []Problem {
	if t.IsZero() || !Day(t).After(today(env)) {
		return nil
	}
	return []Problem{{Field: field, Basis: basis,
		Message: fmt.Sprintf("%s为%s，晚于今天（%s）：所记录的是已经发生的事实，日期不能在将来", label, dateCN(t), dateCN(env.Now))}}
}

// notBefore refuses a date t that lies before the day of limit; what names limit.
func notBefore(field, label string, t time.Time, what string, limit time.Time, basis string) []Problem {
	if t.IsZero() || limit.IsZero() || !Day(t).Before(Day(limit)) {
		return nil
	}
	return []Problem{{Field: field, Basis: basis,
		Message: fmt.Sprintf("%s为%s，早于%s（%s）", label, dateCN(t), what, dateCN(limit))}}
}

// notAfter refuses a date t that lies after the day of limit; what names limit.
func notAfter(field, label string, t time.Time, what string, limit time.Time, basis string) []Problem {
	if t.IsZero() || limit.IsZero() || !Day(t).After(Day(limit)) {
		return nil
	}
	return []Problem{{Field: field, Basis: basis,
		Message: fmt.Sprintf("%s为%s，晚于%s（%s）", label, dateCN(t), what, dateCN(limit))}}
}

// join collects the problems of several rules.
func join(lists ...[]Problem) []Problem {
	var out []Problem
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// deciding is the meeting whose head's decision the decision now stands on: the latest one
// that was decided, or nil.
func (d *Decision) deciding() *Meeting {
	for i := len(d.Meetings) - 1; i >= 0; i-- {
		if d.Meetings[i].Head != HeadNone {
			return &d.Meetings[i]
		}
	}
	return nil
}

// publishedOn is the publication's date, or the zero time.
func (d *Decision) publishedOn() time.Time {
	if d.Publication == nil {
		return time.Time{}
	}
	return d.Publication.PublishedOn
}

// reviewSigned is when the latest legality review was signed (the system's clock), or zero.
func (d *Decision) reviewSigned() time.Time {
	if r := d.LatestReview(); r != nil {
		return r.SignedAt
	}
	return time.Time{}
}

// Late entries (补录). A record may be entered after the fact, but it is then marked as such
// with the reason, shown to everyone who reads the record and listed for auditors: when it is
// dated before the decision was registered, or entered more than Settings.LateEntryDays after
// its own date (条例第33条: the records are kept as the procedure goes).

// LateBasis is the provision a late entry answers to.
const LateBasis = "条例第33条"

// dated is a command whose record states a fact of a day, and may carry the reason it is
// entered late.
type dated interface {
	// factDate is the day the record says the fact happened, and its label; zero when none.
	factDate() (time.Time, string)
	lateReason() string
}

// kept is a dated command that replaces a record kept in one copy (the notice, the hearing …):
// the date it holds now was judged when it was entered, and is not late again on each edit.
type kept interface {
	keptDate(d *Decision) time.Time
}

// Late says why a record dated on would be a late entry on d now, or "" when it is not.
func Late(d *Decision, on time.Time, env Env) string {
	if on.IsZero() {
		return ""
	}
	if !d.CreatedAt.IsZero() && Day(on).Before(Day(d.CreatedAt)) {
		return fmt.Sprintf("早于本决策事项登记之日（%s）", dateCN(d.CreatedAt))
	}
	if n := env.Settings.LateEntryDays; n > 0 {
		if days := int(today(env).Sub(Day(on)).Hours()/24 + 0.5); days > n {
			return fmt.Sprintf("距今已%d日，超过%d日后登记", days, n)
		}
	}
	return ""
}

// lateProblem asks for the reason of a late entry.
func lateProblem(d *Decision, cmd Command, env Env) []Problem {
	x, ok := cmd.(dated)
	if !ok {
		return nil
	}
	on, label := x.factDate()
	if k, ok := cmd.(kept); ok && !on.IsZero() && Day(k.keptDate(d)).Equal(Day(on)) {
		return nil
	}
	why := Late(d, on, env)
	if why == "" || !blank(x.lateReason()) {
		return nil
	}
	return []Problem{{Field: "late_reason", Basis: LateBasis,
		Message: fmt.Sprintf("%s为%s，%s，属于补录：须写明补录理由", label, dateCN(on), why)}}
}

// Entry carries what every dated record may carry: the reason it is entered late (补录理由).
type Entry struct {
	LateReason string
}

func (e Entry) lateReason() string { return e.LateReason }

// LateEntryOf is the late entry cmd makes on d now, or nil when cmd is on time (Decide has
// already refused one that is late without a reason). The store records it with the record.
func LateEntryOf(d *Decision, cmd Command, env Env) *LateEntry {
	x, ok := cmd.(dated)
	if !ok || blank(x.lateReason()) {
		return nil
	}
	on, _ := x.factDate()
	if k, ok := cmd.(kept); ok && !on.IsZero() && Day(k.keptDate(d)).Equal(Day(on)) {
		return nil
	}
	if Late(d, on, env) == "" {
		return nil
	}
	return &LateEntry{Record: recordOf(cmd), DatedOn: on, Reason: x.lateReason()}
}

// recordOf is the record a dated command writes; the start record for the start.
func recordOf(cmd Command) Record {
	if rec := cmd.Writes(); rec != "" {
		return rec
	}
	return RecStart
}
