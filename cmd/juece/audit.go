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
	"time"

	"juece/store"
)

const auditUsage = `用法 / usage:
  juece audit verify [--db PATH] [--checkpoints DIR] [--pub FILE] [--key FILE] [--witness DIR]…
  juece audit checkpoint [--db PATH] [--key FILE]
  juece audit keygen --key FILE [--db PATH]
  juece audit witness --from URL --dir DIR
`

// auditCommand checks the whole record (verify), signs a checkpoint now (checkpoint), makes or
// rotates the signer key (keygen), or keeps a copy of a server's published checkpoints (witness).
func auditCommand(ctx context.Context, args []string, defaultDB, defaultKey string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, auditUsage)
		return errors.New("audit: say verify, checkpoint, keygen or witness")
	}
	switch args[0] {
	case "verify":
		return auditVerify(ctx, args[1:], defaultDB, defaultKey, stdout, stderr)
	case "checkpoint":
		return auditCheckpoint(ctx, args[1:], defaultDB, defaultKey, stdout, stderr)
	case "keygen":
		return auditKeygen(args[1:], defaultDB, defaultKey, stdout, stderr)
	case "witness":
		return auditWitness(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprint(stderr, auditUsage)
	return fmt.Errorf("audit: unknown command %q", args[0])
}

// listFlag is a flag that may be given more than once.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// auditVerify checks the whole record and prints what it found; it fails when anything is
// wrong, naming each problem.
func auditVerify(ctx context.Context, args []string, defaultDB, defaultKey string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	fset.SetOutput(stderr)
	dbPath := fset.String("db", defaultDB, "SQLite database file")
	dir := fset.String("checkpoints", "", "checkpoints folder (default: checkpoints beside the database, if there)")
	pub := fset.String("pub", "", "verifier keys file to check the checkpoints with (default: checkpoint.pub in the folder)")
	key := fset.String("key", defaultKey, "the signer key's path (default: keys/checkpoint.key beside the database): if it exists, checkpoints must")
	var witnesses listFlag
	fset.Var(&witnesses, "witness", "a witness's folder of kept checkpoints (juece audit witness): the database must extend each (repeatable)")
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
	start := time.Now()
	checkpoints, found, err := loadCheckpoints(*dbPath, *dir, *pub)
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	in := store.AuditInput{Checkpoints: checkpoints, DataDir: filepath.Dir(*dbPath)}
	for _, w := range witnesses {
		cps, err := store.ReadCheckpoints(w)
		if err != nil {
			return fmt.Errorf("audit verify: witness %s: %w", w, err)
		}
		if len(cps) == 0 {
			return fmt.Errorf("audit verify: witness folder %s holds no checkpoints", w)
		}
		in.Witnessed = append(in.Witnessed, cps...)
	}
	in.KeyFound = keyFound(*dbPath, found, *key)
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := db.Audit(ctx, in)
	if err != nil {
		return err
	}
	took := time.Since(start).Round(time.Millisecond)
	if !r.OK() {
		for _, p := range r.Problems {
			fmt.Fprintln(stdout, "✗", p)
		}
		if line := r.UnsignedLine(); line != "" {
			fmt.Fprintln(stdout, line)
		}
		return fmt.Errorf("审计未通过：%d 处问题（用时 %s）。第一处：%s", len(r.Problems), took, r.Problems[0])
	}
	fmt.Fprintf(stdout, "审计链完整：共 %d 个事件，链头 %s，已核对 %d 个检查点\n", r.Head.Seq, r.Head.Hash, r.Checkpoints)
	fmt.Fprintf(stdout, "记录与历史一致：%d 行\n", r.Records.Rows)
	fmt.Fprintf(stdout, "附件与记录一致：%d 个文件\n", r.Files)
	if len(witnesses) > 0 {
		fmt.Fprintf(stdout, "数据库延续全部 %d 个见证检查点（%d 个见证目录）\n", r.Witnessed, len(witnesses))
	}
	if line := r.UnsignedLine(); line != "" {
		fmt.Fprintln(stdout, line)
	}
	if found == "" {
		fmt.Fprintln(stdout, "注意：未找到检查点目录，只核对了链本身；整条链被重算改写时，只有检查点能发现。")
	}
	fmt.Fprintf(stdout, "用时 %s\n", took)
	return nil
}

// keyFound names a signer or verifier key that exists for the database at dbPath, "" when none:
// the signer key (keyFile, or the default beside the database), or a checkpoint.pub in the
// checkpoints folder found or the default one.
func keyFound(dbPath, found, keyFile string) string {
	dataDir := filepath.Dir(dbPath)
	candidates := []string{store.DefaultKeyFile(dataDir), store.CheckpointPubFile(store.CheckpointDir(dataDir))}
	if keyFile != "" {
		candidates = append(candidates, keyFile)
	}
	if found != "" {
		candidates = append(candidates, store.CheckpointPubFile(found))
	}
	for _, f := range candidates {
		if _, err := os.Stat(f); err == nil {
			return f
		}
	}
	return ""
}

// loadCheckpoints reads the signed checkpoints that vouch for the history of the database at
// dbPath: from dir, or when dir is "" from the checkpoints folder beside the database if there.
// A pub key file, when given, holds the keys to check them with. It returns the folder it read
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

// auditKeygen makes a new signer key at --key and lists its verifier key in the checkpoints
// folder beside the database, after the keys already there: the first key of an installation,
// or a rotation (the old checkpoints stay verifiable by the old keys, which are kept).
func auditKeygen(args []string, defaultDB, defaultKey string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("audit keygen", flag.ContinueOnError)
	fset.SetOutput(stderr)
	dbPath := fset.String("db", defaultDB, "SQLite database file whose checkpoints the key will sign")
	key := fset.String("key", defaultKey, "where to write the new signer key: off the data disk")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("audit keygen: unexpected argument %q", fset.Arg(0))
	}
	if *key == "" {
		return errors.New("audit keygen: say --key FILE (or set JUECE_KEY): the new key's path, on another disk than the database")
	}
	vkey, err := store.GenerateCheckpointKey(filepath.Dir(*dbPath), *key)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已生成签名私钥 %s（仅本人可读）\n验证公钥已列入 %s：\n%s\n"+
		"请以 --key %s（或 JUECE_KEY）重启服务，使新密钥生效；旧密钥签署的检查点仍可用旧公钥核验。\n",
		*key, store.CheckpointPubFile(store.CheckpointDir(filepath.Dir(*dbPath))), vkey, *key)
	return nil
}
