// Command bench measures a running juece over HTTP: it starts `juece serve` on a database,
// times the start-up, logs in as the demo users, loads the main pages and a transition from
// many connections for a fixed time each, compares the transition with raw SQLite transactions on
// the same disk, reads the server's memory, and prints one table against the targets of issue 17
// (also written to docs/benchmarks.md). Every page's rate is reported as a share of the bare
// page's (/bench/bare/ID, served by the same binary with --bench-ceiling: one row and five
// events through templ, no session), the ceiling of this stack on this database in this run.
// Only 127.0.0.1 is ever a target.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// config is what the flags say.
type config struct {
	juece, db, addr, doc    string
	serverLog, pprof        string
	checkLimit              time.Duration
	duration, timeout       time.Duration
	startLimit              time.Duration
	conns, maxIDs, starts   int
	searchConns             int
	clerk, secretary, passw string
	terms                   []string
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.StringVar(&c.juece, "juece", "bin/juece", "the juece binary to start")
	fs.StringVar(&c.db, "db", "data/bench/juece.db", "the database to serve (seeded beforehand: juece seed --decisions N --db PATH)")
	fs.StringVar(&c.addr, "addr", "", "address for the server, 127.0.0.1:PORT (default: a free port)")
	fs.StringVar(&c.doc, "doc", "docs/benchmarks.md", "file whose generated section gets the table (empty: none)")
	fs.StringVar(&c.serverLog, "serverlog", "", "also write the server's log (one line per request) to this file")
	fs.DurationVar(&c.startLimit, "start-limit", 30*time.Second, "how long the server may take to answer its first /healthz (its start checks the whole file)")
	fs.DurationVar(&c.checkLimit, "check-limit", 30*time.Minute, "how long the server's integrity check of the whole file, which runs after it starts, may take before the load begins")
	fs.StringVar(&c.pprof, "pprof", "", "start the server with --pprof on this loopback address, to profile it under the load")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "how long each load phase runs")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "how long one request may take before it counts as an error")
	fs.IntVar(&c.starts, "starts", 3, "how many times to start the server and time its first 200 (the median counts)")
	fs.IntVar(&c.conns, "conns", 64, "concurrent connections in each load phase")
	fs.IntVar(&c.searchConns, "search-conns", 8, "concurrent connections of the second search phase")
	fs.IntVar(&c.maxIDs, "ids", 512, "at most this many decision ids (and filter combinations) to rotate over")
	fs.StringVar(&c.clerk, "clerk", "clerk", "a clerk's username")
	fs.StringVar(&c.secretary, "secretary", "secretary", "the government office secretary's username")
	fs.StringVar(&c.passw, "password", "juece-demo", "the password of both accounts")
	terms := fs.String("terms", "票价,改造,交通,评估", "comma-separated search terms")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c.terms = strings.Split(*terms, ",")
	if c.duration <= 0 || c.duration > 10*time.Minute {
		return fmt.Errorf("-duration %s: between 0 and 10m", c.duration)
	}
	if c.timeout <= 0 || c.timeout > 5*time.Minute {
		return fmt.Errorf("-timeout %s: between 0 and 5m", c.timeout)
	}
	if c.starts < 1 || c.starts > 20 {
		return fmt.Errorf("-starts %d: between 1 and 20", c.starts)
	}
	if c.conns < 1 || c.conns > 1024 {
		return fmt.Errorf("-conns %d: between 1 and 1024", c.conns)
	}
	if c.searchConns < 1 || c.searchConns > 1024 {
		return fmt.Errorf("-search-conns %d: between 1 and 1024", c.searchConns)
	}
	if c.maxIDs < 1 || c.maxIDs > 100000 {
		return fmt.Errorf("-ids %d: between 1 and 100000", c.maxIDs)
	}
	logf := func(format string, a ...any) { fmt.Fprintf(stderr, "bench: "+format+"\n", a...) }

	loadBefore := loadAverage()
	decisions, err := countDecisions(ctx, c.db)
	if err != nil {
		return fmt.Errorf("database %s: %w (seed it first: juece seed --decisions 100000 --db %s)", c.db, err, c.db)
	}
	if c.addr == "" {
		if c.addr, err = freeLoopbackAddr(); err != nil {
			return err
		}
	}
	logf("%d decisions in %s; starting %s serve on %s", decisions, c.db, c.juece, c.addr)
	var serverLog io.Writer
	if c.serverLog != "" {
		f, err := os.Create(c.serverLog)
		if err != nil {
			return err
		}
		defer f.Close()
		serverLog = f
	}
	// Start-up is timed c.starts times (the median counts: one start can hit a cold cache or
	// a busy disk); the last server started is the one measured.
	var (
		srv    *server
		starts []time.Duration
	)
	for i := 0; i < c.starts; i++ {
		if srv != nil {
			if err := srv.stop(); err != nil {
				return err
			}
		}
		var extra []string
		if c.pprof != "" {
			extra = []string{"--pprof", c.pprof}
		}
		s, took, err := startServer(ctx, c.juece, c.addr, c.db, c.startLimit, serverLog, extra...)
		if err != nil {
			return err
		}
		srv = s
		starts = append(starts, took)
		logf("first 200 on /healthz %s after start", ms(took))
	}
	defer srv.stop()
	startup := startupOf(starts)
	logf("waiting for the server's integrity check of the whole file (at most %s)", c.checkLimit)
	checked, err := srv.waitChecked(ctx, c.checkLimit)
	if err != nil {
		return err
	}
	if checked > 0 {
		logf("integrity check over %s after start", ms(checked))
	} else {
		logf("the integrity check still runs after %s: measuring while it reads the file", c.checkLimit)
	}

	m, err := measure(ctx, c, srv, logf)
	if err != nil {
		return err
	}
	m.checked, m.checkLimit = checked, c.checkLimit
	if err := srv.stop(); err != nil {
		logf("stopping the server: %v", err)
	}
	logf("raw SQLite baseline: one writer, %s", c.duration)
	raw, err := rawInserts(ctx, filepath.Dir(c.db), c.duration)
	if err != nil {
		return err
	}
	m.raw = raw

	rows, results := m.rows(startup)
	now := time.Now().UTC()
	var b strings.Builder
	fmt.Fprintf(&b, "## Run of %s\n\n", now.Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "- machine: %s\n", machine())
	fmt.Fprintf(&b, "- database: `%s`, %d decisions\n", c.db, decisions)
	fmt.Fprintf(&b, "- load: %d connections, %s per phase, from this same machine (the load generator shares the CPUs)\n", c.conns, c.duration)
	fmt.Fprintf(&b, "- transition: %d decision(s) in implementation or suspended, over %d connection(s)\n", m.transitionDecisions, m.transitionConns)
	fmt.Fprintf(&b, "- load average (1 min) at the start and the end: %s / %s (on %d CPUs: more than that means other processes competed for them)\n", loadBefore, loadAverage(), runtime.NumCPU())
	fmt.Fprintf(&b, "- CPU time during the load phases (waits included): server %.1f s, load generator %.1f s, in %.1f s of wall time on %d CPUs\n",
		m.cpu.Server.Seconds(), m.cpu.Generator.Seconds(), m.cpu.Wall.Seconds(), runtime.NumCPU())
	fmt.Fprintf(&b, "- ratio: a page's rate over the bare page's (/bench/bare/ID: one decision row and its five latest events through templ, no session; the stack's own ceiling on this database); the transition's rate over the raw transaction's (UPDATE + 2 INSERT, one writer, synchronous=FULL)\n\n")
	b.WriteString(table(rows))
	if lines := errorLines(results); len(lines) > 0 {
		b.WriteString("\nErrors (status × count):\n\n" + strings.Join(lines, "\n") + "\n")
	}
	fmt.Fprint(stdout, b.String())
	if c.doc != "" {
		if err := writeDoc(c.doc, b.String()); err != nil {
			return err
		}
		logf("table written to %s", c.doc)
	}
	return nil
}

