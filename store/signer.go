package store

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// Signer signs checkpoints of one database's history as it grows: every write transaction that
// commits an event, whoever makes it (the server, a CLI command), wakes it, and it signs once
// Every events have followed the latest checkpoint; a clock also wakes it every Interval and it
// then signs whatever is unsigned, so no event stays unsigned for long. The server and the CLI
// commands that write start one (DB.StartSigner) and stop it before closing the database.
type Signer struct {
	db  *DB
	cfg SignerConfig
	// wake holds at most one pending wake-up: many commits while a checkpoint is being signed
	// cost one more look, not one each.
	wake chan struct{}
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// SignerConfig says where checkpoints go, with which key, and how often.
type SignerConfig struct {
	DataDir  string        // the checkpoints go to CheckpointDir(DataDir)
	KeyFile  string        // the signer key; "" is DefaultKeyFile(DataDir)
	Every    int64         // events between checkpoints; 0 is CheckpointEvery
	Interval time.Duration // the longest an event waits unsigned; 0 is CheckpointInterval
	Log      *slog.Logger  // where failures go; nil is slog.Default()
}

// StartSigner starts the database's signer. A database has at most one: starting another
// while one runs is an error.
func (db *DB) StartSigner(cfg SignerConfig) (*Signer, error) {
	if cfg.KeyFile == "" {
		cfg.KeyFile = DefaultKeyFile(cfg.DataDir)
	}
	if cfg.Every <= 0 {
		cfg.Every = CheckpointEvery
	}
	if cfg.Interval <= 0 {
		cfg.Interval = CheckpointInterval
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	s := &Signer{db: db, cfg: cfg, wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	if !db.signer.CompareAndSwap(nil, s) {
		return nil, errors.New("store: a checkpoint signer already runs for this database")
	}
	go s.run()
	return s, nil
}

// KeyFile is the signer key the signer uses.
func (s *Signer) KeyFile() string { return s.cfg.KeyFile }

// DataDir is the folder whose checkpoints the signer writes.
func (s *Signer) DataDir() string { return s.cfg.DataDir }

// Stop stops the signer, signing first what is due by count, and waits for it; then the
// database may be closed. A second Stop does nothing.
func (s *Signer) Stop() {
	s.once.Do(func() {
		close(s.stop)
		<-s.done
		s.db.signer.CompareAndSwap(s, nil)
		s.sign(false)
	})
}

// SignNow signs the head now (an auditor's demand, juece audit checkpoint).
func (s *Signer) SignNow(ctx context.Context) (Checkpoint, error) {
	return s.db.WriteCheckpointWithKey(ctx, s.cfg.DataDir, s.cfg.KeyFile)
}

// poke tells the signer that events were committed.
func (s *Signer) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *Signer) run() {
	defer close(s.done)
	tick := time.NewTicker(s.cfg.Interval)
	defer tick.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-s.wake:
			s.sign(false)
		case <-tick.C:
			s.sign(true)
		}
	}
}

// sign signs the head when Every events have gathered, or when any has and byClock. It runs
// after the writes committed, so a failure is logged and never undoes a user's change.
func (s *Signer) sign(byClock bool) {
	// The first checkpoint of a long history reads all of it.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	every := s.cfg.Every
	if byClock {
		every = 1
	}
	if _, err := s.db.maybeCheckpoint(ctx, s.cfg.DataDir, s.cfg.KeyFile, every); err != nil && !errors.Is(err, ErrNoEvents) {
		s.cfg.Log.Error("audit checkpoint", "err", err)
	}
}
