package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"juece/store"
)

// TestKeyRotation: keygen makes a key off the data folder and lists its verifier key after the
// old one; checkpoints signed by either verify; a key that is not listed cannot sign, and
// serve refuses to start with it.
func TestKeyRotation(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "juece.db")
	if out, err := runCLI(t, "", "seed", "--demo", "--db", db); err != nil {
		t.Fatalf("seed: %v %s", err, out)
	}
	if out, err := runCLI(t, "", "audit", "checkpoint", "--db", db); err != nil {
		t.Fatalf("checkpoint with the first key: %v %s", err, out)
	}
	newKey := filepath.Join(dir, "elsewhere", "checkpoint.key")
	out, err := runCLI(t, "", "audit", "keygen", "--db", db, "--key", newKey)
	if err != nil || !strings.Contains(out, newKey) {
		t.Fatalf("keygen: %v %s", err, out)
	}
	if info, err := os.Stat(newKey); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the new key: %v %v", info, err)
	}
	if _, err := runCLI(t, "", "audit", "keygen", "--db", db, "--key", newKey); err == nil {
		t.Fatal("keygen overwrote a key")
	}
	pub, _ := os.ReadFile(store.CheckpointPubFile(store.CheckpointDir(filepath.Dir(db))))
	if n := len(strings.Fields(string(pub))); n != 2 {
		t.Fatalf("%d verifier keys listed after a rotation:\n%s", n, pub)
	}
	if out, err := runCLI(t, "a-long-password\n", "user", "add", "--db", db, "--username", "zhao", "--name", "赵",
		"--unit", "市交通运输局", "--role", "clerk"); err != nil {
		t.Fatalf("user add: %v %s", err, out)
	}
	if out, err := runCLI(t, "", "audit", "checkpoint", "--db", db, "--key", newKey); err != nil {
		t.Fatalf("checkpoint with the new key: %v %s", err, out)
	}
	out, err = runCLI(t, "", "audit", "verify", "--db", db, "--key", newKey)
	if err != nil || !strings.Contains(out, "已核对 2 个检查点") {
		t.Fatalf("verify across the rotation: %v %s", err, out)
	}
	// Without the new key's line the checkpoint it signed is not trusted.
	if err := os.WriteFile(filepath.Join(dir, "old.pub"), []byte(strings.Fields(string(pub))[0]+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := runCLI(t, "", "audit", "verify", "--db", db, "--pub", filepath.Join(dir, "old.pub")); err == nil || !strings.Contains(err.Error(), "签名无效") {
		t.Fatalf("a checkpoint of an unlisted key: %v", err)
	}
	// A key of another installation signs nothing here, and serve will not start with it.
	other := filepath.Join(dir, "other", "juece.db")
	foreign := filepath.Join(dir, "foreign.key")
	if out, err := runCLI(t, "", "audit", "keygen", "--db", other, "--key", foreign); err != nil {
		t.Fatalf("keygen elsewhere: %v %s", err, out)
	}
	if out, err := runCLI(t, "a-long-password\n", "user", "add", "--db", db, "--username", "qian", "--name", "钱",
		"--unit", "市交通运输局", "--role", "clerk"); err != nil {
		t.Fatalf("user add: %v %s", err, out)
	}
	if _, err := runCLI(t, "", "audit", "checkpoint", "--db", db, "--key", foreign); err == nil {
		t.Fatal("signed with a key that is not listed")
	}
	if out, err := startServe(t, "--db", db, "--key", foreign); err == nil || !strings.Contains(err.Error(), "拒绝启动") {
		t.Fatalf("serve with a foreign key: %v %s", err, out)
	}
	if out, err := startServe(t, "--db", db, "--key", newKey); err != nil {
		t.Fatalf("serve with the new key: %v %s", err, out)
	}
}
