package main

import (
	"strings"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	var lat []time.Duration
	for i := 1; i <= 100; i++ {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {0.1, time.Millisecond}} {
		if got := percentile(lat, c.p); got != c.want {
			t.Errorf("p%v of 1..100 ms = %v, want %v", c.p, got, c.want)
		}
	}
	if got := percentile(nil, 99); got != 0 {
		t.Errorf("p99 of nothing = %v, want 0", got)
	}
	one := []time.Duration{7 * time.Millisecond}
	if percentile(one, 50) != one[0] || percentile(one, 99) != one[0] {
		t.Errorf("one sample: p50 and p99 must be that sample")
	}
	// Nearest rank: the p99 of 1000 samples is the 990th, a latency that was observed.
	var k []time.Duration
	for i := 1; i <= 1000; i++ {
		k = append(k, time.Duration(i))
	}
	if got := percentile(k, 99); got != 990 {
		t.Errorf("p99 of 1..1000 = %v, want 990", got)
	}
}

func TestSummarize(t *testing.T) {
	lat := []time.Duration{3 * time.Millisecond, time.Millisecond, 2 * time.Millisecond}
	r := summarize("x", lat, map[string]int{"500": 2, "transport": 1}, 2*time.Second)
	if r.OK != 3 || r.Errors != 3 || r.P50 != 2*time.Millisecond || r.P99 != 3*time.Millisecond {
		t.Errorf("summarize = %+v", r)
	}
	if r.Rate() != 1.5 {
		t.Errorf("rate = %v, want 1.5 (successes per second)", r.Rate())
	}
}

func TestStartups(t *testing.T) {
	s := startupOf([]time.Duration{678 * time.Millisecond, 90 * time.Millisecond, 134 * time.Millisecond})
	if s.Median != 134*time.Millisecond {
		t.Errorf("median = %v, want 134ms", s.Median)
	}
	if got := s.String(); got != "134 ms (median of 3 starts: 678 ms, 90.0 ms, 134 ms)" {
		t.Errorf("String() = %q", got)
	}
	if got := startupOf([]time.Duration{81 * time.Millisecond}).String(); got != "81.0 ms" {
		t.Errorf("one start: %q", got)
	}
}

func TestRateRowVerdict(t *testing.T) {
	ok := func(rate float64, p99 time.Duration, errs int) result {
		lat := make([]time.Duration, int(rate))
		for i := range lat {
			lat[i] = p99
		}
		e := map[string]int{}
		if errs > 0 {
			e["502"] = errs
		}
		return summarize("page", lat, e, time.Second)
	}
	for _, c := range []struct {
		name string
		r    result
		ref  float64
		t    target
		want string
	}{
		{"meets both", ok(500, 10*time.Millisecond, 0), 1000, decisionTarget, pass},
		{"too slow", ok(500, 50*time.Millisecond, 0), 1000, decisionTarget, fail},
		{"too few", ok(400, 10*time.Millisecond, 0), 1000, decisionTarget, fail},
		{"errors fail", ok(500, 10*time.Millisecond, 1), 1000, decisionTarget, fail},
		{"nothing answered", ok(0, 0, 5), 1000, target{}, fail},
		{"no target", ok(10, time.Second, 0), 1000, target{}, none},
		{"transition at the raw rate", ok(100, time.Millisecond, 0), 100, transitionTarget, pass},
		{"transition below the raw rate", ok(99, time.Millisecond, 0), 100, transitionTarget, fail},
		{"search rate met", ok(1000, time.Second, 0), 0, searchTarget, pass},
		{"search rate short", ok(999, time.Millisecond, 0), 0, searchTarget, fail},
	} {
		if got := rateRow(c.r, "req/s", c.ref, "healthz", c.t).Verdict; got != c.want {
			t.Errorf("%s: verdict %s, want %s", c.name, got, c.want)
		}
	}
	x := rateRow(ok(500, time.Millisecond, 0), "req/s", 1000, "bare", decisionTarget)
	if x.Ratio != "0.50 × bare" || x.Target != "p99 < 50.0 ms, ≥ 50%" || x.P99 != "1.00 ms" {
		t.Errorf("row = %+v", x)
	}
	if v := valueRow("start", "301 ms", 301, startupTarget, "< 300 ms").Verdict; v != fail {
		t.Errorf("301 ms start-up: %s, want FAIL", v)
	}
	if v := valueRow("rss", "80 MiB", 80, memoryTarget, "< 150 MiB").Verdict; v != pass {
		t.Errorf("80 MiB: %s, want PASS", v)
	}
}

