package views

import (
	"testing"
	"time"
)

// WaitingUntil is exactly when Waiting next reads otherwise: the same text just before, a new
// one at it, over the hours and the days.
func TestWaitingUntil(t *testing.T) {
	since := time.Date(2026, 3, 2, 9, 17, 30, 0, time.UTC)
	for _, d := range []time.Duration{0, time.Minute, 59 * time.Minute, time.Hour, 5*time.Hour + 3*time.Second,
		23*time.Hour + 59*time.Minute, 24 * time.Hour, 30 * time.Hour, 47*time.Hour + 59*time.Minute, 400 * time.Hour} {
		now := since.Add(d)
		until := WaitingUntil(since, now)
		if !until.After(now) {
			t.Fatalf("after %v: until %v is not later than now", d, until)
		}
		if got, want := Waiting(since, until.Add(-time.Nanosecond)), Waiting(since, now); got != want {
			t.Fatalf("after %v: %q just before until, %q at now", d, got, want)
		}
		if Waiting(since, until) == Waiting(since, now) {
			t.Fatalf("after %v: still %q at until %v", d, Waiting(since, now), until)
		}
	}
	if now := since.Add(-time.Minute); WaitingUntil(since, now).After(now) {
		t.Fatal("a stage not yet begun is kept")
	}
}
