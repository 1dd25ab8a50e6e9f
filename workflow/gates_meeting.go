package workflow

import (
	"fmt"
	"sort"
	"strings"
)

// meetingEvents are the head's four decisions at the collective discussion.
var meetingEvents = []Event{Approve, Reject, Reconsider, Defer}

var hasMeeting = &presence{func(d *Decision) bool { return d.LatestMeeting() != nil }, "尚未记录集体讨论会议"}

// reviewedSubmission is the submission the latest legality review was signed on, or nil.
func (d *Decision) reviewedSubmission() *ReviewSubmission {
	r := d.LatestReview()
	if r == nil {
		return nil
	}
	for i := range d.Submissions {
		if d.Submissions[i].ID == r.SubmissionID {
			return &d.Submissions[i]
		}
	}
	return nil
}

// bySeq is the meeting's opinions in speaking order.
func bySeq(m *Meeting) []MeetingOpinion {
	ops := append([]MeetingOpinion(nil), m.Opinions...)
	sort.SliceStable(ops, func(i, j int) bool { return ops[i].Seq < ops[j].Seq })
	return ops
}

// meetingGates are the gates of the collective discussion (集体讨论决定, 规划三(二)4; 条例第26、29–30条).
// The web handler sets LatestMeeting().Head and DepartureReason before firing; the gates on them
// are input gates.
var meetingGates = []gate{
	{
		events: meetingEvents, field: string(RecMeeting), basis: "条例第30条",
		text: "须记录集体讨论会议",
		check: func(t *attempt) string {
			if t.d.LatestMeeting() == nil {
				return "尚未记录集体讨论会议"
			}
			return ""
		},
	},
	{
		events: meetingEvents, field: string(RecMeeting), basis: "条例第29条",
		own: func(p *Procedure, _ Settings) (string, string) { return p.agenda.text, p.agenda.basis },
		check: func(t *attempt) string {
			if miss := MissingAgenda(t.d); len(miss) > 0 {
				return "提请讨论的材料缺少" + strings.Join(miss, "、")
			}
			return ""
		},
	},
	{
		events: meetingEvents, field: string(RecMeeting), basis: "条例第26条", needs: hasMeeting,
		own: func(p *Procedure, s Settings) (string, string) {
			n := p.Review.MinWorkdays(s)
			return fmt.Sprintf("合法性审查期限一般不少于%d个工作日：会议不得早于送审之日起第%d个工作日", n, n), p.Review.Basis
		},
		check: func(t *attempt) string {
			d, m := t.d, t.d.LatestMeeting()
			s := d.reviewedSubmission()
			if s == nil || s.SubmittedOn.IsZero() {
				return "找不到合法性审查所依据的送审材料及其送审日期，无法计算审查期限"
			}
			if m.HeldOn.IsZero() {
				return "集体讨论会议未写明日期"
			}
			n := t.p.Review.MinWorkdays(t.env.Settings)
			earliest := t.env.Calendar.AddWorkdays(s.SubmittedOn, n)
			if Day(m.HeldOn).Before(earliest) {
				return fmt.Sprintf("送审日期为%s，合法性审查期限一般不少于%d个工作日，会议最早可于%s举行；会议日期为%s",
					dateCN(s.SubmittedOn), n, dateCN(earliest), dateCN(m.HeldOn))
			}
			return ""
		},
	},
	{
		events: meetingEvents, field: string(RecMeeting), basis: "规划三(二)4", needs: hasMeeting,
		text: "法制机构负责人须列席会议",
		check: func(t *attempt) string {
			if !t.d.LatestMeeting().LegalHeadAttended {
				return "未记录法制机构负责人列席会议"
			}
			return ""
		},
	},
	{
		events: meetingEvents, field: string(RecOpinion), basis: "条例第30条", needs: hasMeeting,
		text: "须按发言顺序记录会议组成人员意见，行政首长最后发表意见",
		check: func(t *attempt) string {
			ops := bySeq(t.d.LatestMeeting())
			if len(ops) == 0 {
				return "尚未记录会议组成人员的意见"
			}
			heads := 0
			for _, o := range ops {
				if o.IsHead {
					heads++
				}
			}
			switch {
			case heads == 0:
				return "尚未记录行政首长的意见"
			case heads > 1:
				return fmt.Sprintf("记录了%d条行政首长意见，只能有1条", heads)
			case !ops[len(ops)-1].IsHead:
				return "行政首长未在最后发表意见"
			}
			return ""
		},
	},
	{
		events: meetingEvents, field: string(RecMeeting), basis: "条例第30条", input: true, needs: hasMeeting,
		text: "行政首长的决定须与所执行的操作一致",
		check: func(t *attempt) string {
			m := t.d.LatestMeeting()
			if m.Head == HeadNone {
				return "尚未记录行政首长的决定"
			}
			if HeadEvent(m.Head) != t.ev {
				return fmt.Sprintf("行政首长的决定（%s）与所执行的操作“%s”不一致", m.Head.Label(), t.ev.Label())
			}
			return ""
		},
	},
	{
		events: meetingEvents, field: "reason", basis: "条例第30条", input: true, needs: hasMeeting,
		text: "行政首长的决定与多数人意见不一致的，须说明理由",
		check: func(t *attempt) string {
			m := t.d.LatestMeeting()
			departs, pro, con := departsFromMajority(*m, m.Head)
			if departs && blank(m.DepartureReason) {
				return fmt.Sprintf("会议组成人员同意%d人、不同意%d人，行政首长决定%s，与多数人意见不一致，须说明理由",
					pro, con, m.Head.Label())
			}
			return ""
		},
	},
	{
		events: []Event{Approve}, field: "review", basis: "规划三(二)4",
		text: "须经合法性审查且结论为合法、针对当前草案，方可决定通过",
		check: func(t *attempt) string {
			r, cur := t.d.LatestReview(), t.d.CurrentRevision()
			switch {
			case r == nil:
				return "未经合法性审查，不得决定通过"
			case r.Conclusion != ConclusionLegal:
				return fmt.Sprintf("合法性审查结论为%s，不得决定通过", r.Conclusion.Label())
			case cur == nil || r.RevisionID != cur.ID:
				return "合法性审查针对的不是当前草案，须重新审查后方可决定通过"
			}
			return ""
		},
	},
}
