// Command juece runs the major administrative decision system: the web server and the
// administration commands around its database.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"juece/notify"
	"juece/store"
	"juece/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "juece:", err)
		os.Exit(1)
	}
}

const usage = `用法 / usage:
  juece serve   [--addr 127.0.0.1:8080] [--db data/juece.db] [--demo] [--public-comment-limit N]
                [--base-url URL] [--remind-every 10m] [--smtp-host HOST --smtp-port 587 --smtp-from ADDR
                 --smtp-user NAME --smtp-tls mandatory|opportunistic|none|ssl] [--webhook-url URL]
                (reminders: the SMTP password from JUECE_SMTP_PASSWORD; every flag of the reminders
                 may be given instead as JUECE_SMTP_HOST, JUECE_SMTP_USER, JUECE_WEBHOOK_URL …)
  juece migrate [--db PATH]
  juece user add --username NAME --name 姓名 --unit 单位名称 --role clerk|reviewer|secretary|auditor|admin [--legal-head] [--unit-head] [--db PATH]
  juece user list [--db PATH]
  juece user disable --username NAME [--db PATH]
  juece user passwd --username NAME [--db PATH]      (reads the new password from standard input)
  juece seed --demo [--db PATH]                       (demo units, accounts and decisions)
  juece seed --decisions N [--db PATH]                (the demo plus N decisions over five years, for measuring)
  juece export ID --out FILE.zip [--db PATH]          (a decision's dossier, history, attachments and manifest)
  juece audit verify [--db PATH] [--checkpoints DIR] [--pub FILE]  (checks the history's hash chain and signed checkpoints)
  juece audit checkpoint [--db PATH]                  (signs a checkpoint of the history now)
  juece backup --out FILE [--db PATH]                 (a checked copy, while the server may run)
  juece restore --from FILE [--db PATH] [--checkpoints DIR] [--pub FILE]  (server stopped: checks the backup and its history, then puts it in place)
`

// run is main without the process: it takes the arguments and environment it needs, so tests
// can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	defaultDB := getenv("JUECE_DB")
	if defaultDB == "" {
		defaultDB = "data/juece.db"
	}
	switch args[0] {
	case "serve":
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
		dbPath := fs.String("db", defaultDB, "SQLite database file")
		demo := fs.Bool("demo", false, "seed demo units, accounts and decisions (once)")
		// The portal's brake is per client address; a load test sends every simulated citizen
		// from 127.0.0.1, so it needs a higher one. Production keeps the default.
		commentLimit := fs.Int("public-comment-limit", 0, "public comments per client address per 10 minutes (0: the default, 5)")
		nc := notifyFlags(fs, getenv)
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *commentLimit < 0 {
			return errors.New("serve: --public-comment-limit must not be negative")
		}
		return serve(ctx, *addr, *dbPath, *demo, *commentLimit, *nc, log, stdout)
	case "migrate":
		fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
		dbPath := fs.String("db", defaultDB, "SQLite database file")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		db, err := store.Open(ctx, *dbPath)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, "数据库已是最新结构:", *dbPath)
		return db.Close()
	case "user":
		return userCommand(ctx, args[1:], defaultDB, stdin, stdout)
	case "seed":
		fs := flag.NewFlagSet("seed", flag.ContinueOnError)
		dbPath := fs.String("db", defaultDB, "SQLite database file")
		demo := fs.Bool("demo", false, "seed the demo data")
		decisions := fs.Int("decisions", 0, "also seed N bulk decisions over five years, for measuring (implies --demo)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if !*demo && *decisions <= 0 {
			return errors.New("seed: say --demo or --decisions N")
		}
		if *decisions > 0 {
			return seedBulkFile(ctx, *dbPath, *decisions, stdout, stderr)
		}
		db, err := store.Open(ctx, *dbPath)
		if err != nil {
			return err
		}
		defer db.Close()
		seeded, err := seedDemo(ctx, db, time.Now())
		if err != nil {
			return err
		}
		if !seeded {
			fmt.Fprintln(stdout, "演示数据已存在，未重复写入。")
		}
		return nil
	case "export":
		return exportCommand(ctx, args[1:], defaultDB, stdout)
	case "audit":
		return auditCommand(ctx, args[1:], defaultDB, stdout, stderr)
	case "backup":
		return backupCommand(ctx, args[1:], defaultDB, stdout, stderr)
	case "restore":
		return restoreCommand(ctx, args[1:], defaultDB, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// notifyFlags declares the reminders' flags; each defaults to its JUECE_ variable. The SMTP
// password is read from JUECE_SMTP_PASSWORD only, so that it never shows in a process list.
func notifyFlags(fs *flag.FlagSet, getenv func(string) string) *notify.Config {
	c := &notify.Config{}
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	port, _ := strconv.Atoi(env("JUECE_SMTP_PORT", "587"))
	fs.StringVar(&c.SMTP.Host, "smtp-host", env("JUECE_SMTP_HOST", ""), "SMTP server for e-mail reminders (none: no e-mail)")
	fs.IntVar(&c.SMTP.Port, "smtp-port", port, "SMTP port")
	fs.StringVar(&c.SMTP.Username, "smtp-user", env("JUECE_SMTP_USER", ""), "SMTP user (none: no authentication)")
	fs.StringVar(&c.SMTP.From, "smtp-from", env("JUECE_SMTP_FROM", ""), "sender address of e-mail reminders")
	fs.StringVar(&c.SMTP.TLS, "smtp-tls", env("JUECE_SMTP_TLS", "mandatory"), "mandatory, opportunistic, none or ssl")
	fs.StringVar(&c.WebhookURL, "webhook-url", env("JUECE_WEBHOOK_URL", ""), "企业微信/钉钉 group robot URL for reminders (none: no robot)")
	fs.StringVar(&c.BaseURL, "base-url", env("JUECE_BASE_URL", ""), "the site's address, for links in reminders")
	fs.DurationVar(&c.Every, "remind-every", 10*time.Minute, "how often to look for reminders")
	c.SMTP.Password = getenv("JUECE_SMTP_PASSWORD")
	return c
}

func serve(ctx context.Context, addr, dbPath string, demo bool, commentLimit int, nc notify.Config, log *slog.Logger, stdout io.Writer) error {
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if demo {
		if _, err := seedDemo(ctx, db, time.Now()); err != nil {
			return fmt.Errorf("seed demo: %w", err)
		}
	}
	notifier := notify.New(db, nc, log, nil)
	notifyCtx, stopNotify := context.WithCancel(ctx)
	notifyDone := make(chan struct{})
	go func() { defer close(notifyDone); notifier.Run(notifyCtx) }()
	defer func() { stopNotify(); <-notifyDone }() // before the database closes
	handler := web.New(db, web.Options{Logger: log, Demo: demo, PublicCommentLimit: commentLimit, Notifier: notifier})
	defer handler.Wait() // a checkpoint being signed, before the database closes
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(stdout, "juece 已启动：%s  （数据库 %s）\n", url, dbPath)
	if demo {
		fmt.Fprintf(stdout, "演示账号（密码均为 %s）：%s\n", web.DemoPassword, strings.Join(demoUsernames(), "、"))
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
