package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"juece/store"
)

const auditUsage = `用法 / usage:
  juece audit verify [--db PATH] [--checkpoints DIR] [--pub FILE]
  juece audit checkpoint [--db PATH]
`

// auditCommand checks the history's hash chain against the signed checkpoints (verify), or
// signs a checkpoint of the current head now (checkpoint).
func auditCommand(ctx context.Context, args []string, defaultDB, defaultKey string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, auditUsage)
		return errors.New("audit: say verify or checkpoint")
	}
	switch args[0] {
	case "verify":
		return auditVerify(ctx, args[1:], defaultDB, stdout, stderr)
	case "checkpoint":
		return auditCheckpoint(ctx, args[1:], defaultDB, defaultKey, stdout, stderr)
	}
	fmt.Fprint(stderr, auditUsage)
	return fmt.Errorf("audit: unknown command %q", args[0])
}

// auditVerify checks every event and every checkpoint; the error names the first bad event.
func auditVerify(ctx context.Context, args []string, defaultDB string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	fset.SetOutput(stderr)
	dbPath := fset.String("db", defaultDB, "SQLite database file")
	dir := fset.String("checkpoints", "", "checkpoints folder (default: checkpoints beside the database, if there)")
	pub := fset.String("pub", "", "verifier key file to check the checkpoints with (default: checkpoint.pub in the folder)")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("audit verify: unexpected argument %q", fset.Arg(0))
	}
	// Open would create a missing database: an audit must not find an empty, "intact" one.
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	checkpoints, found, err := loadCheckpoints(*dbPath, *dir, *pub)
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	*dir = found
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	head, err := db.VerifyChain(ctx, checkpoints)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "审计链完整：共 %d 个事件，链头 %s，已核对 %d 个检查点\n", head.Seq, head.Hash, len(checkpoints))
	if *dir == "" {
		fmt.Fprintln(stdout, "注意：未找到检查点目录，只核对了链本身；整条链被重算改写时，只有检查点能发现。")
	}
	return nil
}

// loadCheckpoints reads the signed checkpoints that vouch for the history of the database at
// dbPath: from dir, or when dir is "" from the checkpoints folder beside the database if there.
// A pub key file, when given, is the key to check them with. It returns the folder it read
// ("" when there was none).
func loadCheckpoints(dbPath, dir, pub string) ([]store.Checkpoint, string, error) {
	if dir == "" {
		def := store.CheckpointDir(filepath.Dir(dbPath))
		if _, err := os.Stat(def); err == nil {
			dir = def
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, "", err
		}
	} else if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, "", fmt.Errorf("checkpoints folder %s: not found", dir)
	}
	if dir == "" {
		if pub != "" {
			return nil, "", errors.New("--pub given but no checkpoints folder")
		}
		return nil, "", nil
	}
	if pub == "" {
		cps, err := store.ReadCheckpoints(dir)
		return cps, dir, err
	}
	key, err := os.ReadFile(pub)
	if err != nil {
		return nil, "", err
	}
	cps, err := store.ReadCheckpointsWithKey(dir, strings.TrimSpace(string(key)))
	return cps, dir, err
}

// auditCheckpoint checks the whole history, then signs its head into the checkpoints folder
// beside the database.
func auditCheckpoint(ctx context.Context, args []string, defaultDB, defaultKey string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("audit checkpoint", flag.ContinueOnError)
	fset.SetOutput(stderr)
	dbPath := fset.String("db", defaultDB, "SQLite database file")
	key := fset.String("key", defaultKey, "signer key file (default: keys/checkpoint.key beside the database)")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("audit checkpoint: unexpected argument %q", fset.Arg(0))
	}
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("audit checkpoint: %w", err)
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	// WriteCheckpoint checks only the events since the latest checkpoint; on demand there is
	// time to check them all before signing.
	checkpoints, err := store.ReadCheckpoints(store.CheckpointDir(filepath.Dir(*dbPath)))
	if err != nil {
		return err
	}
	if _, err := db.VerifyChain(ctx, checkpoints); err != nil {
		return err
	}
	if *key == "" {
		*key = store.DefaultKeyFile(filepath.Dir(*dbPath))
	}
	cp, err := db.WriteCheckpointWithKey(ctx, filepath.Dir(*dbPath), *key)
	if errors.Is(err, store.ErrNoEvents) {
		fmt.Fprintln(stdout, "尚无历史事件，未写检查点。")
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "检查点：共 %d 个事件，链头 %s\n文件 %s\n", cp.Size, cp.Hash, cp.File)
	return nil
}
