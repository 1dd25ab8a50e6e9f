package main

import (
	"io"
	"log/slog"
	"testing"
)

// The profiles show the process's insides: served on a loopback address only.
func TestProfilerLoopbackOnly(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:6060", "localhost"} {
		if err := startProfiler(addr, log); err == nil {
			t.Errorf("--pprof %s was accepted", addr)
		}
	}
	if err := startProfiler("127.0.0.1:0", log); err != nil {
		t.Errorf("--pprof 127.0.0.1:0: %v", err)
	}
}
