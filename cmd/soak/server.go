package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// server is one `juece serve` process on a loopback port, restarted on the same database.
type server struct {
	bin, db, addr string
	extra         []string // more serve flags
	log           *os.File // the server's stdout and stderr, across restarts
	cmd           *exec.Cmd
	done          chan error
}

// freeAddr finds a free loopback port. The harness keeps it across restarts, so that the
// clients' cookies and URLs stay valid.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func (s *server) base() string { return "http://" + s.addr }

// start runs the server and waits, at most 30 s, until /healthz answers.
func (s *server) start(ctx context.Context) error {
	args := append([]string{"serve", "--addr", s.addr, "--db", s.db}, s.extra...)
	s.cmd = exec.Command(s.bin, args...)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		return err
	}
	s.done = make(chan error, 1)
	go func(cmd *exec.Cmd, done chan error) { done <- cmd.Wait() }(s.cmd, s.done)
	hc := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			s.cmd = nil
			return fmt.Errorf("juece serve exited at start: %v (see %s)", err, s.log.Name())
		case <-ctx.Done():
			s.kill()
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		if res, err := hc.Get(s.base() + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	s.kill()
	return errors.New("juece serve did not answer /healthz within 30 s")
}

// kill ends the server with SIGKILL, as a power cut ends it for the process: no shutdown, no
// deferred closes.
func (s *server) kill() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
	s.cmd = nil
}

// stop ends the server cleanly with SIGTERM, or kills it after 15 s.
func (s *server) stop() error {
	if s.cmd == nil {
		return nil
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		s.cmd = nil
		return err
	case <-time.After(15 * time.Second):
		s.kill()
		return errors.New("juece serve did not stop within 15 s of SIGTERM")
	}
}
