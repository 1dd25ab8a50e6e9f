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
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"juece/store"
	"juece/store/notify"
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
  juece serve   [--addr 127.0.0.1:8080] [--db data/juece.db] [--init] [--demo] [--key FILE]
                [--checkpoint-every 100] [--checkpoint-interval 5m] [--public-comment-limit N] [--bench-ceiling] [--pprof 127.0.0.1:PORT]
                [--public-url https://HOST] [--trusted-proxy CIDR]...   (behind a reverse proxy; see README)
                [--remind-every 10m] [--smtp-host HOST --smtp-port 587 --smtp-from ADDR
                 --smtp-user NAME --smtp-tls mandatory|opportunistic|none|ssl] [--webhook-url URL]
                (reminders: the SMTP password from JUECE_SMTP_PASSWORD; every flag of the reminders
                 may be given instead as JUECE_SMTP_HOST, JUECE_SMTP_USER, JUECE_WEBHOOK_URL …;
                 links in reminders use --public-url)
                (refuses a missing, empty or damaged database unless --init creates it, and one
                behind its own checkpoints)
  juece migrate [--db PATH]
  juece user add --username NAME --name 姓名 --unit 单位名称 --role clerk|reviewer|secretary|auditor|admin [--legal-head] [--unit-head] [--db PATH]
  juece user list [--db PATH]
  juece user disable --username NAME [--db PATH]
  juece user passwd --username NAME [--db PATH]      (reads the new password from standard input)
  juece seed --demo [--db PATH]                       (demo units, accounts and decisions)
  juece seed --decisions N [--db PATH]                (the demo plus N decisions over five years, for measuring)
  juece export ID --out FILE.zip [--db PATH]          (a decision's dossier, history, attachments and manifest)
  juece audit verify [--db PATH] [--checkpoints DIR] [--pub FILE] [--key FILE] [--witness DIR]…
                                                      (the whole record: chain, checkpoints, every row, every attachment)
  juece audit checkpoint [--db PATH] [--key FILE]     (signs a checkpoint of the history now)
  juece audit keygen --key FILE [--db PATH]           (a new signer key, off the data disk; also a rotation)
  juece audit witness --from URL --dir DIR            (keeps copies of a server's published checkpoints)
  juece backup --out DIR [--db PATH]                  (a backup set, while the server may run)
  juece restore --from DIR [--db PATH] [--pub FILE] [--key FILE]  (server stopped: checks the set, then puts it in place)
  JUECE_DB and JUECE_KEY set the default database and signer key paths.
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
	// The checkpoint signer key: best on another disk than the database (README).
	defaultKey := getenv("JUECE_KEY")
	switch args[0] {
	case "serve":
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
		dbPath := fs.String("db", defaultDB, "SQLite database file")
		demo := fs.Bool("demo", false, "seed demo units, accounts and decisions (once)")
		initDB := fs.Bool("init", false, "create the database when there is none (otherwise a missing or empty one is refused)")
		// The portal's brake is per client address; a load test sends every simulated citizen
		// from 127.0.0.1, so it needs a higher one. Production keeps the default.
		commentLimit := fs.Int("public-comment-limit", 0, "public comments per client address per 10 minutes (0: the default)")
		benchCeiling := fs.Bool("bench-ceiling", false, "also serve /bench/bare/ID, the benchmark's ceiling page, which shows any decision's title and history to anyone (cmd/bench only)")
		pprofAddr := fs.String("pprof", "", "serve Go's profiles on this loopback address (127.0.0.1:PORT), for measuring")
		nc := notifyFlags(fs, getenv)
		publicURL := fs.String("public-url", "", "the address users reach juece at, e.g. https://juece.example.gov.cn (links, Secure cookies, HSTS)")
		var proxies []netip.Prefix
		fs.Func("trusted-proxy", "a reverse proxy's address or CIDR whose X-Forwarded-For is believed (repeatable, or comma-separated)", func(v string) error {
			for _, x := range strings.Split(v, ",") {
				p, err := parseProxy(strings.TrimSpace(x))
				if err != nil {
					return err
				}
				proxies = append(proxies, p)
			}
			return nil
		})
		key := fs.String("key", defaultKey, "checkpoint signer key file, off the data disk (default: keys/checkpoint.key beside the database)")
		every := fs.Int64("checkpoint-every", store.CheckpointEvery, "sign a checkpoint once this many events follow the latest")
		interval := fs.Duration("checkpoint-interval", store.CheckpointInterval, "sign unsigned events at least this often")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *commentLimit < 0 {
			return errors.New("serve: --public-comment-limit must not be negative")
		}
		if *every < 1 || *interval < time.Second {
			return errors.New("serve: --checkpoint-every must be at least 1 and --checkpoint-interval at least 1s")
		}
		if *pprofAddr != "" {
			if err := startProfiler(*pprofAddr, log); err != nil {
				return err
			}
		}
		o := web.Options{Logger: log, Demo: *demo, PublicCommentLimit: *commentLimit, TrustedProxies: proxies, BenchCeiling: *benchCeiling}
		if *publicURL != "" {
			u, err := parsePublicURL(*publicURL)
			if err != nil {
				return err
			}
			o.PublicURL = u
			nc.BaseURL = strings.TrimSuffix(u.String(), "/")
		}
		signing := store.SignerConfig{DataDir: filepath.Dir(*dbPath), KeyFile: *key, Every: *every, Interval: *interval, Log: log}
		return serve(ctx, *addr, *dbPath, *initDB, o, signing, *nc, log, stdout)
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
		return userCommand(ctx, args[1:], defaultDB, defaultKey, log, stdin, stdout)
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
		db, done, err := openWriting(ctx, *dbPath, defaultKey, log)
		if err != nil {
			return err
		}
		defer done()
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
		return auditCommand(ctx, args[1:], defaultDB, defaultKey, stdout, stderr)
	case "backup":
		return backupCommand(ctx, args[1:], defaultDB, stdout, stderr)
	case "restore":
		return restoreCommand(ctx, args[1:], defaultDB, defaultKey, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// parsePublicURL checks --public-url: an absolute http or https address of juece's root.
func parsePublicURL(v string) (*url.URL, error) {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("serve: --public-url %q: give the address of juece's root, such as https://juece.example.gov.cn", v)
	}
	return u, nil
}

// parseProxy reads one --trusted-proxy: a CIDR, or a single address.
func parseProxy(v string) (netip.Prefix, error) {
	if p, err := netip.ParsePrefix(v); err == nil {
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("--trusted-proxy %q: not an address or CIDR", v)
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// openWriting opens the database for a command that writes, with the checkpoint signer
// running, so that its events count towards the next checkpoint like the server's. done stops
// the signer (signing what is due) and closes the database.
func openWriting(ctx context.Context, path, keyFile string, log *slog.Logger) (db *store.DB, done func() error, err error) {
	db, err = store.Open(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	signer, err := db.StartSigner(store.SignerConfig{DataDir: filepath.Dir(path), KeyFile: keyFile, Log: log})
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, func() error { signer.Stop(); return db.Close() }, nil
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
	fs.DurationVar(&c.Every, "remind-every", 10*time.Minute, "how often to look for reminders")
	c.SMTP.Password = getenv("JUECE_SMTP_PASSWORD")
	return c
}

func serve(ctx context.Context, addr, dbPath string, initDB bool, o web.Options, signing store.SignerConfig, nc notify.Config, log *slog.Logger, stdout io.Writer) error {
	demo := o.Demo
	if err := store.CheckExisting(ctx, dbPath); err != nil {
		// --init creates a database that is not there (or an empty file), never over a damaged one.
		info, statErr := os.Stat(dbPath)
		if !initDB || (statErr == nil && info.Size() > 0) {
			return err
		}
	}
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CheckCheckpointHead(ctx, signing.DataDir); err != nil {
		return err
	}
	keyFile := signing.KeyFile
	if keyFile == "" {
		keyFile = store.DefaultKeyFile(signing.DataDir)
	}
	if msg := store.SignerKeyStatus(signing.DataDir, keyFile); msg != "" {
		return errors.New("无法签署审计检查点，拒绝启动：" + msg)
	}
	signer, err := db.StartSigner(signing)
	if err != nil {
		return err
	}
	defer signer.Stop() // after the HTTP server stopped, before the database closes
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
	o.Signer, o.Notifier = signer, notifier
	handler := web.New(db, o)
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		// No ReadTimeout: a body must keep up a minimum rate instead (web's bodyMinRate), so
		// that a large upload over a slow line is not cut off at a fixed time.
		WriteTimeout:   60 * time.Second,
		IdleTimeout:    120 * time.Second,
		MaxHeaderBytes: 1 << 20,
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "juece 已启动：http://%s/  （数据库 %s）\n", ln.Addr().String(), dbPath)
	if o.PublicURL != nil {
		fmt.Fprintf(stdout, "对外地址：%s  （受信任的反向代理：%v）\n", o.PublicURL, o.TrustedProxies)
	}
	if demo {
		fmt.Fprintf(stdout, "演示账号（密码均为 %s）：%s\n", store.DemoPassword, strings.Join(demoUsernames(), "、"))
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
