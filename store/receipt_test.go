package store

import (
	"errors"
	"strings"
	"testing"

	"juece/workflow"
)

// TestCommentReceipt: a portal comment keeps only hashes of its form token and receipt code,
// in the same event as the comment; the same token finds it again; the code, as typed in any
// case and grouping, finds it by its reference, a wrong one answers like an unknown reference.
func TestCommentReceipt(t *testing.T) {
	f := newDecisionFixture(t)
	id := f.create("决策", f.unit)
	token := "a-form-token-of-the-portal-page"
	var c workflow.Comment
	n := len(f.history(id))
	err := f.db.InTx(f.ctx, func(tx *Tx) (err error) {
		c, err = tx.AddPublicCommentWithReceipt(f.ctx, f.now, id, workflow.Comment{Body: "意见"}, token)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	evs := f.history(id)
	if len(evs) != n+1 || evs[len(evs)-1].Action != "add_comment" {
		t.Fatalf("%d events after the comment, want one add_comment more", len(evs)-n)
	}
	var stored string
	if err := f.db.read.QueryRowContext(f.ctx, "SELECT form_token || ' ' || code_hash FROM comments WHERE id = ?", c.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	code := ReceiptCode(token)
	if len(stored) != 129 || strings.Contains(stored, token) || strings.Contains(stored, NormalizeReceiptCode(code)) {
		t.Fatalf("stored %q for token %q, code %q", stored, token, code)
	}
	err = f.db.InTx(f.ctx, func(tx *Tx) error {
		again, err := tx.CommentByFormToken(f.ctx, id, token)
		if err != nil || again.Ref != c.Ref {
			t.Errorf("by form token: %+v %v", again, err)
		}
		if _, err := tx.CommentByFormToken(f.ctx, id, "another-token"); !errors.Is(err, ErrNotFound) {
			t.Errorf("another token: %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	typed := strings.ToLower(strings.ReplaceAll(code, "-", " "))
	if got, x, err := f.db.CommentByReceipt(f.ctx, strings.ToLower(c.Ref), typed); err != nil || got != id || x.ID != c.ID {
		t.Fatalf("by receipt %q %q: %d %+v %v", c.Ref, typed, got, x, err)
	}
	for _, tc := range [][2]string{{c.Ref, ReceiptCode("another-token")}, {c.Ref, ""}, {"YJ2026-999999", code}} {
		if _, _, err := f.db.CommentByReceipt(f.ctx, tc[0], tc[1]); !errors.Is(err, ErrNotFound) {
			t.Errorf("by receipt %q %q: %v, want ErrNotFound", tc[0], tc[1], err)
		}
	}
	// The fixture's units and users are written around the history; the comment is not.
	res, err := f.db.VerifyRecords(f.ctx)
	if err != nil || res.Total != len(res.Problems) {
		t.Fatalf("records against the history: %+v %v", res, err)
	}
	for _, p := range res.Problems {
		if p.Table == "comments" {
			t.Errorf("comment row against the history: %+v", p)
		}
	}
}
