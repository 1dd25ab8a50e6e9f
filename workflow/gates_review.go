package workflow

import (
	"fmt"
	"strings"
)

// reviewEvents are the three sign-offs of a legality review.
var reviewEvents = []Event{ReviewPass, ReviewRevise, ReviewFail}

var hasReview = &presence{func(d *Decision) bool { return d.LatestReview() != nil }, "尚未填写审查意见"}

// revisionNo is the number of the revision with id, for messages; 0 if there is none.
func (d *Decision) revisionNo(id int64) int {
	for _, r := range d.Revisions {
		if r.ID == id {
			return r.No
		}
	}
	return 0
}

// reviewGates are the gates of signing a legality review (合法性审查, 规划三(二)4; 条例第25—28条).
// The web handler appends the review being signed to Decision.Reviews before firing, so
// LatestReview is that review; the gates on it are input gates.
var reviewGates = []gate{
	{
		events: reviewEvents, field: string(RecSubmission), basis: "条例第26条",
		text: "须有针对当前草案、未被退回的送审材料",
		check: func(t *attempt) string {
			d := t.d
			if len(d.Submissions) == 0 {
				return "尚未送请合法性审查（无送审材料）"
			}
			s := d.CurrentSubmission()
			if s == nil {
				last := d.Submissions[len(d.Submissions)-1]
				return fmt.Sprintf("送审材料已于%s退回补充，尚未重新送审", dateCN(last.ReturnedOn))
			}
			cur := d.CurrentRevision()
			if cur == nil {
				return "尚无决策草案"
			}
			if s.RevisionID != cur.ID {
				return fmt.Sprintf("送审材料针对的是第%d稿，当前草案为第%d稿，须重新送审", d.revisionNo(s.RevisionID), cur.No)
			}
			return ""
		},
	},
	{
		events: reviewEvents, field: "review", basis: "条例第27条", input: true,
		text: "审查结论须与所签署的结论一致",
		check: func(t *attempt) string {
			r := t.d.LatestReview()
			if r == nil {
				return "尚未填写审查意见"
			}
			if ReviewEvent(r.Conclusion) != t.ev {
				return fmt.Sprintf("审查意见的结论（%s）与所执行的操作“%s”不一致", r.Conclusion.Label(), t.ev.Label())
			}
			return ""
		},
	},
	{
		events: reviewEvents, field: "review", basis: "条例第27条", input: true, needs: hasReview,
		text: "审查意见须针对当前送审材料和当前草案",
		check: func(t *attempt) string {
			d, r := t.d, t.d.LatestReview()
			var m []string
			// With no current submission the submission gate speaks.
			if s := d.CurrentSubmission(); s != nil && r.SubmissionID != s.ID {
				m = append(m, "审查意见针对的不是当前送审材料")
			}
			if cur := d.CurrentRevision(); cur == nil || r.RevisionID != cur.ID {
				m = append(m, "审查意见针对的不是当前草案")
			}
			return strings.Join(m, "，")
		},
	},
	{
		events: reviewEvents, field: "review", basis: "条例第27条", input: true,
		text: "审查人员不得审查本人起草的草案",
		check: func(t *attempt) string {
			drafters := t.d.Drafters()
			if drafters[t.a.UserID] {
				return "您参与起草了本决策草案，不得审查本人起草的草案"
			}
			if r := t.d.LatestReview(); r != nil && drafters[r.ReviewerID] {
				return fmt.Sprintf("审查人员%s参与起草了本决策草案，不得审查本人起草的草案", r.ReviewerName)
			}
			return ""
		},
	},
	{
		events: reviewEvents, field: "review", basis: "条例第27条", input: true, needs: hasReview,
		text: "审查意见须对决策权限、程序、内容分别提出意见",
		check: func(t *attempt) string {
			r := t.d.LatestReview()
			if m := missing("权限", r.Authority, "程序", r.Procedure, "内容", r.Substance); len(m) > 0 {
				return "审查意见未写明对" + strings.Join(m, "、") + "的意见"
			}
			return ""
		},
	},
	{
		events: reviewEvents, field: "review", basis: "条例第28条", input: true, needs: hasReview,
		text: "须记录所听取的法律顾问、公职律师的意见",
		check: func(t *attempt) string {
			if blank(t.d.LatestReview().Advisers) {
				return "未记录所听取的法律顾问、公职律师的意见"
			}
			return ""
		},
	},
	{
		events: reviewEvents, field: "password", basis: "审查意见须经本人确认签署", input: true,
		text: "须输入本人密码确认签署",
		check: func(t *attempt) string {
			if !t.in.PasswordConfirmed {
				return "须输入本人密码确认签署审查意见"
			}
			return ""
		},
	},
}
