package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"
)

// target is what the issue asks of one measurement; zero fields ask nothing.
type target struct {
	MaxP99   time.Duration // p99 must be below this
	MinRatio float64       // rate must be at least this share of the reference rate
	MaxValue float64       // a single value (start-up ms, RSS MiB) must be below this
	MinRate  float64       // rate must be at least this many per second
}

func (t target) String() string {
	var parts []string
	if t.MaxP99 > 0 {
		parts = append(parts, "p99 < "+ms(t.MaxP99))
	}
	if t.MinRatio > 0 {
		parts = append(parts, fmt.Sprintf("≥ %.0f%%", t.MinRatio*100))
	}
	if t.MinRate > 0 {
		parts = append(parts, fmt.Sprintf("≥ %.0f/s", t.MinRate))
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, ", ")
}

func (t target) set() bool { return t.MaxP99 > 0 || t.MinRatio > 0 || t.MaxValue > 0 || t.MinRate > 0 }

// row is one line of the table.
type row struct {
	Name     string
	Measured string
	P50, P99 string
	Errors   string
	Ratio    string
	Target   string
	Verdict  string
}

const (
	pass = "PASS"
	fail = "FAIL"
	none = "—"
)

// rateRow is the line of a load phase. ref is the rate its ratio is taken against (0: no
// ratio), refName what that rate is.
func rateRow(r result, unit string, ref float64, refName string, t target) row {
	x := row{Name: r.Name, Measured: fmt.Sprintf("%.0f %s (%d in %.1f s)", r.Rate(), unit, r.OK, r.Elapsed.Seconds()),
		P50: ms(r.P50), P99: ms(r.P99), Errors: fmt.Sprint(r.Errors), Ratio: none, Target: t.String(), Verdict: none}
	ratio := 0.0
	if ref > 0 {
		ratio = r.Rate() / ref
		x.Ratio = fmt.Sprintf("%.2f × %s", ratio, refName)
	}
	if r.OK == 0 {
		x.P50, x.P99 = none, none
	}
	switch {
	case r.OK == 0 || r.Errors > 0:
		x.Verdict = fail
	case !t.set():
	case t.MaxP99 > 0 && r.P99 >= t.MaxP99, t.MinRatio > 0 && ratio < t.MinRatio, t.MinRate > 0 && r.Rate() < t.MinRate:
		x.Verdict = fail
	default:
		x.Verdict = pass
	}
	return x
}

// valueRow is the line of a single value (start-up time, memory), below t.MaxValue to pass.
func valueRow(name, measured string, value float64, t target, targetText string) row {
	x := row{Name: name, Measured: measured, P50: none, P99: none, Errors: none, Ratio: none,
		Target: targetText, Verdict: pass}
	if value <= 0 || value >= t.MaxValue {
		x.Verdict = fail
	}
	return x
}

// ms shows a duration in milliseconds.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f ms", v)
	case v >= 10:
		return fmt.Sprintf("%.1f ms", v)
	}
	return fmt.Sprintf("%.2f ms", v)
}

// table renders rows as a markdown table.
func table(rows []row) string {
	var b strings.Builder
	b.WriteString("| measurement | measured | p50 | p99 | errors | ratio | target | result |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n",
			cell(r.Name), cell(r.Measured), r.P50, r.P99, r.Errors, r.Ratio, cell(r.Target), r.Verdict)
	}
	return b.String()
}

// cell keeps a value from breaking the table.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// errorLines lists what each phase's errors were, for under the table.
func errorLines(results []result) []string {
	var lines []string
	for _, r := range results {
		if r.Errors == 0 {
			continue
		}
		keys := make([]string, 0, len(r.Statuses))
		for k := range r.Statuses {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s × %d", k, r.Statuses[k]))
		}
		lines = append(lines, fmt.Sprintf("- %s: %s", r.Name, strings.Join(parts, ", ")))
	}
	return lines
}

// machine describes where the run happened.
func machine() string {
	model := "unknown CPU"
	var memKB int64
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if f, err := os.Open("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "MemTotal:") {
				fmt.Sscanf(strings.TrimPrefix(sc.Text(), "MemTotal:"), "%d", &memKB)
				break
			}
		}
		f.Close()
	}
	return fmt.Sprintf("%d CPUs (nproc), %s, %.1f GiB memory, %s %s/%s", runtime.NumCPU(), model,
		float64(memKB)/(1<<20), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// loadAverage is the 1-minute load average from /proc/loadavg, or "?".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}

// Markers around the part of docs/benchmarks.md the harness rewrites; the rest is by hand.
const (
	beginMarker = "<!-- bench:begin — written by cmd/bench (make bench); edit outside these markers -->"
	endMarker   = "<!-- bench:end -->"
)

const docSkeleton = `# Benchmarks

` + "`make bench`" + ` builds the binary, seeds ` + "`data/bench/juece.db`" + ` with 100,000 decisions once (kept
between runs), starts ` + "`juece serve`" + ` on it and measures it over HTTP from many connections with
` + "`cmd/bench`" + `, then runs the Go benchmarks. The section between the markers below is rewritten by
every run; everything else in this file is written by hand.

`

const docTail = `
## What each optimisation bought

(By hand: one entry per change — what was changed, the commit, and the lines of the table before
and after.)
`

// replaceSection puts section between the markers of doc, leaving the rest alone; a doc
// without markers gets them (and the section) appended, and an empty doc gets the skeleton.
func replaceSection(doc, section string) string {
	block := beginMarker + "\n" + strings.TrimRight(section, "\n") + "\n" + endMarker
	if strings.TrimSpace(doc) == "" {
		return docSkeleton + block + "\n" + docTail
	}
	i := strings.Index(doc, beginMarker)
	j := strings.Index(doc, endMarker)
	if i < 0 || j < i {
		return strings.TrimRight(doc, "\n") + "\n\n" + block + "\n"
	}
	return doc[:i] + block + doc[j+len(endMarker):]
}

// writeDoc rewrites the generated section of the file at path.
func writeDoc(path, section string) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	return os.WriteFile(path, []byte(replaceSection(string(old), section)), 0o644)
}
