package store

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// A checkpoint is a signed statement "the history had Size events and event Size had hash
// Hash". Copied off the machine, checkpoints catch what the chain alone cannot: a history
// rewritten from some event on with every later hash recomputed, or a cut-off tail.
//
// Each is a golang.org/x/mod/sumdb/note signed note (Ed25519, the format of Go's checksum
// database) whose text is
//
//	juece audit checkpoint
//	<size>
//	<head hash, base64 of the 32 bytes>
//	prev <size> <head hash, base64>      (the checkpoint before it, when there was one)
//
// the checkpoint form of transparency logs (an origin line, the size, the hash, extension
// lines). The prev line links each checkpoint to the one before, so that a witness who kept an
// older one can tell that a newer one claims to extend it (witness.go).
//
// kept in <dataDir>/checkpoints/<size as %012d>.note next to checkpoint.pub, which lists the
// verifier key of every signer key that has been in use, one a line: a rotated key's
// checkpoints stay verifiable. The signer key (mode 0600) is named by the operator (--key or
// JUECE_KEY) and belongs off the data disk; without one it is <dataDir>/keys/checkpoint.key.

// CheckpointEvery is how many events may follow the latest checkpoint before MaybeCheckpoint
// writes the next one, unless the signer is told otherwise.
const CheckpointEvery = 100

// CheckpointInterval is how long, by default, the signer lets unsigned events wait before it
// signs them however few they are.
const CheckpointInterval = 5 * time.Minute

// CheckpointKeyName is the name in the checkpoint keys, which a note's signature line shows.
const CheckpointKeyName = "juece-audit"

// The checkpoint files and folders under the data directory.
const (
	checkpointDirName = "checkpoints"
	checkpointPubName = "checkpoint.pub"
	checkpointKeyPath = "keys/checkpoint.key"
	checkpointHeader  = "juece audit checkpoint\n"
)

// checkpointFileRE is the name of a checkpoint file: its size, twelve digits.
var checkpointFileRE = regexp.MustCompile(`^[0-9]{12}\.note$`)

// checkpointMu keeps two checkpoint writers of this process from racing on the same files;
// the files themselves are only ever created, never replaced, so another process is safe too.
var checkpointMu sync.Mutex

// ErrNoEvents is returned by WriteCheckpoint when the history is empty: there is nothing to sign.
var ErrNoEvents = errors.New("store: the history has no events yet")

// Checkpoint is one signed checkpoint: the chain had Size events, the last with hash Hash (hex).
// File is the note's path.
type Checkpoint struct {
	Size int64
	Hash string
	File string
	// Prev is the checkpoint this one names as the one before it (Size 0: none, or a
	// checkpoint written before checkpoints named it).
	Prev struct {
		Size int64
		Hash string
	}
}

// CheckpointError says that a checkpoint file cannot be trusted or read: Reason in Chinese,
// naming the file, for the audit page.
type CheckpointError struct {
	File   string
	Reason string
	Err    error // the underlying error, if any
}

func (e *CheckpointError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("检查点 %s：%s（%v）", e.File, e.Reason, e.Err)
	}
	return fmt.Sprintf("检查点 %s：%s", e.File, e.Reason)
}

func (e *CheckpointError) Unwrap() error { return e.Err }

// CheckpointDir is where the checkpoints of the database in dataDir are kept.
func CheckpointDir(dataDir string) string { return filepath.Join(dataDir, checkpointDirName) }

// ReadCheckpoints reads and verifies every checkpoint in dir against the verifier key kept in
// the same folder (checkpoint.pub), sorted by size. A folder without checkpoints gives none; a
// checkpoint whose signature fails, or that cannot be read, is a *CheckpointError naming it.
// The key in the folder only proves that the notes agree with it: an auditor who holds the
// key from elsewhere passes it to ReadCheckpointsWithKey.
func ReadCheckpoints(dir string) ([]Checkpoint, error) {
	return readCheckpoints(dir, "")
}

// ReadCheckpointsWithKey is ReadCheckpoints with the verifier key given (the text of
// checkpoint.pub) instead of read from the folder.
func ReadCheckpointsWithKey(dir, verifierKey string) ([]Checkpoint, error) {
	if verifierKey == "" {
		return nil, errors.New("store: read checkpoints: empty verifier key")
	}
	return readCheckpoints(dir, verifierKey)
}

