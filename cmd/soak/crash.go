package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// crashConfig sizes the crash durability soak.
type crashConfig struct {
	kills   int           // SIGKILLs, each followed by a restart on the same file
	clients int           // concurrent logged-in browsers
	upMin   time.Duration // the server runs for a random time in [upMin, upMax) before each kill
	upMax   time.Duration
	seed    uint64
}

// crashSoak: clerks register decisions and ask to withdraw some of them, the secretary starts or
// declines the clerks' new decisions and suspends and resumes those in implementation, while
// the server is killed with SIGKILL at random moments and restarted on the same database.
// Afterwards every write the server acknowledged must be in the history, every state must be
// the end of its history's state changes, the file must pass SQLite's integrity check and the
// history its hash chain check.
func crashSoak(ctx context.Context, cfg crashConfig, bin, dir string, out io.Writer) (bool, error) {
	dbPath, facts, addr, logFile, err := preparePhase(ctx, bin, dir, "crash")
	if err != nil {
		return false, err
	}
	defer logFile.Close()
	srv := &server{bin: bin, db: dbPath, addr: addr, log: logFile}
	if err := srv.start(ctx); err != nil {
		return false, err
	}
	defer srv.kill()

	rng := rand.New(rand.NewPCG(cfg.seed, 1))
	workers, err := loginAll(ctx, srv.base(), cfg.clients, cfg.seed, func(i int) string {
		// Two clerks for each secretary: the clerks make the decisions the secretary acts on.
		return []string{"clerk", "clerk2", "secretary"}[i%3]
	})
	if err != nil {
		return false, err
	}

	// New proposals, handed from the clerks to the secretaries.
	proposed := make(chan int64, 1000)
	// The clients stop between requests, never in the middle of one: a request cut off by the
	// harness would show as an error in the server's log that no user caused.
	var stopping atomic.Bool
	stopClients := func() { stopping.Store(true) }
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stopping.Load() && ctx.Err() == nil {
				var err error
				if w.user == "secretary" {
					err = w.secretaryStep(ctx, proposed, facts.running)
				} else {
					err = w.clerkStep(ctx, proposed)
				}
				if err != nil {
					// The server is down or being killed: wait a moment and try again.
					time.Sleep(time.Duration(10+w.rng.IntN(40)) * time.Millisecond)
				}
			}
		}()
	}

	start := time.Now()
	for k := 0; k < cfg.kills && ctx.Err() == nil; k++ {
		up := cfg.upMin + time.Duration(rng.Int64N(int64(cfg.upMax-cfg.upMin)+1))
		select {
		case <-ctx.Done():
		case <-time.After(up):
		}
		srv.kill()
		if err := srv.start(ctx); err != nil { // recovery on the same file
			stopClients()
			wg.Wait()
			return false, fmt.Errorf("restart after kill %d: %w", k+1, err)
		}
	}
	stopClients()
	wg.Wait()
	if err := srv.stop(); err != nil {
		return false, fmt.Errorf("stopping the server: %w", err)
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	took := time.Since(start)

	all := newTally()
	for _, w := range workers {
		all.merge(w.t)
	}
	integrity, err := integrityCheck(ctx, dbPath)
	if err != nil {
		return false, err
	}
	h, err := readHistory(ctx, dbPath)
	if err != nil {
		return false, err
	}
	present, problems := checkAcks(h, all.acks)
	problems = append(problems, checkStates(h)...)
	_, chainErr := auditVerify(ctx, bin, dbPath)
	logs, err := scanLog(logFile.Name())
	if err != nil {
		return false, err
	}

	chain := "ok"
	if chainErr != nil {
		chain = chainErr.Error()
	}
	fmt.Fprintf(out, "crash durability: %d kills in %s, %d clients, %d requests, %d transitions and records acknowledged, %d present, %d state changes without their history event, integrity %s, chain %s\n",
		cfg.kills, took.Round(time.Second), len(workers), all.requests, len(all.acks), present, len(checkStates(h)), integrity, chain)
	fmt.Fprintf(out, "  acknowledged: %s\n", ackKinds(all.acks))
	fmt.Fprintf(out, "  contention: %d conflicts (409), %d refused (422); %d requests failed while the server was killed or down; %d 5xx, %d database-locked answers, %d sessions lost; server log: %d errors, %d database-locked, %d requests given up by their client\n",
		all.conflicts, all.refused, all.netErrors, all.serverErrors, all.locked, all.sessionsLost, logs.errors, logs.locked, logs.clientGone)
	for _, p := range first(problems, 20) {
		fmt.Fprintln(out, "  FAIL:", p)
	}
	for _, u := range all.unexpected {
		fmt.Fprintln(out, "  unexpected answer:", u)
	}
	ok := len(problems) == 0 && integrity == "ok" && chainErr == nil && len(all.acks) > 0 &&
		all.serverErrors == 0 && all.locked == 0 && all.sessionsLost == 0 && logs.locked == 0 && logs.errors == 0
	return ok, nil
}

// clerkStep registers a decision and, half the time, asks at once to withdraw it.
func (w *worker) clerkStep(ctx context.Context, proposed chan<- int64) error {
	id, err := w.createDecision(ctx)
	if err != nil || id == 0 {
		return err
	}
	select {
	case proposed <- id:
	default: // the secretaries are behind: this one stays proposed
	}
	if w.rng.IntN(2) == 0 {
		return nil
	}
	return w.requestWithdrawal(ctx, id)
}

// secretaryStep starts or declines a new proposal (half the time, when there is one), or
// else suspends or resumes a decision in implementation.
func (w *worker) secretaryStep(ctx context.Context, proposed <-chan int64, running []int64) error {
	if w.rng.IntN(2) == 0 {
		select {
		case id := <-proposed:
			return w.fire(ctx, id, w.offered("start", "decline"))
		default:
		}
	}
	return w.fire(ctx, running[w.rng.IntN(len(running))], w.offered("suspend", "resume"))
}

// loginAll logs n browsers in over HTTP, a few at a time: each login hashes with argon2id
// (19 MiB), and the machine is shared.
func loginAll(ctx context.Context, base string, n int, seed uint64, user func(i int) string) ([]*worker, error) {
	workers := make([]*worker, n)
	errs := make([]error, n)
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for i := range n {
		workers[i] = &worker{id: i, user: user(i), c: newClient(base), rng: rand.New(rand.NewPCG(seed, uint64(i)+2)), t: newTally()}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if workers[i].user != "" {
				errs[i] = workers[i].c.login(ctx, workers[i].user, demoPassword)
			}
		}()
	}
	wg.Wait()
	return workers, errors.Join(errs...)
}

func first(s []string, n int) []string { return s[:min(len(s), n)] }

// ackKinds counts acknowledged writes by action, in name order.
func ackKinds(acks []ack) string {
	n := map[string]int{}
	for _, a := range acks {
		n[a.action]++
	}
	keys := slices.Sorted(maps.Keys(n))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", n[k], k)
	}
	return strings.Join(parts, ", ")
}
