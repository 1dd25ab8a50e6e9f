package store

import (
	"testing"

	"juece/workflow"
)

// BenchmarkTransition writes one state change per transaction, as a transition POST does: the
// decision loaded, its version raised, its state changed, the history event hashed onto the
// chain, and the commit synced (synchronous=FULL).
func BenchmarkTransition(b *testing.B) {
	f := newDecisionFixture(b)
	id := f.create("城市公共交通票价调整方案", f.unit)
	err := f.write(id, func(tx *Tx, d *workflow.Decision) error {
		return tx.transition(f.ctx, f.secretary, f.at(), d, workflow.Implement, workflow.Implementation, "")
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		ev, to := workflow.Suspend, workflow.Suspended
		if n%2 == 1 {
			ev, to = workflow.Resume, workflow.Implementation
		}
		n++
		err := f.write(id, func(tx *Tx, d *workflow.Decision) error {
			return tx.transition(f.ctx, f.secretary, f.at(), d, ev, to, "依法暂停执行")
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecisionLoad reads a decision with a record of every kind, as a page does: from the
// kept snapshot (its counter's query and a copy) and from the database (every part's query).
func BenchmarkDecisionLoad(b *testing.B) {
	f := newDecisionFixture(b)
	id := f.create("城市公共交通票价调整方案", f.unit)
	for _, w := range everyWrite(f) {
		if err := f.write(id, w.write); err != nil {
			b.Fatalf("%s: %v", w.action, err)
		}
	}
	b.Run("snapshot", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			f.load(id)
		}
	})
	b.Run("database", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			f.fresh(id)
		}
	})
}