// measurements is everything the phases measured.
type measurements struct {
	healthz, bare   result
	pages           []pageResult
	transition, raw result
	transitionConns int
	cpu             cpuUse
	// transitionDecisions is how many decisions the transition phase cycled.
	transitionDecisions int
	// groups is how the server grouped the writes of the transition phase into commits.
	groups writeStats
	// checked is when, after its start, the server's integrity check ended; 0 when it had not
	// by checkLimit, and the phases ran beside it.
	checked, checkLimit time.Duration
	mem                 memory
}

type pageResult struct {
	result
	target target
}

// Targets of issue 17; the ratios of pages are to the bare page.
var (
	decisionTarget   = target{MaxP99: 50 * time.Millisecond, MinRatio: 0.5}
	listTarget       = target{MaxP99: 100 * time.Millisecond, MinRatio: 0.3} // worklists, the decision list
	searchTarget     = target{MinRate: 1000}                                 // at -conns (64)
	searchFewTarget  = target{MaxP99: 30 * time.Millisecond}                 // at -search-conns (8)
	transitionTarget = target{MinRatio: 1.0, MaxP99: 100 * time.Millisecond}
	startupTarget    = target{MaxValue: 300} // ms
	memoryTarget     = target{MaxValue: 150} // MiB
)

func (m *measurements) rows(startup startups) ([]row, []result) {
	rows := []row{valueRow("start to first 200 on /healthz", startup.String(),
		float64(startup.Median)/float64(time.Millisecond), startupTarget, "< 300 ms")}
	rows = append(rows, row{Name: "whole-file integrity check (PRAGMA quick_check, after the start, before any load)",
		Measured: checkedText(m.checked, m.checkLimit), P50: none, P99: none, Errors: none, Ratio: none, Target: none, Verdict: none})
	results := []result{m.healthz}
	rows = append(rows, rateRow(m.healthz, "req/s", 0, "", target{}))
	rows = append(rows, rateRow(m.bare, "req/s", m.bare.Rate(), "bare", target{}))
	results = append(results, m.bare)
	for _, p := range m.pages {
		rows = append(rows, rateRow(p.result, "req/s", m.bare.Rate(), "bare", p.target))
		results = append(results, p.result)
	}
	rows = append(rows, rateRow(m.transition, "transitions/s", m.raw.Rate(), "raw", transitionTarget))
	rows = append(rows, m.groups.row())
	rows = append(rows, rateRow(m.raw, "transactions/s", 0, "", target{}))
	results = append(results, m.transition, m.raw)
	mib := float64(m.mem.HWM) / 1024
	rows = append(rows, valueRow("server memory after the load (VmHWM peak; VmRSS now)",
		fmt.Sprintf("%.1f MiB (VmRSS %.1f MiB)", mib, float64(m.mem.RSS)/1024), mib, memoryTarget, "VmHWM < 150 MiB"))
	return rows, results
}

