package workflow

import "testing"

// BenchmarkGates checks every gate of every event that leaves a fully recorded decision's
// state, as the decision page does for its checklist and buttons.
func BenchmarkGates(b *testing.B) {
	env, in := testEnv(), testInput()
	decisions := map[State]*Decision{}
	for _, t := range Transitions {
		for _, s := range t.From {
			decisions[s] = complete(s)
		}
	}
	b.ReportAllocs()
	problems := 0
	for b.Loop() {
		problems = 0
		for _, t := range Transitions {
			for _, s := range t.From {
				// Some events exclude each other (one review conclusion, one head's decision).
				problems += len(Check(decisions[s], t.Event, actorOf(t.Roles[0]), in, env))
			}
		}
	}
	if problems > len(Transitions) {
		b.Fatalf("%d unmet gates on fully recorded decisions", problems)
	}
}

// BenchmarkFire runs one transition through the state machine with its gates.
func BenchmarkFire(b *testing.B) {
	env, in := testEnv(), testInput()
	d := complete(LegalityReview)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Fire(d, ReviewPass, actorOf(RoleReviewer), in, env); err != nil {
			b.Fatal(err)
		}
	}
}
