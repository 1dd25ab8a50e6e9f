package workflow

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Command is one change a user asks of a decision: a record to write, an event to fire, or a
// record that fires its event (the start record, a signed review, the head's decision). Decide
// rules on a command purely; the store applies what it allows, in the transaction that loaded
// the decision (store.Apply). That is the only way a decision's state changes.
type Command interface {
	// Writes is the kind of record the command writes; "" when it only fires its event.
	Writes() Record
	// Fires is the event the command fires after its record; "" when it only writes.
	Fires() Event
	// Input is what is typed with the event (its reason, the password's confirmation).
	Input() Input
	// check lists what stands in the way of the record itself, on the decision as it is and
	// the moment and rules of env (the event's gates come after, on the decision as the record
	// makes it).
	check(d *Decision, env Env) []Problem
	// prepare completes the command from the decision and the moment (the draft a notice puts
	// out, who signs a review) and shows its record on d, so the event's gates read it. d is
	// the transaction's own snapshot and is thrown away after.
	prepare(d *Decision, a Actor, now time.Time)
}

// Decide rules on cmd by actor a on decision d, as it is now in the write transaction. It
// refuses, with a *NotAllowedError, a command that the decision's state, the actor's role or
// unit does not allow, and with a *GateError every unmet requirement of the record and of its
// event, with their legal basis. When it allows the command it returns the state the decision
// is in afterwards; d then shows the command's record.
func Decide(d *Decision, cmd Command, a Actor, env Env) (State, error) {
	rec, ev := cmd.Writes(), cmd.Fires()
	p := d.Procedure()
	if a.Role == RoleClerk && a.UnitID != d.UnitID && !answersFor(cmd, d, a) {
		return "", &NotAllowedError{Event: ev, State: d.State, Role: a.Role, Reason: "经办人只能办理本单位承办的决策事项"}
	}
	if r, ok := cmd.(ruled); ok {
		if msg := r.refusal(d, a); msg != "" {
			return "", &NotAllowedError{State: d.State, Role: a.Role, Reason: msg}
		}
	} else if rec == "" && ev == "" {
		return "", fmt.Errorf("%w: a command that neither writes nor fires", ErrUnknownEvent)
	}
	if rec != "" && rec != RecStart && !p.MayRecord(a.Role, rec, d.State) {
		return "", &NotAllowedError{Event: ev, State: d.State, Role: a.Role, Reason: p.recordRefusal(a.Role, rec, d.State)}
	}
	if ps := append(cmd.check(d, env), lateProblem(d, cmd, env)...); len(ps) > 0 {
		return "", &GateError{Event: ev, Record: rec, Problems: ps}
	}
	cmd.prepare(d, a, env.Now)
	if ev == "" {
		return d.State, nil
	}
	return Fire(d, ev, a, cmd.Input(), env)
}

// ruled is a command that is neither a record of the pipeline nor an event, with a rule of its
// own about who may give it and when.
type ruled interface {
	refusal(d *Decision, a Actor) string // "" when a may give the command on d now
}

// A record alone: written in its stage by its role, with no check of its own.
type plainRecord struct{}

func (plainRecord) Fires() Event                        { return "" }
func (plainRecord) Input() Input                        { return Input{} }
func (plainRecord) check(*Decision, Env) []Problem      { return nil }
func (plainRecord) prepare(*Decision, Actor, time.Time) {}

// EditProposal replaces the decision's title, category and proposal (决策建议).
type EditProposal struct {
	plainRecord
	Title    string
	Category Category
	Proposal Proposal
}

// Writes names the record.
func (*EditProposal) Writes() Record { return RecProposal }

// SaveFlags sets the decision's attributes that decide which stages apply. Once the draft is
// out for consultation a change needs its reason, and dropping an attribute that asks for a
// procedure (a hearing, experts, public comment, a risk assessment) also needs the legal office's
// agreement: the procedure was already owed.
type SaveFlags struct {
	plainRecord
	Flags          Flags
	Reason         string // why the attributes change after drafting
	LegalAgreement string // the legal office's written agreement to drop a procedure
}

// FlagsBasis are the provisions the attributes decide on: public participation and hearings,
// expert argumentation, risk assessment.
const FlagsBasis = "条例第14—16条、第19条、第22条"

// FlagChange is a change of the decision's attributes after drafting, with its reasons.
type FlagChange struct {
	Before, After  Flags
	Reason         string
	LegalAgreement string
	At             time.Time
	By             int64
}

// dropped lists the procedures an attribute change no longer asks for.
func dropped(before, after Flags) []string {
	var out []string
	if before.HearingRequired && !after.HearingRequired {
		out = append(out, "依法应当听证")
	}
	if before.HearingChosen && !after.HearingChosen {
		out = append(out, "决定举行听证")
	}
	if before.Technical && !after.Technical {
		out = append(out, "专业性、技术性较强（专家论证）")
	}
	if before.AffectsInterests && !after.AffectsInterests {
		out = append(out, "涉及社会公众切身利益（公开征求意见）")
	}
	if before.StabilityRisk && !after.StabilityRisk {
		out = append(out, "可能影响社会稳定、公共安全（风险评估）")
	}
	if !before.NotDisclosed && after.NotDisclosed {
		out = append(out, "公开征求意见（改为依法不得公开）")
	}
	if before.MarketActivity && !after.MarketActivity {
		out = append(out, "涉及市场主体经济活动（公平竞争审查）")
	}
	return out
}

