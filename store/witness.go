package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// A witness — a higher government, an auditor, a citizen — keeps copies of the checkpoints the
// server publishes (juece audit witness). A history rewritten later, even re-signed with the
// server's own key, no longer matches the copies: juece audit verify --witness checks that the
// database extends every one of them.

// CheckpointPubFile is the verifier keys' file in a checkpoints folder.
func CheckpointPubFile(dir string) string { return filepath.Join(dir, checkpointPubName) }

// CheckpointFileName is the name a checkpoint of size events is kept under.
func CheckpointFileName(size int64) string { return checkpointFileName(size) }

// OpenCheckpointNote checks a checkpoint note's signature against the verifier keys (the text of
// a checkpoint.pub, one key a line) and reads it. File is left empty.
func OpenCheckpointNote(msg []byte, verifierKeys string) (Checkpoint, error) {
	if strings.TrimSpace(verifierKeys) == "" {
		return Checkpoint{}, errors.New("没有验证公钥")
	}
	verifiers, err := checkpointVerifier("", verifierKeys)
	if err != nil {
		return Checkpoint{}, err
	}
	n, err := note.Open(msg, verifiers)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("检查点签名无效：%w", err)
	}
	cp, ok := parseCheckpointText(n.Text)
	if !ok {
		return Checkpoint{}, errors.New("内容不是检查点的规定格式")
	}
	return cp, nil
}

// LatestCheckpointNote is the newest checkpoint in dir as its signed note, and its size; a
// folder without checkpoints gives ErrNoEvents.
func LatestCheckpointNote(dir string) ([]byte, int64, error) {
	names, err := checkpointNames(dir)
	if err != nil {
		return nil, 0, err
	}
	if len(names) == 0 {
		return nil, 0, ErrNoEvents
	}
	name := names[len(names)-1]
	msg, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return nil, 0, err
	}
	size, _ := lastCheckpointSize(dir)
	return msg, size, nil
}

// ReadCheckpointNote is the note of the checkpoint of size events in dir, as signed.
func ReadCheckpointNote(dir string, size int64) ([]byte, error) {
	return os.ReadFile(filepath.Join(dir, checkpointFileName(size)))
}

// KeepCheckpoints saves in the checkpoints folder dir (a witness's, or a restored database's)
// the verifier keys (when they are new or grew by a rotation: keys once kept are never dropped)
// and the notes, each under its size; a note already there is left as it is. notes must
// already be checked (OpenCheckpointNote, ReadCheckpoints).
func KeepCheckpoints(dir, verifierKeys string, notes map[int64][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	old, err := os.ReadFile(CheckpointPubFile(dir))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	keys := strings.Fields(string(old))
	for _, k := range strings.Fields(verifierKeys) {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	if strings.Join(keys, "\n") != strings.Join(strings.Fields(string(old)), "\n") {
		if err := replaceFile(CheckpointPubFile(dir), []byte(strings.Join(keys, "\n")+"\n"), 0o644); err != nil {
			return err
		}
	}
	for size, msg := range notes {
		if _, err := createFile(filepath.Join(dir, checkpointFileName(size)), msg, 0o644); err != nil {
			return err
		}
	}
	return nil
}
