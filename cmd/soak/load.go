package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"
)

// loadConfig sizes the load soak.
type loadConfig struct {
	users    int
	duration time.Duration
	think    time.Duration // mean pause between a user's operations
	seed     uint64
}

// The operation mix of every simulated user.
const (
	shareRead    = 0.80 // worklist, lists, decision pages and histories, public pages
	shareComment = 0.15 // a comment through the public portal
	// the rest (5%): a transition — a clerk registers a decision and asks to withdraw it, the
	// secretary suspends or resumes a decision in implementation
)

// loadSoak runs users simulated users against one server for the duration. Afterwards no
// user may have seen a 5xx or a locked database, the server's log must show no lock error,
// and every acknowledged comment and transition must be stored.
func loadSoak(ctx context.Context, cfg loadConfig, bin, dir string, out io.Writer) (bool, error) {
	dbPath, facts, addr, logFile, err := preparePhase(ctx, bin, dir, "load")
	if err != nil {
		return false, err
	}
	defer logFile.Close()
	// Every simulated citizen comes from 127.0.0.1, so the portal's per-address brake (5 per
	// 10 minutes) is raised for this server only; see README, "Security and durability".
	srv := &server{bin: bin, db: dbPath, addr: addr, log: logFile, extra: []string{"--public-comment-limit", "1000000000"}}
	if err := srv.start(ctx); err != nil {
		return false, err
	}
	defer srv.kill()
	workers, err := loginAll(ctx, srv.base(), cfg.users, cfg.seed, func(i int) string {
		return []string{"clerk", "secretary", "clerk2", "secretary"}[i%4]
	})
	if err != nil {
		return false, err
	}

	start := time.Now()
	deadline := start.Add(cfg.duration)
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reads := readPaths(w.user, facts)
			// Each user finishes the operation under way: the run ends between requests.
			for time.Now().Before(deadline) && ctx.Err() == nil {
				switch x := w.rng.Float64(); {
				case x < shareRead:
					w.read(ctx, reads[w.rng.IntN(len(reads))])
				case x < shareRead+shareComment:
					w.comment(ctx, facts.consultation)
				case w.user == "secretary":
					w.fire(ctx, facts.running[w.rng.IntN(len(facts.running))], w.offered("suspend", "resume"))
				default:
					if id, err := w.createDecision(ctx); err == nil && id != 0 {
						w.requestWithdrawal(ctx, id)
					}
				}
				if cfg.think > 0 {
					time.Sleep(time.Duration(w.rng.Int64N(int64(2 * cfg.think))))
				}
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	if err := srv.stop(); err != nil {
		return false, fmt.Errorf("stopping the server: %w", err)
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}

	all := newTally()
	for _, w := range workers {
		all.merge(w.t)
	}
	stored, err := readComments(ctx, dbPath)
	if err != nil {
		return false, err
	}
	commentsPresent, problems := checkComments(stored, all.comments)
	h, err := readHistory(ctx, dbPath)
	if err != nil {
		return false, err
	}
	acksPresent, p := checkAcks(h, all.acks)
	problems = append(problems, p...)
	problems = append(problems, checkStates(h)...)
	integrity, err := integrityCheck(ctx, dbPath)
	if err != nil {
		return false, err
	}
	_, chainErr := auditVerify(ctx, bin, dbPath)
	logs, err := scanLog(logFile.Name())
	if err != nil {
		return false, err
	}

	var lat []time.Duration
	for _, l := range all.latency {
		lat = append(lat, l...)
	}
	slices.Sort(lat)
	fmt.Fprintf(out, "load: %d users for %s: %d requests, %.0f requests/s, p50 %s, p99 %s\n",
		len(workers), took.Round(time.Second), all.requests, float64(all.requests)/took.Seconds(), ms(percentile(lat, 50)), ms(percentile(lat, 99)))
	for _, kind := range []string{"read", "comment", "transition"} {
		l := all.latency[kind]
		slices.Sort(l)
		fmt.Fprintf(out, "  %-10s %6d requests, %6.1f/s, p50 %s, p99 %s\n", kind, len(l), float64(len(l))/took.Seconds(), ms(percentile(l, 50)), ms(percentile(l, 99)))
	}
	fmt.Fprintf(out, "  slowest %s; statuses: %s; %d conflicts (409), %d refused (422), %d requests without an answer\n",
		ms(percentile(lat, 100)), statuses(all.statuses), all.conflicts, all.refused, all.netErrors)
	chain := "ok"
	if chainErr != nil {
		chain = chainErr.Error()
	}
	fmt.Fprintf(out, "load pass figures: %d 5xx, %d database-locked answers, server log %d database-locked and %d errors (and %d of requests given up by their client); comments %d acknowledged, %d stored; writes %d acknowledged, %d present; integrity %s, chain %s\n",
		all.serverErrors, all.locked, logs.locked, logs.errors, logs.clientGone, len(all.comments), commentsPresent, len(all.acks), acksPresent, integrity, chain)
	for _, p := range first(problems, 20) {
		fmt.Fprintln(out, "  FAIL:", p)
	}
	for _, u := range all.unexpected {
		fmt.Fprintln(out, "  unexpected answer:", u)
	}
	ok := all.serverErrors == 0 && all.locked == 0 && logs.locked == 0 && logs.errors == 0 && len(problems) == 0 &&
		len(all.comments) > 0 && integrity == "ok" && chainErr == nil && all.sessionsLost == 0
	return ok, nil
}

// readPaths are the pages a user of this account reads: the worklist, the list, decision
// pages and histories it may see, and the public portal.
func readPaths(user string, f demoFacts) []string {
	ids := f.all
	if user != "secretary" {
		ids = f.byUnit[f.userUnit[user]]
	}
	paths := []string{"/", "/decisions", "/public", "/public/feed.atom", fmt.Sprintf("/public/consultations/%d", f.consultation)}
	for _, id := range ids {
		paths = append(paths, fmt.Sprintf("/decisions/%d", id), fmt.Sprintf("/decisions/%d/history", id))
	}
	return paths
}

// ms shows a latency in milliseconds.
func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

// statuses shows the status counts in status order.
func statuses(m map[int]int) string {
	var keys []int
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d×%d", m[k], k))
	}
	return strings.Join(parts, ", ")
}