func readCheckpoints(dir, vkey string) ([]Checkpoint, error) {
	names, err := checkpointNames(dir)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, nil
	}
	verifiers, err := checkpointVerifier(dir, vkey)
	if err != nil {
		return nil, err
	}
	out := make([]Checkpoint, 0, len(names))
	for _, name := range names {
		cp, err := readCheckpoint(filepath.Join(dir, name), verifiers)
		if err != nil {
			return nil, err
		}
		out = append(out, cp)
	}
	return out, nil
}

// checkpointNames lists the checkpoint files in dir, oldest (smallest) first. A missing folder
// has none; a .note file not named by its size is an error, as someone put it there.
func checkpointNames(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: read checkpoints: %w", err)
	}
	var names []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".note") {
			continue
		}
		if !checkpointFileRE.MatchString(name) || !e.Type().IsRegular() {
			return nil, &CheckpointError{File: filepath.Join(dir, name), Reason: "文件名不是检查点的规定格式"}
		}
		names = append(names, name)
	}
	slices.Sort(names) // twelve digits: name order is size order
	return names, nil
}

// checkpointVerifier is the verifier for the notes in dir: the keys in vkeys (one a line), or
// else those in dir's checkpoint.pub. A note signed by any of them is accepted.
func checkpointVerifier(dir, vkeys string) (note.Verifiers, error) {
	file := "（调用方给出的公钥）"
	if vkeys == "" {
		file = filepath.Join(dir, checkpointPubName)
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, &CheckpointError{File: file, Reason: "无法读取验证公钥", Err: err}
		}
		vkeys = string(b)
	}
	keys := strings.Fields(vkeys)
	if len(keys) == 0 {
		return nil, &CheckpointError{File: file, Reason: "没有验证公钥"}
	}
	var vs []note.Verifier
	for _, k := range keys {
		v, err := note.NewVerifier(k)
		if err != nil {
			return nil, &CheckpointError{File: file, Reason: "验证公钥格式错误", Err: err}
		}
		if v.Name() != CheckpointKeyName {
			return nil, &CheckpointError{File: file, Reason: fmt.Sprintf("验证公钥的名称是 %q，不是 %q", v.Name(), CheckpointKeyName)}
		}
		vs = append(vs, v)
	}
	return note.VerifierList(vs...), nil
}

// readCheckpoint reads one note, checks its signature and parses its text.
func readCheckpoint(file string, verifiers note.Verifiers) (Checkpoint, error) {
	msg, err := os.ReadFile(file)
	if err != nil {
		return Checkpoint{}, &CheckpointError{File: file, Reason: "无法读取", Err: err}
	}
	n, err := note.Open(msg, verifiers)
	if err != nil {
		return Checkpoint{}, &CheckpointError{File: file, Reason: "签名无效，检查点不可信", Err: err}
	}
	cp, ok := parseCheckpointText(n.Text)
	if !ok {
		return Checkpoint{}, &CheckpointError{File: file, Reason: "内容不是检查点的规定格式"}
	}
	if filepath.Base(file) != checkpointFileName(cp.Size) {
		return Checkpoint{}, &CheckpointError{File: file, Reason: fmt.Sprintf("文件名与其记载的事件数 %d 不符", cp.Size)}
	}
	cp.File = file
	return cp, nil
}

// checkpointText is a checkpoint's note text: prev is the checkpoint before it (Size 0: none).
func checkpointText(cp Checkpoint) (string, error) {
	hash, err := hex.DecodeString(cp.Hash)
	if err != nil || len(hash) != 32 {
		return "", fmt.Errorf("store: checkpoint %d: hash %q is not 32 bytes of hex", cp.Size, cp.Hash)
	}
	text := fmt.Sprintf("%s%d\n%s\n", checkpointHeader, cp.Size, base64.StdEncoding.EncodeToString(hash))
	if cp.Prev.Size > 0 {
		prev, err := hex.DecodeString(cp.Prev.Hash)
		if err != nil || len(prev) != 32 {
			return "", fmt.Errorf("store: checkpoint %d: previous hash %q is not 32 bytes of hex", cp.Size, cp.Prev.Hash)
		}
		text += fmt.Sprintf("prev %d %s\n", cp.Prev.Size, base64.StdEncoding.EncodeToString(prev))
	}
	return text, nil
}