func TestTable(t *testing.T) {
	got := table([]row{{Name: "a|b", Measured: "1 req/s", P50: "1 ms", P99: "2 ms", Errors: "0", Ratio: none, Target: none, Verdict: pass}})
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if len(lines) != 3 {
		t.Fatalf("table has %d lines, want header, rule and one row:\n%s", len(lines), got)
	}
	if lines[2] != `| a\|b | 1 req/s | 1 ms | 2 ms | 0 | — | — | PASS |` {
		t.Errorf("row line = %q", lines[2])
	}
	for _, l := range lines {
		if strings.Count(strings.ReplaceAll(l, `\|`, ""), "|") != 9 {
			t.Errorf("line %q does not have 8 cells", l)
		}
	}
}

func TestReplaceSection(t *testing.T) {
	fresh := replaceSection("", "## Run 1\n")
	if !strings.HasPrefix(fresh, "# Benchmarks") || !strings.Contains(fresh, beginMarker+"\n## Run 1\n"+endMarker) ||
		!strings.Contains(fresh, "## What each optimisation bought") {
		t.Fatalf("new doc:\n%s", fresh)
	}
	edited := strings.Replace(fresh, "(By hand:", "Index on decisions(state): worklist 140 → 900 req/s.\n(By hand:", 1)
	again := replaceSection(edited, "## Run 2\n")
	if strings.Contains(again, "Run 1") || !strings.Contains(again, "## Run 2") {
		t.Errorf("the old run must be replaced by the new:\n%s", again)
	}
	if !strings.Contains(again, "worklist 140 → 900 req/s") {
		t.Errorf("text outside the markers must be kept:\n%s", again)
	}
	if strings.Count(again, beginMarker) != 1 || strings.Count(again, endMarker) != 1 {
		t.Errorf("markers duplicated:\n%s", again)
	}
	noMarkers := replaceSection("# Notes\n\nby hand\n", "## Run 3\n")
	if !strings.HasPrefix(noMarkers, "# Notes\n\nby hand\n") || !strings.HasSuffix(noMarkers, beginMarker+"\n## Run 3\n"+endMarker+"\n") {
		t.Errorf("a doc without markers gets them appended:\n%s", noMarkers)
	}
}

func TestPageParsing(t *testing.T) {
	page := `<form><input type="hidden" name="_csrf" value="ab-c_1"><input type="hidden" name="version" value="7">
<select id="filter-state" name="state"><option value="">请选择<option value="proposed">决策启动<option value="implementation">决策执行</select>
<select id="filter-unit" name="unit"><option value="">请选择<option value="2">发改委</select>
<a href="/decisions/12">x</a><a href="/decisions/3">y</a><a href="/decisions/12">again</a><a href="/decisions/new">new</a>
<form method="post" action="/decisions/12/events/suspend" class="event-form">`
	if got := csrfOf(page); got != "ab-c_1" {
		t.Errorf("csrf = %q", got)
	}
	if got := selectOptions(page, "state"); strings.Join(got, ",") != "proposed,implementation" {
		t.Errorf("state options = %v", got)
	}
	if got := selectOptions(page, "unit"); strings.Join(got, ",") != "2" {
		t.Errorf("unit options = %v", got)
	}
	if got := linkIDs(page, "/decisions/"); len(got) != 2 || got[0] != 12 || got[1] != 3 {
		t.Errorf("ids = %v, want [12 3]", got)
	}
	for page, want := range map[string]string{
		`<p>与“票价”相关的记录共 3 条，显示最新的 3 条</p>`:  "3",
		`与“交通”相关的记录超过 1000 条，显示最新的 20 条`:    "1000+",
		`<p class="empty">未找到与“鲸”相关的内容</p>`: "0",
		`<h1>登录</h1>`: "?",
	} {
		if got := searchHits(page); got != want {
			t.Errorf("searchHits(%q) = %q, want %q", page, got, want)
		}
	}
}
