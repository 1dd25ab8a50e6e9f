package workflow

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/looplab/fsm"
)

// Problem is one unmet requirement of an event: what is missing, in plain Chinese, and the
// provision that asks for it. Field names the form section the message belongs next to: "reason"
// or "password" for what is typed with the event, "review" for the review being signed, otherwise
// the Record whose section holds the missing data.
type Problem struct {
	Field   string
	Message string
	Basis   string
}

// GateError is returned by Fire when gates refuse the event: it lists every problem at once, so
// the user can fix them all before trying again.
type GateError struct {
	Event    Event  // the event refused; "" when a record alone was refused
	Record   Record // the record refused, if any
	Problems []Problem
}

// Error joins the problems' messages.
func (e *GateError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Message
	}
	what := "保存"
	if e.Event != "" {
		what = e.Event.Label()
	}
	return fmt.Sprintf("不能%s：%s", what, strings.Join(msgs, "；"))
}

// For lists the problems that belong next to one form field, for rendering beside it.
func (e *GateError) For(field string) []Problem {
	var out []Problem
	for _, p := range e.Problems {
		if p.Field == field {
			out = append(out, p)
		}
	}
	return out
}

// NotAllowedError is returned by Fire when the event does not leave the decision's state or the
// actor's role may not fire it. Unlike a GateError nothing the user fills in can fix it.
type NotAllowedError struct {
	Event  Event
	State  State
	Role   Role
	Reason string // in Chinese
}

// Error says in Chinese why the event is not allowed.
func (e *NotAllowedError) Error() string {
	if e.Reason != "" {
		return e.Reason
	}
	return fmt.Sprintf("当前阶段（%s）%s不能执行“%s”", e.State.Label(), e.Role.Label(), e.Event.Label())
}

// ErrUnknownState is wrapped by Fire when the stored state is not one of States: looplab/fsm
// would accept any string, so workflow refuses it itself.
var ErrUnknownState = errors.New("workflow: unknown state")

// ErrUnknownEvent is wrapped by Fire when the event is not one of the pipeline's events.
var ErrUnknownEvent = errors.New("workflow: unknown event")

// attempt is one try at firing an event: everything a gate may look at.
type attempt struct {
	p   *Procedure // d's procedure
	d   *Decision
	ev  Event
	a   Actor
	in  Input
	env Env
}

// presence is a record a gate reads. When the record is missing the gate that asks for the
// record reports it, so Check skips the gates that read it, and Checklist shows them unmet with
// the missing message.
type presence struct {
	has     func(d *Decision) bool
	missing string
}

// gate is one requirement of one or more events. The gates table is the one place both Check
// (at firing) and Checklist (on the stage page) read.
type gate struct {
	events []Event
	field  string
	text   string                  // the static requirement
	textf  func(s Settings) string // overrides text when the requirement carries a setting
	basis  string
	// own overrides text and basis for a shared gate whose words each procedure gives (its
	// review clock, its agenda), so one gate reads every procedure's data.
	own func(p *Procedure, s Settings) (text, basis string)
	// input gates read what is submitted with the event (reason, password, the review being
	// signed, the head's decision): Checklist leaves them out.
	input   bool
	applies func(d *Decision, env Env) bool // nil: always
	needs   *presence                       // nil: reads no record that may be missing
	check   func(t *attempt) string         // the specific message when unmet, "" when met
}

// requirement is the gate's words as a major decision's pages show them.
func (g *gate) requirement(s Settings) string {
	text, _ := g.words(Major, s)
	return text
}

// words is the gate's requirement and basis in procedure p.
func (g *gate) words(p *Procedure, s Settings) (text, basis string) {
	switch {
	case g.own != nil:
		return g.own(p, s)
	case g.textf != nil:
		return g.textf(s), g.basis
	}
	return g.text, g.basis
}

func (g *gate) has(ev Event) bool {
	for _, e := range g.events {
		if e == ev {
			return true
		}
	}
	return false
}

