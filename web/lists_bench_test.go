package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"juece/store"
	"juece/workflow"
)

// seedList registers n decisions in the clerk's unit, a minute apart, every third started
// (drafting) by the secretary: more than a worklist (100 rows) or a list page (50) shows.
func (a *app) seedList(n int) {
	a.t.Helper()
	ctx, clerk, sec := context.Background(), a.users["clerk"], a.users["secretary"].Actor()
	start := a.clock.Now().Add(-time.Duration(n) * time.Minute)
	err := a.db.InTx(ctx, func(tx *store.Tx) error {
		for i := range n {
			at := start.Add(time.Duration(i) * time.Minute)
			id, err := tx.CreateDecision(ctx, clerk.Actor(), at, store.NewDecision{Title: fmt.Sprintf("城市公共交通票价调整方案（第%d批）", i+1),
				Category: workflow.Category("public_service"), UnitID: clerk.UnitID,
				Proposal: workflow.Proposal{Kind: "department", Proposer: "市交通运输局", Problem: "问题", DecisionOrgan: "市人民政府"}})
			if err != nil {
				return err
			}
			if i%3 == 0 {
				d, err := tx.Decision(ctx, id)
				if err != nil {
					return err
				}
				if err := tx.SetStateForTest(ctx, sec, at, d, workflow.Start, workflow.Drafting, ""); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		a.t.Fatal(err)
	}
}

// BenchmarkListPages serves the worklists and the decision list through the router on 300
// decisions: session, unread count, the rows (kept by the store until the next write) and the
// rendering of 100 or 50 rows.
func BenchmarkListPages(b *testing.B) {
	a := newApp(b)
	a.seedList(300)
	clerk, sec := a.login("clerk"), a.login("secretary")
	for _, bc := range []struct {
		name string
		c    *client
		path string
	}{
		{"worklist-clerk", clerk, "/"},
		{"worklist-secretary", sec, "/"},
		{"list", sec, "/decisions"},
		{"list-filtered", clerk, "/decisions?state=drafting&kind=major&page=2"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if status, _ := bc.c.fetch(bc.path); status != http.StatusOK {
					b.Fatalf("%s: %d", bc.path, status)
				}
			}
		})
	}
}