// parseCheckpointText reads a note text back, accepting only the form checkpointText writes.
func parseCheckpointText(text string) (Checkpoint, bool) {
	rest, found := strings.CutPrefix(text, checkpointHeader)
	if !found {
		return Checkpoint{}, false
	}
	lines := strings.Split(strings.TrimSuffix(rest, "\n"), "\n")
	if len(lines) < 2 || len(lines) > 3 {
		return Checkpoint{}, false
	}
	var cp Checkpoint
	var err error
	var hash []byte
	cp.Size, err = strconv.ParseInt(lines[0], 10, 64)
	if err == nil {
		hash, err = base64.StdEncoding.DecodeString(lines[1])
	}
	if err != nil || cp.Size < 1 || len(hash) != 32 {
		return Checkpoint{}, false
	}
	cp.Hash = hex.EncodeToString(hash)
	if len(lines) == 3 {
		f := strings.Fields(lines[2])
		if len(f) != 3 || f[0] != "prev" {
			return Checkpoint{}, false
		}
		cp.Prev.Size, err = strconv.ParseInt(f[1], 10, 64)
		if err == nil {
			hash, err = base64.StdEncoding.DecodeString(f[2])
		}
		if err != nil || cp.Prev.Size < 1 || cp.Prev.Size >= cp.Size || len(hash) != 32 {
			return Checkpoint{}, false
		}
		cp.Prev.Hash = hex.EncodeToString(hash)
	}
	if again, err := checkpointText(cp); err != nil || again != text {
		return Checkpoint{}, false
	}
	return cp, true
}

func checkpointFileName(size int64) string { return fmt.Sprintf("%012d.note", size) }

// WriteCheckpoint signs the current head into a new checkpoint under dataDir and returns it;
// when the head is already checkpointed it writes nothing and returns that checkpoint. It first
// checks the events since the latest checkpoint (that checkpoint's event still carries its
// hash, and every later link and hash holds), so it never signs a history that does not extend
// the one already signed: that is a *ChainError. The first call creates the key pair. An
// empty history gives ErrNoEvents.
// The signer key is DefaultKeyFile(dataDir); WriteCheckpointWithKey names another.
func (db *DB) WriteCheckpoint(ctx context.Context, dataDir string) (Checkpoint, error) {
	return db.WriteCheckpointWithKey(ctx, dataDir, DefaultKeyFile(dataDir))
}

// WriteCheckpointWithKey is WriteCheckpoint signing with the key in keyFile.
func (db *DB) WriteCheckpointWithKey(ctx context.Context, dataDir, keyFile string) (Checkpoint, error) {
	checkpointMu.Lock()
	defer checkpointMu.Unlock()
	return db.writeCheckpoint(ctx, dataDir, keyFile)
}

// DefaultKeyFile is where the signer key is kept when the operator names none: beside the
// database, which is only fit for a demo — a key on the data disk lets whoever can rewrite the
// database re-sign its checkpoints too.
func DefaultKeyFile(dataDir string) string {
	return filepath.Join(dataDir, filepath.FromSlash(checkpointKeyPath))
}

// writeCheckpoint is WriteCheckpoint; the caller holds checkpointMu.
func (db *DB) writeCheckpoint(ctx context.Context, dataDir, keyFile string) (Checkpoint, error) {
	dir := CheckpointDir(dataDir)
	names, err := checkpointNames(dir)
	if err != nil {
		return Checkpoint{}, err
	}
	var latest []Checkpoint
	start := int64(1)
	if len(names) > 0 {
		verifiers, err := checkpointVerifier(dir, "")
		if err != nil {
			return Checkpoint{}, err
		}
		cp, err := readCheckpoint(filepath.Join(dir, names[len(names)-1]), verifiers)
		if err != nil {
			return Checkpoint{}, err
		}
		latest, start = []Checkpoint{cp}, cp.Size
	}
	head, err := db.verifyFrom(ctx, start, latest)
	if err != nil {
		return Checkpoint{}, err
	}
	if head.Seq == 0 {
		return Checkpoint{}, ErrNoEvents
	}
	if len(latest) > 0 && latest[0].Size == head.Seq {
		return latest[0], nil
	}
	signer, err := checkpointSigner(dataDir, keyFile)
	if err != nil {
		return Checkpoint{}, err
	}
	cp := Checkpoint{Size: head.Seq, Hash: head.Hash}
	if len(latest) > 0 {
		cp.Prev.Size, cp.Prev.Hash = latest[0].Size, latest[0].Hash
	}
	text, err := checkpointText(cp)
	if err != nil {
		return Checkpoint{}, err
	}
	msg, err := note.Sign(&note.Note{Text: text}, signer)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("store: sign checkpoint %d: %w", head.Seq, err)
	}
	file := filepath.Join(dir, checkpointFileName(head.Seq))
	created, err := createFile(file, msg, 0o644)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("store: write checkpoint: %w", err)
	}
	if !created {
		// Another process signed the same head first: Ed25519 signatures are deterministic,
		// so its note must be byte for byte ours.
		if old, err := os.ReadFile(file); err != nil || !bytes.Equal(old, msg) {
			return Checkpoint{}, &CheckpointError{File: file, Reason: "已存在且内容与当前链头不同", Err: err}
		}
	}
	cp.File = file
	return cp, nil
}

