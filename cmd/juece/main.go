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
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"juece/store"
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
		return serveCommand(ctx, args[1:], defaultDB, defaultKey, getenv, log, stdout)
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
