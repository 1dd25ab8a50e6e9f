package store

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"juece/workflow"
)

// fresh loads decision id from the database, past the kept snapshots.
func (f *decisionFixture) fresh(id int64) *workflow.Decision {
	f.t.Helper()
	var d *workflow.Decision
	err := f.db.readTx(f.ctx, func(q querier) (err error) {
		d, err = loadDecision(f.ctx, q, id, AllParts)
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

// TestSnapshotAfterEveryWrite reads the decision through the kept snapshots after each write
// of every kind, those that leave the version alone included, and wants what the database holds.
func TestSnapshotAfterEveryWrite(t *testing.T) {
	f := newDecisionFixture(t)
	id := f.create("关于调整城市公共交通票价的决策", f.unit)
	check := func(what string) {
		t.Helper()
		f.load(id) // keeps a snapshot, or finds the one kept
		if got, want := f.load(id), f.fresh(id); !reflect.DeepEqual(got, want) {
			t.Fatalf("after %s the page's decision differs from the database:\n got %+v\nwant %+v", what, got, want)
		}
	}
	check("create")
	for _, w := range everyWrite(f) {
		if err := f.write(id, w.write); err != nil {
			t.Fatalf("%s: %v", w.action, err)
		}
		check(w.action)
		if w.action == "save_notice" {
			version := f.load(id).Version
			err := f.db.InTx(f.ctx, func(tx *Tx) error {
				_, err := tx.AddPublicComment(f.ctx, f.at(), id, workflow.Comment{Author: "市民", Body: "建议分时段定价"})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			d := f.load(id)
			if d.Version != version || len(d.Comments) == 0 || d.Comments[len(d.Comments)-1].Body != "建议分时段定价" {
				t.Fatalf("after a public comment: version %d (was %d), comments %+v", d.Version, version, d.Comments)
			}
			check("a public comment")
		}
	}
}

// TestSnapshotIsTheCallersOwn changes what a reader got and wants the next reader unaffected.
func TestSnapshotIsTheCallersOwn(t *testing.T) {
	f := newDecisionFixture(t)
	id := f.create("关于调整城市公共交通票价的决策", f.unit)
	if err := f.write(id, everyWrite(f)[0].write); err != nil {
		t.Fatal(err)
	}
	a := f.load(id)
	a.Title, a.Proposal.Problem = "改过", "改过"
	a.Revisions = append(a.Revisions, workflow.Revision{Body: "不该出现"})
	if b := f.load(id); b.Title == "改过" || b.Proposal.Problem == "改过" || len(b.Revisions) != 0 {
		t.Fatalf("a reader's change reached the kept snapshot: %+v", b)
	}
	if n, _ := f.db.snapshots.stats(); n != 1 {
		t.Fatalf("%d snapshots kept, want 1", n)
	}
}

// TestSnapshotsConcurrentWritesAndReads runs writers and readers at once: every reader sees its
// own last write at least, and versions never go back for it.
func TestSnapshotsConcurrentWritesAndReads(t *testing.T) {
	f := newDecisionFixture(t)
	ids := []int64{f.create("甲", f.unit), f.create("乙", f.unit)}
	var clock sync.Mutex
	at := func() time.Time { clock.Lock(); defer clock.Unlock(); return f.at() }
	const writers, writes = 4, 15
	var wg sync.WaitGroup
	errs := make(chan error, writers*writes+8)
	for w := range writers {
		wg.Go(func() {
			id := ids[w%len(ids)]
			for i := range writes {
				title := fmt.Sprintf("写者%d第%d次", w, i)
				var version int64
				err := f.db.InTx(f.ctx, func(tx *Tx) error {
					d, err := tx.Decision(f.ctx, id)
					if err != nil {
						return err
					}
					if err := tx.UpdateProposal(f.ctx, f.clerk, at(), d, title, d.Category, d.Proposal); err != nil {
						return err
					}
					version = d.Version
					return nil
				})
				if err != nil {
					errs <- err
					return
				}
				d, err := f.db.Decision(f.ctx, id)
				if err != nil {
					errs <- err
					return
				}
				if d.Version < version {
					errs <- fmt.Errorf("writer %d read version %d after writing version %d", w, d.Version, version)
				}
				if d.Version == version && d.Title != title {
					errs <- fmt.Errorf("writer %d read %q at version %d, wrote %q", w, d.Title, version, title)
				}
			}
		})
	}
	for r := range 4 {
		wg.Go(func() {
			seen := map[int64]int64{}
			for range 60 {
				for _, id := range ids {
					d, err := f.db.Decision(context.Background(), id)
					if err != nil {
						errs <- err
						return
					}
					if d.Version < seen[id] {
						errs <- fmt.Errorf("reader %d: decision %d went back from version %d to %d", r, id, seen[id], d.Version)
					}
					seen[id] = d.Version
					d.Title = "读者改的" // must not reach anyone else
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, id := range ids {
		if got, want := f.load(id), f.fresh(id); !reflect.DeepEqual(got, want) {
			t.Errorf("decision %d at the end: got %q v%d, want %q v%d", id, got.Title, got.Version, want.Title, want.Version)
		}
	}
}

// TestSnapshotsBounded keeps more decisions than fit and wants the bound held, the most
// recently used kept, and every decision still read right.
func TestSnapshotsBounded(t *testing.T) {
	f := newDecisionFixture(t)
	var ids []int64
	for i := range 30 {
		ids = append(ids, f.create(fmt.Sprintf("决策%d", i), f.unit))
	}
	one := sizeOf(reflect.ValueOf(f.fresh(ids[0])))
	f.db.snapshots = newSnapshots(10 * one)
	for _, id := range ids {
		f.load(id)
		if _, used := f.db.snapshots.stats(); used > 10*one {
			t.Fatalf("%d bytes kept, bound %d", used, 10*one)
		}
	}
	n, _ := f.db.snapshots.stats()
	if n < 5 || n > 10 {
		t.Fatalf("%d snapshots kept of 30, each about %d bytes in %d: want 5 to 10", n, one, 10*one)
	}
	if f.db.snapshots.m[snapshotKey{ids[29], AllParts}] == nil || f.db.snapshots.m[snapshotKey{ids[0], AllParts}] != nil {
		t.Fatal("the least recently used snapshot was kept, or the latest dropped")
	}
	for i, id := range ids {
		if d := f.load(id); d.Title != fmt.Sprintf("决策%d", i) {
			t.Fatalf("decision %d read as %q", id, d.Title)
		}
	}
}

// TestSnapshotSeesAnotherProcesssWrite writes through a second handle on the same file (as the
// CLI does beside a running server): the first one's kept snapshot must not be served after it.
func TestSnapshotSeesAnotherProcesssWrite(t *testing.T) {
	f := newDecisionFixture(t)
	id := f.create("关于调整城市公共交通票价的决策", f.unit)
	f.load(id)
	other, err := Open(f.ctx, f.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	err = other.InTx(f.ctx, func(tx *Tx) error {
		d, err := tx.Decision(f.ctx, id)
		if err != nil {
			return err
		}
		return tx.UpdateProposal(f.ctx, f.clerk, f.at(), d, "另一进程改的标题", d.Category, d.Proposal)
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := f.load(id); d.Title != "另一进程改的标题" {
		t.Fatalf("after another process's write the title is %q", d.Title)
	}
	// A write that leaves the version alone, from the other process too.
	err = other.InTx(f.ctx, func(tx *Tx) error {
		_, err := tx.AddPublicComment(f.ctx, f.at(), id, workflow.Comment{Author: "市民", Body: "另一进程的意见"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := f.load(id); len(d.Comments) != 1 || d.Comments[0].Body != "另一进程的意见" {
		t.Fatalf("after another process's public comment: %+v", d.Comments)
	}
}

// TestSnapshotDroppedAtCommit wants a write to free the snapshots of what it changed.
func TestSnapshotDroppedAtCommit(t *testing.T) {
	f := newDecisionFixture(t)
	a, b := f.create("甲", f.unit), f.create("乙", f.unit)
	f.load(a)
	f.load(b)
	if err := f.write(a, everyWrite(f)[0].write); err != nil {
		t.Fatal(err)
	}
	if f.db.snapshots.m[snapshotKey{a, AllParts}] != nil || f.db.snapshots.m[snapshotKey{b, AllParts}] == nil {
		t.Fatal("after a write to 甲 its snapshot is still kept, or 乙's is gone")
	}
}