// Changes reports whether the gate-driving attributes differ (the reason text alone does not).
func (f Flags) differs(g Flags) bool {
	f.NotDisclosedReason, g.NotDisclosedReason = "", ""
	return f != g
}

// AfterDrafting reports whether a change of flags on d now is a change after drafting.
func (c *SaveFlags) AfterDrafting(d *Decision) bool {
	return d.State != Drafting && c.Flags.differs(d.Flags)
}

func (c *SaveFlags) check(d *Decision, _ Env) []Problem {
	if !c.AfterDrafting(d) {
		return nil
	}
	var out []Problem
	if blank(c.Reason) {
		out = append(out, Problem{Field: "change_reason", Basis: FlagsBasis,
			Message: "草案公开征求意见后变更决策属性，须写明理由"})
	}
	if gone := dropped(d.Flags, c.Flags); len(gone) > 0 && blank(c.LegalAgreement) {
		out = append(out, Problem{Field: "legal_agreement", Basis: FlagsBasis,
			Message: "取消“" + strings.Join(gone, "、") + "”将免除已经应当履行的程序，须记录法制机构的同意意见"})
	}
	return out
}

// Writes names the record.
func (*SaveFlags) Writes() Record { return RecFlags }

// AddRevision saves a new draft (决策草案).
type AddRevision struct {
	plainRecord
	Revision Revision
}

// Writes names the record.
func (*AddRevision) Writes() Record { return RecRevision }

// AddDispute records a disagreement between departments (条例第13条).
type AddDispute struct {
	plainRecord
	Dispute Dispute
}

// Writes names the record.
func (*AddDispute) Writes() Record { return RecDispute }

// AddMethod records one way the opinions were heard (座谈会、实地走访 …).
type AddMethod struct {
	plainRecord
	Entry
	Method ConsultationMethod
}

func (c *AddMethod) factDate() (time.Time, string) {
	return c.Method.HeldOn, LabelOf(string(RecMethod), "held_on")
}

func (c *AddMethod) check(_ *Decision, env Env) []Problem {
	return notFuture("held_on", LabelOf(string(RecMethod), "held_on"), c.Method.HeldOn, env, "条例第14条")
}

// Writes names the record.
func (*AddMethod) Writes() Record { return RecMethod }

// SaveNotice records or replaces the public comment notice (条例第15条). It puts out the
// current draft.
type SaveNotice struct {
	plainRecord
	Entry
	Notice CommentNotice
}

func (c *SaveNotice) factDate() (time.Time, string) {
	if !c.Notice.PublishedOn.IsZero() {
		return c.Notice.PublishedOn, LabelOf(string(RecNotice), "published_on")
	}
	return c.Notice.StartsOn, LabelOf(string(RecNotice), "starts_on")
}

// Writes names the record.
func (*SaveNotice) Writes() Record { return RecNotice }

func (c *SaveNotice) check(d *Decision, env Env) []Problem {
	if d.CurrentRevision() == nil {
		return []Problem{{Field: string(RecNotice), Message: "尚无决策草案，不能发布公开征求意见公告。请先保存草案。", Basis: "条例第15条"}}
	}
	f := func(name string) string { return LabelOf(string(RecNotice), name) }
	n := c.Notice
	return join(
		notFuture("published_on", f("published_on"), n.PublishedOn, env, "条例第15条"),
		notBefore("starts_on", f("starts_on"), n.StartsOn, "公告发布日期", n.PublishedOn, "条例第15条"),
		notBefore("ends_on", f("ends_on"), n.EndsOn, "征求意见开始日期", n.StartsOn, "条例第15条"))
}

func (c *SaveNotice) prepare(d *Decision, _ Actor, _ time.Time) {
	if c.Notice.RevisionID == 0 {
		c.Notice.RevisionID = d.CurrentRevision().ID
	}
}

// AddComment enters a comment received by letter, telephone or in person.
type AddComment struct {
	plainRecord
	Comment Comment
}

func (c *AddComment) check(_ *Decision, env Env) []Problem {
	return notFuture("received_on", LabelOf(string(RecComment), "received_on"), c.Comment.ReceivedAt, env, "条例第15条")
}

// Writes names the record.
func (*AddComment) Writes() Record { return RecComment }

// DisposeComment records how a comment was handled (采纳、部分采纳、不予采纳) and why.
type DisposeComment struct {
	plainRecord
	CommentID   int64
	Disposition Disposition
	Reason      string
}

// Writes names the record.
func (*DisposeComment) Writes() Record { return RecDisposition }

// SaveFeedback records how the adoption of the opinions was made known.
type SaveFeedback struct {
	plainRecord
	Entry
	Feedback Feedback
}

func (c *SaveFeedback) factDate() (time.Time, string) {
	return c.Feedback.PublishedOn, LabelOf(string(RecFeedback), "published_on")
}

func (c *SaveFeedback) check(_ *Decision, env Env) []Problem {
	return notFuture("published_on", LabelOf(string(RecFeedback), "published_on"), c.Feedback.PublishedOn, env, "条例第15条")
}

// Writes names the record.
func (*SaveFeedback) Writes() Record { return RecFeedback }

