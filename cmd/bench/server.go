package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// server is the juece process under measurement.
type server struct {
	cmd     *exec.Cmd
	base    string
	started time.Time
	log     *tailBuffer
	done    chan error
	once    sync.Once
	stopErr error
}

// freeLoopbackAddr asks the kernel for a free port on 127.0.0.1.
func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startServer starts `juece serve` on addr (loopback only) and waits for the first 200 on
// /healthz, at most for limit. It returns the time from the process's start to that answer.
func startServer(ctx context.Context, bin, addr, db string, limit time.Duration, logTo io.Writer, extra ...string) (*server, time.Duration, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host != "127.0.0.1" {
		return nil, 0, fmt.Errorf("address %q: only 127.0.0.1 may be measured", addr)
	}
	s := &server{base: "http://" + addr, log: &tailBuffer{max: 64 << 10}, done: make(chan error, 1)}
	s.cmd = exec.Command(bin, append([]string{"serve", "--addr", addr, "--db", db, "--bench-ceiling"}, extra...)...)
	var out io.Writer = s.log
	if logTo != nil {
		out = io.MultiWriter(s.log, logTo)
	}
	s.cmd.Stdout, s.cmd.Stderr = out, out
	// The server dies with the harness, whatever ends it.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	probe := &http.Client{Timeout: time.Second}
	s.started = time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, 0, fmt.Errorf("start %s: %w", bin, err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	deadline := s.started.Add(limit)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			return nil, 0, fmt.Errorf("juece serve exited before answering (%v):\n%s", err, s.log)
		case <-ctx.Done():
			s.stop()
			return nil, 0, ctx.Err()
		default:
		}
		if resp, err := probe.Get(s.base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, time.Since(s.started), nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	s.stop()
	return nil, 0, fmt.Errorf("no 200 on /healthz within %s:\n%s", limit, s.log)
}

// stop asks the server to shut down and kills it if it has not within 15 s. Only the first
// call acts; later ones return what it returned.
func (s *server) stop() error {
	s.once.Do(func() {
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case s.stopErr = <-s.done:
		case <-time.After(15 * time.Second):
			s.cmd.Process.Kill()
			<-s.done
			s.stopErr = errors.New("juece serve did not stop within 15 s; killed")
		}
	})
	return s.stopErr
}

// Lines of juece serve's log at the end of the whole-file integrity check it runs once it
// answers (cmd/juece/serve.go).
const (
	checkPassed = "数据库完整性检查通过"
	checkFailed = "数据库未通过完整性检查"
)

// waitChecked waits until the server has logged the end of its integrity check, at most
// limit, and returns how long after the process's start that was, or 0 when it had not ended
// by then. The check reads every page of the file: measuring while it runs measures the disk
// it shares too.
func (s *server) waitChecked(ctx context.Context, limit time.Duration) (time.Duration, error) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		log := s.log.String()
		switch {
		case strings.Contains(log, checkPassed):
			return time.Since(s.started), nil
		case strings.Contains(log, checkFailed):
			return 0, fmt.Errorf("the server found the database damaged:\n%s", log)
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return 0, nil
}

// memory is the server's resident set: the peak (VmHWM) and now (VmRSS), in kB.
type memory struct{ HWM, RSS int64 }

// readMemory reads /proc/PID/status.
func readMemory(pid int) (memory, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, err
	}
	defer f.Close()
	var m memory
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		fields := strings.Fields(v)
		if len(fields) == 0 {
			continue
		}
		n, _ := strconv.ParseInt(fields[0], 10, 64)
		switch k {
		case "VmHWM":
			m.HWM = n
		case "VmRSS":
			m.RSS = n
		}
	}
	if m.HWM == 0 {
		return m, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
	}
	return m, sc.Err()
}

// tailBuffer keeps the last max bytes written to it: the server's log, for when it fails.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > 2*t.max { // trim now and then, not at every line of the access log
		t.b = append(t.b[:0], t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.b) > t.max {
		return string(t.b[len(t.b)-t.max:])
	}
	return string(t.b)
}

// cpuTicks is the CPU time the process has used so far, in clock ticks (user + system), from
// /proc/PID/stat.
func cpuTicks(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name may hold spaces and parentheses: the fields start after the last ')'.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc/%d/stat: no ')'", pid)
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: utime %q stime %q", pid, f[11], f[12])
	}
	return utime + stime, nil
}

// cpuUse is the CPU time server and load generator used during the load phases.
type cpuUse struct{ Server, Generator, Wall time.Duration }

// ticks turns clock ticks into time, at the 100 ticks a second Linux uses (USER_HZ).
func ticks(n int64) time.Duration { return time.Duration(n) * 10 * time.Millisecond }

// settle waits, at most limit, until the server is idle — it used at most 2 ticks (20 ms at
// the usual 100 Hz) of CPU time in 250 ms: requests a phase gave up on may still be rendering
// in the server, and must not load the next phase. It says whether the server went idle.
func (s *server) settle(ctx context.Context, limit time.Duration) bool {
	pid := s.cmd.Process.Pid
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		a, err := cpuTicks(pid)
		if err != nil {
			return false
		}
		time.Sleep(250 * time.Millisecond)
		b, err := cpuTicks(pid)
		if err != nil {
			return false
		}
		if b-a <= 2 {
			return true
		}
	}
	return false
}
