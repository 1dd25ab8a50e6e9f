package store

import (
	"errors"
	"slices"
	"testing"
	"time"

	"juece/workflow"
)

// TestAuthCacheFollowsTheWrites reads a session and its user (keeping them), then ends or
// changes them through each path that does, and wants the next read to see it at once.
func TestAuthCacheFollowsTheWrites(t *testing.T) {
	f := newDecisionFixture(t)
	start := f.at()
	newSession := func(hash string) {
		t.Helper()
		s := Session{IDHash: hash, UserID: f.clerk.UserID, CSRFToken: "t-" + hash, CreatedAt: start, LastSeenAt: start, ExpiresAt: start.Add(time.Hour)}
		if err := f.db.CreateSession(f.ctx, s); err != nil {
			t.Fatal(err)
		}
		if got, err := f.db.Session(f.ctx, hash); err != nil || got.CSRFToken != s.CSRFToken {
			t.Fatalf("session %s: %+v %v", hash, got, err)
		}
	}
	gone := func(hash, after string) {
		t.Helper()
		if _, err := f.db.Session(f.ctx, hash); !errors.Is(err, ErrNotFound) {
			t.Fatalf("session %s after %s: %v, want ErrNotFound", hash, after, err)
		}
	}

	newSession("a")
	seen := start.Add(5 * time.Minute)
	if err := f.db.TouchSession(f.ctx, "a", seen); err != nil {
		t.Fatal(err)
	}
	if s, _ := f.db.Session(f.ctx, "a"); !s.LastSeenAt.Equal(seen) {
		t.Fatalf("last seen %v after touching at %v", s.LastSeenAt, seen)
	}
	if err := f.db.DeleteSession(f.ctx, "a"); err != nil {
		t.Fatal(err)
	}
	gone("a", "logout")

	newSession("b")
	if err := f.db.DeleteExpiredSessions(f.ctx, start.Add(2*time.Hour), start); err != nil {
		t.Fatal(err)
	}
	gone("b", "expiry")

	newSession("c")
	if u, err := f.db.User(f.ctx, f.clerk.UserID); err != nil || u.Disabled {
		t.Fatalf("user: %+v %v", u, err)
	}
	err := f.db.InTx(f.ctx, func(tx *Tx) error { return tx.SetDisabled(f.ctx, f.secretary, f.at(), f.clerk.UserID, true) })
	if err != nil {
		t.Fatal(err)
	}
	gone("c", "disabling the account")
	if u, err := f.db.User(f.ctx, f.clerk.UserID); err != nil || !u.Disabled {
		t.Fatalf("user after disabling: disabled %v, %v", u.Disabled, err)
	}
	err = f.db.InTx(f.ctx, func(tx *Tx) error { return tx.SetDisabled(f.ctx, f.secretary, f.at(), f.clerk.UserID, false) })
	if err != nil {
		t.Fatal(err)
	}
	if u, _ := f.db.User(f.ctx, f.clerk.UserID); u.Disabled {
		t.Fatal("user still disabled after enabling")
	}

	newSession("d")
	u, _ := f.db.User(f.ctx, f.clerk.UserID)
	err = f.db.InTx(f.ctx, func(tx *Tx) error { return tx.SetPassword(f.ctx, f.secretary, f.at(), f.clerk.UserID, "new-hash") })
	if err != nil {
		t.Fatal(err)
	}
	gone("d", "a password change")
	if v, _ := f.db.User(f.ctx, f.clerk.UserID); v.PasswordHash != "new-hash" || v.Version != u.Version+1 {
		t.Fatalf("user after a password change: hash %q version %d (was %d)", v.PasswordHash, v.Version, u.Version)
	}

	if err := f.db.LoginFailed(f.ctx, f.clerk.UserID, f.at()); err != nil {
		t.Fatal(err)
	}
	if v, _ := f.db.User(f.ctx, f.clerk.UserID); v.FailedLogins != 1 {
		t.Fatalf("failed logins %d after one", v.FailedLogins)
	}
}

// TestAuthCacheLoadBeforeADrop: a session read from the database before a drop and handed in
// after it is not kept, or a logged-out session could live on.
func TestAuthCacheLoadBeforeADrop(t *testing.T) {
	c := newAuthCache()
	_, ok, gen := c.session("x")
	if ok {
		t.Fatal("found in an empty cache")
	}
	c.dropUsers(map[int64]bool{7: true})
	c.putSession(Session{IDHash: "x", UserID: 7}, gen)
	if _, ok, _ := c.session("x"); ok {
		t.Fatal("a session loaded before a drop was kept")
	}
	_, _, gen = c.session("x")
	c.putSession(Session{IDHash: "x", UserID: 7}, gen)
	if _, ok, _ := c.session("x"); !ok {
		t.Fatal("a session loaded with no drop meanwhile was not kept")
	}
}

// TestAuthCacheUserList: the list of every account follows an account added and one disabled,
// and a caller changing its copy changes no one else's.
func TestAuthCacheUserList(t *testing.T) {
	f := newDecisionFixture(t)
	all, err := f.db.Users(f.ctx)
	if err != nil || len(all) != 3 {
		t.Fatalf("users: %d %v", len(all), err)
	}
	all[0].DisplayName = "改过"
	var id int64
	err = f.db.InTx(f.ctx, func(tx *Tx) (err error) {
		id, err = tx.CreateUser(f.ctx, f.secretary, f.at(), User{Username: "clerk2", DisplayName: "赵经办", UnitID: f.unit,
			Role: workflow.RoleClerk, PasswordHash: "x"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	all, _ = f.db.Users(f.ctx)
	if len(all) != 4 || slices.ContainsFunc(all, func(u User) bool { return u.DisplayName == "改过" }) {
		t.Fatalf("after adding an account: %+v", all)
	}
	err = f.db.InTx(f.ctx, func(tx *Tx) error { return tx.SetDisabled(f.ctx, f.secretary, f.at(), id, true) })
	if err != nil {
		t.Fatal(err)
	}
	all, _ = f.db.Users(f.ctx)
	if i := slices.IndexFunc(all, func(u User) bool { return u.ID == id }); i < 0 || !all[i].Disabled {
		t.Fatalf("after disabling the account: %+v", all)
	}
}
