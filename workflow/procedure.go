package workflow

import (
	"fmt"
	"slices"
)

// Kind is the kind of matter a decision row holds. Each kind runs through its own procedure;
// the stages both share (public consultation, legality review, collective discussion,
// publication) are defined once and used by both.
type Kind string

// The kinds of matter.
const (
	KindMajor     Kind = "major"     // 重大行政决策 (条例)
	KindNormative Kind = "normative" // 行政规范性文件 (规划三(三))
)

// Kinds lists every kind; the store's CHECK list equals it.
var Kinds = []Kind{KindMajor, KindNormative}

// Label is the kind in Chinese.
func (k Kind) Label() string {
	if k == KindNormative {
		return "行政规范性文件"
	}
	return "重大行政决策"
}

// Procedure is one kind of matter's procedure as data: its states, the arrows between them with
// the roles that fire them, who writes which record in which state, and the gates with their
// basis. Fire, Check, Checklist and Decide read the procedure of the decision's kind.
type Procedure struct {
	Kind        Kind
	States      []State // every state, the main line first
	MainLine    []State // the states as the stepper draws them
	Transitions []Transition
	records     map[Record]recordRule
	order       []Record // the records in the order pages list them
	gates       []gate
	labels      map[State]string // stage names that differ from State.Label
	Review      ReviewClock      // how long its legality review takes
	agenda      wording          // what its collective discussion needs, as the meeting's gate says it
}

// wording is a requirement's words and basis.
type wording struct{ text, basis string }

// ReviewClock is a procedure's legality review period, in working days from the submission
// (送审). The collective discussion comes no earlier than Min working days after it; with a
// Max the review is overdue after Max working days, else after the stage limit.
type ReviewClock struct {
	Basis string
	Min   func(s Settings) int
	Max   int
}

// MinWorkdays is the least review period under settings s.
func (c ReviewClock) MinWorkdays(s Settings) int { return c.Min(s) }

// Major is the procedure of major administrative decisions (pipeline.md).
var Major = &Procedure{Kind: KindMajor, States: States, MainLine: MainLine, Transitions: Transitions,
	records: recordRules, order: recordOrder, gates: gates,
	// 条例第26条: "一般不少于7个工作日", a setting; no upper limit.
	Review: ReviewClock{Basis: "条例第26条", Min: func(s Settings) int { return s.MinReviewWorkdays }},
	agenda: wording{"提请讨论的材料须齐全：决策草案及起草说明、合法性审查意见、社会公众意见采纳情况，以及依本事项情况应有的听证意见处理情况、专家论证意见、风险评估报告和公平竞争审查结论", "条例第29条"},
}

// ProcedureOf is the procedure of kind k; an unset kind is a major decision, as every row was
// before kinds existed.
func ProcedureOf(k Kind) *Procedure {
	if k == KindNormative {
		return Normative
	}
	return Major
}

// MeetingDateHint is the meeting date's hint: the review clock's least period under the default
// settings, with its basis.
func (p *Procedure) MeetingDateHint() string {
	return fmt.Sprintf("不得早于送审之日起第%d个工作日（%s）", p.Review.MinWorkdays(DefaultSettings), p.Review.Basis)
}

// AgendaBasis is the provision that asks for the materials before its collective discussion.
func (p *Procedure) AgendaBasis() string { return p.agenda.basis }

// Procedure is the procedure d runs through.
func (d *Decision) Procedure() *Procedure { return ProcedureOf(d.Kind) }

// StateLabel is the name of stage s in this procedure.
func (p *Procedure) StateLabel(s State) string {
	if l, ok := p.labels[s]; ok {
		return l
	}
	return s.Label()
}

// Valid reports whether s is a state of this procedure.
func (p *Procedure) Valid(s State) bool { return slices.Contains(p.States, s) }

// TransitionOf finds the transition of an event in this procedure.
func (p *Procedure) TransitionOf(e Event) (Transition, bool) {
	for _, t := range p.Transitions {
		if t.Event == e {
			return t, true
		}
	}
	return Transition{}, false
}

// Exits lists the events that leave state s, in Transitions order, whoever may fire them.
func (p *Procedure) Exits(s State) []Event {
	var out []Event
	for _, t := range p.Transitions {
		if leaves(t, s) {
			out = append(out, t.Event)
		}
	}
	return out
}

// MayRecord reports whether a user of role may add or edit a record of kind rec while a matter
// of this procedure is in state s. The unit check is the caller's.
func (p *Procedure) MayRecord(role Role, rec Record, s State) bool {
	r, ok := p.records[rec]
	return ok && r.role == role && slices.Contains(r.states, s)
}

// RecordsOf lists the records a user of role may add in state s, in the procedure's order.
func (p *Procedure) RecordsOf(role Role, s State) []Record {
	var out []Record
	for _, rec := range p.order {
		if p.MayRecord(role, rec, s) {
			out = append(out, rec)
		}
	}
	return out
}

// recordRefusal says why role may not write rec in state s.
func (p *Procedure) recordRefusal(role Role, rec Record, s State) string {
	if r, ok := p.records[rec]; !ok || r.role != role {
		return role.Label() + "无权办理此项登记"
	}
	noun := "该决策事项"
	if p.Kind == KindNormative {
		noun = "该规范性文件"
	}
	return noun + "当前处于“" + p.StateLabel(s) + "”阶段，不能办理此项登记。"
}

// shared picks the records of another procedure's rules that this one uses unchanged, so a
// shared stage's record is written by the same role in the same state in both.
func shared(from map[Record]recordRule, recs ...Record) map[Record]recordRule {
	out := make(map[Record]recordRule, len(recs))
	for _, r := range recs {
		out[r] = from[r]
	}
	return out
}

// onExit gives a shared stage's gates to the events that leave that stage in another procedure:
// the gates of from's events that keep pass, now asked by to.
func onExit(list []gate, from []Event, to []Event, keep func(g *gate) bool) []gate {
	var out []gate
	for i := range list {
		g := list[i]
		if !slices.Equal(g.events, from) || (keep != nil && !keep(&g)) {
			continue
		}
		g.events = to
		out = append(out, g)
	}
	return out
}