// AddExpert registers an expert's written opinion (条例第19—20条).
type AddExpert struct {
	plainRecord
	Entry
	Opinion ExpertOpinion
}

func (c *AddExpert) factDate() (time.Time, string) {
	return c.Opinion.SignedOn, LabelOf(string(RecExpert), "signed_on")
}

// Writes names the record.
func (*AddExpert) Writes() Record { return RecExpert }

// check: an opinion is registered only as the law accepts it — written and signed, by an expert
// free of direct interest. Registered opinions cannot be edited, so one the gates could never
// accept is refused here rather than blocking the stage.
func (c *AddExpert) check(_ *Decision, env Env) []Problem {
	var out []Problem
	if !c.Opinion.Signed {
		out = append(out, Problem{Field: "signed", Message: "专家论证意见应当书面签署后登记", Basis: "条例第20条"})
	}
	if c.Opinion.SignedOn.IsZero() {
		out = append(out, Problem{Field: "signed_on", Message: "请填写签署日期", Basis: "条例第20条"})
	}
	if !c.Opinion.NoInterest {
		out = append(out, Problem{Field: "no_interest", Message: "与决策事项有直接利害关系的专家不得参与论证；请确认专家已声明无直接利害关系", Basis: "条例第20条"})
	}
	return append(out, notFuture("signed_on", LabelOf(string(RecExpert), "signed_on"), c.Opinion.SignedOn, env, "条例第20条")...)
}

// SaveHearing records or replaces the hearing (条例第16—17条).
type SaveHearing struct {
	plainRecord
	Entry
	Hearing HearingRecord
}

// factDate: the hearing notice is the first fact of a hearing record; a hearing announced for
// a day ahead is planned, not late.
func (c *SaveHearing) factDate() (time.Time, string) {
	return c.Hearing.NoticePublishedOn, LabelOf(string(RecHearing), "notice_published_on")
}

// check: the announcements and the delivery of materials have happened; the hearing itself may
// be planned ahead, but its record cannot be signed before it is held.
func (c *SaveHearing) check(_ *Decision, env Env) []Problem {
	h := c.Hearing
	f := func(name string) string { return LabelOf(string(RecHearing), name) }
	out := join(
		notFuture("notice_published_on", f("notice_published_on"), h.NoticePublishedOn, env, "条例第16条"),
		notFuture("selection_published_on", f("selection_published_on"), h.SelectionPublishedOn, env, "条例第16条"),
		notFuture("list_published_on", f("list_published_on"), h.ListPublishedOn, env, "条例第16条"),
		notFuture("materials_delivered_on", f("materials_delivered_on"), h.MaterialsDeliveredOn, env, "条例第16条"))
	if h.RecordSigned && !h.HeldOn.IsZero() && Day(h.HeldOn).After(today(env)) {
		out = append(out, Problem{Field: "record_signed", Basis: "条例第17条",
			Message: fmt.Sprintf("听证定于%s举行，尚未举行，听证笔录不能已经签字确认", dateCN(h.HeldOn))})
	}
	return out
}

// Writes names the record.
func (*SaveHearing) Writes() Record { return RecHearing }

// AddParticipant adds a hearing participant.
type AddParticipant struct {
	plainRecord
	Participant HearingParticipant
}

// Writes names the record.
func (*AddParticipant) Writes() Record { return RecParticipant }

// SaveRisk records or replaces the risk assessment report (条例第22条).
type SaveRisk struct {
	plainRecord
	Entry
	Report RiskReport
}

func (c *SaveRisk) factDate() (time.Time, string) {
	return c.Report.AssessedOn, LabelOf(string(RecRisk), "assessed_on")
}

func (c *SaveRisk) check(_ *Decision, env Env) []Problem {
	out := notFuture("assessed_on", LabelOf(string(RecRisk), "assessed_on"), c.Report.AssessedOn, env, "条例第22条")
	if blank(c.Report.AssessorBody) {
		out = append(out, Problem{Field: "assessor_unit", Basis: "条例第36条",
			Message: "请从本系统登记的单位或第三方机构中选择评估单位：承担决策前评估的单位不得承担决策后评估，须能比对"})
	}
	return out
}

// Writes names the record.
func (*SaveRisk) Writes() Record { return RecRisk }

// AddSubmission sends the current draft for legality review (条例第25条), on the day it is made,
// by who makes it.
type AddSubmission struct {
	plainRecord
	Submission ReviewSubmission
}

// Writes names the record.
func (*AddSubmission) Writes() Record { return RecSubmission }

func (c *AddSubmission) check(d *Decision, env Env) []Problem {
	var out []Problem
	if d.CurrentRevision() == nil {
		out = append(out, Problem{Field: string(RecSubmission), Message: "尚无决策草案，不能送请合法性审查。", Basis: "条例第25条"})
	}
	if n := d.Notice; n != nil && !n.EndsOn.IsZero() && !Day(n.EndsOn).Before(today(env)) {
		out = append(out, Problem{Field: string(RecSubmission), Basis: "条例第15条",
			Message: fmt.Sprintf("公开征求意见截止于%s，期限届满前不能送请合法性审查", dateCN(n.EndsOn))})
	}
	if cur := d.CurrentSubmission(); cur != nil {
		out = append(out, Problem{Field: string(RecSubmission),
			Message: fmt.Sprintf("已于%s送审，审查人员尚未退回，不能重复送审。", Day(cur.SubmittedOn).Format("2006年1月2日")), Basis: "条例第26条"})
	}
	return out
}

