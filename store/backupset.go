package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// A backup set is one folder that restores on its own:
//
//	juece.db                 the database snapshot (Backup: one transaction's state, checked)
//	checkpoints/*.note       exactly the signed checkpoints the snapshot reaches
//	checkpoints/checkpoint.pub   the verifier keys
//	files/                   the attachments the snapshot names
//
// The signer's private key is never in it: it is kept apart (--key), and restore says where it
// must be. Checkpoints newer than the snapshot stay out, so a backup taken while the server
// signs still verifies.

// BackupSetDB is the database's name inside a backup set.
const BackupSetDB = "juece.db"

// BackupSetResult is what a backup set holds.
type BackupSetResult struct {
	Head        ChainHead
	Checkpoints int
	Files       int
}

// BackupSet writes the backup set of the database at src (whose checkpoints and attachments
// are beside it) into the new folder out. It is built in a temporary folder beside out and
// renamed into place, so out is either missing or whole.
func BackupSet(ctx context.Context, src, out string) (res BackupSetResult, err error) {
	if _, err := os.Stat(out); err == nil {
		return res, fmt.Errorf("备份目录 %s 已存在：请指定一个新的目录", out)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o750); err != nil {
		return res, fmt.Errorf("store: backup: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return res, fmt.Errorf("store: backup: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := Backup(ctx, src, filepath.Join(tmp, BackupSetDB)); err != nil {
		return res, err
	}
	snap, err := sql.Open("sqlite", "file:"+fileURI(filepath.Join(tmp, BackupSetDB))+"?mode=ro")
	if err != nil {
		return res, fmt.Errorf("store: backup: %w", err)
	}
	defer snap.Close()
	res.Head, err = chainHead(ctx, snap)
	if err != nil {
		return res, err
	}
	dataDir := filepath.Dir(src)
	// The checkpoints the snapshot reaches, each checked against the snapshot's own event.
	dir := CheckpointDir(dataDir)
	cps, err := ReadCheckpoints(dir)
	if err != nil {
		return res, err
	}
	setDir := CheckpointDir(tmp)
	for _, cp := range cps {
		if cp.Size > res.Head.Seq {
			continue // signed after the snapshot
		}
		var hash string
		if err := snap.QueryRowContext(ctx, "SELECT hash FROM events WHERE seq = ?", cp.Size).Scan(&hash); err != nil || hash != cp.Hash {
			return res, errors.Join(err, fmt.Errorf("检查点 %s 与数据库第 %d 个事件不符，未备份：请先运行 juece audit verify --db %s",
				filepath.Base(cp.File), cp.Size, src))
		}
		if err := copyInto(cp.File, filepath.Join(setDir, filepath.Base(cp.File))); err != nil {
			return res, fmt.Errorf("store: backup: %w", err)
		}
		res.Checkpoints++
	}
	if _, err := os.Stat(CheckpointPubFile(dir)); err == nil {
		if err := copyInto(CheckpointPubFile(dir), CheckpointPubFile(setDir)); err != nil {
			return res, fmt.Errorf("store: backup: %w", err)
		}
	}
	// The attachments the snapshot names.
	rows, err := snap.QueryContext(ctx, "SELECT DISTINCT sha256 FROM attachments")
	if err != nil {
		return res, fmt.Errorf("store: backup: %w", err)
	}
	var shas []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return res, err
		}
		shas = append(shas, s)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return res, err
	}
	for _, s := range shas {
		if err := linkOrCopy(AttachmentPath(dataDir, s), AttachmentPath(tmp, s)); err != nil {
			return res, fmt.Errorf("store: backup: attachment %s: %w", s, err)
		}
		res.Files++
	}
	if err := snap.Close(); err != nil {
		return res, err
	}
	if err := os.Rename(tmp, out); err != nil {
		return res, fmt.Errorf("store: backup: %w", err)
	}
	return res, syncDir(filepath.Dir(out))
}

// copyInto copies a small file into place, creating its folder, synced.
func copyInto(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return copyFileSynced(from, to)
}

// linkOrCopy puts the file from at to: a hard link when both are on one file system (an
// attachment is never changed in place), a copy otherwise.
func linkOrCopy(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	if err := os.Link(from, to); err == nil || errors.Is(err, fs.ErrExist) {
		return nil
	}
	return copyFileSynced(from, to)
}

