package workflow

import (
	"strings"
	"testing"
)

// The new dispositions count as answered: a consultation whose comments are all 重复 or 与本事项
// 无关 may end, and one pending comment still holds it.
func TestNewDispositionsCountAsDisposed(t *testing.T) {
	d := complete(Consultation)
	d.Comments = []Comment{
		{ID: 1, Ref: "C1", Body: "票价上涨过高", Disposition: DispositionDuplicate, Reason: "同 C3"},
		{ID: 2, Ref: "C2", Body: "小区停车难", Disposition: DispositionIrrelevant, Reason: "不属于本次调整范围"},
		{ID: 3, Ref: "C3", Body: "票价上涨过高！", Disposition: DispositionNotAdopted, Reason: "综合成本测算"},
	}
	for _, p := range Check(d, ToHearing, actorOf(RoleClerk), testInput(), testEnv()) {
		if p.Field == string(RecComment) {
			t.Fatalf("the new dispositions are not counted as disposed: %s", p.Message)
		}
	}
	d.Comments[1].Disposition = DispositionNone
	found := false
	for _, p := range Check(d, ToHearing, actorOf(RoleClerk), testInput(), testEnv()) {
		found = found || p.Field == string(RecComment) && strings.Contains(p.Message, "尚有1条")
	}
	if !found {
		t.Fatal("a pending comment did not hold the consultation")
	}
}

func TestDisposeCommentsRefusals(t *testing.T) {
	base := func() *Decision {
		d := complete(Consultation)
		d.Comments = []Comment{
			{ID: 1, Ref: "YJ2026-000001", Body: "a"},
			{ID: 2, Ref: "YJ2026-000002", Body: "b", Disposition: DispositionAdopted, Reason: "r"},
			{ID: 3, Ref: "YJ2026-000003", Body: "c"},
		}
		return d
	}
	for _, x := range []struct {
		name       string
		cmd        DisposeComments
		field, has string
	}{
		{"nothing selected", DisposeComments{Disposition: DispositionDuplicate, Reason: "同上"}, "comments", "请至少选择"},
		{"no reason", DisposeComments{CommentIDs: []int64{1}, Disposition: DispositionDuplicate, Reason: "  "}, "reason", "请填写理由"},
		{"no disposition", DisposeComments{CommentIDs: []int64{1}, Reason: "x"}, "disposition", "请选择处理结果"},
		{"already disposed", DisposeComments{CommentIDs: []int64{1, 2, 3}, Disposition: DispositionDuplicate, Reason: "x"}, "comments", "YJ2026-000002（采纳）"},
		{"another decision's", DisposeComments{CommentIDs: []int64{1, 99}, Disposition: DispositionDuplicate, Reason: "x"}, "comments", "不属于本事项"},
	} {
		t.Run(x.name, func(t *testing.T) {
			cmd := x.cmd
			ps := refusedWith(t, base(), &cmd, RoleClerk, testEnv())
			ok := false
			for _, p := range ps {
				ok = ok || p.Field == x.field && strings.Contains(p.Message, x.has)
			}
			if !ok {
				t.Fatalf("want %q on %s, got %+v", x.has, x.field, ps)
			}
		})
	}
	cmd := DisposeComments{CommentIDs: []int64{1, 3, 3}, Disposition: DispositionIrrelevant, Reason: "不属于本次调整范围"}
	if ps := refusedWith(t, base(), &cmd, RoleClerk, testEnv()); ps != nil {
		t.Fatalf("pending comments refused: %+v", ps)
	}
	if _, err := Decide(base(), &cmd, actorOf(RoleReviewer), testEnv()); err == nil {
		t.Fatal("a reviewer disposed of comments")
	}
}
