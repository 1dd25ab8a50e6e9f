package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// startServe runs juece serve: a database it accepts gets as far as listening, and the server
// is then stopped (nil); one it refuses gives the refusal.
func startServe(t *testing.T, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &stopOnStart{cancel: cancel}
	err := run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), func(string) string { return "" },
		strings.NewReader(""), out, out)
	return out.String(), err
}

// stopOnStart keeps what serve writes and stops it once it says it has started.
type stopOnStart struct {
	strings.Builder
	cancel func()
}

func (w *stopOnStart) Write(p []byte) (int, error) {
	n, err := w.Builder.Write(p)
	if strings.Contains(w.String(), "已启动") {
		w.cancel()
	}
	return n, err
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o640); err != nil {
		t.Fatal(err)
	}
}

// TestServeRefuses: serve never makes an empty system out of a typo, a lost or damaged file,
// or a database older than its own checkpoints.
func TestServeRefuses(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "juece.db")
	if out, err := runCLI(t, "", "seed", "--demo", "--db", db); err != nil {
		t.Fatalf("seed: %v %s", err, out)
	}
	if out, err := runCLI(t, "", "audit", "checkpoint", "--db", db); err != nil {
		t.Fatalf("checkpoint: %v %s", err, out)
	}
	if out, err := startServe(t, "--db", db); err != nil {
		t.Fatalf("the honest database: %v %s", err, out)
	}

	refused := func(name, wantInErr string, args ...string) {
		t.Helper()
		out, err := startServe(t, args...)
		if err == nil || !strings.Contains(err.Error(), wantInErr) {
			t.Errorf("%s: %v\n%s", name, err, out)
		}
		if strings.Contains(out, "已启动") {
			t.Errorf("%s: started", name)
		}
	}
	missing := filepath.Join(dir, "juece-typo.db")
	refused("missing", "不存在", "--db", missing)
	if _, err := os.Stat(missing); err == nil {
		t.Error("a refused start created the missing database")
	}
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o640); err != nil {
		t.Fatal(err)
	}
	refused("empty", "空的", "--db", empty)

	truncated := filepath.Join(t.TempDir(), "juece.db")
	copyFile(t, db, truncated)
	info, _ := os.Stat(truncated)
	if err := os.Truncate(truncated, info.Size()/2); err != nil {
		t.Fatal(err)
	}
	refused("truncated", "从备份恢复", "--db", truncated)

	// Behind: an older copy of the file put back after later events were signed.
	old := filepath.Join(dir, "old.db")
	copyFile(t, db, old)
	if out, err := runCLI(t, "a-long-password\n", "user", "add", "--db", db, "--username", "zhao", "--name", "赵经办",
		"--unit", "市交通运输局", "--role", "clerk"); err != nil {
		t.Fatalf("user add: %v %s", err, out)
	}
	if out, err := runCLI(t, "", "audit", "checkpoint", "--db", db); err != nil {
		t.Fatalf("checkpoint: %v %s", err, out)
	}
	copyFile(t, old, db)
	refused("behind its checkpoints", "juece audit verify --db "+db, "--db", db)
	out, err := startServe(t, "--db", db)
	if err == nil || !strings.Contains(err.Error(), "数据库链头为第") || !strings.Contains(err.Error(), "最新检查点") {
		t.Errorf("behind: both heads not named: %v %s", err, out)
	}

	// --init creates a database that is not there, and only then.
	fresh := filepath.Join(t.TempDir(), "new.db")
	if out, err := startServe(t, "--init", "--db", fresh); err != nil {
		t.Fatalf("--init: %v %s", err, out)
	}
	if out, err := startServe(t, "--db", fresh); err != nil {
		t.Fatalf("after --init: %v %s", err, out)
	}
	refused("--init over a damaged file", "从备份恢复", "--init", "--db", truncated)
}

func TestServeProxyFlags(t *testing.T) {
	for _, ok := range []string{"https://juece.example.gov.cn", "https://juece.example.gov.cn/", "http://10.0.0.5:8080"} {
		if _, err := parsePublicURL(ok); err != nil {
			t.Errorf("--public-url %s: %v", ok, err)
		}
	}
	for _, bad := range []string{"juece.example.gov.cn", "ftp://x", "https://", "https://a/juece", "https://u:p@a", "https://a/?x=1"} {
		if _, err := parsePublicURL(bad); err == nil {
			t.Errorf("--public-url %s accepted", bad)
		}
	}
	for in, want := range map[string]string{"10.0.0.1": "10.0.0.1/32", "10.0.0.0/8": "10.0.0.0/8", "10.1.2.3/8": "10.0.0.0/8", "::1": "::1/128"} {
		if p, err := parseProxy(in); err != nil || p.String() != want {
			t.Errorf("--trusted-proxy %s: %v %v, want %s", in, p, err, want)
		}
	}
	if _, err := parseProxy("proxy.local"); err == nil {
		t.Error("--trusted-proxy with a name accepted")
	}
	// A bad flag stops serve before it opens anything.
	dir := t.TempDir()
	for _, args := range [][]string{{"serve", "--db", dir + "/x.db", "--public-url", "juece"}, {"serve", "--db", dir + "/x.db", "--trusted-proxy", "nope"}} {
		if err := run(context.Background(), args, func(string) string { return "" }, nil, io.Discard, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
