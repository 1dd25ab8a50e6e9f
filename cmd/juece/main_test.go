package main

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"juece/store"
)

func runCLI(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errOut)
	return out.String() + errOut.String(), err
}

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "juece.db")
	if out, err := runCLI(t, "", "migrate", "--db", db); err != nil {
		t.Fatalf("migrate: %v %s", err, out)
	}
	if _, err := runCLI(t, "short\n", "user", "add", "--db", db, "--username", "wang", "--name", "王审查",
		"--unit", "市司法局", "--role", "reviewer"); err == nil {
		t.Fatal("a too short password was accepted")
	}
	if out, err := runCLI(t, "a-long-password\n", "user", "add", "--db", db, "--username", "wang", "--name", "王审查",
		"--unit", "市司法局", "--role", "reviewer", "--legal-head"); err != nil {
		t.Fatalf("user add: %v %s", err, out)
	}
	out, err := runCLI(t, "", "user", "list", "--db", db)
	if err != nil || !strings.Contains(out, "wang") || !strings.Contains(out, "市司法局") {
		t.Fatalf("user list: %v %s", err, out)
	}
	if out, err := runCLI(t, "another-long-password\n", "user", "passwd", "--db", db, "--username", "wang"); err != nil {
		t.Fatalf("user passwd: %v %s", err, out)
	}
	if out, err := runCLI(t, "", "user", "disable", "--db", db, "--username", "wang"); err != nil {
		t.Fatalf("user disable: %v %s", err, out)
	}
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, err := s.UserByName(context.Background(), "wang")
	if err != nil {
		t.Fatal(err)
	}
	if !u.Disabled || !u.IsLegalHead || !store.CheckPassword(u.PasswordHash, "another-long-password") || u.UnitKind != store.UnitLegal {
		t.Fatalf("user after commands: %+v", u)
	}
	if _, err := runCLI(t, "", "bogus"); err == nil {
		t.Fatal("unknown command accepted")
	}
}

func TestExportCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "juece.db")
	if _, err := runCLI(t, "", "seed", "--demo", "--db", db); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "d2.zip")
	if msg, err := runCLI(t, "", "export", "2", "--out", out, "--db", db); err != nil {
		t.Fatalf("export: %v %s", err, msg)
	}
	z, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	names := map[string]bool{}
	for _, f := range z.File {
		names[f.Name] = true
	}
	if !names["dossier.html"] || !names["history.jsonl"] || !names["manifest.json"] {
		t.Fatalf("export holds %v", names)
	}
	if _, err := runCLI(t, "", "export", "999", "--out", filepath.Join(dir, "x.zip"), "--db", db); err == nil {
		t.Fatal("exporting a missing decision succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "x.zip")); !os.IsNotExist(err) {
		t.Fatal("a failed export left a file behind")
	}
}
