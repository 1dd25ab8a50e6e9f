package workflow

import (
	"fmt"
	"time"
)

// Corrections with a trace (作废留痕). A record that is only ever added is never edited or
// deleted; a wrong one is voided by the role that may add it, while its stage is open, with a
// reason. It stays in the record, struck through with who voided it, when and why, and the
// gates no longer count it (the store leaves it out of the decision's lists). A signed legality
// review is never voided, nor a meeting or its opinions once the head has decided there
// (条例第30条; dissent recorded verbatim weighs in liability).

// VoidBasis is the provision corrections answer to: the record of the procedure is kept whole.
const VoidBasis = "条例第33条"

// Void is a voided record as the decision keeps it.
type Void struct {
	Record   Record
	RecordID int64
	Summary  string // what the record said, in one line
	Reason   string
	At       time.Time
	By       int64
}

// LateEntry is a record entered after the fact (补录), with the reason.
type LateEntry struct {
	Record   Record
	RecordID int64 // 0 for a record the decision keeps in one copy
	DatedOn  time.Time
	Reason   string
	At       time.Time
	By       int64
}

// Voidable lists the kinds of records that may be voided.
var Voidable = []Record{RecRevision, RecDispute, RecMethod, RecComment, RecExpert, RecParticipant, RecMeeting, RecOpinion, RecReport}

// VoidChoice is one record a user may void now.
type VoidChoice struct {
	Record  Record
	ID      int64
	Summary string
}

// VoidChoices lists the records role may void on d now, in the order of Voidable.
func VoidChoices(d *Decision, role Role) []VoidChoice {
	var out []VoidChoice
	for _, rec := range Voidable {
		if !MayRecord(role, rec, d.State) {
			continue
		}
		for _, c := range d.records(rec) {
			if voidRefusal(d, rec, c.ID) == "" {
				out = append(out, c)
			}
		}
	}
	return out
}

// records lists the records of kind rec on d with a one-line summary each.
func (d *Decision) records(rec Record) []VoidChoice {
	var out []VoidChoice
	add := func(id int64, format string, args ...any) {
		out = append(out, VoidChoice{Record: rec, ID: id, Summary: rec.Label() + "：" + fmt.Sprintf(format, args...)})
	}
	switch rec {
	case RecRevision:
		for _, x := range d.Revisions {
			add(x.ID, "第%d稿（%s）", x.No, clip(x.Note, 20))
		}
	case RecDispute:
		for _, x := range d.Disputes {
			add(x.ID, "%s", x.Department)
		}
	case RecMethod:
		for _, x := range d.Methods {
			add(x.ID, "%s（%s）", x.Method.Label(), dateCN(x.HeldOn))
		}
	case RecComment:
		for _, x := range d.Comments {
			add(x.ID, "%s %s", x.Ref, clip(x.Body, 30))
		}
	case RecExpert:
		for _, x := range d.Experts {
			add(x.ID, "%s（%s）", x.Name, x.Organisation)
		}
	case RecParticipant:
		if d.Hearing != nil {
			for _, x := range d.Hearing.Participants {
				add(x.ID, "%s（%s）", x.Name, x.Category)
			}
		}
	case RecMeeting:
		for _, x := range d.Meetings {
			add(x.ID, "%s（%s）", x.Number, dateCN(x.HeldOn))
		}
	case RecOpinion:
		for _, m := range d.Meetings {
			for _, o := range m.Opinions {
				add(o.ID, "%s 第%d位发言 %s：%s", m.Number, o.Seq, o.Speaker, clip(o.Text, 30))
			}
		}
	case RecReport:
		for _, x := range d.Reports {
			add(x.ID, "%s（%s）", x.Kind.Label(), dateCN(x.ReportedOn))
		}
	}
	return out
}

