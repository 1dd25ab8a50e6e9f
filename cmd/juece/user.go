package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"juece/store"
	"juece/workflow"
)

// cliActor is who the history names for changes made from the command line.
var cliActor = workflow.Actor{Name: "命令行管理", Role: workflow.RoleAdmin}

func userCommand(ctx context.Context, args []string, defaultDB, defaultKey string, log *slog.Logger, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("user: add, list, disable or passwd")
	}
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	dbPath := fs.String("db", defaultDB, "SQLite database file")
	username := fs.String("username", "", "login name")
	name := fs.String("name", "", "display name")
	unit := fs.String("unit", "", "unit name (created if missing)")
	role := fs.String("role", "", "clerk, reviewer, secretary, auditor or admin")
	legalHead := fs.Bool("legal-head", false, "head of the legal office")
	unitHead := fs.Bool("unit-head", false, "head of an undertaking unit: gets its weekly digest of overdue stages")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, done, err := openWriting(ctx, *dbPath, defaultKey, log)
	if err != nil {
		return err
	}
	defer done()
	switch args[0] {
	case "list":
		users, err := db.Users(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\t用户名\t姓名\t单位\t角色\t状态")
		for _, u := range users {
			state := "正常"
			if u.Disabled {
				state = "已停用"
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Username, u.DisplayName, u.UnitName, u.Role, state)
		}
		return w.Flush()
	case "add":
		if *username == "" || *name == "" || *unit == "" || *role == "" {
			return errors.New("user add: --username, --name, --unit and --role are required")
		}
		r := workflow.Role(*role)
		valid := false
		for _, x := range workflow.Roles {
			valid = valid || x == r
		}
		if !valid {
			return fmt.Errorf("user add: unknown role %q", *role)
		}
		password, err := readPassword(stdin)
		if err != nil {
			return err
		}
		hash, err := store.HashPassword(password)
		if err != nil {
			return err
		}
		now := time.Now()
		return db.InTx(ctx, func(tx *store.Tx) error {
			u, err := db.UnitByName(ctx, *unit)
			unitID := u.ID
			if errors.Is(err, store.ErrNotFound) {
				unitID, err = tx.CreateUnit(ctx, cliActor, now, *unit, unitKindFor(r))
			}
			if err != nil {
				return err
			}
			_, err = tx.CreateUser(ctx, cliActor, now, store.User{Username: *username, DisplayName: *name,
				UnitID: unitID, Role: r, IsLegalHead: *legalHead, IsUnitHead: *unitHead, PasswordHash: hash})
			if err == nil {
				fmt.Fprintf(stdout, "已新增账号 %s\n", *username)
			}
			return err
		})
	case "disable", "passwd":
		u, err := db.UserByName(ctx, *username)
		if err != nil {
			return err
		}
		if args[0] == "disable" {
			return db.InTx(ctx, func(tx *store.Tx) error { return tx.SetDisabled(ctx, cliActor, time.Now(), u.ID, true) })
		}
		password, err := readPassword(stdin)
		if err != nil {
			return err
		}
		hash, err := store.HashPassword(password)
		if err != nil {
			return err
		}
		return db.InTx(ctx, func(tx *store.Tx) error { return tx.SetPassword(ctx, cliActor, time.Now(), u.ID, hash) })
	}
	return fmt.Errorf("user: unknown subcommand %q", args[0])
}

// readPassword takes the password from the first line of standard input, so that it never
// appears in the process list or the shell history.
func readPassword(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	p := strings.TrimRight(line, "\r\n")
	if msg := store.ValidatePassword(p); msg != "" {
		return "", errors.New("password: " + msg)
	}
	return p, nil
}

func unitKindFor(r workflow.Role) store.UnitKind {
	switch r {
	case workflow.RoleReviewer:
		return store.UnitLegal
	case workflow.RoleSecretary:
		return store.UnitOffice
	case workflow.RoleAuditor:
		return store.UnitAudit
	case workflow.RoleAdmin:
		return store.UnitAdmin
	}
	return store.UnitUndertaking
}
