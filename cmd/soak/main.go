// Command soak is juece's durability and load test (make soak, not part of make test). It
// starts the juece binary it is given on fresh databases on loopback and checks two things:
// that no acknowledged write is lost when the server is killed with SIGKILL at random moments
// under concurrent use, and that under a steady load no user sees a server error or a locked
// database and no acknowledged comment is lost. It builds nothing and talks only to
// 127.0.0.1; every loop is bounded in count and time.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	bin := fs.String("juece", "bin/juece", "the juece binary to test")
	dir := fs.String("dir", "", "work folder for the databases and server logs (default: a new temporary folder, removed when everything passed)")
	seed := fs.Uint64("seed", uint64(time.Now().UnixNano()), "random seed (kill moments, user choices)")
	kills := fs.Int("kills", 20, "crash soak: SIGKILLs, each followed by a restart (0 skips the crash soak)")
	clients := fs.Int("clients", 50, "crash soak: concurrent logged-in clients")
	upMin := fs.Duration("up-min", 300*time.Millisecond, "crash soak: shortest run of the server before a kill")
	upMax := fs.Duration("up-max", 3*time.Second, "crash soak: longest run of the server before a kill")
	users := fs.Int("users", 200, "load soak: simulated users")
	duration := fs.Duration("duration", 2*time.Minute, "load soak: how long (0 skips the load soak)")
	think := fs.Duration("think", time.Second, "load soak: mean pause between a user's operations (0: none, the server saturated)")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	if *kills < 0 || *clients < 1 || *users < 1 || *upMin <= 0 || *upMax < *upMin || *duration < 0 || *think < 0 ||
		*kills > 1000 || *duration > time.Hour {
		return errors.New("flags out of range (kills ≤ 1000, duration ≤ 1h, up-min ≤ up-max)")
	}
	if _, err := os.Stat(*bin); err != nil {
		return fmt.Errorf("the juece binary: %w (make soak builds it)", err)
	}
	work := *dir
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "juece-soak-"); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "soak: seed %d, work folder %s\n", *seed, work)
	pass := true
	if *kills > 0 {
		ok, err := crashSoak(ctx, crashConfig{kills: *kills, clients: *clients, upMin: *upMin, upMax: *upMax, seed: *seed}, *bin, work, out)
		if err != nil {
			return fmt.Errorf("crash soak: %w", err)
		}
		pass = pass && ok
	}
	if *duration > 0 {
		ok, err := loadSoak(ctx, loadConfig{users: *users, duration: *duration, think: *think, seed: *seed}, *bin, work, out)
		if err != nil {
			return fmt.Errorf("load soak: %w", err)
		}
		pass = pass && ok
	}
	if !pass {
		return fmt.Errorf("FAIL (databases and server logs kept in %s)", work)
	}
	fmt.Fprintln(out, "soak: PASS")
	if *dir == "" {
		os.RemoveAll(work)
	}
	return nil
}