// clip shortens s to n characters.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// voidRefusal says why record id of kind rec cannot be voided on d, or "".
func voidRefusal(d *Decision, rec Record, id int64) string {
	found := false
	for _, c := range d.records(rec) {
		found = found || c.ID == id
	}
	if !found {
		return "找不到该记录，或该记录已作废"
	}
	switch rec {
	case RecRevision:
		if n := d.Notice; n != nil && n.RevisionID == id {
			return "该稿已作为征求意见稿向社会公开，不能作废"
		}
		for _, s := range d.Submissions {
			if s.RevisionID == id {
				return "该稿已送请合法性审查，不能作废"
			}
		}
		for _, r := range d.Reviews {
			if r.RevisionID == id {
				return "该稿已经合法性审查，不能作废"
			}
		}
	case RecMeeting:
		for _, m := range d.Meetings {
			if m.ID == id && m.Head != HeadNone {
				return "该次会议已作出决定，会议记录不能作废"
			}
		}
	case RecOpinion:
		for _, m := range d.Meetings {
			for _, o := range m.Opinions {
				if o.ID == id && m.Head != HeadNone {
					return "行政首长已作出决定，会议发言记录不能作废"
				}
			}
		}
	case RecComment:
		for _, c := range d.Comments {
			if c.ID == id && c.Source == PublicCommentSource {
				return "公众通过网上意见征集平台提交的意见不能作废；重复或与本事项无关的，请在处理结果中写明"
			}
		}
	}
	return ""
}

// PublicCommentSource is the source of a comment the public submitted on the portal.
const PublicCommentSource = "网上征求意见"

// VoidRecord voids one record with the reason.
type VoidRecord struct {
	Record Record
	ID     int64
	Reason string
}

// Writes names no record: the voided one stays as it was.
func (*VoidRecord) Writes() Record                      { return "" }
func (*VoidRecord) Fires() Event                        { return "" }
func (*VoidRecord) Input() Input                        { return Input{} }
func (*VoidRecord) prepare(*Decision, Actor, time.Time) {}

func (c *VoidRecord) refusal(d *Decision, a Actor) string {
	if !isVoidable(c.Record) {
		return "此类记录不能作废"
	}
	if !MayRecord(a.Role, c.Record, d.State) {
		return fmt.Sprintf("该决策事项当前处于“%s”阶段，%s不能作废%s", d.State.Label(), a.Role.Label(), c.Record.Label())
	}
	return voidRefusal(d, c.Record, c.ID)
}

func (c *VoidRecord) check(*Decision, Env) []Problem {
	if blank(c.Reason) {
		return []Problem{{Field: "reason", Message: "作废记录须写明理由", Basis: VoidBasis}}
	}
	return nil
}

// Summary is the one line that names the voided record.
func (c *VoidRecord) Summary(d *Decision) string {
	for _, x := range d.records(c.Record) {
		if x.ID == c.ID {
			return x.Summary
		}
	}
	return c.Record.Label()
}

func isVoidable(rec Record) bool {
	for _, r := range Voidable {
		if r == rec {
			return true
		}
	}
	return false
}

// Label names a kind of record in Chinese.
func (r Record) Label() string {
	switch r {
	case RecProposal:
		return "决策建议"
	case RecStart:
		return "决定启动记录"
	case RecFlags:
		return "决策属性"
	case RecRevision:
		return "决策草案"
	case RecDispute:
		return "部门分歧"
	case RecMethod:
		return "听取意见方式"
	case RecNotice:
		return "公开征求意见公告"
	case RecComment:
		return "公众意见"
	case RecDisposition:
		return "意见处理结果"
	case RecFeedback:
		return "意见采纳情况反馈"
	case RecExpert:
		return "专家论证意见"
	case RecHearing:
		return "听证记录"
	case RecParticipant:
		return "听证参加人"
	case RecRisk:
		return "风险评估报告"
	case RecSubmission:
		return "送审材料"
	case RecReturn:
		return "退回补充材料"
	case RecMeeting:
		return "集体讨论会议"
	case RecOpinion:
		return "会议发言"
	case RecPartyReport:
		return "向同级党委请示报告"
	case RecPublication:
		return "决策公布"
	case RecReport:
		return "执行情况报告"
	case RecEvaluation:
		return "决策后评估报告"
	case RecWithdrawal:
		return "撤回申请"
	case RecDraftChange:
		return "草案修改说明"
	case RecFairComp:
		return "公平竞争审查结论"
	case RecDraw:
		return "听证参加人公开报名和随机抽选"
	case RecMilestone:
		return "执行节点"
	}
	if l, ok := normRecordLabels[r]; ok {
		return l
	}
	return string(r)
}
