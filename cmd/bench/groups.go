package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// writeStats is the server's count of its write groups (/bench/writes: store.WriteStats): the
// writes waiting together are committed as one transaction with one fsync.
type writeStats struct {
	Groups  int64 // commits the writer ran
	Writes  int64 // writes they took
	Largest int64 // the most writes one commit took since the server started
}

// readWriteStats asks the server for its counts.
func readWriteStats(ctx context.Context, client *http.Client, base string) (writeStats, error) {
	var w writeStats
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/bench/writes", nil)
	if err != nil {
		return w, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return w, fmt.Errorf("/bench/writes: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return w, fmt.Errorf("/bench/writes: status %d", resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&w); err != nil {
		return w, fmt.Errorf("/bench/writes: %w", err)
	}
	return w, nil
}

// since is what was counted between o and w; the largest group stays the server's.
func (w writeStats) since(o writeStats) writeStats {
	return writeStats{Groups: w.Groups - o.Groups, Writes: w.Writes - o.Writes, Largest: w.Largest}
}

// row reports the groups of the transition phase: every write the server took then, the
// sessions' and the transitions' alike.
func (w writeStats) row() row {
	x := row{Name: "write groups during the transitions (writes per commit)", Measured: none, P50: none, P99: none,
		Errors: none, Ratio: none, Target: none, Verdict: none}
	if w.Groups > 0 {
		x.Measured = fmt.Sprintf("%.1f writes per commit (%d writes in %d commits; largest since start %d)",
			float64(w.Writes)/float64(w.Groups), w.Writes, w.Groups, w.Largest)
	}
	return x
}
