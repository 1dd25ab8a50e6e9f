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
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"juece/store"
	"juece/store/notify"
	"juece/web"
)

// serveCommand runs the web server. It is the one command that needs the web package
// (serve_test.go keeps it so).
func serveCommand(ctx context.Context, args []string, defaultDB, defaultKey string, getenv func(string) string, log *slog.Logger, stdout io.Writer) error {
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
	if err := fs.Parse(args); err != nil {
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
	// Every page of the file is read once the server answers (seconds on a large database);
	// damage found then stops all writes, so that it is not spread, and is logged.
	checkCtx, stopCheck := context.WithCancel(ctx)
	checkDone := make(chan struct{})
	go func() {
		defer close(checkDone)
		began := time.Now()
		err := db.CheckPages(checkCtx)
		switch {
		case checkCtx.Err() != nil: // stopped with the server
		case err == nil:
			log.Info("数据库完整性检查通过", "db", dbPath, "took", time.Since(began).Round(time.Millisecond))
		default:
			log.Error("数据库未通过完整性检查，已停止接受提交", "db", dbPath, "err", err)
		}
	}()
	defer func() { stopCheck(); <-checkDone }() // before the database closes
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
