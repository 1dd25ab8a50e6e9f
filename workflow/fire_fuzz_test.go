package workflow

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"
)

// A fire sequence is a byte string read two bytes at a time. An op whose first byte has the
// high bit clear fires an event: the first byte picks the event (one past the end is an event
// the pipeline does not know), the second the role (low four bits; one past the end is no
// role), with a reason when bit 0x40 is set and the password confirmed when bit 0x20 is. An op
// with the high bit set changes the records instead (seqMutations, picked by the second byte),
// so that a sequence can lose what a gate asks for, or gain a head's decision or a conclusion.

// seqBogusEvent is the event one past the end of Events().
const seqBogusEvent Event = "publish_everything"

// seqMutations are the changes a sequence may make to the decision between events.
var seqMutations = []func(d *Decision, env *Env){
	func(d *Decision, _ *Env) { d.Start = nil },
	func(d *Decision, _ *Env) { d.Revisions = nil },
	func(d *Decision, _ *Env) { d.Notice = nil },
	func(d *Decision, _ *Env) { d.Feedback = nil },
	func(d *Decision, _ *Env) {
		d.Comments = append(d.Comments, Comment{ID: 9, Ref: "C9", Body: "未处理"})
	},
	func(d *Decision, _ *Env) { d.Experts = nil },
	func(d *Decision, _ *Env) { d.Hearing = nil },
	func(d *Decision, _ *Env) { d.Flags.HearingRequired = !d.Flags.HearingRequired },
	func(d *Decision, _ *Env) { d.Flags.StabilityRisk = !d.Flags.StabilityRisk },
	func(d *Decision, _ *Env) { d.Risk = nil },
	func(d *Decision, _ *Env) { d.Submissions = nil },
	func(d *Decision, _ *Env) { d.Reviews = nil },
	func(d *Decision, _ *Env) { d.Meetings = nil },
	func(d *Decision, _ *Env) { d.PartyReport = nil },
	func(d *Decision, _ *Env) { d.Publication = nil },
	func(d *Decision, _ *Env) { d.Evaluation = nil },
	func(d *Decision, _ *Env) { d.Proposal = Proposal{} },
	func(d *Decision, _ *Env) {
		if r := d.LatestReview(); r != nil {
			r.Conclusion = ConclusionRevise
		}
	},
	func(d *Decision, _ *Env) {
		if r := d.LatestReview(); r != nil {
			r.Conclusion = ConclusionIllegal
		}
	},
	func(d *Decision, _ *Env) {
		if m := d.LatestMeeting(); m != nil {
			m.Head = HeadReject
		}
	},
	func(d *Decision, _ *Env) {
		if m := d.LatestMeeting(); m != nil {
			m.Head = HeadDefer
		}
	},
	func(d *Decision, _ *Env) {
		if m := d.LatestMeeting(); m != nil {
			m.Head = HeadReconsider
		}
	},
	func(d *Decision, env *Env) { env.Now = env.Now.AddDate(0, 0, 40) },
	func(d *Decision, env *Env) { env.Now = env.Now.AddDate(-1, 0, 0) },
}

// seqStart is the decision a sequence starts from: as CreateDecision registers one (start byte
// even), or with every record a gate may ask for already in place (odd), both in Proposed.
func seqStart(start byte) *Decision {
	if start%2 == 1 {
		return complete(Proposed)
	}
	return &Decision{ID: 1, Title: "城区公共停车收费标准调整", Category: CategoryPublicService, State: Proposed,
		UnitID: 7, Version: 1, Proposal: Proposal{Kind: ProposerDepartment, Proposer: "市发展和改革委员会", Problem: "停车难"},
		CreatedBy: clerkID, CreatedAt: date(2026, 1, 2), StateSince: date(2026, 1, 2)}
}

