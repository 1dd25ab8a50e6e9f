package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"juece/store"
)

// backupCommand writes a backup set — the database snapshot, exactly the checkpoints it
// reaches, the verifier keys and the attachments — while the server may keep running.
func backupCommand(ctx context.Context, args []string, defaultDB string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("backup", flag.ContinueOnError)
	fset.SetOutput(stderr)
	dbPath := fset.String("db", defaultDB, "SQLite database file")
	out := fset.String("out", "", "the backup folder to write (must not exist)")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("backup: unexpected argument %q", fset.Arg(0))
	}
	if *out == "" {
		return errors.New("backup: say --out DIR")
	}
	r, err := store.BackupSet(ctx, *dbPath, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "备份完成，已通过完整性检查：%s\n数据库至第 %d 个事件，%d 个检查点，%d 个附件文件，验证公钥。\n"+
		"签名私钥不在备份中：请另行离线保管。\n", *out, r.Head.Seq, r.Checkpoints, r.Files)
	return nil
}

// restoreCommand puts a backup in place of the database of a stopped server, after checking
// it: a backup set as a whole (juece backup), or a bare database copy against the checkpoints.
func restoreCommand(ctx context.Context, args []string, defaultDB, defaultKey string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("restore", flag.ContinueOnError)
	fset.SetOutput(stderr)
	dbPath := fset.String("db", defaultDB, "SQLite database file to replace")
	from := fset.String("from", "", "the backup folder (juece backup), or a bare database copy")
	dir := fset.String("checkpoints", "", "for a bare copy: checkpoints folder (default: checkpoints beside the database, if there)")
	pub := fset.String("pub", "", "verifier keys file to check the checkpoints with (default: checkpoint.pub in the backup or the folder)")
	key := fset.String("key", defaultKey, "where the signer key will be (default: keys/checkpoint.key beside the database)")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("restore: unexpected argument %q", fset.Arg(0))
	}
	if *from == "" {
		return errors.New("restore: say --from DIR")
	}
	var r store.Restored
	var err error
	found := "set"
	if store.IsBackupSet(*from) {
		var keys []byte
		if *pub != "" {
			if keys, err = os.ReadFile(*pub); err != nil {
				return err
			}
		}
		r, err = store.RestoreSet(ctx, *from, *dbPath, strings.TrimSpace(string(keys)), time.Now())
	} else {
		var checkpoints []store.Checkpoint
		checkpoints, found, err = loadCheckpoints(*dbPath, *dir, *pub)
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		r, err = store.Restore(ctx, *from, *dbPath, checkpoints, time.Now())
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已恢复 %s：共 %d 个事件，链头 %s，已核对 %d 个检查点\n", *dbPath, r.Head.Seq, r.Head.Hash, r.Matched)
	if r.Kept != "" {
		fmt.Fprintf(stdout, "原数据库已保留为 %s\n", r.Kept)
	}
	if found == "" {
		fmt.Fprintln(stdout, "注意：未找到检查点目录，只核对了链本身。")
	}
	if len(r.Later) > 0 {
		// The events after the backup are lost; their checkpoints stay as the record of that.
		last := slices.MaxFunc(r.Later, func(a, b store.Checkpoint) int { return cmp.Compare(a.Size, b.Size) })
		fmt.Fprintf(stdout, "警告：%d 个检查点（最大的记载 %d 个事件）晚于此备份：备份之后的 %d 个事件已丢失，"+
			"这些检查点留在检查点目录中时，审计核验将报告链尾被截断，也无法签署新的检查点。"+
			"请将其移入单独的目录，作为丢失记录保存，并按规定报告。\n",
			len(r.Later), last.Size, last.Size-r.Head.Seq)
	}
	if *key == "" {
		*key = store.DefaultKeyFile(filepath.Dir(*dbPath))
	}
	if msg := store.SignerKeyStatus(filepath.Dir(*dbPath), *key); msg != "" {
		fmt.Fprintln(stdout, "签名私钥：", msg)
	} else {
		fmt.Fprintf(stdout, "签名私钥：%s（启动服务时以 --key 或 JUECE_KEY 指明同一路径）\n", *key)
	}
	return nil
}