func (c *AddSubmission) prepare(d *Decision, a Actor, now time.Time) {
	if rev := d.CurrentRevision(); rev != nil {
		c.Submission.RevisionID = rev.ID
	}
	c.Submission.SubmittedOn, c.Submission.SubmittedBy = now, a.UserID
}

// ReturnSubmission sends the pending submission back for more material (条例第26条).
type ReturnSubmission struct {
	plainRecord
	Reason string
}

// Writes names the record.
func (*ReturnSubmission) Writes() Record { return RecReturn }

func (c *ReturnSubmission) check(d *Decision, _ Env) []Problem {
	if d.CurrentSubmission() == nil {
		return []Problem{{Field: string(RecReturn), Message: "没有待审查的送审材料，无需退回。", Basis: "条例第26条"}}
	}
	return nil
}

// AddMeeting registers a collective discussion meeting (条例第30条).
type AddMeeting struct {
	plainRecord
	Entry
	Meeting Meeting
}

func (c *AddMeeting) factDate() (time.Time, string) {
	return c.Meeting.HeldOn, LabelOf(string(RecMeeting), "held_on")
}

// check: a meeting is recorded once it was held, and it cannot have discussed the draft before
// the legality review was signed (the system's clock of the signature counts). What goes before
// it is what the decision holds (条例第29条): none of the agenda package may be missing.
func (c *AddMeeting) check(d *Decision, env Env) []Problem {
	label := LabelOf(string(RecMeeting), "held_on")
	out := join(
		notFuture("held_on", label, c.Meeting.HeldOn, env, "条例第30条"),
		notBefore("held_on", label, c.Meeting.HeldOn, "合法性审查意见的签署日期", d.reviewSigned(), "条例第25条"))
	if miss := MissingAgenda(d); len(miss) > 0 {
		out = append(out, Problem{Field: string(RecMeeting), Basis: "条例第29条",
			Message: "提请讨论的材料缺少" + strings.Join(miss, "、") + "，不能登记会议"})
	}
	return out
}

// Writes names the record.
func (*AddMeeting) Writes() Record { return RecMeeting }

// AddOpinion records a member's opinion at the latest meeting, next in speaking order. It is
// never edited afterwards (条例第38条).
type AddOpinion struct {
	plainRecord
	Opinion   MeetingOpinion
	MeetingID int64 // set by prepare: the latest meeting
}

// Writes names the record.
func (*AddOpinion) Writes() Record { return RecOpinion }

func (c *AddOpinion) check(d *Decision, _ Env) []Problem {
	if msg := UndecidedMeeting(d); msg != "" {
		return []Problem{{Field: string(RecOpinion), Message: msg, Basis: "条例第30条"}}
	}
	return nil
}

func (c *AddOpinion) prepare(d *Decision, _ Actor, _ time.Time) { c.MeetingID = d.LatestMeeting().ID }

// UndecidedMeeting says what stands in the way of recording at the latest meeting: none
// recorded yet, or its head has already decided (a resubmitted decision needs a new meeting).
func UndecidedMeeting(d *Decision) string {
	m := d.LatestMeeting()
	switch {
	case m == nil:
		return "尚未登记集体讨论会议，请先登记会议。"
	case m.Head != HeadNone:
		return "最近一次会议已作出决定（" + m.Head.Label() + "）；再次提请讨论的，请先登记新的会议。"
	}
	return ""
}

// SavePartyReport records the report to the Party committee at the same level (条例第31条).
type SavePartyReport struct {
	plainRecord
	Entry
	Report PartyReport
}

func (c *SavePartyReport) factDate() (time.Time, string) {
	return c.Report.ReportedOn, LabelOf(string(RecPartyReport), "reported_on")
}

func (c *SavePartyReport) check(d *Decision, env Env) []Problem {
	label := LabelOf(string(RecPartyReport), "reported_on")
	return join(
		notFuture("reported_on", label, c.Report.ReportedOn, env, "条例第31条"),
		notAfter("reported_on", label, c.Report.ReportedOn, "决策公布日期", d.publishedOn(), "条例第31条"))
}

// Writes names the record.
func (*SavePartyReport) Writes() Record { return RecPartyReport }

// SavePublication records how the decision was published, or why it was not (条例第32条).
type SavePublication struct {
	plainRecord
	Entry
	Publication Publication
}

func (c *SavePublication) factDate() (time.Time, string) {
	return c.Publication.PublishedOn, LabelOf(string(RecPublication), "published_on")
}

// check: published on a day that has come, not before the meeting that decided it nor before
// the report to the Party committee.
func (c *SavePublication) check(d *Decision, env Env) []Problem {
	label, on := LabelOf(string(RecPublication), "published_on"), c.Publication.PublishedOn
	out := notFuture("published_on", label, on, env, "条例第32条")
	out = append(out, docNumberProblems("doc_number", c.Publication.DocNumber, on, env.Settings.DocPrefixes)...)
	if m := d.deciding(); m != nil {
		out = append(out, notBefore("published_on", label, on, "作出决定的集体讨论会议日期", m.HeldOn, "条例第32条")...)
	}
	if r := d.PartyReport; r != nil {
		out = append(out, notBefore("published_on", label, on, "向同级党委请示报告的日期", r.ReportedOn, "条例第31条")...)
	}
	return out
}