// MaybeCheckpoint writes a checkpoint when CheckpointEvery or more events have followed the
// latest one. The server calls it after each write commits; when nothing is due it costs one
// query and one directory listing. Concurrent calls write one checkpoint, not one each.
func (db *DB) MaybeCheckpoint(ctx context.Context, dataDir string) error {
	_, err := db.maybeCheckpoint(ctx, dataDir, DefaultKeyFile(dataDir), CheckpointEvery)
	return err
}

// maybeCheckpoint signs the head with the key in keyFile when every or more events have
// followed the latest checkpoint (every 1: when any has), and says whether it signed.
func (db *DB) maybeCheckpoint(ctx context.Context, dataDir, keyFile string, every int64) (bool, error) {
	checkpointMu.Lock()
	defer checkpointMu.Unlock()
	head, err := db.Head(ctx)
	if err != nil {
		return false, err
	}
	last, err := lastCheckpointSize(CheckpointDir(dataDir))
	if err != nil {
		return false, err
	}
	if head.Seq == 0 || head.Seq < last+every {
		return false, nil
	}
	_, err = db.writeCheckpoint(ctx, dataDir, keyFile)
	return err == nil, err
}

// lastCheckpointSize is the size the latest checkpoint in dir names (by its file name, not
// yet checked), 0 when there is none.
func lastCheckpointSize(dir string) (int64, error) {
	names, err := checkpointNames(dir)
	if err != nil || len(names) == 0 {
		return 0, err
	}
	return strconv.ParseInt(strings.TrimSuffix(names[len(names)-1], ".note"), 10, 64)
}

// checkpointSigner loads the signer key from keyFile, creating the key pair on first use, and
// makes sure checkpoint.pub in the checkpoints folder lists its verifier key. It refuses to make
// a new key while checkpoints exist: they could no longer be told from forgeries (a new key
// comes from GenerateCheckpointKey, which lists it beside the old ones).
func checkpointSigner(dataDir, keyFile string) (note.Signer, error) {
	dir := CheckpointDir(dataDir)
	pubFile := filepath.Join(dir, checkpointPubName)
	skey, err := os.ReadFile(keyFile)
	if errors.Is(err, fs.ErrNotExist) {
		if err := newCheckpointKey(keyFile, dir); err != nil {
			return nil, err
		}
		skey, err = os.ReadFile(keyFile) // ours, or another process's that got there first
	}
	if err != nil {
		return nil, fmt.Errorf("store: checkpoint key: %w", err)
	}
	signer, err := note.NewSigner(strings.TrimSpace(string(skey)))
	if err != nil {
		return nil, fmt.Errorf("store: checkpoint key %s: %w", keyFile, err)
	}
	vkey, err := verifierKeyOf(strings.TrimSpace(string(skey)))
	if err != nil {
		return nil, fmt.Errorf("store: checkpoint key %s: %w", keyFile, err)
	}
	pub, err := os.ReadFile(pubFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("store: checkpoints: %w", err)
		}
		if _, err := createFile(pubFile, []byte(vkey+"\n"), 0o644); err != nil {
			return nil, fmt.Errorf("store: checkpoint verifier key: %w", err)
		}
	case err != nil:
		return nil, fmt.Errorf("store: checkpoint verifier key: %w", err)
	case !slices.Contains(strings.Fields(string(pub)), vkey):
		return nil, &CheckpointError{File: pubFile, Reason: fmt.Sprintf(
			"未列出签名私钥 %s 的验证公钥（更换密钥请用 juece audit keygen）", keyFile)}
	}
	return signer, nil
}

