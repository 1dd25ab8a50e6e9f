package workflow

import (
	"errors"
	"slices"
	"testing"
)

// TestCompleteFixturePasses guards the fixture the other tests rely on.
func TestCompleteFixturePasses(t *testing.T) {
	for _, ev := range Events() {
		d := completeFor(ev)
		if ps := Check(d, ev, allowedActor(ev), testInput(), testEnv()); len(ps) > 0 {
			t.Errorf("%s: complete fixture has problems: %+v", ev, ps)
		}
	}
}

// TestFireStatesAndRoles fires every event from every state with every role: only the arrows of
// Transitions and only their roles are accepted.
func TestFireStatesAndRoles(t *testing.T) {
	for _, s := range States {
		for _, ev := range Events() {
			tr, _ := TransitionOf(ev)
			for _, role := range Roles {
				d := completeFor(ev)
				d.State = s
				got, err := Fire(d, ev, actorOf(role), testInput(), testEnv())
				leavesS := slices.Contains(tr.From, s)
				allowed := slices.Contains(tr.Roles, role)
				if d.State != s {
					t.Fatalf("%s from %s: Fire changed the decision's state to %s", ev, s, d.State)
				}
				switch {
				case leavesS && allowed:
					if err != nil {
						t.Errorf("%s from %s by %s: %v", ev, s, role, err)
					} else if got != tr.To {
						t.Errorf("%s from %s by %s: state %s, want %s", ev, s, role, got, tr.To)
					}
				default:
					var na *NotAllowedError
					if !errors.As(err, &na) {
						t.Errorf("%s from %s by %s: err %v, want *NotAllowedError", ev, s, role, err)
						continue
					}
					if na.Event != ev || na.State != s || na.Role != role || na.Error() == "" {
						t.Errorf("%s from %s by %s: %+v", ev, s, role, na)
					}
					if got != "" {
						t.Errorf("%s from %s by %s: state %q on error", ev, s, role, got)
					}
				}
			}
		}
	}
}

// TestFireRunsGates proves every event's before_ callback is wired: on an empty decision every
// event has some unmet gate, so Fire must refuse it with a *GateError.
func TestFireRunsGates(t *testing.T) {
	for _, tr := range Transitions {
		for _, from := range tr.From {
			d := &Decision{State: from}
			_, err := Fire(d, tr.Event, actorOf(tr.Roles[0]), Input{}, testEnv())
			var ge *GateError
			if !errors.As(err, &ge) {
				t.Errorf("%s from %s: err %v, want *GateError", tr.Event, from, err)
				continue
			}
			if ge.Event != tr.Event || len(ge.Problems) == 0 || ge.Error() == "" {
				t.Errorf("%s from %s: %+v", tr.Event, from, ge)
			}
		}
	}
}

func TestFireUnknownState(t *testing.T) {
	for _, s := range []State{"", "bogus", "Drafting"} {
		d := completeFor(Submit)
		d.State = s
		if _, err := Fire(d, Submit, actorOf(RoleClerk), testInput(), testEnv()); !errors.Is(err, ErrUnknownState) {
			t.Errorf("state %q: err %v, want ErrUnknownState", s, err)
		}
	}
}

func TestFireUnknownEvent(t *testing.T) {
	d := completeFor(Submit)
	if _, err := Fire(d, "publish_everything", actorOf(RoleClerk), testInput(), testEnv()); !errors.Is(err, ErrUnknownEvent) {
		t.Errorf("err %v, want ErrUnknownEvent", err)
	}
}

func TestFireGateErrorFields(t *testing.T) {
	d := completeFor(SkipHearing)
	d.Feedback = nil
	_, err := Fire(d, SkipHearing, actorOf(RoleClerk), Input{}, testEnv())
	var ge *GateError
	if !errors.As(err, &ge) {
		t.Fatalf("err %v, want *GateError", err)
	}
	if len(ge.For("reason")) != 1 || len(ge.For("feedback")) != 1 || len(ge.For("notice")) != 0 {
		t.Errorf("problems by field wrong: %+v", ge.Problems)
	}
}

// TestFireChecksRoleBeforeGates: a wrong role learns that it may not act, not what is missing.
func TestFireChecksRoleBeforeGates(t *testing.T) {
	d := &Decision{State: Proposed}
	_, err := Fire(d, Start, actorOf(RoleClerk), Input{}, testEnv())
	var na *NotAllowedError
	if !errors.As(err, &na) {
		t.Fatalf("err %v, want *NotAllowedError", err)
	}
}

func TestAvailable(t *testing.T) {
	cases := []struct {
		s    State
		role Role
		want []Event
	}{
		{Proposed, RoleSecretary, []Event{Start, Decline, Withdraw}},
		{Proposed, RoleClerk, nil}, // the clerk asks for a withdrawal (RecWithdrawal); the government office withdraws
		{Consultation, RoleClerk, []Event{ToHearing, SkipHearing}},
		{LegalityReview, RoleReviewer, []Event{ReviewPass, ReviewRevise, ReviewFail}},
		{CollectiveDiscussion, RoleSecretary, []Event{Approve, Reject, Reconsider, Defer, Withdraw}},
		{Implementation, RoleClerk, []Event{Evaluate}},
		{Implementation, RoleSecretary, []Event{Suspend}},
		{Closed, RoleSecretary, nil},
		{Drafting, RoleAuditor, nil},
		{"bogus", RoleClerk, nil},
	}
	for _, c := range cases {
		if got := Available(&Decision{State: c.s}, c.role); !slices.Equal(got, c.want) {
			t.Errorf("Available(%s, %s) = %v, want %v", c.s, c.role, got, c.want)
		}
	}
}
