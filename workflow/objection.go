package workflow

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Objections (异议, 规划三(三)3 "建立对公民、法人和其他组织对政府规范性文件提出异议的处理机制"):
// anyone may object to a published normative document on the portal; the legal office handles
// the objection within Settings.NormObjectionDays and records its reply, which it may publish.

// ObjectionBasis is the provision of the objection channel.
const ObjectionBasis = "规划三(三)3"

// Objection is an objection received from the portal, with the legal office's reply.
type Objection struct {
	ID         int64
	Ref        string // the reference number on the receipt, e.g. YY2026-000001
	Author     string // 姓名或单位名称: never shown to the public
	Contact    string // never shown to the public
	Provision  string // the provision objected to, e.g. 第五条
	Body       string // the objection and its reasons
	ReceivedAt time.Time
	Reply      *ObjectionReply // nil until answered
}

// ObjectionOutcome is how the legal office answered an objection.
type ObjectionOutcome string

// The outcomes of an objection.
const (
	ObjectionAmend  ObjectionOutcome = "amend"  // 采纳，启动修改程序
	ObjectionRepeal ObjectionOutcome = "repeal" // 采纳，启动废止程序
	ObjectionReject ObjectionOutcome = "reject" // 不予采纳
)

// ObjectionOutcomes lists the outcomes.
var ObjectionOutcomes = []ObjectionOutcome{ObjectionAmend, ObjectionRepeal, ObjectionReject}

// Label is the outcome in Chinese.
func (o ObjectionOutcome) Label() string {
	switch o {
	case ObjectionAmend:
		return "采纳，启动修改程序"
	case ObjectionRepeal:
		return "采纳，启动废止程序"
	case ObjectionReject:
		return "不予采纳"
	}
	return string(o)
}

// ObjectionReply is the legal office's reply to an objection.
type ObjectionReply struct {
	Outcome   ObjectionOutcome
	Text      string // the reply with its reasons
	Published bool   // shown on the document's public page
	At        time.Time
	By        int64
}

// ObjectionDue is the last day to answer an objection received at: Settings.NormObjectionDays
// calendar days after the day it was received (a period counted in 日, as the filing's); a last
// day that is not a working day moves to the next working day (民法典第203条).
func ObjectionDue(received time.Time, env Env) time.Time {
	due := Day(received).AddDate(0, 0, env.Settings.NormObjectionDays)
	for !env.Calendar.IsWorkday(due) {
		due = due.AddDate(0, 0, 1)
	}
	return due
}

// Overdue reports whether the objection was answered, or is still unanswered, after its due day.
func (o Objection) Overdue(env Env) bool {
	at := env.Now
	if o.Reply != nil {
		at = o.Reply.At
	}
	return Day(at).After(ObjectionDue(o.ReceivedAt, env))
}

// AcceptsObjections reports whether doc is published and still in force, so that an objection
// to it is received.
func (n *NormativeDoc) AcceptsObjections() bool {
	return n != nil && n.Number != "" && (n.Status == Valid || n.Status == Amended)
}

// RecObjectionReply is the legal office's reply to an objection.
const RecObjectionReply Record = "objection_reply"

func init() {
	normRecordLabels[RecObjectionReply] = "异议答复"
}

func (d *Decision) objection(id int64) *Objection {
	if d.Normative == nil {
		return nil
	}
	for i := range d.Normative.Objections {
		if d.Normative.Objections[i].ID == id {
			return &d.Normative.Objections[i]
		}
	}
	return nil
}

// AnswerObjection records the legal office's reply to an objection: adopted (the amendment or
// the repeal is started) or not adopted, with the reasons, and whether it is published.
type AnswerObjection struct {
	plainRecord
	ObjectionID int64
	Outcome     ObjectionOutcome
	Text        string
	Publish     bool
}

// Writes names the record.
func (*AnswerObjection) Writes() Record { return RecObjectionReply }

func (c *AnswerObjection) check(d *Decision, _ Env) []Problem {
	o := d.objection(c.ObjectionID)
	switch {
	case o == nil:
		return need("outcome", "没有这项异议", ObjectionBasis)
	case o.Reply != nil:
		return need("outcome", "异议"+o.Ref+"已于"+dateCN(o.Reply.At)+"答复，答复不能修改", ObjectionBasis)
	}
	var out []Problem
	if !slices.Contains(ObjectionOutcomes, c.Outcome) {
		out = append(out, need("outcome", "请选择处理结果", ObjectionBasis)...)
	}
	c.Text = strings.TrimSpace(c.Text)
	switch {
	case blank(c.Text) && c.Outcome == ObjectionReject:
		out = append(out, need("text", "不予采纳的，须写明理由", ObjectionBasis)...)
	case blank(c.Text):
		out = append(out, need("text", "请写明答复内容", ObjectionBasis)...)
	}
	return out
}

// objectionAnomalies are the objections answered late or still unanswered after their due day.
func objectionAnomalies(d *Decision, env Env) []Anomaly {
	if d.Normative == nil {
		return nil
	}
	var out []Anomaly
	for _, o := range d.Normative.Objections {
		if !o.Overdue(env) {
			continue
		}
		due := ObjectionDue(o.ReceivedAt, env)
		if o.Reply == nil {
			out = append(out, Anomaly{Kind: "objection_overdue", Basis: ObjectionBasis,
				Text: fmt.Sprintf("异议%s于%s收到，应于%s前答复，至今未答复", o.Ref, dateCN(o.ReceivedAt), dateCN(due))})
		} else {
			out = append(out, Anomaly{Kind: "objection_late", Basis: ObjectionBasis,
				Text: fmt.Sprintf("异议%s于%s收到，应于%s前答复，%s才答复", o.Ref, dateCN(o.ReceivedAt), dateCN(due), dateCN(o.Reply.At))})
		}
	}
	return out
}
