package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"juece/store"
	"juece/workflow"
)

// TestSeedDemoNormative: the demo holds normative documents in every stage of their procedure,
// numbered by the register, one filed late with its reason, one repealed with its reason, one
// whose disagreement waits for the leaders, one objection answered and published, one pending.
func TestSeedDemoNormative(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "juece.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 26, 15, 30, 0, 0, workflow.Shanghai)
	if ok, err := seedDemo(ctx, db, now); err != nil || !ok {
		t.Fatalf("seed: %v %v", ok, err)
	}
	rows, err := db.Normatives(ctx, store.NormativeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	env := workflow.Env{Now: now, Settings: workflow.DefaultSettings}
	states := map[workflow.State]int{}
	var late, repealed, unfiled, escalated, answered, pending int
	for _, r := range rows {
		d, err := db.Decision(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		states[d.State]++
		if doc := d.Normative.Doc; doc != nil {
			if !strings.HasPrefix(doc.Number, d.Normative.Prefix+"〔") {
				t.Errorf("%s: number %q", d.Title, doc.Number)
			}
			switch {
			case doc.Filing == nil:
				unfiled++
			case doc.Filing.LateReason != "" && doc.FiledLate(env):
				late++
			}
			if doc.Status == workflow.Repealed && doc.StatusNote != "" && doc.Filing.Review != nil && doc.Filing.Review.Conclusion == workflow.FilingAnnul {
				repealed++
			}
		}
		for _, o := range d.Normative.Objections {
			switch {
			case o.Reply != nil && o.Reply.Published:
				answered++
			case o.Reply == nil && !o.Overdue(env):
				pending++
			}
		}
		for _, c := range d.Normative.Coordination {
			if !c.Settled() {
				escalated++
			}
		}
	}
	for _, s := range []workflow.State{workflow.Drafting, workflow.Consultation, workflow.LegalityReview, workflow.CollectiveDiscussion, workflow.Published} {
		if states[s] == 0 {
			t.Errorf("no demo normative document in %s: %v", s, states)
		}
	}
	if late != 1 || repealed != 1 || unfiled != 1 || escalated != 1 {
		t.Errorf("late %d, repealed %d, unfiled %d, escalated %d; want one each", late, repealed, unfiled, escalated)
	}
	if answered != 1 || pending != 1 {
		t.Errorf("objections: %d answered and published, %d awaiting the legal office in time; want one each", answered, pending)
	}
}
