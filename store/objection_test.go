package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	"juece/workflow"
)

// TestObjection: an objection from the portal is one row and one event by the public actor,
// keeping hashes of its receipt only; the same form token finds it again, the code as typed
// finds it by its reference and a wrong one answers like an unknown reference; the legal
// office's reply goes through Apply once; the rows verify against the history.
func TestObjection(t *testing.T) {
	f := newNormFixture(t)
	id := f.createNormative("文件", "澜政规", true)
	f.toPublished(id)
	on := time.Date(2026, 2, 2, 0, 0, 0, 0, workflow.Shanghai)
	if _, err := f.apply(id, f.secretary, &workflow.PublishNormative{PublishedOn: on, Channels: "市政府网站", Text: "全文"}); err != nil {
		t.Fatal(err)
	}
	before, err := f.db.Decision(f.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	n := len(f.history(id))
	token := "a-form-token-of-the-library-page"
	var o workflow.Objection
	err = f.db.InTx(f.ctx, func(tx *Tx) (err error) {
		o, err = tx.AddPublicObjection(f.ctx, f.at(), id, workflow.Objection{Author: "张三", Contact: "138", Provision: "第五条", Body: "异议"}, token)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	evs := f.history(id)
	if len(evs) != n+1 || evs[n].Action != "objection" || evs[n].UserName != PublicActor.Name || !strings.HasPrefix(o.Ref, "YY2026-") {
		t.Fatalf("after the objection %s: %d events more, the last %+v", o.Ref, len(evs)-n, evs[len(evs)-1])
	}
	for _, c := range evs[n].Changes {
		if strings.Contains(c.After, "张三") || strings.Contains(c.After, "138") {
			t.Errorf("the event's changes name the objector: %+v", c)
		}
	}
	var stored string
	if err := f.db.read.QueryRowContext(f.ctx, "SELECT form_token || ' ' || code_hash FROM objections WHERE id = ?", o.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	code := ReceiptCode(token)
	if strings.Contains(stored, token) || strings.Contains(stored, NormalizeReceiptCode(code)) {
		t.Fatalf("stored %q for token %q, code %q", stored, token, code)
	}
	d, err := f.db.Decision(f.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Version != before.Version || len(d.Normative.Objections) != 1 || d.Normative.Objections[0].Author != "张三" {
		t.Fatalf("version %d → %d, objections %+v", before.Version, d.Version, d.Normative.Objections)
	}
	err = f.db.InTx(f.ctx, func(tx *Tx) error {
		if again, err := tx.ObjectionByFormToken(f.ctx, id, token); err != nil || again.Ref != o.Ref {
			t.Errorf("by form token: %+v %v", again, err)
		}
		if _, err := tx.ObjectionByFormToken(f.ctx, id, "another"); !errors.Is(err, ErrNotFound) {
			t.Errorf("another token: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, x, err := f.db.ObjectionByReceipt(f.ctx, strings.ToLower(o.Ref), strings.ToLower(code)); err != nil || got != id || x.ID != o.ID {
		t.Fatalf("by receipt: %d %+v %v", got, x, err)
	}
	for _, tc := range [][2]string{{o.Ref, ReceiptCode("another")}, {o.Ref, ""}, {"YY2026-999999", code}} {
		if _, _, err := f.db.ObjectionByReceipt(f.ctx, tc[0], tc[1]); !errors.Is(err, ErrNotFound) {
			t.Errorf("by receipt %q %q: %v, want ErrNotFound", tc[0], tc[1], err)
		}
	}
	if pending, err := f.db.PendingObjections(f.ctx); err != nil || len(pending) != 1 || pending[0].Number != "澜政规〔2026〕1号" {
		t.Fatalf("pending: %+v %v", pending, err)
	}
	if _, err := f.apply(id, f.clerk, &workflow.AnswerObjection{ObjectionID: o.ID, Outcome: workflow.ObjectionReject, Text: "理由"}); err == nil {
		t.Fatal("a clerk answered")
	}
	d, err = f.apply(id, f.reviewer, &workflow.AnswerObjection{ObjectionID: o.ID, Outcome: workflow.ObjectionRepeal, Text: "启动废止", Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	if r := d.Normative.Objections[0].Reply; r == nil || r.Outcome != workflow.ObjectionRepeal || !r.Published || r.By != f.reviewer.UserID {
		t.Fatalf("reply %+v", r)
	}
	if _, err := f.apply(id, f.reviewer, &workflow.AnswerObjection{ObjectionID: o.ID, Outcome: workflow.ObjectionReject, Text: "再答"}); err == nil {
		t.Fatal("answered twice")
	}
	if pending, err := f.db.PendingObjections(f.ctx); err != nil || len(pending) != 0 {
		t.Fatalf("pending after the reply: %+v %v", pending, err)
	}
	verifyRecords(t, f.db, "")
}
