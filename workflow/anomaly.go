package workflow

import (
	"fmt"
	"strings"
	"time"
)

// Anomaly is something in a decision's record that an auditor should look at: a procedure
// not followed as the law asks, or an exception the law allows but wants accounted for
// (pipeline.md, Accountability). It blocks nothing; it is a flag.
type Anomaly struct {
	Kind  string // a stable key, e.g. "meeting_too_soon"
	Text  string // what happened, in Chinese
	Basis string
	Link  string // a page that shows it, when there is one (the draft comparison)
}

// Anomalies lists what an auditor should look at in d, oldest first.
func Anomalies(d *Decision, env Env) []Anomaly {
	var out []Anomaly
	add := func(kind, basis, format string, args ...any) {
		out = append(out, Anomaly{Kind: kind, Text: fmt.Sprintf(format, args...), Basis: basis})
	}
	if n := d.Notice; n != nil && n.ShortReason != "" {
		add("short_comment_period", "条例第15条", "公开征求意见期限为 %d 日（少于 %d 日），理由：%s",
			DaysInclusive(n.StartsOn, n.EndsOn), env.Settings.MinCommentDays, n.ShortReason)
	}
	if d.HearingSkip != "" {
		add("hearing_skipped", "条例第16条", "未举行听证，理由：%s", d.HearingSkip)
	}
	if d.RiskSkip != "" {
		add("risk_skipped", "规划三(二)3", "未进行风险评估，理由：%s", d.RiskSkip)
	}
	for _, r := range d.Reviews {
		if cur := revisionAt(d, r.SignedAt); cur != nil && cur.ID != r.RevisionID {
			add("superseded_review", "条例第27条", "合法性审查意见（%s，%s）签署时所审草案已被第 %d 稿取代",
				r.Conclusion.Label(), r.SignedAt.In(Shanghai).Format("2006-01-02"), cur.No)
		}
	}
	for _, m := range d.Meetings {
		name := fmt.Sprintf("%s（%s）", m.Number, m.HeldOn.In(Shanghai).Format("2006-01-02"))
		if !m.LegalHeadAttended {
			add("no_legal_head", "规划三(二)4", "%s 法制机构负责人未列席", name)
		}
		if sub := submissionBefore(d, m.HeldOn); sub == nil {
			add("meeting_before_submission", "条例第25条", "%s 举行时尚未送请合法性审查", name)
		} else if signed := reviewBefore(d, m.HeldOn); signed.IsZero() {
			add("meeting_before_review", "条例第25条", "%s 举行时合法性审查意见尚未签署", name)
		}
		if m.Head != HeadNone && !m.DecidedAt.IsZero() && Day(m.DecidedAt).Before(Day(m.HeldOn)) {
			add("decided_before_meeting", "条例第30条", "%s 的行政首长决定登记于会议日期之前（%s）", name, dateCN(m.DecidedAt))
		}
		if sub := submissionBefore(d, m.HeldOn); sub != nil {
			clock := d.Procedure().Review
			n := clock.MinWorkdays(env.Settings)
			if Day(m.HeldOn).Before(env.Calendar.AddWorkdays(sub.SubmittedOn, n)) {
				add("meeting_too_soon", clock.Basis, "%s 距送请合法性审查（%s）不足 %d 个工作日", name,
					sub.SubmittedOn.In(Shanghai).Format("2006-01-02"), n)
			}
		}
		if departs, _, _ := departsFromMajority(m, m.Head); departs {
			add("against_majority", "条例第30条", "%s 行政首长的决定（%s）与多数意见不一致，理由：%s", name, m.Head.Label(), m.DepartureReason)
		}
	}
	for _, n := range d.DraftNotes {
		from, to := revisionNo(d, n.NoticeRevisionID), revisionNo(d, n.RevisionID)
		add("draft_changed", "条例第15条", "征求意见后草案由第%d稿改为第%d稿，未重新征求意见，理由：%s", from, to, n.Reason)
		out[len(out)-1].Link = fmt.Sprintf("/decisions/%d/diff?from=%d&to=%d", d.ID, from, to)
	}
	for _, c := range d.FlagChanges {
		text := fmt.Sprintf("%s变更决策属性，理由：%s", dateCN(c.At), c.Reason)
		if gone := dropped(c.Before, c.After); len(gone) > 0 {
			text += "；取消“" + strings.Join(gone, "、") + "”，法制机构意见：" + c.LegalAgreement
		}
		add("flags_changed", FlagsBasis, "%s", text)
	}
	for _, e := range d.LateEntries {
		add("late_entry", LateBasis, "补录%s（所载日期%s，%s登记）：%s", e.Record.Label(), dateCN(e.DatedOn), dateCN(e.At), e.Reason)
	}
	for _, v := range d.Voids {
		add("voided", VoidBasis, "作废%s（%s）：%s", v.Summary, dateCN(v.At), v.Reason)
	}
	// One rule of lateness for every page: the stage's limit (due.go), as the worklist and
	// /overdue count it.
	if limit, ok := Limit(d, env); ok && !(d.Kind == KindNormative && d.State == Published) { // its filing is flagged below
		if _, days, late := OverdueSince(limit, env); late {
			add("overdue", "规划三(二)6", "“%s”阶段已超过期限（%s）%d 日", d.Procedure().StateLabel(d.State), dateCN(limit), days)
		}
	}
	out = append(out, normativeAnomalies(d, env)...)
	return append(out, objectionAnomalies(d, env)...)
}

// revisionAt is the latest draft saved before t.
func revisionAt(d *Decision, t time.Time) *Revision {
	var cur *Revision
	for i := range d.Revisions {
		if !d.Revisions[i].CreatedAt.After(t) {
			cur = &d.Revisions[i]
		}
	}
	return cur
}

// reviewBefore is when the latest legality review signed on or before the meeting day was
// signed, or zero.
func reviewBefore(d *Decision, held time.Time) time.Time {
	var at time.Time
	for _, r := range d.Reviews {
		if !Day(r.SignedAt).After(Day(held)) {
			at = r.SignedAt
		}
	}
	return at
}

// submissionBefore is the latest submission for review made on or before the meeting day.
func submissionBefore(d *Decision, held time.Time) *ReviewSubmission {
	var sub *ReviewSubmission
	for i := range d.Submissions {
		if !Day(d.Submissions[i].SubmittedOn).After(Day(held)) {
			sub = &d.Submissions[i]
		}
	}
	return sub
}

// departsFromMajority reports whether the head's decision h goes against the view most of the
// other members took (条例第30条), with the counts for and against. Most for: only 通过 keeps to
// it; most against: only 不予通过; a tie is no majority. 修改后再议 and 暂缓 depart from either.
func departsFromMajority(m Meeting, h HeadDecision) (departs bool, pro, con int) {
	for _, o := range m.Opinions {
		if o.IsHead {
			continue
		}
		switch o.Stance {
		case StanceFor:
			pro++
		case StanceAgainst:
			con++
		}
	}
	switch {
	case pro > con:
		return h != HeadApprove, pro, con
	case con > pro:
		return h != HeadReject, pro, con
	}
	return false, pro, con
}

// revisionNo is the number of draft id, 0 when unknown.
func revisionNo(d *Decision, id int64) int {
	for _, r := range d.Revisions {
		if r.ID == id {
			return r.No
		}
	}
	return 0
}