// Writes names the record.
func (*SavePublication) Writes() Record { return RecPublication }

// AddReport records a report on the implementation (条例第34—35条).
type AddReport struct {
	plainRecord
	Entry
	Report ImplementationReport
}

func (c *AddReport) factDate() (time.Time, string) {
	return c.Report.ReportedOn, LabelOf(string(RecReport), "reported_on")
}

func (c *AddReport) check(d *Decision, env Env) []Problem {
	label := LabelOf(string(RecReport), "reported_on")
	out := join(
		notFuture("reported_on", label, c.Report.ReportedOn, env, "条例第34条"),
		notBefore("reported_on", label, c.Report.ReportedOn, "决策公布日期", d.publishedOn(), "条例第34条"))
	if c.Report.Public && c.Report.Kind == ReportOpinion { // what citizens wrote stays with the unit
		out = append(out, Problem{Field: "public", Basis: "条例第35条", Message: "公众来信来电来邮的意见不在平台公开"})
	}
	return out
}

// Writes names the record.
func (*AddReport) Writes() Record { return RecReport }

// SaveEvaluation records or replaces the post-evaluation report (条例第36条).
type SaveEvaluation struct {
	plainRecord
	Entry
	Evaluation Evaluation
}

func (c *SaveEvaluation) factDate() (time.Time, string) {
	return c.Evaluation.EvaluatedOn, LabelOf(string(RecEvaluation), "evaluated_on")
}

func (c *SaveEvaluation) check(d *Decision, env Env) []Problem {
	label := LabelOf(string(RecEvaluation), "evaluated_on")
	out := join(
		notFuture("evaluated_on", label, c.Evaluation.EvaluatedOn, env, "条例第36条"),
		notBefore("evaluated_on", label, c.Evaluation.EvaluatedOn, "决策公布日期", d.publishedOn(), "条例第36条"))
	if blank(c.Evaluation.EvaluatorBody) {
		out = append(out, Problem{Field: "evaluator_unit", Basis: "条例第36条",
			Message: "请从本系统登记的单位或第三方机构中选择承担评估的单位"})
	} else if msg := sameAssessor(d.Risk, &c.Evaluation); msg != "" {
		out = append(out, Problem{Field: "evaluator_unit", Basis: "条例第36条", Message: msg})
	}
	return out
}

// sameAssessor says, when the evaluator is the body that assessed the risk before the decision
// was taken, that it may not be (条例第36条); "" otherwise. Bodies are compared by who they are;
// records from before the registry by their names.
func sameAssessor(r *RiskReport, e *Evaluation) string {
	if r == nil || e == nil {
		return ""
	}
	same := r.AssessorBody != "" && r.AssessorBody == e.EvaluatorBody
	if r.AssessorBody == "" || e.EvaluatorBody == "" {
		same = !blank(r.AssessorUnit) && strings.TrimSpace(r.AssessorUnit) == strings.TrimSpace(e.EvaluatorUnit)
	}
	if same {
		return fmt.Sprintf("%s承担了决策前的风险评估，不得承担决策后评估", r.AssessorUnit)
	}
	return ""
}

// Writes names the record.
func (*SaveEvaluation) Writes() Record { return RecEvaluation }

// StartDecision records the decision organ's decision to start and fires Start (条例第10条).
type StartDecision struct {
	Entry
	Start StartRecord
}

func (c *StartDecision) factDate() (time.Time, string) {
	return c.Start.DecidedOn, LabelOf(string(RecStart), "decided_on")
}

// Writes names the record.
func (*StartDecision) Writes() Record { return RecStart }
func (*StartDecision) Fires() Event   { return Start }
func (*StartDecision) Input() Input   { return Input{} }
func (c *StartDecision) check(_ *Decision, env Env) []Problem {
	return notFuture("decided_on", LabelOf(string(RecStart), "decided_on"), c.Start.DecidedOn, env, "条例第10条")
}
func (c *StartDecision) prepare(d *Decision, _ Actor, _ time.Time) { d.Start = &c.Start }

// SignReview signs the legality review opinion and fires the event of its conclusion
// (条例第27—28条). The reviewer, the moment, the submission and the draft it reviews are set
// by prepare; PasswordConfirmed says the reviewer confirmed the signature with the password.
type SignReview struct {
	Review            Review
	PasswordConfirmed bool
}

// Writes names the record (the review is a record of the legality review stage).
func (*SignReview) Writes() Record { return "" }

// Fires is the event of the review's conclusion.
func (c *SignReview) Fires() Event                   { return ReviewEvent(c.Review.Conclusion) }
func (c *SignReview) Input() Input                   { return Input{PasswordConfirmed: c.PasswordConfirmed} }
func (c *SignReview) check(*Decision, Env) []Problem { return nil }

func (c *SignReview) prepare(d *Decision, a Actor, now time.Time) {
	c.Review.ReviewerID, c.Review.ReviewerName, c.Review.SignedAt = a.UserID, a.Name, now
	if sub := d.CurrentSubmission(); sub != nil {
		c.Review.SubmissionID = sub.ID
	}
	if rev := d.CurrentRevision(); rev != nil {
		c.Review.RevisionID = rev.ID
	}
	d.Reviews = append(d.Reviews, c.Review) // the gates read it as the latest review
}

