package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSigner: every committed write wakes the signer, whoever makes it, and it signs once
// Every events have gathered; the clock signs a smaller unsigned tail; Stop signs what is due.
func TestSigner(t *testing.T) {
	f := newDecisionFixture(t)
	dataDir := filepath.Dir(f.db.Path())
	key := filepath.Join(t.TempDir(), "elsewhere", "signer.key")
	units := func(n int) {
		t.Helper()
		for range n { // one transaction each, as separate callers would write
			err := f.db.InTx(f.ctx, func(tx *Tx) error {
				_, err := tx.CreateUnit(f.ctx, f.secretary, f.at(), fmt.Sprintf("单位%d", f.now.UnixNano()), UnitUndertaking)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	latest := func() int64 {
		t.Helper()
		n, err := lastCheckpointSize(CheckpointDir(dataDir))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	waitFor := func(size int64) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); latest() != size; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("latest checkpoint %d, want %d", latest(), size)
			}
		}
	}

	s, err := f.db.StartSigner(SignerConfig{DataDir: dataDir, KeyFile: key, Every: 10, Interval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.StartSigner(SignerConfig{DataDir: dataDir}); err == nil {
		t.Fatal("a second signer started on one database")
	}
	base := mustHead(t, f.db).Seq
	units(10 - int(base))
	waitFor(10)
	units(9)
	s.Stop() // 9 events: not due by count
	if latest() != 10 {
		t.Fatalf("stop signed %d", latest())
	}
	units(1)
	s.Stop() // a second Stop does nothing
	if latest() != 10 {
		t.Fatal("a stopped signer signed")
	}

	// The clock signs whatever is unsigned, with the named key; checkpoints verify.
	s, err = f.db.StartSigner(SignerConfig{DataDir: dataDir, KeyFile: key, Every: 1000, Interval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	waitFor(20)
	units(1)
	waitFor(21)
	cps, err := ReadCheckpoints(CheckpointDir(dataDir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.VerifyChain(f.ctx, cps); err != nil || len(cps) != 3 {
		t.Fatalf("%d checkpoints: %v", len(cps), err)
	}
	if _, err := os.Stat(DefaultKeyFile(dataDir)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a key beside the database, though another was named: %v", err)
	}
}
