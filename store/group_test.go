package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"juece/workflow"
)

// holdWriter runs a write that waits until release is closed, and returns once the writer has
// taken it: the writes asked for meanwhile queue up and are taken as one group.
func holdWriter(t *testing.T, db *DB) (release func(), done <-chan error) {
	t.Helper()
	started, hold, out := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		out <- db.InTx(context.Background(), func(*Tx) error {
			close(started)
			<-hold
			return nil
		})
	}()
	<-started
	return func() { close(hold) }, out
}

// waitQueued waits until n writes wait for the writer.
func waitQueued(t *testing.T, db *DB, n int64) {
	t.Helper()
	for db.writer.waiting.Load() < n {
		time.Sleep(time.Millisecond)
	}
}

// TestGroupCommitIsolatesEachWrite queues writes behind a held writer, so that they run as one
// group, and checks that each write stands alone: a write that fails or panics leaves nothing,
// one whose request went away is not run, the others are all there, and the history's chain
// and recorded rows verify with no gap.
func TestGroupCommitIsolatesEachWrite(t *testing.T) {
	f := newDecisionFixture(t)
	before := f.db.WriteStats()
	release, held := holdWriter(t, f.db)

	const n = 12
	type outcome struct {
		err      error
		panicked any
		id       int64
	}
	outcomes := make([]outcome, n)
	gone, cancel := context.WithCancel(f.ctx)
	var wg sync.WaitGroup
	for i := range n {
		ctx := f.ctx
		if i == 7 {
			ctx = gone
		}
		at := f.now.Add(time.Duration(i+1) * time.Minute)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { outcomes[i].panicked = recover() }()
			outcomes[i].err = f.db.InTx(ctx, func(tx *Tx) error {
				id, err := tx.CreateDecision(ctx, f.clerk, at, NewDecision{Title: fmt.Sprintf("分组写入第%d项", i),
					Category: workflow.CategoryPlanning, UnitID: f.unit,
					Proposal: workflow.Proposal{Kind: workflow.ProposerDepartment, Proposer: "市住房城乡建设局"}})
				if err != nil {
					return err
				}
				outcomes[i].id = id
				switch i {
				case 3:
					return errors.New("refused after writing")
				case 5:
					panic("panicked after writing")
				}
				return nil
			})
		}()
	}
	waitQueued(t, f.db, n)
	cancel()
	release()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	wg.Wait()

	after := f.db.WriteStats()
	if got := after.Groups - before.Groups; got != 2 {
		t.Errorf("groups: %d, want 2 (the held write, then the %d queued behind it)", got, n)
	}
	if after.Largest < n {
		t.Errorf("largest group: %d, want %d", after.Largest, n)
	}
	for i, o := range outcomes {
		switch i {
		case 3:
			if o.err == nil || o.err.Error() != "refused after writing" {
				t.Errorf("write %d: %v, want its own error", i, o.err)
			}
		case 5:
			if o.panicked != "panicked after writing" {
				t.Errorf("write %d: recovered %v, want its panic in its own goroutine", i, o.panicked)
			}
		case 7:
			if !errors.Is(o.err, context.Canceled) || o.id != 0 {
				t.Errorf("write %d: %v (decision %d), want context.Canceled and not run", i, o.err, o.id)
			}
		default:
			if o.err != nil || o.panicked != nil {
				t.Errorf("write %d: %v %v", i, o.err, o.panicked)
			}
		}
		if o.id == 0 {
			continue
		}
		// A rolled-back write's id may be taken again by a later write: its title tells.
		d, err := f.db.Decision(f.ctx, o.id)
		found := err == nil && d.Title == fmt.Sprintf("分组写入第%d项", i)
		if kept := i != 3 && i != 5; kept != found {
			t.Errorf("write %d: decision %d kept %v, found %v (%v)", i, o.id, kept, found, err)
		}
	}
	if _, err := f.db.VerifyChain(f.ctx, nil); err != nil {
		t.Errorf("chain: %v", err)
	}
	res, err := f.db.VerifyRecords(f.ctx)
	if err != nil || len(res.Bare) > 0 {
		t.Errorf("recorded rows: %v %+v", err, res)
	}
	for _, p := range res.Problems {
		if p.Table != "units" && p.Table != "users" { // the fixture's, inserted without events
			t.Errorf("recorded rows: %+v", p)
		}
	}
}

// TestGroupCommitRulesChangedEarlierInTheGroup: a write that changes the settings is seen by a
// later write of the same group, before anything has committed.
func TestGroupCommitRulesChangedEarlierInTheGroup(t *testing.T) {
	f := newDecisionFixture(t)
	env, err := f.db.Rules(f.ctx) // the rules are kept in memory from here on
	if err != nil {
		t.Fatal(err)
	}
	changed := env.Settings
	changed.MinCommentDays = env.Settings.MinCommentDays + 7
	admin := workflow.Actor{UserID: f.secretary.UserID, Name: f.secretary.Name, Role: workflow.RoleAdmin}

	release, held := holdWriter(t, f.db)
	var wg sync.WaitGroup
	var seen int
	var saveErr, readErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		saveErr = f.db.InTx(f.ctx, func(tx *Tx) error { return tx.SaveSettings(f.ctx, admin, f.at(), changed) })
	}()
	waitQueued(t, f.db, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		readErr = f.db.InTx(f.ctx, func(tx *Tx) error {
			env, err := tx.rules(f.ctx)
			seen = env.Settings.MinCommentDays
			return err
		})
	}()
	waitQueued(t, f.db, 2)
	release()
	<-held
	wg.Wait()
	if saveErr != nil || readErr != nil {
		t.Fatal(saveErr, readErr)
	}
	if seen != changed.MinCommentDays {
		t.Errorf("the later write saw MinCommentDays %d, want %d", seen, changed.MinCommentDays)
	}
	if env, _ := f.db.Rules(f.ctx); env.Settings.MinCommentDays != changed.MinCommentDays {
		t.Errorf("after the group: %d, want %d", env.Settings.MinCommentDays, changed.MinCommentDays)
	}
}