// DecideAtMeeting records the head's decision at the latest meeting and fires the event it
// means (通过 / 不予通过 / 修改后再议 / 暂缓, 条例第30条).
type DecideAtMeeting struct {
	Head      HeadDecision
	Reason    string
	MeetingID int64 // set by prepare: the latest meeting
}

// Writes names no record of its own: the decision is written on the meeting.
func (*DecideAtMeeting) Writes() Record { return "" }

// Fires is the event the head's decision means.
func (c *DecideAtMeeting) Fires() Event { return HeadEvent(c.Head) }
func (c *DecideAtMeeting) Input() Input { return Input{Reason: c.Reason} }

func (c *DecideAtMeeting) check(d *Decision, _ Env) []Problem {
	// Without any meeting the event's gates say so; a decided one cannot take a second decision.
	if m := d.LatestMeeting(); m != nil && m.Head != HeadNone {
		return []Problem{{Field: "head", Message: UndecidedMeeting(d), Basis: "条例第30条"}}
	}
	return nil
}

func (c *DecideAtMeeting) prepare(d *Decision, _ Actor, _ time.Time) {
	if m := d.LatestMeeting(); m != nil {
		m.Head, m.DepartureReason = c.Head, c.Reason
		c.MeetingID = m.ID
	}
}

// FireEvent fires an event that needs nothing but, for some, a written reason.
type FireEvent struct {
	Event  Event
	Reason string
}

// Writes names no record.
func (*FireEvent) Writes() Record                      { return "" }
func (c *FireEvent) Fires() Event                      { return c.Event }
func (c *FireEvent) Input() Input                      { return Input{Reason: c.Reason} }
func (*FireEvent) check(*Decision, Env) []Problem      { return nil }
func (*FireEvent) prepare(*Decision, Actor, time.Time) {}

// AttachGeneral is the kind of a file that belongs to the decision as a whole rather than to one
// stage's record.
const AttachGeneral = "decision"

// MayAttach reports whether role may attach a file of kind (a Record, or AttachGeneral) while the
// decision is in state s: to a record only where the role may write that record; to the
// decision as a whole whoever works on it.
func MayAttach(role Role, kind string, s State) bool {
	if kind == AttachGeneral {
		return role == RoleClerk || role == RoleReviewer || role == RoleSecretary
	}
	return MayRecord(role, Record(kind), s)
}

// AttachFile records a file attached to the decision or to one of its records. Its bytes are
// kept by Keep, which the store calls in the write transaction just before the file's row, so
// that a refused upload leaves no file behind.
type AttachFile struct {
	Kind        string
	Label       string
	SHA256      string
	Size        int64
	ContentType string
	Keep        func() error
}

// Writes names no record of the pipeline: files go with records, checked by check.
func (*AttachFile) Writes() Record                      { return "" }
func (*AttachFile) Fires() Event                        { return "" }
func (*AttachFile) Input() Input                        { return Input{} }
func (*AttachFile) prepare(*Decision, Actor, time.Time) {}

func (c *AttachFile) check(*Decision, Env) []Problem { return nil }

func (c *AttachFile) refusal(d *Decision, a Actor) string {
	if !MayAttach(a.Role, c.Kind, d.State) {
		return fmt.Sprintf("该决策事项当前处于“%s”阶段，%s不能上传此类附件。", d.State.Label(), a.Role.Label())
	}
	return ""
}

// LinkCatalog links the decision to the item of the yearly decision catalog it carries out
// (条例第3条); the clerk does so while the decision is proposed or being drafted.
type LinkCatalog struct {
	ItemID int64
}

// Writes names no record of the pipeline.
func (*LinkCatalog) Writes() Record                      { return "" }
func (*LinkCatalog) Fires() Event                        { return "" }
func (*LinkCatalog) Input() Input                        { return Input{} }
func (*LinkCatalog) check(*Decision, Env) []Problem      { return nil }
func (*LinkCatalog) prepare(*Decision, Actor, time.Time) {}

func (*LinkCatalog) refusal(d *Decision, a Actor) string {
	if !MayLinkCatalog(a.Role, d.State) {
		return "只有承办单位经办人在决策启动或起草阶段可以关联决策事项目录。"
	}
	return ""
}

// MayLinkCatalog reports whether role may link a decision in state s to a catalog item.
func MayLinkCatalog(role Role, s State) bool {
	return role == RoleClerk && (s == Proposed || s == Drafting)
}

func (*StartDecision) keptDate(d *Decision) time.Time {
	if d.Start == nil {
		return time.Time{}
	}
	return d.Start.DecidedOn
}

func (c *SaveNotice) keptDate(d *Decision) time.Time {
	if d.Notice == nil {
		return time.Time{}
	}
	if !c.Notice.PublishedOn.IsZero() {
		return d.Notice.PublishedOn
	}
	return d.Notice.StartsOn
}

func (*SaveFeedback) keptDate(d *Decision) time.Time {
	if d.Feedback == nil {
		return time.Time{}
	}
	return d.Feedback.PublishedOn
}

func (*SaveHearing) keptDate(d *Decision) time.Time {
	if d.Hearing == nil {
		return time.Time{}
	}
	return d.Hearing.NoticePublishedOn
}

func (*SaveRisk) keptDate(d *Decision) time.Time {
	if d.Risk == nil {
		return time.Time{}
	}
	return d.Risk.AssessedOn
}

