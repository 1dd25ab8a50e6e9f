package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"juece/store"
	"juece/store/dossier"
)

// exportCommand writes one decision's archive (条例第33条) to a zip file: the same archive the
// decision page offers.
func exportCommand(ctx context.Context, args []string, defaultDB string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("export: which decision? juece export ID --out FILE.zip")
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("export: %q is not a decision id", args[0])
	}
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	dbPath := fs.String("db", defaultDB, "SQLite database file")
	out := fs.String("out", "", "the zip file to write")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("export: --out FILE.zip is required")
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	// Written beside the target and renamed, so a failed export leaves no half file.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".juece-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := dossier.Export(ctx, db, filepath.Dir(*dbPath), id, "命令行导出", time.Now(), tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已导出决策事项 %d 的归档包：%s\n", id, *out)
	return nil
}
