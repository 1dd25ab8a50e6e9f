package main

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"juece/store"
	"juece/workflow"
)

// TestSeedBulk loads a few hundred decisions as `juece seed --decisions` does and checks what
// the load promises: decisions in many stages and units, a history that verifies, a search
// index rebuilt over the loaded records, and no second load into an existing database.
func TestSeedBulk(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bulk.db")
	var out, progress bytes.Buffer
	if err := seedBulkFile(ctx, path, 300, &out, &progress); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(progress.String(), "300/300") {
		t.Errorf("no progress shown: %q", progress.String())
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, _, err := db.Worklist(ctx, workflow.States, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	states, units := map[workflow.State]int{}, map[string]int{}
	for _, r := range rows {
		states[r.State]++
		units[r.UnitName]++
	}
	if len(rows) < 300 || len(states) < 8 || len(units) < 10 {
		t.Errorf("%d decisions in %d states and %d units: want ≥300 spread over ≥8 states and ≥10 units (%v)",
			len(rows), len(states), len(units), states)
	}
	head, err := db.VerifyChain(ctx, nil)
	if err != nil {
		t.Fatalf("the loaded history does not verify: %v", err)
	}
	if head.Seq < 300*10 {
		t.Errorf("%d events for 300 decisions, want about ten or more each", head.Seq)
	}
	hits, err := db.Search(ctx, "老旧小区改造", 0, 5)
	if err != nil || len(hits) == 0 {
		t.Errorf("search over the loaded data: %d hits, %v", len(hits), err)
	}
	// The search index follows writes again after the load.
	clerk, err := db.UserByName(ctx, "clerk")
	if err != nil {
		t.Fatal(err)
	}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateDecision(ctx, clerk.Actor(), clerk.CreatedAt, store.NewDecision{Title: "滨江湿地公园保护利用规划",
			Category: workflow.CategoryResources, UnitID: clerk.UnitID, Proposal: workflow.Proposal{Kind: "department", Proposer: "市林业局"}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if hits, err := db.Search(ctx, "湿地公园", 0, 5); err != nil || len(hits) != 1 {
		t.Errorf("a decision registered after the load: %d hits, %v", len(hits), err)
	}
	if err := seedBulkFile(ctx, path, 10, &out, &progress); err == nil {
		t.Error("a second load into an existing database was accepted")
	}
}

// TestSeedBulkReplays takes the history of every loaded decision through the pipeline again:
// each state change is an arrow of workflow.Transitions from the state the one before left,
// fired by a role that may fire it, and the last one leaves the decision where it is stored.
// The loader applies its commands through store's Apply, so the gates ruled on each; a history
// with a jump no arrow allows (as the loader once wrote) fails here.
func TestSeedBulkReplays(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bulk.db")
	var out, progress bytes.Buffer
	if err := seedBulkFile(ctx, path, 200, &out, &progress); err != nil {
		t.Fatal(err) // a refused command stops the load and names the gate
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, _, err := db.Worklist(ctx, workflow.States, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	moves := 0
	for _, r := range rows {
		events, err := db.History(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		state := workflow.Proposed
		for _, e := range events {
			if e.ToState == "" || e.Action == "create" { // registering puts it in proposed
				continue
			}
			tr, ok := workflow.TransitionOf(workflow.Event(e.Action))
			if !ok || e.FromState != state || tr.To != e.ToState || !slices.Contains(tr.From, state) || !slices.Contains(tr.Roles, e.Role) {
				t.Fatalf("decision %d: %s by %s from %s to %s does not follow the pipeline (at %s)", r.ID, e.Action, e.Role, e.FromState, e.ToState, state)
			}
			state = e.ToState
			moves++
		}
		if state != r.State {
			t.Errorf("decision %d is stored in %s, its history ends in %s", r.ID, r.State, state)
		}
	}
	if moves < len(rows)*2 {
		t.Errorf("%d state changes for %d decisions: the load hardly moved them", moves, len(rows))
	}
}