func (*SavePartyReport) keptDate(d *Decision) time.Time {
	if d.PartyReport == nil {
		return time.Time{}
	}
	return d.PartyReport.ReportedOn
}

func (*SavePublication) keptDate(d *Decision) time.Time { return d.publishedOn() }

func (*SaveEvaluation) keptDate(d *Decision) time.Time {
	if d.Evaluation == nil {
		return time.Time{}
	}
	return d.Evaluation.EvaluatedOn
}

// WithdrawBasis is the provision withdrawal answers to: the deciding organ decides what it takes
// up, and so what it gives up.
const WithdrawBasis = "条例第10—11条"

// RequestWithdrawal is the undertaking unit's request to withdraw the decision, with its reason.
// The government office decides on it for the deciding organ: by withdrawing the decision
// (Withdraw) or by declining the request (DeclineWithdrawal).
type RequestWithdrawal struct {
	plainRecord
	Reason string
}

// Writes names the record.
func (*RequestWithdrawal) Writes() Record { return RecWithdrawal }

func (c *RequestWithdrawal) check(d *Decision, _ Env) []Problem {
	var out []Problem
	if blank(c.Reason) {
		out = append(out, Problem{Field: "reason", Message: "申请撤回须写明理由", Basis: WithdrawBasis})
	}
	if p := d.PendingWithdrawal(); p != nil {
		out = append(out, Problem{Field: string(RecWithdrawal), Basis: WithdrawBasis,
			Message: fmt.Sprintf("已于%s申请撤回，政府办公室尚未作出决定", dateCN(p.RequestedAt))})
	}
	return out
}

// DeclineWithdrawal is the government office's refusal of a request to withdraw, with its reason;
// the decision goes on.
type DeclineWithdrawal struct {
	Reason string
}

// Writes names no record of the pipeline: it settles the request.
func (*DeclineWithdrawal) Writes() Record                      { return "" }
func (*DeclineWithdrawal) Fires() Event                        { return "" }
func (*DeclineWithdrawal) Input() Input                        { return Input{} }
func (*DeclineWithdrawal) prepare(*Decision, Actor, time.Time) {}

func (*DeclineWithdrawal) refusal(d *Decision, a Actor) string {
	switch {
	case a.Role != RoleSecretary:
		return "撤回申请由政府办公室代表决策机关决定"
	case d.PendingWithdrawal() == nil:
		return "没有待决定的撤回申请"
	}
	return ""
}

func (c *DeclineWithdrawal) check(*Decision, Env) []Problem {
	if blank(c.Reason) {
		return []Problem{{Field: "reason", Message: "不同意撤回须写明理由", Basis: WithdrawBasis}}
	}
	return nil
}

// NoteDraftChange records why the current draft, changed since the public saw its predecessor,
// needs no new public consultation. The alternative is a new comment notice on it.
type NoteDraftChange struct {
	plainRecord
	Reason           string
	RevisionID       int64 // set by prepare: the current draft
	NoticeRevisionID int64 // set by prepare: the draft the public saw
}

// Writes names the record.
func (*NoteDraftChange) Writes() Record { return RecDraftChange }

func (c *NoteDraftChange) check(d *Decision, _ Env) []Problem {
	var out []Problem
	if changed, _, _ := d.DraftChangedSinceConsultation(); !changed {
		out = append(out, Problem{Field: string(RecDraftChange), Basis: "条例第15条",
			Message: "当前草案即为公开征求意见的草案，无须说明"})
	}
	if blank(c.Reason) {
		out = append(out, Problem{Field: "reason", Basis: "条例第15条", Message: "请写明修改无须重新公开征求意见的理由"})
	}
	return out
}

func (c *NoteDraftChange) prepare(d *Decision, _ Actor, _ time.Time) {
	c.RevisionID, c.NoticeRevisionID = d.CurrentRevision().ID, d.Notice.RevisionID
}

// DrawBasis is the provision the public draw of hearing participants answers to: the selection
// method published ahead, participants chosen fairly and openly.
const DrawBasis = "条例第16条"

// SetUpDraw publishes the draw's method: the sign-up's last day and the seats per category; the
// store draws the seed and publishes its hash with the method. Once published none of it changes.
type SetUpDraw struct {
	plainRecord
	ClosesOn time.Time
	Quotas   []Quota
}

// Writes names the record.
func (*SetUpDraw) Writes() Record { return RecDraw }

// check: a hearing announced, no method published yet, at least one seat, and a sign-up that
// closes from today and before the hearing (so that the list can be published and the materials
// delivered after the draw).
func (c *SetUpDraw) check(d *Decision, env Env) []Problem {
	var out []Problem
	if d.Hearing == nil || d.Hearing.NoticePublishedOn.IsZero() {
		out = append(out, Problem{Field: string(RecDraw), Basis: DrawBasis, Message: "请先登记听证公告（发布日期、听证日期和地点），公众方可报名"})
	}
	if d.Draw != nil {
		out = append(out, Problem{Field: string(RecDraw), Basis: DrawBasis, Message: "抽选办法已经公布，不能更改"})
	}
	if len(c.Quotas) == 0 {
		out = append(out, Problem{Field: "seats_0", Basis: DrawBasis, Message: "请至少为一个类别设定名额"})
	}
	switch on := c.ClosesOn; {
	case on.IsZero():
	case Day(on).Before(today(env)):
		out = append(out, Problem{Field: "signup_closes_on", Basis: DrawBasis, Message: "报名截止日不得早于今日"})
	case d.Hearing != nil && !d.Hearing.HeldOn.IsZero() && !Day(on).Before(Day(d.Hearing.HeldOn)):
		out = append(out, Problem{Field: "signup_closes_on", Basis: DrawBasis,
			Message: "报名截止日应早于听证日期（" + dateCN(d.Hearing.HeldOn) + "），以便抽选后公布名单、送达材料"})
	}
	return out
}

