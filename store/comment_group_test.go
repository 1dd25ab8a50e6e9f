package store

import (
	"errors"
	"strings"
	"testing"

	"juece/workflow"
)

// Comments are grouped by their normalised text, portal and clerk-entered alike; a group's
// disposition is one event that lists the comments, whose rows the records' verification
// replays; a key missing (a row from before migration 055) is computed at the next start.
func TestCommentGroupsAndBulkDisposition(t *testing.T) {
	f := newDecisionFixture(t)
	id := f.create("公交票价调整", f.unit)
	bodies := []string{"票价上涨过高！", "票价上涨过高。", "票价 上涨过高", "学生优惠应保留", "ＢＲＴ应延长运营时间", "brt应延长运营时间", "票价上涨过高"}
	var ids []int64
	if err := f.write(id, func(tx *Tx, d *workflow.Decision) error {
		for i, b := range bodies {
			if i%2 == 0 {
				c, err := tx.AddPublicComment(f.ctx, f.at(), id, workflow.Comment{Body: b})
				if err != nil {
					return err
				}
				ids = append(ids, c.ID)
				continue
			}
			c, err := tx.AddComment(f.ctx, f.clerk, f.at(), d, workflow.Comment{Source: "信函", Body: b})
			if err != nil {
				return err
			}
			ids = append(ids, c.ID)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	p, err := f.db.CommentPage(f.ctx, id, CommentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 3 || p.Comments != 7 || p.Pending != 7 || len(p.Groups) != 3 {
		t.Fatalf("groups %d of %d comments (%d pending), want 3 of 7: %+v", p.Total, p.Comments, p.Pending, p.Groups)
	}
	fare := p.Groups[0]
	if fare.Count != 4 || fare.First.ID != ids[0] || len(fare.PendingIDs) != 4 {
		t.Fatalf("the largest group: %+v", fare)
	}

	n := len(f.history(id))
	if err := f.write(id, func(tx *Tx, d *workflow.Decision) error {
		return tx.disposeComments(f.ctx, f.clerk, f.at(), d, fare.PendingIDs, workflow.DispositionNotAdopted, "票价按成本监审结果确定")
	}); err != nil {
		t.Fatal(err)
	}
	h := f.history(id)
	if len(h) != n+1 {
		t.Fatalf("a group's disposition wrote %d events, want 1", len(h)-n)
	}
	e := h[len(h)-1]
	if e.Summary != "批量处理公众意见 4 条：未采纳" || !strings.Contains(e.Changes[0].After, fare.First.Ref) || e.Changes[2].After != "票价按成本监审结果确定" {
		t.Fatalf("event %q %+v", e.Summary, e.Changes)
	}
	p, err = f.db.CommentPage(f.ctx, id, CommentFilter{Status: "pending"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 2 || p.Comments != 3 || p.Pending != 3 || p.ByStatus[string(workflow.DispositionNotAdopted)] != 4 {
		t.Fatalf("after the disposition: %d groups of %d pending, %+v", p.Total, p.Comments, p.ByStatus)
	}
	p, err = f.db.CommentPage(f.ctx, id, CommentFilter{Group: ids[1], Source: "信函"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 1 || p.Groups[0].First.ID != ids[1] || p.Groups[0].Dispositions[0] != workflow.DispositionNotAdopted {
		t.Fatalf("the group's letters: %+v", p)
	}

	// Disposing again of one already disposed fails in the store too, and leaves nothing.
	err = f.write(id, func(tx *Tx, d *workflow.Decision) error {
		return tx.disposeComments(f.ctx, f.clerk, f.at(), d, []int64{ids[0], ids[3]}, workflow.DispositionDuplicate, "同上")
	})
	if err == nil || len(f.history(id)) != n+1 {
		t.Fatalf("re-disposed: %v", err)
	}

	// A comment voided with a trace leaves the page, as it leaves the decision's lists.
	if err := f.write(id, func(tx *Tx, d *workflow.Decision) error {
		return tx.voidRecord(f.ctx, f.clerk, f.at(), d, &workflow.VoidRecord{Record: workflow.RecComment, ID: ids[4], Reason: "重复登记"})
	}); err != nil {
		t.Fatal(err)
	}
	if p, err = f.db.CommentPage(f.ctx, id, CommentFilter{}); err != nil || p.All != 6 || p.Comments != 6 || p.Groups[2].Count != 1 {
		t.Fatalf("after a void: %d comments, %+v, %v", p.All, p.Groups, err)
	}
	if _, err := f.db.Comment(f.ctx, id, ids[4]); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the voided comment: %v", err)
	}

	res, err := f.db.VerifyRecords(f.ctx)
	if err != nil || len(res.Bare) != 0 {
		t.Fatalf("records after a bulk disposition: %+v, %v", res, err)
	}
	for _, p := range res.Problems { // the fixture's units and users are written without events
		if p.Table == "comments" {
			t.Errorf("records after a bulk disposition: %+v", p)
		}
	}

	if _, err := f.db.write.ExecContext(f.ctx, "UPDATE comments SET group_key = NULL"); err != nil {
		t.Fatal(err)
	}
	if err := f.db.fillGroupKeys(f.ctx); err != nil {
		t.Fatal(err)
	}
	if p, err = f.db.CommentPage(f.ctx, id, CommentFilter{}); err != nil || p.Total != 3 || p.Comments != 6 {
		t.Fatalf("after the keys were computed again: %d groups, %v", p.Total, err)
	}
}

func TestRefRanges(t *testing.T) {
	got := refRanges([]string{"YJ2026-000001", "YJ2026-000002", "YJ2026-000003", "YJ2026-000007", "YJ2026-000008", "YJ2026-000010"})
	if want := "YJ2026-000001—YJ2026-000003、YJ2026-000007、YJ2026-000008、YJ2026-000010"; got != want {
		t.Fatalf("refRanges = %q, want %q", got, want)
	}
}