// IsBackupSet reports whether path is a backup set folder (rather than a bare database copy).
func IsBackupSet(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

// RestoreSet restores the backup set in folder from as the database target (server stopped),
// with its checkpoints and attachments beside it. It checks the set as a whole first: the
// snapshot (CheckFile), the set's checkpoints (signed by its keys, or by verifierKeys when
// given, and every one reached by the snapshot), and a full audit of the copy — the chain,
// every recorded row, every attachment in the set. The checkpoints already beside target
// must agree with the set's; those past the snapshot are returned in Later, as Restore does.
// Only then is the database put in place (Restore), the set's checkpoints, keys and files
// added beside it.
func RestoreSet(ctx context.Context, from, target, verifierKeys string, now time.Time) (Restored, error) {
	setCPDir := CheckpointDir(from)
	var setCps []Checkpoint
	var err error
	if verifierKeys != "" {
		setCps, err = ReadCheckpointsWithKey(setCPDir, verifierKeys)
	} else {
		setCps, err = ReadCheckpoints(setCPDir)
	}
	if err != nil {
		return Restored{}, err
	}
	dataDir := filepath.Dir(target)
	here, err := ReadCheckpoints(CheckpointDir(dataDir))
	if err != nil {
		return Restored{}, fmt.Errorf("恢复目标旁的检查点无法核验：%w", err)
	}
	// A checkpoint of the same size on both sides must be the same note.
	for _, cp := range setCps {
		mine, err := os.ReadFile(cp.File)
		if err != nil {
			return Restored{}, err
		}
		theirs, err := os.ReadFile(filepath.Join(CheckpointDir(dataDir), filepath.Base(cp.File)))
		if err == nil && !bytes.Equal(mine, theirs) {
			return Restored{}, fmt.Errorf("备份中的检查点 %s 与 %s 中的同名检查点不同：两者记载了不同的历史，未恢复",
				filepath.Base(cp.File), CheckpointDir(dataDir))
		}
	}
	audit := func(db *DB) error {
		r, err := db.Audit(ctx, AuditInput{Checkpoints: setCps, DataDir: from})
		if err != nil {
			return err
		}
		if !r.OK() {
			return fmt.Errorf("备份未通过核验（%d 处问题），未恢复：%s", len(r.Problems), strings.Join(r.Problems[:min(5, len(r.Problems))], "；"))
		}
		return nil
	}
	all := slices.Clone(setCps)
	for _, cp := range here {
		if !slices.ContainsFunc(setCps, func(s Checkpoint) bool { return s.Size == cp.Size }) {
			all = append(all, cp)
		}
	}
	r, err := restore(ctx, filepath.Join(from, BackupSetDB), target, all, now, audit)
	if err != nil {
		return r, err
	}
	for _, cp := range r.Later {
		for _, s := range setCps {
			if s.Size == cp.Size {
				return r, fmt.Errorf("备份中的检查点 %s 超出了备份的数据库", filepath.Base(cp.File))
			}
		}
	}
	// The set's checkpoints, keys and files beside the restored database.
	notes := map[int64][]byte{}
	for _, cp := range setCps {
		b, err := os.ReadFile(cp.File)
		if err != nil {
			return r, err
		}
		notes[cp.Size] = b
	}
	keys, err := os.ReadFile(CheckpointPubFile(setCPDir))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return r, err
	}
	if len(notes) > 0 || len(keys) > 0 {
		if err := KeepCheckpoints(CheckpointDir(dataDir), string(keys), notes); err != nil {
			return r, fmt.Errorf("store: restore checkpoints: %w", err)
		}
	}
	err = filepath.WalkDir(filesDir(from), func(p string, e fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		return linkOrCopy(p, filepath.Join(dataDir, rel))
	})
	if err != nil {
		return r, fmt.Errorf("store: restore attachments: %w", err)
	}
	return r, nil
}

// SignerKeyStatus says whether the signer key at keyFile can sign the checkpoints of dataDir:
// "" when it can (or when no checkpoint exists yet), otherwise what is wrong, in Chinese.
func SignerKeyStatus(dataDir, keyFile string) string {
	pub, err := os.ReadFile(CheckpointPubFile(CheckpointDir(dataDir)))
	if errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	skey, err := os.ReadFile(keyFile)
	if err != nil {
		return fmt.Sprintf("签名私钥 %s 无法读取（%v）：请把离线保存的私钥放回此处，或以 --key（或 JUECE_KEY）指明它的位置；"+
			"私钥已丢失时，用 juece audit keygen --key 新路径 生成新密钥（旧检查点仍可用旧公钥核验）", keyFile, err)
	}
	vkey, err := verifierKeyOf(strings.TrimSpace(string(skey)))
	if err != nil {
		return fmt.Sprintf("签名私钥 %s 格式错误：%v", keyFile, err)
	}
	for _, k := range strings.Fields(string(pub)) {
		if k == vkey {
			return ""
		}
	}
	return fmt.Sprintf("签名私钥 %s 的公钥不在 %s 中：它不是签署这些检查点的密钥。请指明正确的私钥，或用 juece audit keygen 轮换密钥",
		keyFile, CheckpointPubFile(CheckpointDir(dataDir)))
}
