package store

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"juece/workflow"
)

// After every write, by whoever and to whatever, the next list, worklist and search count
// answer from the database again: none is older than the write.
func TestListsAfterEveryWrite(t *testing.T) {
	f := newSearchFixture(t)
	list := func() ([]DecisionRow, int) {
		t.Helper()
		rows, total, err := f.db.Decisions(f.ctx, DecisionFilter{Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		return rows, total
	}
	work := func() []int64 {
		t.Helper()
		rows, _, err := f.db.Worklist(f.ctx, []workflow.State{workflow.Proposed, workflow.Drafting}, f.unit, 100)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, r := range rows {
			ids = append(ids, r.ID)
		}
		return ids
	}
	count := func(q string) int {
		t.Helper()
		n, err := f.db.SearchCount(f.ctx, q, 0)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	_, before := list()
	w := work()
	if n := count("夜班公交"); n != 0 {
		t.Fatalf("count before any comment on night buses: %d", n)
	}
	if hits := f.search("票价", 0); len(hits) == 0 {
		t.Fatal("no hit for 票价")
	}
	for _, q := range []string{"夜班公交", "夜班"} {
		if hits := f.search(q, 0); len(hits) != 0 {
			t.Fatalf("%q before any comment on night buses: %v", q, kinds(hits))
		}
	}
	// Asked twice: the second answer is the kept one, and a caller changing it changes nothing.
	rows, _ := list()
	rows[0].Title = "改过的"
	if again, _ := list(); again[0].Title == "改过的" {
		t.Fatal("a caller's change reached the kept list")
	}

	id := f.create("新建的公交线网优化", f.unit)
	if rows, total := list(); total != before+1 || rows[0].ID != id {
		t.Fatalf("after a new decision: total %d (was %d), first %d, want %d", total, before, rows[0].ID, id)
	}
	if got := work(); len(got) != len(w)+1 || !slices.Contains(got, id) {
		t.Fatalf("worklist after a new decision: %v, was %v", got, w)
	}

	// A write that leaves the version alone: a public comment.
	err := f.write(f.fare, func(tx *Tx, d *workflow.Decision) error {
		_, err := tx.AddComment(f.ctx, workflow.Actor{Name: "公众"}, f.at(), d, workflow.Comment{Source: "portal", Body: "建议夜班公交延长"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := count("夜班公交"); n != 1 {
		t.Fatalf("count after a comment on night buses: %d, want 1", n)
	}
	for _, q := range []string{"夜班公交", "夜班"} {
		if hits := f.search(q, 0); len(hits) != 1 || hits[0].Kind != SearchComment {
			t.Fatalf("%q after a comment on night buses: %v", q, kinds(hits))
		}
	}

	// A title edited: the list shows it at once.
	err = f.write(id, func(tx *Tx, d *workflow.Decision) error {
		return tx.UpdateProposal(f.ctx, f.clerk, f.at(), d, "公交线网优化（修订）", d.Category, d.Proposal)
	})
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := list(); rows[0].Title != "公交线网优化（修订）" {
		t.Fatalf("after the edit the list shows %q", rows[0].Title)
	}
}

// A term found in more records than SearchCountMax is counted up to SearchCountMax+1, which
// the page shows as 超过; the hits are still the newest.
func TestSearchCountBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a thousand comments")
	}
	f := newSearchFixture(t)
	err := f.write(f.fare, func(tx *Tx, d *workflow.Decision) error {
		for i := range SearchCountMax + 5 {
			if _, err := tx.AddComment(f.ctx, workflow.Actor{Name: "公众"}, f.at(), d, workflow.Comment{Source: "portal",
				Body: fmt.Sprintf("第%d条：建议夜班公交延长", i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"夜班公交", "夜班"} {
		n, err := f.db.SearchCount(f.ctx, q, 0)
		if err != nil || n != SearchCountMax+1 {
			t.Errorf("%q: count %d (%v), want %d", q, n, err, SearchCountMax+1)
		}
		if hits := f.search(q, 0); len(hits) == 0 || hits[0].DecisionID != f.fare {
			t.Errorf("%q: hits %v", q, kinds(hits))
		}
	}
}

// Writers and readers at once: each writer's next list has the decision it just created.
func TestListsOwnWriteUnderConcurrency(t *testing.T) {
	f := newDecisionFixture(t)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range 4 {
		wg.Go(func() {
			for i := range 8 {
				var id int64
				err := f.db.InTx(f.ctx, func(tx *Tx) (err error) {
					id, err = tx.CreateDecision(f.ctx, f.clerk, f.now, NewDecision{Title: fmt.Sprintf("事项 %d-%d", w, i),
						Category: workflow.CategoryPlanning, UnitID: f.unit,
						Proposal: workflow.Proposal{Kind: workflow.ProposerDepartment, Proposer: "市住房城乡建设局"}})
					return err
				})
				if err != nil {
					errs <- err
					return
				}
				rows, _, err := f.db.Decisions(f.ctx, DecisionFilter{UnitID: f.unit, Limit: 200})
				if err != nil {
					errs <- err
					return
				}
				if !slices.ContainsFunc(rows, func(r DecisionRow) bool { return r.ID == id }) {
					errs <- fmt.Errorf("writer %d: decision %d missing from the list read after it was created", w, id)
					return
				}
			}
		})
	}
	for range 2 {
		wg.Go(func() {
			for range 40 {
				if _, _, err := f.db.Worklist(f.ctx, []workflow.State{workflow.Proposed}, 0, 100); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
