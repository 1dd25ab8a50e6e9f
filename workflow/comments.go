package workflow

import (
	"fmt"
	"slices"
	"strings"
)

// DisposeComments records one disposition with one reason for several comments at once: a
// group of identical comments, or a selection on the comments page. Only comments still
// pending are taken; changing a recorded disposition is DisposeComment's, one comment at a
// time, so that a bulk action never overwrites a clerk's earlier answer unseen.
type DisposeComments struct {
	plainRecord
	CommentIDs  []int64
	Disposition Disposition
	Reason      string
}

// Writes names the record.
func (*DisposeComments) Writes() Record { return RecDisposition }

// commentsBasis is the provision that every comment be answered with its reason.
const commentsBasis = "条例第15条"

// MaxBulkComments bounds one bulk disposition: every comment of a large consultation fits.
const MaxBulkComments = 20000

func (c *DisposeComments) check(d *Decision, _ Env) []Problem {
	var ps []Problem
	if len(c.CommentIDs) == 0 {
		ps = append(ps, Problem{Field: "comments", Message: "请至少选择一条待处理的意见", Basis: commentsBasis})
	}
	if len(c.CommentIDs) > MaxBulkComments {
		ps = append(ps, Problem{Field: "comments", Message: fmt.Sprintf("一次最多处理 %d 条意见", MaxBulkComments), Basis: commentsBasis})
	}
	if !slices.Contains(Dispositions, c.Disposition) {
		ps = append(ps, Problem{Field: "disposition", Message: "请选择处理结果", Basis: commentsBasis})
	}
	if blank(c.Reason) {
		ps = append(ps, Problem{Field: "reason", Message: "请填写理由：同一理由将记入所选的每条意见，并在反馈中公开", Basis: commentsBasis})
	}
	if len(ps) > 0 {
		return ps
	}
	byID := make(map[int64]*Comment, len(d.Comments))
	for i := range d.Comments {
		byID[d.Comments[i].ID] = &d.Comments[i]
	}
	var gone, done []string
	seen := make(map[int64]bool, len(c.CommentIDs))
	for _, id := range c.CommentIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		x, ok := byID[id]
		switch {
		case !ok:
			gone = append(gone, fmt.Sprint(id))
		case x.Disposition != DispositionNone:
			done = append(done, x.Ref+"（"+x.Disposition.Label()+"）")
		}
	}
	if len(gone) > 0 {
		ps = append(ps, Problem{Field: "comments", Message: "所选意见不属于本事项或已不存在：" + listSome(gone), Basis: commentsBasis})
	}
	if len(done) > 0 {
		ps = append(ps, Problem{Field: "comments", Message: fmt.Sprintf("所选意见中有 %d 条已在此期间处理，未作任何更改：%s。请刷新后重新选择；修改已有的处理结果请逐条办理",
			len(done), listSome(done)), Basis: commentsBasis})
	}
	return ps
}

// listSome joins at most ten items, saying how many more there are.
func listSome(xs []string) string {
	const most = 10
	if len(xs) <= most {
		return strings.Join(xs, "、")
	}
	return strings.Join(xs[:most], "、") + fmt.Sprintf(" 等 %d 条", len(xs))
}
