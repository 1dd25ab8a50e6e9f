package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// maxRequestsPerWorker bounds every loop even if the clock misbehaves.
const maxRequestsPerWorker = 5_000_000

// getPhase sends GETs to urls, in turn, from conns connections for d, and times every one.
// Any status but 2xx is an error.
func getPhase(ctx context.Context, name string, client *http.Client, base string, urls []string, conns int, d time.Duration) result {
	var next atomic.Uint64
	return runPhase(ctx, name, conns, d, func(ctx context.Context, _ int) (time.Duration, string) {
		u := base + urls[int(next.Add(1)-1)%len(urls)]
		start := time.Now()
		status, err := get(ctx, client, u)
		took := time.Since(start)
		if err != nil {
			return 0, errorLabel(err)
		}
		if status < 200 || status > 299 {
			return 0, strconv.Itoa(status)
		}
		return took, ""
	})
}

// get sends one GET, reads the whole body and returns the status.
func get(ctx context.Context, client *http.Client, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// requestFunc makes one request for worker w and returns its latency, or the error's label.
type requestFunc func(ctx context.Context, w int) (time.Duration, string)

// runPhase runs do from conns workers until d has passed, and summarizes what they measured.
// Requests still in flight at the deadline finish and are counted; the phase's elapsed time
// runs until the last of them.
func runPhase(ctx context.Context, name string, conns int, d time.Duration, do requestFunc) result {
	var (
		mu   sync.Mutex
		lat  []time.Duration
		errs = map[string]int{}
		wg   sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(d)
	for w := 0; w < conns; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			myErrs := map[string]int{}
			for i := 0; i < maxRequestsPerWorker && time.Now().Before(deadline) && ctx.Err() == nil; i++ {
				took, errLabel := do(ctx, w)
				if errLabel != "" {
					if errors.Is(ctx.Err(), context.Canceled) {
						break
					}
					myErrs[errLabel]++
					continue
				}
				mine = append(mine, took)
			}
			mu.Lock()
			lat = append(lat, mine...)
			for k, v := range myErrs {
				errs[k] += v
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return summarize(name, lat, errs, time.Since(start))
}

// errorLabel names a failed request: "timeout" when the client gave up waiting, "transport"
// for anything else (refused, reset).
func errorLabel(err error) string {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return "timeout"
	}
	return "transport"
}
