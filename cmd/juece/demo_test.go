package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"juece/store"
	"juece/workflow"
)

// countEvents counts the whole history, decisions' and accounts' events alike.
func countEvents(t *testing.T, path string) int {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow("SELECT count(*) FROM events").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSeedDemo(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "juece.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 26, 15, 30, 0, 0, workflow.Shanghai)
	seeded, err := seedDemo(ctx, db, now)
	if err != nil || !seeded {
		t.Fatalf("first seed: %v, %v", seeded, err)
	}
	events := countEvents(t, path)
	seeded, err = seedDemo(ctx, db, now.Add(time.Hour))
	if err != nil || seeded {
		t.Fatalf("second seed: %v, %v; want false, nil", seeded, err)
	}
	if n := countEvents(t, path); n != events {
		t.Fatalf("second seed wrote %d events", n-events)
	}

	for _, name := range append(demoUsernames(), "legalhead") {
		u, err := db.UserByName(ctx, name)
		if err != nil {
			t.Fatalf("demo user %s: %v", name, err)
		}
		if !store.CheckPassword(u.PasswordHash, store.DemoPassword) {
			t.Errorf("demo user %s does not have the demo password", name)
		}
		if (name == "legalhead") != u.IsLegalHead || (u.IsLegalHead && u.UnitKind != store.UnitLegal) {
			t.Errorf("demo user %s: legal head %v in %s", name, u.IsLegalHead, u.UnitKind)
		}
	}

	rows, total, err := db.Decisions(ctx, store.DecisionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if total < 8 || len(rows) != total {
		t.Fatalf("%d demo decisions listed of %d, want at least 8", len(rows), total)
	}
	states := map[workflow.State]int{}
	for _, r := range rows {
		d, err := db.Decision(ctx, r.ID)
		if err != nil {
			t.Fatalf("decision %d %s: %v", r.ID, r.Title, err)
		}
		if d.State != r.State || d.StateSince.After(now) || d.CreatedAt.After(now) {
			t.Errorf("decision %s: state %s since %v, created %v", d.Title, d.State, d.StateSince, d.CreatedAt)
		}
		history, err := db.History(ctx, r.ID)
		if err != nil || len(history) == 0 {
			t.Fatalf("history of %s: %d events, %v", d.Title, len(history), err)
		}
		for i, e := range history {
			if e.At.After(now) || (i > 0 && e.At.Before(history[i-1].At)) {
				t.Errorf("decision %s: event %d (%s) at %v is out of order or in the future", d.Title, i, e.Action, e.At)
			}
		}
		states[d.State]++
		if d.State == workflow.Consultation && (d.Notice == nil || !d.Notice.EndsOn.After(now) || d.Notice.StartsOn.After(now)) {
			t.Errorf("decision %s: the public comment period should be open now: %+v", d.Title, d.Notice)
		}
	}
	if len(states) < 8 {
		t.Fatalf("demo decisions are in %d states, want at least 8: %v", len(states), states)
	}
	// Every page has something true to show.
	for _, s := range []workflow.State{workflow.Proposed, workflow.Drafting, workflow.Consultation, workflow.Hearing,
		workflow.RiskAssessment, workflow.LegalityReview, workflow.CollectiveDiscussion, workflow.Implementation,
		workflow.Closed, workflow.Deferred, workflow.Withdrawn, workflow.Declined} {
		if states[s] == 0 {
			t.Errorf("no demo decision in state %s", s)
		}
	}
}

// TestSeedDemoAnyDay seeds on every day of a week and around the new year: the timelines move
// steps off weekends, and every gate must still pass.
func TestSeedDemoAnyDay(t *testing.T) {
	ctx := context.Background()
	days := []time.Time{time.Date(2027, 1, 1, 0, 5, 0, 0, workflow.Shanghai)}
	for i := range 7 {
		days = append(days, time.Date(2026, 11, 23+i, 8, 0, 0, 0, workflow.Shanghai))
	}
	for _, now := range days {
		db, err := store.Open(ctx, filepath.Join(t.TempDir(), "juece.db"))
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := seedDemo(ctx, db, now); err != nil || !ok {
			t.Errorf("seed on %s: %v, %v", now.Format("2006-01-02 Mon"), ok, err)
		}
		db.Close()
	}
}