// measure logs in, finds what to ask for, and runs every load phase against srv.
func measure(ctx context.Context, c config, srv *server, logf func(string, ...any)) (*measurements, error) {
	base := srv.base
	tr := newTransport(c.conns)
	defer tr.CloseIdleConnections()
	anon := newClient(tr, c.timeout)
	clerk, err := login(ctx, tr, c.timeout, base, c.clerk, c.passw)
	if err != nil {
		return nil, err
	}
	sec, err := login(ctx, tr, c.timeout, base, c.secretary, c.passw)
	if err != nil {
		return nil, err
	}
	for who, cl := range map[string]*http.Client{c.clerk: clerk, c.secretary: sec} {
		start := time.Now()
		status, _, err := fetch(ctx, cl, base+"/")
		switch {
		case err != nil: // too slow is a measurement, not a reason to stop
			logf("worklist of %s, alone: %v after %s", who, err, ms(time.Since(start)))
		case status != http.StatusOK:
			return nil, fmt.Errorf("worklist of %s: status %d, want 200", who, status)
		default:
			logf("worklist of %s, alone: %s", who, ms(time.Since(start)))
		}
	}

	// What there is to ask for: read from the pages, never assumed.
	status, listPage, err := fetch(ctx, sec, base+"/decisions")
	if err != nil || status != http.StatusOK {
		return nil, fmt.Errorf("/decisions: status %d %v", status, err)
	}
	states, units := selectOptions(listPage, "state"), selectOptions(listPage, "unit")
	if len(states) == 0 {
		return nil, errors.New("/decisions: no state filter options")
	}
	perState := (c.maxIDs + len(states) - 1) / len(states)
	var ids []int64
	for _, st := range states {
		got, err := listIDs(ctx, sec, base, st, perState, perState/50+1)
		if err != nil {
			return nil, err
		}
		ids = append(ids, got...)
	}
	if len(ids) == 0 {
		return nil, errors.New("/decisions: no decisions listed")
	}
	var decisionURLs, bareURLs, historyURLs, filterURLs, searchURLs, publicURLs []string
	for _, id := range ids {
		decisionURLs = append(decisionURLs, fmt.Sprintf("/decisions/%d", id))
		bareURLs = append(bareURLs, fmt.Sprintf("/bench/bare/%d", id))
		historyURLs = append(historyURLs, fmt.Sprintf("/decisions/%d/history", id))
	}
	if len(units) == 0 {
		units = []string{""}
	}
	for i := 0; i < len(states)*len(units) && len(filterURLs) < c.maxIDs; i++ {
		q := url.Values{"state": {states[i%len(states)]}}
		if u := units[(i/len(states))%len(units)]; u != "" {
			q.Set("unit", u)
		}
		filterURLs = append(filterURLs, "/decisions?"+q.Encode())
	}
	for _, t := range c.terms {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		u := "/search?" + url.Values{"q": {t}}.Encode()
		start := time.Now()
		status, page, err := fetch(ctx, sec, base+u)
		if err != nil || status != http.StatusOK {
			logf("search %q, alone: status %d %v after %s", t, status, err, ms(time.Since(start)))
			searchURLs = append(searchURLs, u)
			continue
		}
		hits := searchHits(page)
		logf("search %q, alone: %s results in %s", t, hits, ms(time.Since(start)))
		if hits == "0" {
			logf("search %q finds nothing in this database: its phase measures an empty search", t)
		}
		searchURLs = append(searchURLs, u)
	}
	if publicURLs, err = consultations(ctx, anon, sec, base, c.maxIDs); err != nil {
		return nil, err
	}
	logf("%d decisions, %d filter combinations, %d open consultations to rotate over", len(ids), len(filterURLs), len(publicURLs))

	m := &measurements{}
	settled := func() {
		if !srv.settle(ctx, time.Minute) {
			logf("the server is still busy a minute after the last phase; measuring anyway")
		}
	}
	phaseWith := func(conns int, name string, cl *http.Client, urls []string, t target) {
		settled()
		logf("%s: %d connections, %s", name, conns, c.duration)
		r := getPhase(ctx, name, cl, base, urls, conns, c.duration)
		m.pages = append(m.pages, pageResult{r, t})
	}
	phase := func(name string, cl *http.Client, urls []string, t target) { phaseWith(c.conns, name, cl, urls, t) }
	settled()
	srvTicks0, _ := cpuTicks(srv.cmd.Process.Pid)
	selfTicks0, _ := cpuTicks(os.Getpid())
	wall0 := time.Now()
	logf("GET /healthz (baseline): %d connections, %s", c.conns, c.duration)
	m.healthz = getPhase(ctx, "GET /healthz (baseline)", anon, base, []string{"/healthz"}, c.conns, c.duration)
	settled()
	logf("GET /bench/bare/ID (the ceiling): %d connections, %s", c.conns, c.duration)
	m.bare = getPhase(ctx, "GET /bench/bare/ID (ceiling: one row, five events, templ)", anon, base, bareURLs, c.conns, c.duration)
	phase("GET / worklist (clerk)", clerk, []string{"/"}, listTarget)
	phase("GET / worklist (secretary)", sec, []string{"/"}, listTarget)
	phase("GET /decisions/ID", sec, decisionURLs, decisionTarget)
	phase("GET /decisions?state=&unit=", sec, filterURLs, listTarget)
	if len(searchURLs) > 0 {
		phase("GET /search?q=", sec, searchURLs, searchTarget)
		phaseWith(c.searchConns, fmt.Sprintf("GET /search?q= at %d connections", c.searchConns), sec, searchURLs, searchFewTarget)
	}
	phase("GET /decisions/ID/history", sec, historyURLs, target{})
	if len(publicURLs) > 0 {
		phase("GET /public/consultations/ID", anon, publicURLs, target{})
	} else {
		logf("no open consultation found: /public/consultations/ID not measured")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	cyclers, err := cyclingDecisions(ctx, sec, base, 2*c.conns)
	if err != nil {
		return nil, err
	}
	settled()
	m.transitionConns, m.transitionDecisions = min(c.conns, len(cyclers)), len(cyclers)
	logf("POST transition (suspend/resume): %d decisions over %d connections, %s", len(cyclers), m.transitionConns, c.duration)
	groupsBefore, err := readWriteStats(ctx, anon, base)
	if err != nil {
		return nil, err
	}
	m.transition = transitionPhase(ctx, sec, base, cyclers, m.transitionConns, c.duration)
	groupsAfter, err := readWriteStats(ctx, anon, base)
	if err != nil {
		return nil, err
	}
	m.groups = groupsAfter.since(groupsBefore)
	if m.mem, err = readMemory(srv.cmd.Process.Pid); err != nil {
		return nil, err
	}
	srvTicks1, _ := cpuTicks(srv.cmd.Process.Pid)
	selfTicks1, _ := cpuTicks(os.Getpid())
	m.cpu = cpuUse{Server: ticks(srvTicks1 - srvTicks0), Generator: ticks(selfTicks1 - selfTicks0), Wall: time.Since(wall0)}
	return m, ctx.Err()
}

// consultations finds public consultation pages: the links on /public, and if those are few,
// the decisions in consultation whose public page answers.
func consultations(ctx context.Context, anon, sec *http.Client, base string, max int) ([]string, error) {
	status, page, err := fetch(ctx, anon, base+"/public")
	if err != nil || status != http.StatusOK {
		return nil, fmt.Errorf("/public: status %d %v", status, err)
	}
	seen := map[int64]bool{}
	var urls []string
	for _, id := range linkIDs(page, "/public/consultations/") {
		seen[id] = true
		urls = append(urls, fmt.Sprintf("/public/consultations/%d", id))
	}
	if len(urls) >= 16 {
		return urls, nil
	}
	more, err := listIDs(ctx, sec, base, "consultation", 64, 2)
	if err != nil {
		return nil, err
	}
	for _, id := range more {
		if seen[id] || len(urls) >= max {
			continue
		}
		u := fmt.Sprintf("/public/consultations/%d", id)
		if status, _, err := fetch(ctx, anon, base+u); err == nil && status == http.StatusOK {
			urls = append(urls, u)
		}
	}
	return urls, nil
}

// cyclingDecisions finds up to n decisions in implementation or suspended that the secretary
// can suspend or resume, each with its current version.
func cyclingDecisions(ctx context.Context, sec *http.Client, base string, n int) ([]cycling, error) {
	var ids []int64
	for _, st := range []string{"implementation", "suspended"} {
		got, err := listIDs(ctx, sec, base, st, n-len(ids), n/50+2)
		if err != nil {
			return nil, err
		}
		ids = append(ids, got...)
	}
	var out []cycling
	for _, id := range ids {
		d, err := readCycling(ctx, sec, base, id)
		if err == nil {
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no decision in implementation or suspended that the secretary may suspend or resume")
	}
	return out, nil
}

// transitionPhase fires suspend and resume in turn from conns connections, each over its own
// decisions, and counts each 303 as a success. A decision's version goes up by one with each
// transition; after any other answer the decision's page is read again.
func transitionPhase(ctx context.Context, sec *http.Client, base string, ds []cycling, conns int, d time.Duration) result {
	type worker struct {
		mine []cycling
		next int
	}
	workers := make([]worker, conns)
	for i, x := range ds {
		workers[i%conns].mine = append(workers[i%conns].mine, x)
	}
	reasons := map[string]string{"suspend": "基准测试：暂停执行（测量状态变更的吞吐）", "resume": "基准测试：恢复执行（测量状态变更的吞吐）"}
	return runPhase(ctx, "POST /decisions/ID/events/suspend|resume", conns, d, func(ctx context.Context, w int) (time.Duration, string) {
		wk := &workers[w]
		x := &wk.mine[wk.next%len(wk.mine)]
		wk.next++
		form := url.Values{"_csrf": {x.CSRF}, "version": {fmt.Sprint(x.Version)}, "reason": {reasons[x.Event]}}
		start := time.Now()
		status, _, err := postForm(ctx, sec, base, fmt.Sprintf("/decisions/%d/events/%s", x.ID, x.Event), form)
		took := time.Since(start)
		if err == nil && status == http.StatusSeeOther {
			x.Version++
			x.Event = nextEvent[x.Event]
			return took, ""
		}
		label := fmt.Sprint(status)
		if err != nil {
			label = errorLabel(err)
		}
		if fresh, err := readCycling(ctx, sec, base, x.ID); err == nil {
			*x = fresh
		}
		return 0, label
	})
}

// checkedText says when the integrity check ended, or that the load ran beside it.
func checkedText(checked, limit time.Duration) string {
	if checked == 0 {
		return fmt.Sprintf("not over %s after the start: the phases ran while it read the file", limit)
	}
	return fmt.Sprintf("over %.1f s after the start", checked.Seconds())
}
