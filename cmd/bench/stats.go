package main

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// percentile is the nearest-rank p-th percentile (0 < p ≤ 100) of sorted latencies; 0 when
// there are none. Nearest rank, not interpolation: the p99 is a latency that was observed.
func percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(n)))
	if rank < 1 {
		rank = 1
	}
	if rank > n {
		rank = n
	}
	return sorted[rank-1]
}

// result is what one measured phase produced.
type result struct {
	Name     string
	OK       int            // responses with the expected status
	Errors   int            // every other response and every failed request
	Statuses map[string]int // what the errors were: "500", "302", "transport", …
	Elapsed  time.Duration
	P50, P99 time.Duration
}

// summarize turns raw latencies of the successful requests into a result.
func summarize(name string, lat []time.Duration, errs map[string]int, elapsed time.Duration) result {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	r := result{Name: name, OK: len(lat), Statuses: errs, Elapsed: elapsed,
		P50: percentile(lat, 50), P99: percentile(lat, 99)}
	for _, n := range errs {
		r.Errors += n
	}
	return r
}

// Rate is successful requests per second of wall time.
func (r result) Rate() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.OK) / r.Elapsed.Seconds()
}

// startups are the timed starts of the server, in the order they happened, and their median.
type startups struct {
	All    []time.Duration
	Median time.Duration
}

// startupOf takes the median (the upper one of an even count) of the timed starts.
func startupOf(all []time.Duration) startups {
	sorted := append([]time.Duration(nil), all...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	var m time.Duration
	if len(sorted) > 0 {
		m = sorted[len(sorted)/2]
	}
	return startups{All: all, Median: m}
}

func (s startups) String() string {
	if len(s.All) == 1 {
		return ms(s.Median)
	}
	parts := make([]string, len(s.All))
	for i, d := range s.All {
		parts[i] = ms(d)
	}
	return fmt.Sprintf("%s (median of %d starts: %s)", ms(s.Median), len(s.All), strings.Join(parts, ", "))
}
