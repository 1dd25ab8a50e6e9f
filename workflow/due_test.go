package workflow

import (
	"testing"
	"time"
)

func TestDue(t *testing.T) {
	env := testEnv() // 2026-06-30
	sub := complete(LegalityReview).CurrentSubmission()
	if sub == nil {
		t.Fatal("fixture has no current submission")
	}
	cases := []struct {
		state State
		want  time.Time
	}{
		{Consultation, date(2026, 3, 3)},
		{LegalityReview, env.Calendar.AddWorkdays(sub.SubmittedOn, 7)},
		{Hearing, date(2026, 3, 27)},
		{Implementation, date(2027, 4, 25)},
	}
	for _, c := range cases {
		d := complete(c.state)
		got, ok := Due(d, env)
		if !ok || !got.Equal(c.want) {
			t.Errorf("Due in %s = %v, %v; want %v", c.state, got, ok, c.want)
		}
	}
	d := complete(RiskAssessment)
	d.StateSince = time.Date(2026, 5, 1, 15, 0, 0, 0, Shanghai)
	if got, ok := Due(d, env); !ok || !got.Equal(date(2026, 7, 30)) {
		t.Errorf("Due in risk assessment = %v, %v; want 2026-07-30", got, ok)
	}
	d.State = Closed
	if _, ok := Due(d, env); ok {
		t.Error("a closed decision has a due date")
	}
	// Without a notice, consultation falls back to the stage limit.
	d = complete(Consultation)
	d.Notice, d.StateSince = nil, date(2026, 1, 1)
	if got, ok := Due(d, env); !ok || !got.Equal(date(2026, 4, 1)) {
		t.Errorf("Due without notice = %v, %v; want 2026-04-01", got, ok)
	}
}

func TestDueReviewSkipsHolidays(t *testing.T) {
	d := complete(LegalityReview)
	d.Submissions = []ReviewSubmission{{ID: 1, SubmittedOn: date(2026, 9, 28)}} // Monday
	env := testEnv()
	plain, _ := Due(d, env)
	if !plain.Equal(date(2026, 10, 7)) {
		t.Errorf("weekend rule: %v, want 2026-10-07", plain)
	}
	env.Calendar = Calendar{Off: map[string]bool{"2026-10-01": true, "2026-10-02": true, "2026-10-05": true,
		"2026-10-06": true, "2026-10-07": true}, On: map[string]bool{"2026-10-10": true}}
	got, _ := Due(d, env)
	// 29, 30 Sep, 8, 9, 10 (Saturday, make-up), 12, 13 Oct.
	if !got.Equal(date(2026, 10, 13)) {
		t.Errorf("with National Day: %v, want 2026-10-13", got)
	}
}

func TestOverdueAndRemaining(t *testing.T) {
	env := testEnv() // Tuesday 2026-06-30
	d := complete(Consultation)
	d.Notice.EndsOn = date(2026, 6, 20)
	if since, days, ok := Overdue(d, env); !ok || days != 10 || !since.Equal(date(2026, 6, 20)) {
		t.Errorf("Overdue = %v, %d, %v; want 2026-06-20, 10, true", since, days, ok)
	}
	d.Notice.EndsOn = date(2026, 7, 3) // Friday
	if _, _, ok := Overdue(d, env); ok {
		t.Error("a future due date is overdue")
	}
	if n := Remaining(date(2026, 7, 3), env); n != 3 {
		t.Errorf("Remaining = %d, want 3", n)
	}
	// Legality review past its earliest meeting date is not overdue until the stage limit.
	d = complete(LegalityReview)
	d.StateSince = date(2026, 6, 1)
	if _, _, ok := Overdue(d, env); ok {
		t.Error("legality review overdue before the stage limit")
	}
	d.StateSince = date(2026, 3, 1)
	if _, days, ok := Overdue(d, env); !ok || days != 31 {
		t.Errorf("legality review Overdue = %d, %v; want 31", days, ok)
	}
}