// GenerateCheckpointKey makes a new signer key in keyFile (which must not exist yet) for the
// database in dataDir and lists its verifier key in checkpoint.pub after the keys already
// there, so that the checkpoints signed by earlier keys stay verifiable: this is how a key is
// rotated. It returns the verifier key.
func GenerateCheckpointKey(dataDir, keyFile string) (string, error) {
	checkpointMu.Lock()
	defer checkpointMu.Unlock()
	if _, err := os.Stat(keyFile); err == nil {
		return "", fmt.Errorf("store: %s exists: a signer key is never overwritten", keyFile)
	}
	if err := os.MkdirAll(filepath.Dir(keyFile), 0o700); err != nil {
		return "", fmt.Errorf("store: checkpoint key: %w", err)
	}
	skey, vkey, err := note.GenerateKey(rand.Reader, CheckpointKeyName)
	if err != nil {
		return "", fmt.Errorf("store: checkpoint key: %w", err)
	}
	dir := CheckpointDir(dataDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("store: checkpoints: %w", err)
	}
	pubFile := filepath.Join(dir, checkpointPubName)
	old, err := os.ReadFile(pubFile)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("store: checkpoint verifier key: %w", err)
	}
	keys := append(strings.Fields(string(old)), vkey)
	// The verifier key first: a signer key whose verifier is not listed signs nothing.
	if err := replaceFile(pubFile, []byte(strings.Join(keys, "\n")+"\n"), 0o644); err != nil {
		return "", fmt.Errorf("store: checkpoint verifier key: %w", err)
	}
	if created, err := createFile(keyFile, []byte(skey+"\n"), 0o600); err != nil || !created {
		return "", errors.Join(err, fmt.Errorf("store: %s appeared meanwhile", keyFile))
	}
	return vkey, nil
}

// replaceFile writes data to path all at once, replacing what was there: written to a
// temporary file, synced, then renamed into place.
func replaceFile(path string, data []byte, perm fs.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(perm)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if err := errors.Join(err, tmp.Close()); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// newCheckpointKey creates the signer key file, unless checkpoints signed by a lost key exist.
func newCheckpointKey(keyFile, dir string) error {
	names, err := checkpointNames(dir)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, checkpointPubName)); err == nil || len(names) > 0 {
		return fmt.Errorf("store: checkpoint signer key %s is missing but %s holds checkpoints: restore the key", keyFile, dir)
	}
	if err := os.MkdirAll(filepath.Dir(keyFile), 0o700); err != nil {
		return fmt.Errorf("store: checkpoint key: %w", err)
	}
	skey, _, err := note.GenerateKey(rand.Reader, CheckpointKeyName)
	if err != nil {
		return fmt.Errorf("store: checkpoint key: %w", err)
	}
	if _, err := createFile(keyFile, []byte(skey+"\n"), 0o600); err != nil {
		return fmt.Errorf("store: checkpoint key: %w", err)
	}
	return nil
}

// verifierKeyOf derives the verifier key from a note signer key ("PRIVATE+KEY+name+hash+key").
func verifierKeyOf(skey string) (string, error) {
	parts := strings.SplitN(skey, "+", 5) // the base64 key may itself hold a +
	if len(parts) != 5 {
		return "", errors.New("malformed signer key")
	}
	key, err := base64.StdEncoding.DecodeString(parts[4])
	if err != nil || len(key) != 1+ed25519.SeedSize || key[0] != 1 { // 1: note's Ed25519 algorithm byte
		return "", errors.New("not an Ed25519 signer key")
	}
	pub := ed25519.NewKeyFromSeed(key[1:]).Public().(ed25519.PublicKey)
	return note.NewEd25519VerifierKey(parts[2], pub)
}

// createFile writes data to a new file at path, durably and all at once: written to a
// temporary file, synced, then linked into place, so a reader never sees half a file and an
// existing file is never replaced. It reports false when path already existed.
func createFile(path string, data []byte, perm fs.FileMode) (created bool, err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, fs.ErrExist) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	if d, err := os.Open(dir); err == nil {
		err = d.Sync()
		d.Close()
		if err != nil {
			return true, err
		}
	}
	return true, nil
}