// runFireSequence plays ops on a fresh decision and checks every Fire against Transitions and
// Check: a Fire succeeds exactly when the event leaves the state, the role may fire it and
// Check finds nothing unmet, and then it goes where Transitions says; otherwise the error says
// which of the three failed. Fire never changes the decision. It returns the states passed.
func runFireSequence(t *testing.T, start byte, ops []byte) []State {
	d, env := seqStart(start), testEnv()
	events := append(Events(), seqBogusEvent)
	roles := append(slices.Clone(Roles), Role(""))
	states := []State{d.State}
	for i := 0; i+1 < len(ops); i += 2 {
		b0, b1 := ops[i], ops[i+1]
		if b0&0x80 != 0 {
			seqMutations[int(b1)%len(seqMutations)](d, &env)
			continue
		}
		ev, role := events[int(b0)%len(events)], roles[int(b1&0x0f)%len(roles)]
		in := Input{PasswordConfirmed: b1&0x20 != 0}
		if b1&0x40 != 0 {
			in.Reason = "依工作安排"
		}
		a := actorOf(role)
		a.Role = role
		before, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		to, err := Fire(d, ev, a, in, env)
		if after, _ := json.Marshal(d); string(after) != string(before) {
			t.Fatalf("op %d: Fire(%s by %q) changed the decision", i/2, ev, role)
		}
		tr, known := TransitionOf(ev)
		leavesState, mayFire := known && slices.Contains(tr.From, d.State), known && slices.Contains(tr.Roles, role)
		problems := Check(d, ev, a, in, env)
		var gate *GateError
		var notAllowed *NotAllowedError
		switch {
		case !known:
			if !errors.Is(err, ErrUnknownEvent) || to != "" {
				t.Fatalf("op %d: unknown event %q: %q, %v", i/2, ev, to, err)
			}
		case !leavesState || !mayFire:
			if !errors.As(err, &notAllowed) || to != "" || notAllowed.Error() == "" {
				t.Fatalf("op %d: %s from %s by %q is not in Transitions, yet Fire gave %q, %v", i/2, ev, d.State, role, to, err)
			}
		case len(problems) > 0:
			if !errors.As(err, &gate) || to != "" || !reflect.DeepEqual(gate.Problems, problems) {
				t.Fatalf("op %d: %s from %s by %q with unmet gates %+v: Fire gave %q, %v", i/2, ev, d.State, role, problems, to, err)
			}
		default:
			if err != nil || to != tr.To || !slices.Contains(Available(d, role), ev) {
				t.Fatalf("op %d: %s from %s by %q meets every gate: Fire gave %q, %v, want %s", i/2, ev, d.State, role, to, err, tr.To)
			}
			// What the store does on success.
			d.State, d.StateSince = to, env.Now
			d.Version++
			states = append(states, to)
		}
		Checklist(d, env) // must not panic whatever the records hold
	}
	return states
}

// seqOp is the op that fires ev as role with a reason and the password confirmed.
func seqOp(ev Event, role Role) []byte {
	return []byte{byte(slices.Index(Events(), ev)), byte(slices.Index(Roles, role)) | 0x60}
}

// mainLineOps walks the complete decision from Proposed to Closed, through a suspension.
func mainLineOps() []byte {
	var ops []byte
	for _, step := range []struct {
		ev   Event
		role Role
	}{
		{Start, RoleSecretary}, {Submit, RoleClerk}, {ToHearing, RoleClerk}, {ToRisk, RoleClerk},
		{ToReview, RoleClerk}, {ReviewPass, RoleReviewer}, {Approve, RoleSecretary}, {Implement, RoleSecretary},
		{Suspend, RoleSecretary}, {Resume, RoleSecretary}, {Evaluate, RoleClerk}, {Close, RoleClerk},
	} {
		ops = append(ops, seqOp(step.ev, step.role)...)
	}
	return ops
}

// TestFireSequenceMainLine keeps FuzzFireSequence honest: its harness must be able to take a
// decision through the whole pipeline, or the fuzzer would only ever see refusals.
func TestFireSequenceMainLine(t *testing.T) {
	states := runFireSequence(t, 1, mainLineOps())
	if len(states) != 13 || states[len(states)-1] != Closed {
		t.Fatalf("the main line went %v", states)
	}
	// A registered decision gets nowhere without its records, but may be withdrawn with a reason.
	states = runFireSequence(t, 0, append(seqOp(Start, RoleSecretary), seqOp(Withdraw, RoleSecretary)...))
	if !slices.Equal(states, []State{Proposed, Withdrawn}) {
		t.Fatalf("a registered decision went %v", states)
	}
}

// FuzzFireSequence plays fuzzer-chosen sequences of events, roles and record changes (see
// runFireSequence): no panic, no transition outside Transitions, no gate bypassed.
func FuzzFireSequence(f *testing.F) {
	f.Add(byte(1), mainLineOps())
	f.Add(byte(0), append(seqOp(Start, RoleSecretary), seqOp(Withdraw, RoleSecretary)...))
	f.Add(byte(1), append(mainLineOps()[:12], 0x80, 12, 0x05, 0x62, 0x80, 17, 0x05, 0x62))
	f.Add(byte(1), []byte{0x00, 0x02, 0x16, 0x05, 0x02, 0x00, 0x80, 0x02, 0x02, 0x60})
	f.Fuzz(func(t *testing.T, start byte, ops []byte) {
		if len(ops) > 400 {
			ops = ops[:400]
		}
		runFireSequence(t, start, ops)
	})
}
