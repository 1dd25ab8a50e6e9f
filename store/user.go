package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"juece/workflow"
)

// User is an account. PasswordHash is never shown.
type User struct {
	ID                int64
	Username          string
	DisplayName       string
	UnitID            int64
	UnitName          string
	UnitKind          UnitKind
	Role              workflow.Role
	IsLegalHead       bool // head of the legal office: attends collective discussions (规划三(二)4)
	IsUnitHead        bool // head of an undertaking unit: gets its weekly digest of overdue stages
	PasswordHash      string
	Disabled          bool
	FailedLogins      int
	LockedUntil       time.Time
	PasswordChangedAt time.Time
	CreatedAt         time.Time
	Version           int64
}

// Actor is the user as the history names them.
func (u User) Actor() workflow.Actor {
	return workflow.Actor{UserID: u.ID, Name: u.DisplayName, Role: u.Role, UnitID: u.UnitID}
}

const userColumns = `u.id, u.username, u.display_name, u.unit_id, n.name, n.kind, u.role, u.is_legal_head, u.is_unit_head,
	u.password_hash, u.disabled, u.failed_logins, u.locked_until, u.password_changed_at, u.created_at, u.version`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var role string
	var lockedUntil, changed, created int64
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.UnitID, &u.UnitName, &u.UnitKind, &role, &u.IsLegalHead, &u.IsUnitHead,
		&u.PasswordHash, &u.Disabled, &u.FailedLogins, &lockedUntil, &changed, &created, &u.Version)
	u.Role = workflow.Role(role)
	u.LockedUntil, u.PasswordChangedAt, u.CreatedAt = fromMS(lockedUntil), fromMS(changed), fromMS(created)
	return u, err
}

func (db *DB) userWhere(ctx context.Context, where string, arg any) (User, error) {
	row := db.read.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users u JOIN units n ON n.id = u.unit_id WHERE "+where, arg)
	u, err := scanUser(row)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("store: user %v: %w", arg, ErrNotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("store: user %v: %w", arg, err)
	}
	return u, nil
}

// User loads a user by id.
// It is served from memory when read lately (store/authcache.go).
func (db *DB) User(ctx context.Context, id int64) (User, error) {
	u, ok, gen := db.auth.user(id)
	if ok {
		return u, nil
	}
	u, err := db.userWhere(ctx, "u.id = ?", id)
	if err == nil {
		db.auth.putUser(u, gen)
	}
	return u, err
}

// UserByName loads a user by login name (case-insensitive).
func (db *DB) UserByName(ctx context.Context, username string) (User, error) {
	return db.userWhere(ctx, "u.username = ?", username)
}

// Users lists every account, by unit then name.
func (db *DB) Users(ctx context.Context) ([]User, error) {
	all, ok, gen := db.auth.allUsers()
	if ok {
		return all, nil
	}
	all, err := db.loadUsers(ctx)
	if err == nil {
		db.auth.putAll(all, gen)
	}
	return all, err
}

func (db *DB) loadUsers(ctx context.Context) ([]User, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT "+userColumns+" FROM users u JOIN units n ON n.id = u.unit_id ORDER BY u.unit_id, u.username")
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CreateUser adds an account; u.PasswordHash must already be a hash.
func (tx *Tx) CreateUser(ctx context.Context, a workflow.Actor, at time.Time, u User) (int64, error) {
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO users (username, display_name, unit_id, role, is_legal_head, is_unit_head,
		password_hash, password_changed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.Username, u.DisplayName, u.UnitID, string(u.Role), b2i(u.IsLegalHead), b2i(u.IsUnitHead), u.PasswordHash, ms(at), ms(at))
	if err != nil {
		return 0, fmt.Errorf("store: create user %q: %w", u.Username, err)
	}
	id, _ := res.LastInsertId()
	tx.userChanged(id)
	changes := []Change{{Field: "账号", After: u.Username}, {Field: "角色", After: u.Role.Label()}}
	if u.IsUnitHead {
		changes = append(changes, Change{Field: "承办单位负责人", After: showBool(true)})
	}
	return id, tx.addEvent(ctx, a, at, Event{Action: "add_user",
		Summary: fmt.Sprintf("新增账号 %s（%s，%s）", u.Username, u.DisplayName, u.Role.Label()), Changes: changes})
}

// SetPassword replaces a user's password hash and ends all of their sessions.
func (tx *Tx) SetPassword(ctx context.Context, a workflow.Actor, at time.Time, userID int64, hash string) error {
	tx.userChanged(userID)
	res, err := tx.tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ?, failed_logins = 0,
		locked_until = 0, version = version + 1 WHERE id = ?`, hash, ms(at), userID)
	if err != nil {
		return fmt.Errorf("store: set password of %d: %w", userID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: set password of %d: %w", userID, ErrNotFound)
	}
	if _, err := tx.tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
		return err
	}
	return tx.addEvent(ctx, a, at, Event{Action: "set_password", Summary: fmt.Sprintf("重置账号 #%d 的密码，结束其全部会话", userID)})
}

// SetDisabled disables or enables an account; disabling ends its sessions.
func (tx *Tx) SetDisabled(ctx context.Context, a workflow.Actor, at time.Time, userID int64, disabled bool) error {
	tx.userChanged(userID)
	res, err := tx.tx.ExecContext(ctx, "UPDATE users SET disabled = ?, version = version + 1 WHERE id = ?", b2i(disabled), userID)
	if err != nil {
		return fmt.Errorf("store: disable %d: %w", userID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: disable %d: %w", userID, ErrNotFound)
	}
	summary := fmt.Sprintf("启用账号 #%d", userID)
	if disabled {
		summary = fmt.Sprintf("停用账号 #%d", userID)
		if _, err := tx.tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
			return err
		}
	}
	return tx.addEvent(ctx, a, at, Event{Action: "set_disabled", Summary: summary,
		Changes: []Change{{Field: "停用", Before: yesNo(!disabled), After: yesNo(disabled)}}})
}

// LoginFailed counts a failed login of the account, for the admin to see. It locks nothing:
// the throttle is per name and client address (LoginAttempt), so that nobody can lock a user
// out from elsewhere.
func (db *DB) LoginFailed(ctx context.Context, userID int64, at time.Time) error {
	defer db.auth.dropUsers(map[int64]bool{userID: true})
	_, err := db.write.ExecContext(ctx, "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?", userID)
	return err
}

// LoginSucceeded clears the failure count.
func (db *DB) LoginSucceeded(ctx context.Context, userID int64) error {
	defer db.auth.dropUsers(map[int64]bool{userID: true})
	_, err := db.write.ExecContext(ctx, "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ? AND failed_logins > 0", userID)
	return err
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// userChanged notes that this transaction changes the account userID or its sessions: its kept
// copies are dropped when the transaction ends (committed or not).
func (tx *Tx) userChanged(userID int64) {
	if tx.users == nil {
		tx.users = map[int64]bool{}
	}
	tx.users[userID] = true
}
