package store

import (
	"fmt"
	"os"
	"testing"
	"time"

	"juece/workflow"
)

// TestWALCheckpointedOffTheWriter: the writer's own automatic checkpoints are off, and the
// committed pages still reach the database file, copied by the checkpointer while the
// database stays open.
func TestWALCheckpointedOffTheWriter(t *testing.T) {
	f := newDecisionFixture(t)
	var auto int
	if err := f.db.InTx(f.ctx, func(tx *Tx) error {
		return tx.tx.QueryRowContext(f.ctx, "PRAGMA wal_autocheckpoint").Scan(&auto)
	}); err != nil {
		t.Fatal(err)
	}
	if auto != 0 {
		t.Fatalf("the writer checkpoints itself every %d pages, want never (0)", auto)
	}
	size := func() int64 {
		st, err := os.Stat(f.db.Path())
		if err != nil {
			t.Fatal(err)
		}
		return st.Size()
	}
	// Let any checkpoint of the fixture's own writes finish, then write enough for new pages.
	time.Sleep(2 * walCheckpointEvery)
	before := size()
	for i := range 200 {
		if err := f.db.InTx(f.ctx, func(tx *Tx) error {
			_, err := tx.CreateDecision(f.ctx, f.clerk, f.at(), NewDecision{Title: fmt.Sprintf("检查点测试决策事项第%d项：关于城市更新的实施意见", i),
				Category: workflow.CategoryPlanning, UnitID: f.unit,
				Proposal: workflow.Proposal{Kind: workflow.ProposerDepartment, Proposer: "市住房城乡建设局"}})
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(30 * time.Second) // a bound on waiting, not a measurement
	for size() <= before {
		if time.Now().After(deadline) {
			t.Fatalf("the database file stayed at %d bytes: nothing was checkpointed while it was open", before)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