// RunDraw reveals the seed in front of the witnesses and draws, once the sign-up has closed.
type RunDraw struct {
	plainRecord
	Witnesses string
}

// Writes names the record.
func (*RunDraw) Writes() Record { return RecDraw }

func (c *RunDraw) check(d *Decision, env Env) []Problem {
	var out []Problem
	switch {
	case d.Draw == nil:
		out = append(out, Problem{Field: string(RecDraw), Basis: DrawBasis, Message: "尚未公布抽选办法"})
	case d.Draw.Drawn():
		out = append(out, Problem{Field: string(RecDraw), Basis: DrawBasis, Message: "已经抽选，不能重抽"})
	case !today(env).After(Day(d.Draw.SignupClosesOn)):
		out = append(out, Problem{Field: string(RecDraw), Basis: DrawBasis,
			Message: "报名至" + dateCN(d.Draw.SignupClosesOn) + "截止，截止后方可抽选"})
	}
	if blank(c.Witnesses) {
		out = append(out, Problem{Field: "witnesses", Basis: DrawBasis, Message: "请填写见证人：抽选须在见证下公开进行"})
	}
	return out
}

// WithdrawSignup records that a sign-up is withdrawn, with the reason: before the draw it is
// left out; after, the next reserve of its category takes the seat.
type WithdrawSignup struct {
	plainRecord
	SignupID int64
	Reason   string
}

// Writes names the record.
func (*WithdrawSignup) Writes() Record { return RecDraw }

func (c *WithdrawSignup) check(d *Decision, _ Env) []Problem {
	var out []Problem
	var su *HearingSignup
	if d.Draw != nil {
		for i := range d.Draw.Signups {
			if d.Draw.Signups[i].ID == c.SignupID {
				su = &d.Draw.Signups[i]
			}
		}
	}
	switch {
	case su == nil:
		out = append(out, Problem{Field: string(RecDraw), Basis: DrawBasis, Message: "本事项没有该报名"})
	case su.Withdrawn():
		out = append(out, Problem{Field: string(RecDraw), Basis: DrawBasis, Message: "该报名已经退出"})
	}
	if blank(c.Reason) {
		out = append(out, Problem{Field: "reason", Basis: DrawBasis, Message: "请写明退出理由"})
	}
	return out
}

// SaveFairCompetition records or replaces the fair-competition review (公平竞争审查) of a matter
// that concerns market activity, one of the agenda package's materials (条例第29条).
type SaveFairCompetition struct {
	plainRecord
	Entry
	Review FairCompetitionReview
}

// Writes names the record.
func (*SaveFairCompetition) Writes() Record { return RecFairComp }

func (c *SaveFairCompetition) factDate() (time.Time, string) {
	return c.Review.ReviewedOn, LabelOf(string(RecFairComp), "reviewed_on")
}

func (*SaveFairCompetition) keptDate(d *Decision) time.Time {
	if d.FairCompetition == nil {
		return time.Time{}
	}
	return d.FairCompetition.ReviewedOn
}

func (c *SaveFairCompetition) check(_ *Decision, env Env) []Problem {
	return notFuture("reviewed_on", LabelOf(string(RecFairComp), "reviewed_on"), c.Review.ReviewedOn, env, "条例第29条")
}

// AddMilestone adds a milestone of a published decision's implementation (条例第34条).
type AddMilestone struct {
	plainRecord
	Milestone Milestone
}

// Writes names the record.
func (*AddMilestone) Writes() Record { return RecMilestone }

// UpdateMilestone records where a milestone stands: a done one needs the day it was done, which
// has come; one not done has none.
type UpdateMilestone struct {
	plainRecord
	ID     int64
	Status MilestoneStatus
	DoneOn time.Time
	Note   string
}

// Writes names the record.
func (*UpdateMilestone) Writes() Record { return RecMilestone }

func (c *UpdateMilestone) check(d *Decision, env Env) []Problem {
	label := LabelOf(FormMilestoneUpdate, "done_on")
	switch {
	case !slices.ContainsFunc(d.Milestones, func(m Milestone) bool { return m.ID == c.ID }):
		return []Problem{{Field: string(RecMilestone), Basis: "条例第34条", Message: "本事项没有该执行节点"}}
	case c.Status == MilestoneDone && c.DoneOn.IsZero():
		return []Problem{{Field: "done_on", Basis: "条例第34条", Message: "状态为已完成时请填写" + label}}
	case c.Status != MilestoneDone && !c.DoneOn.IsZero():
		return []Problem{{Field: "done_on", Basis: "条例第34条", Message: "尚未完成的节点不填" + label}}
	}
	return notFuture("done_on", label, c.DoneOn, env, "条例第34条")
}