// gates is every gate, stage by stage; within an event, Check reports problems in this order.
var gates = concat(startGates, draftingGates, consultationGates, hearingGates, riskGates,
	reviewGates, meetingGates, afterGates, orderGates)

func concat(lists ...[]gate) []gate {
	var out []gate
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// Check lists every unmet gate of ev for actor a with input in, ignoring whether ev leaves the
// decision's state and whether a's role may fire it (Fire checks those). It reports all problems,
// not only the first; nil means ev may fire.
func Check(d *Decision, ev Event, a Actor, in Input, env Env) []Problem {
	p := d.Procedure()
	t := &attempt{p: p, d: d, ev: ev, a: a, in: in, env: env}
	var out []Problem
	gates := p.gates
	for i := range gates {
		g := &gates[i]
		if !g.has(ev) || (g.applies != nil && !g.applies(d, env)) {
			continue
		}
		if g.needs != nil && !g.needs.has(d) {
			continue
		}
		if msg := g.check(t); msg != "" {
			_, basis := g.words(p, env.Settings)
			out = append(out, Problem{Field: g.field, Message: msg, Basis: basis})
		}
	}
	return out
}

// Fire tries ev on decision d for actor a. It restores a looplab/fsm machine at d.State (an
// unknown state is an error wrapping ErrUnknownState), refuses an event that does not leave the
// state or that a's role may not fire with a *NotAllowedError, and runs the gates as the event's
// before_ callback, which cancels with a *GateError listing every problem. On success it returns
// the new state; d is never changed, the caller stores the transition.
func Fire(d *Decision, ev Event, a Actor, in Input, env Env) (State, error) {
	if d == nil {
		return "", errors.New("workflow: no decision")
	}
	p := d.Procedure()
	callbacks := make(fsm.Callbacks, len(p.Transitions))
	for _, tr := range p.Transitions {
		callbacks["before_"+string(tr.Event)] = func(_ context.Context, e *fsm.Event) {
			if !hasRole(tr.Roles, a.Role) {
				e.Cancel(&NotAllowedError{Event: tr.Event, State: d.State, Role: a.Role,
					Reason: fmt.Sprintf("%s无权执行“%s”，须由%s执行", a.Role.Label(), tr.Event.Label(), rolesLabel(tr.Roles))})
				return
			}
			if ps := Check(d, tr.Event, a, in, env); len(ps) > 0 {
				e.Cancel(&GateError{Event: tr.Event, Problems: ps})
			}
		}
	}
	m, err := restore(p, d.State, callbacks)
	if err != nil {
		return "", fmt.Errorf("%w (decision %d)", err, d.ID)
	}
	err = m.Event(context.Background(), string(ev))
	var (
		invalid  fsm.InvalidEventError
		unknown  fsm.UnknownEventError
		canceled fsm.CanceledError
	)
	switch {
	case err == nil:
		return State(m.Current()), nil
	case errors.As(err, &canceled) && canceled.Err != nil:
		return "", canceled.Err
	case errors.As(err, &invalid):
		return "", &NotAllowedError{Event: ev, State: d.State, Role: a.Role,
			Reason: fmt.Sprintf("当前阶段（%s）不能执行“%s”", p.StateLabel(d.State), ev.Label())}
	case errors.As(err, &unknown):
		return "", fmt.Errorf("%w: %q", ErrUnknownEvent, ev)
	}
	return "", fmt.Errorf("workflow: fire %s from %s: %w", ev, d.State, err)
}

// restore builds a fresh machine of procedure p at state s, as stored. looplab/fsm accepts any
// string as a state, so restore refuses one that is not among p's States.
func restore(p *Procedure, s State, callbacks fsm.Callbacks) (*fsm.FSM, error) {
	if !p.Valid(s) {
		return nil, fmt.Errorf("%w: %q", ErrUnknownState, s)
	}
	descs := make([]fsm.EventDesc, 0, len(p.Transitions))
	for _, tr := range p.Transitions {
		src := make([]string, len(tr.From))
		for i, from := range tr.From {
			src[i] = string(from)
		}
		descs = append(descs, fsm.EventDesc{Name: string(tr.Event), Src: src, Dst: string(tr.To)})
	}
	return fsm.NewFSM(string(s), descs, callbacks), nil
}

func hasRole(roles []Role, r Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

func rolesLabel(roles []Role) string {
	labels := make([]string, len(roles))
	for i, r := range roles {
		labels[i] = r.Label()
	}
	return strings.Join(labels, "或")
}

// Available lists the events that leave d.State and that role may fire, in Transitions order,
// whether or not their gates are met: the buttons to draw.
func Available(d *Decision, role Role) []Event {
	var out []Event
	for _, t := range d.Procedure().Transitions {
		if leaves(t, d.State) && hasRole(t.Roles, role) {
			out = append(out, t.Event)
		}
	}
	return out
}

// Exits lists the events that leave state s, in Transitions order, whoever may fire them.
func Exits(s State) []Event { return Major.Exits(s) }

func leaves(t Transition, s State) bool {
	for _, x := range t.From {
		if x == s {
			return true
		}
	}
	return false
}

// Requirement is one line of a stage's checklist: a record-based gate of an event leaving the
// current state, and whether the decision meets it now.
type Requirement struct {
	Event  Event  // the first event leaving the state that has this requirement
	Field  string // as Problem.Field
	Text   string // the static requirement
	Basis  string
	Met    bool
	Detail string // the specific message when unmet
}

// Checklist lists, for the events leaving d.State (except withdraw), every applicable gate that
// reads the records, met or not, so the stage page can show what is still missing before anyone
// presses a button. Gates on what is typed with the event (reason, password, the review being
// signed, the head's decision) are left out. A requirement shared by several events is listed
// once, under the first.
func Checklist(d *Decision, env Env) []Requirement {
	var out []Requirement
	seen := map[[3]string]bool{}
	for _, ev := range d.Procedure().Exits(d.State) {
		if ev == Withdraw || skipMoot(d, ev) {
			continue
		}
		for _, r := range requirementsOf(d, env, ev) {
			key := [3]string{r.Field, r.Text, r.Basis}
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, r)
		}
	}
	return out
}

// requirementsOf lists every applicable gate of ev that reads the records, met or not.
func requirementsOf(d *Decision, env Env, ev Event) []Requirement {
	p := d.Procedure()
	t := &attempt{p: p, d: d, env: env, ev: ev}
	var out []Requirement
	gates := p.gates
	for i := range gates {
		g := &gates[i]
		if g.input || !g.has(ev) || (g.applies != nil && !g.applies(d, env)) {
			continue
		}
		text, basis := g.words(p, env.Settings)
		r := Requirement{Event: ev, Field: g.field, Text: text, Basis: basis}
		if g.needs != nil && !g.needs.has(d) {
			r.Detail = g.needs.missing
		} else {
			r.Detail = g.check(t)
		}
		r.Met = r.Detail == ""
		out = append(out, r)
	}
	return out
}

// skipMoot says whether ev skips a stage whose record is already saved: the skip is then no
// longer the way on, and its gates (such as "must be assessed, may not be skipped") are no
// requirements of the page's checklist any more.
func skipMoot(d *Decision, ev Event) bool {
	return ev == SkipRisk && d.Risk != nil || ev == SkipHearing && d.Hearing != nil
}

// blank reports whether s holds nothing but white space.
func blank(s string) bool { return strings.TrimSpace(s) == "" }

// missing lists the names whose value is blank, in order: missing("决策机关", organ, "负责领导", leader).
func missing(pairs ...string) []string {
	var out []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if blank(pairs[i+1]) {
			out = append(out, pairs[i])
		}
	}
	return out
}

// reasonGate asks for the reason typed with ev.
func reasonGate(ev Event, text, basis string) gate {
	return gate{
		events: []Event{ev}, field: "reason", text: text, basis: basis, input: true,
		check: func(t *attempt) string {
			if blank(t.in.Reason) {
				return text
			}
			return ""
		},
	}
}
