package workflow

import (
	"fmt"
	"time"
)

// Normative documents (行政规范性文件, 规划三(三)): drafted by a department (or the government
// office for the government's own), with the opinions of the departments whose duties it touches
// (部门征求意见/会签), put out for public comment when it directly affects the rights and duties
// of citizens, legal persons or other organisations, reviewed for legality, discussed by the
// government's executive meeting or the department's leadership meeting, registered, numbered
// and published, and filed within 15 days.

// NormativeFile is what a normative document holds beyond a major decision's records.
type NormativeFile struct {
	Prefix       string         // 发文机关代字 of the issuing body, e.g. 澜政规
	Requests     []DeptRequest  // the departments asked for their opinions, oldest first
	Coordination []Coordination // the legal office's coordination of disagreements, oldest first
	Doc          *NormativeDoc  // the register entry, from publication on
	Objections   []Objection    // objections received from the portal, oldest first (objection.go)
}

// DeptRequest asks a department whose duties the draft touches for its opinion by a deadline
// (规划三(三)2).
type DeptRequest struct {
	ID       int64
	UnitID   int64
	UnitName string
	DueOn    time.Time // the day the reply is due
	SentAt   time.Time // the system's moment the request was sent
	SentBy   int64
	Reply    *DeptReply // nil until the department replies
}

// DeptReply is a department's reply: it agrees, or has different opinions, in writing.
type DeptReply struct {
	Agrees    bool
	Opinion   string // the different opinions; may note an agreement's remarks
	RepliedAt time.Time
	RepliedBy int64
}

// Late reports whether the reply came, or is still missing, after its due day.
func (r DeptRequest) Late(now time.Time) bool {
	if r.DueOn.IsZero() {
		return false
	}
	at := now
	if r.Reply != nil {
		at = r.Reply.RepliedAt
	}
	return Day(at).After(Day(r.DueOn))
}

// Disagrees reports whether the department replied with different opinions.
func (r DeptRequest) Disagrees() bool { return r.Reply != nil && !r.Reply.Agrees }

// Coordination is the legal office's coordination of a department's disagreement; when it does
// not reach agreement, the legal office reports the main issues, each side's view and its own
// proposal to the government's leaders or the executive meeting, whose ruling is then recorded.
type Coordination struct {
	ID        int64
	RequestID int64  // the disagreeing reply coordinated
	Issues    string // 争议的主要问题
	Views     string // 各方意见
	Proposal  string // 法制机构的建议
	Agreed    bool   // agreement reached in coordination
	At        time.Time
	By        int64
	Ruling    string    // the leaders' or the meeting's ruling, when escalated
	RuledBy   string    // 政府领导 / 政府常务会议 (who ruled)
	RuledAt   time.Time // zero until ruled
	RulingRec int64     // who recorded the ruling
}

// Escalated reports whether the coordination failed and went to the leaders or the meeting.
func (c Coordination) Escalated() bool { return !c.Agreed }

// Settled reports whether the disagreement is settled: agreed in coordination, or ruled on.
func (c Coordination) Settled() bool { return c.Agreed || !c.RuledAt.IsZero() }

// Validity is a published document's status.
type Validity string

// The statuses of a normative document.
const (
	Valid    Validity = "valid"    // 有效
	Amended  Validity = "amended"  // 已修改
	Repealed Validity = "repealed" // 已废止
	Expired  Validity = "expired"  // 已失效
)

// Validities lists the statuses.
var Validities = []Validity{Valid, Amended, Repealed, Expired}

// Label is the status in Chinese.
func (v Validity) Label() string {
	switch v {
	case Valid:
		return "有效"
	case Amended:
		return "已修改"
	case Repealed:
		return "已废止"
	case Expired:
		return "已失效"
	}
	return string(v)
}

// NormativeDoc is the register entry (统一登记、统一编号、统一发布, 规划三(三)1) of a published
// document.
type NormativeDoc struct {
	Number      string // 澜政规〔2026〕1号
	Year, Seq   int
	PublishedOn time.Time
	ValidUntil  time.Time // 有效期至; zero when no period is set
	Channels    string
	Link        string
	Text        string
	Status      Validity
	StatusNote  string // why the status changed
	Supersedes  int64  // the document this one replaces as its new version; 0 when none
	Filing      *Filing
	Cleanup     *Cleanup // the latest clean-up's outcome; nil before the first
}

// CleanupOutcome is the outcome of a clean-up (清理, 规划三(三)3).
type CleanupOutcome string

// The outcomes of a clean-up.
const (
	KeepValid CleanupOutcome = "keep"   // 继续有效
	ToAmend   CleanupOutcome = "amend"  // 修改
	ToRepeal  CleanupOutcome = "repeal" // 废止
	ToExpire  CleanupOutcome = "expire" // 宣布失效
)

// CleanupOutcomes lists the outcomes.
var CleanupOutcomes = []CleanupOutcome{KeepValid, ToAmend, ToRepeal, ToExpire}

// Label is the outcome in Chinese.
func (o CleanupOutcome) Label() string {
	switch o {
	case KeepValid:
		return "继续有效"
	case ToAmend:
		return "修改"
	case ToRepeal:
		return "废止"
	case ToExpire:
		return "宣布失效"
	}
	return string(o)
}

// Status is the document's status after the outcome.
func (o CleanupOutcome) Status() Validity {
	switch o {
	case ToAmend:
		return Amended
	case ToRepeal:
		return Repealed
	case ToExpire:
		return Expired
	}
	return Valid
}

// Cleanup is a clean-up's outcome with its reason.
type Cleanup struct {
	Outcome CleanupOutcome
	Reason  string
	At      time.Time
}

// CleanupDue is the day a valid document is due for clean-up: Settings.NormCleanupYears after
// its latest clean-up, or after its publication before the first.
func (n *NormativeDoc) CleanupDue(env Env) (time.Time, bool) {
	if n == nil || n.Status != Valid || n.PublishedOn.IsZero() {
		return time.Time{}, false
	}
	from := n.PublishedOn
	if n.Cleanup != nil {
		from = n.Cleanup.At
	}
	return Day(from).AddDate(env.Settings.NormCleanupYears, 0, 0), true
}

// Filing is the filing (报送备案) of the published document with the body that files it.
type Filing struct {
	Body       string    // 备案机关, e.g. the people's government one level up
	FiledOn    time.Time // the day it was sent for filing
	RecordedAt time.Time
	LateReason string        // why it was filed after its due day
	Review     *FilingReview // the filing review (备案审查); nil until concluded
}

// FilingConclusion is the conclusion of a filing review.
type FilingConclusion string

// The conclusions of a filing review (规划三(三)3).
const (
	FilingPassed  FilingConclusion = "passed"  // 通过
	FilingCorrect FilingConclusion = "correct" // 要求纠正
	FilingAnnul   FilingConclusion = "annul"   // 建议撤销
)

// FilingConclusions lists the conclusions.
var FilingConclusions = []FilingConclusion{FilingPassed, FilingCorrect, FilingAnnul}

// Label is the conclusion in Chinese.
func (c FilingConclusion) Label() string {
	switch c {
	case FilingPassed:
		return "通过"
	case FilingCorrect:
		return "要求纠正"
	case FilingAnnul:
		return "建议撤销"
	}
	return string(c)
}

// FilingReview is the legal office's review of a filed document, with a focus on duties added
// or rights restricted unlawfully and on local or sector protection (规划三(三)3).
type FilingReview struct {
	Conclusion FilingConclusion
	Reasons    string
	At         time.Time
	By         int64
}

// FilingBasis is the rule of the filing period.
const FilingBasis = "规划三(三)3；广西壮族自治区行政规范性文件备案审查规定"

// FilingDue is the last day to file a document published on: Settings.NormFilingDays calendar
// days after publication (the rule counts 日, not 工作日); a last day that is not a working day
// moves to the next working day (民法典第203条).
func FilingDue(published time.Time, env Env) time.Time {
	due := Day(published).AddDate(0, 0, env.Settings.NormFilingDays)
	for !env.Calendar.IsWorkday(due) {
		due = due.AddDate(0, 0, 1)
	}
	return due
}

// FiledLate reports whether the document was filed, or is still unfiled, after its due day.
func (n *NormativeDoc) FiledLate(env Env) bool {
	if n == nil || n.PublishedOn.IsZero() {
		return false
	}
	at := env.Now
	if n.Filing != nil {
		at = n.Filing.FiledOn
	}
	return Day(at).After(FilingDue(n.PublishedOn, env))
}

// FormatDocNumber writes a document number as official documents do (GB/T 9704—2012):
// 澜政规〔2026〕1号.
func FormatDocNumber(prefix string, year, seq int) string {
	return fmt.Sprintf("%s〔%d〕%d号", prefix, year, seq)
}

// The normative procedure's own records.
const (
	RecDeptRequest  Record = "dept_request"  // 征求部门意见函
	RecDeptReply    Record = "dept_reply"    // 部门回复意见
	RecCoordination Record = "coordination"  // 法制机构协调
	RecRuling       Record = "ruling"        // 政府领导协调或常务会议研究决定
	RecNormPublish  Record = "norm_publish"  // 统一登记、编号、公布
	RecFiling       Record = "filing"        // 报送备案
	RecValidity     Record = "validity"      // 有效性状态
	RecFilingReview Record = "filing_review" // 备案审查
	RecCleanup      Record = "cleanup"       // 清理结果
)

// normRecordLabels name the normative procedure's own records.
var normRecordLabels = map[Record]string{
	RecDeptRequest:  "征求部门意见",
	RecDeptReply:    "部门回复意见",
	RecCoordination: "法制机构协调",
	RecRuling:       "政府领导协调或常务会议决定",
	RecNormPublish:  "统一登记编号公布",
	RecFiling:       "报送备案",
	RecValidity:     "文件状态",
	RecFilingReview: "备案审查",
	RecCleanup:      "清理结果",
}

// The normative procedure's own events; the shared stages keep their events (review_pass …,
// approve …), so their gates are the same gates.
const (
	NormConsult    Event = "norm_consult"     // 部门意见已协调，向社会公开征求意见
	NormSkipPublic Event = "norm_skip_public" // 不直接涉及权利义务，送请合法性审查
	NormToReview   Event = "norm_to_review"   // 公开征求意见完成，送请合法性审查
)

// normEventLabel is the button's words for the normative procedure's own events.
func normEventLabel(e Event) (string, bool) {
	switch e {
	case NormConsult:
		return "向社会公开征求意见", true
	case NormSkipPublic:
		return "不直接涉及权利义务，送请合法性审查", true
	case NormToReview:
		return "公开征求意见完成，送请合法性审查", true
	}
	return "", false
}

// beforeNormPublished are the states from which a normative draft may still be withdrawn.
var beforeNormPublished = []State{Drafting, Consultation, LegalityReview, CollectiveDiscussion, Deferred}

// Normative is the procedure of normative documents (规划三(三)1–2). It shares with Major the
// public consultation (notice, comments, dispositions, feedback), the legality review (submission,
// signed opinion, clock) and the collective discussion (meeting, opinions, the head's decision),
// with their records and gates.
var Normative = &Procedure{
	Kind:     KindNormative,
	States:   []State{Drafting, Consultation, LegalityReview, CollectiveDiscussion, Published, Rejected, Deferred, Withdrawn},
	MainLine: []State{Drafting, Consultation, LegalityReview, CollectiveDiscussion, Published},
	Transitions: []Transition{
		{NormConsult, []State{Drafting}, Consultation, []Role{RoleClerk}},
		{NormSkipPublic, []State{Drafting}, LegalityReview, []Role{RoleClerk}},
		{NormToReview, []State{Consultation}, LegalityReview, []Role{RoleClerk}},
		{ReviewPass, []State{LegalityReview}, CollectiveDiscussion, []Role{RoleReviewer}},
		{ReviewRevise, []State{LegalityReview}, Drafting, []Role{RoleReviewer}},
		{ReviewFail, []State{LegalityReview}, Drafting, []Role{RoleReviewer}},
		{Approve, []State{CollectiveDiscussion}, Published, []Role{RoleSecretary}},
		{Reject, []State{CollectiveDiscussion}, Rejected, []Role{RoleSecretary}},
		{Reconsider, []State{CollectiveDiscussion}, Drafting, []Role{RoleSecretary}},
		{Defer, []State{CollectiveDiscussion}, Deferred, []Role{RoleSecretary}},
		{Resubmit, []State{Deferred}, CollectiveDiscussion, []Role{RoleSecretary}},
		{Withdraw, beforeNormPublished, Withdrawn, []Role{RoleSecretary}},
	},
	records: mergeRules(
		shared(recordRules, RecFlags, RecRevision, RecNotice, RecComment, RecDisposition, RecFeedback,
			RecExpert, RecDraftChange, RecFairComp, RecSubmission, RecReturn, RecMeeting, RecOpinion),
		map[Record]recordRule{
			RecDeptRequest:  {RoleClerk, []State{Drafting}},
			RecDeptReply:    {RoleClerk, []State{Drafting}}, // by the consulted department's clerk (answersFor)
			RecCoordination: {RoleReviewer, []State{Drafting}},
			RecRuling:       {RoleSecretary, []State{Drafting}},
			RecNormPublish:  {RoleSecretary, []State{Published}},
			RecFiling:       {RoleSecretary, []State{Published}},
			RecValidity:     {RoleSecretary, []State{Published}},
			RecFilingReview: {RoleReviewer, []State{Published}},
			RecCleanup:      {RoleClerk, []State{Published}},
			RecWithdrawal:   {RoleClerk, beforeNormPublished},

			RecObjectionReply: {RoleReviewer, []State{Published}}, // the legal office answers (objection.go)
		}),
	order: []Record{RecFlags, RecRevision, RecDeptRequest, RecDeptReply, RecCoordination, RecRuling,
		RecNotice, RecComment, RecDisposition, RecFeedback, RecExpert, RecFairComp, RecDraftChange,
		RecSubmission, RecReturn, RecMeeting, RecOpinion, RecNormPublish, RecFiling, RecFilingReview, RecCleanup, RecObjectionReply, RecValidity, RecWithdrawal},
	gates: normativeGates,
	// 国办发〔2018〕115号: the legality review of a normative document takes in principle no
	// less than 5 and at most 15 working days.
	Review: ReviewClock{Basis: normReviewBasis, Min: func(Settings) int { return 5 }, Max: 15},
	agenda: wording{"提请讨论的材料须齐全：文件草案及起草说明、合法性审查意见，以及公开征求意见的，公众意见采纳情况；征求相关部门意见的，部门意见及协调情况", planNorm1},
	labels: map[State]string{
		Drafting:             "起草及部门征求意见",
		Consultation:         "公开征求意见",
		CollectiveDiscussion: "集体审议决定",
		Published:            "登记编号公布",
	},
}

func mergeRules(maps ...map[Record]recordRule) map[Record]recordRule {
	out := map[Record]recordRule{}
	for _, m := range maps {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// normativeDue is the due date of a published normative document: its filing, until filed
// (FilingDue); before publication the stage's limit; none once filed.
func normativeDue(d *Decision, env Env) (time.Time, bool) {
	if d.Normative == nil || d.Normative.Doc == nil {
		return stageLimit(d, env)
	}
	if doc := d.Normative.Doc; doc.Filing == nil {
		return FilingDue(doc.PublishedOn, env), true
	}
	return time.Time{}, false
}

// normativeAnomalies are what an auditor should look at in a normative document: a filing
// late or still missing after its day, a document published without the legality review's 合法
// or without its number from the register.
func normativeAnomalies(d *Decision, env Env) []Anomaly {
	if d.Kind != KindNormative || d.Normative == nil {
		return nil
	}
	var out []Anomaly
	doc := d.Normative.Doc
	if doc != nil && doc.FiledLate(env) {
		due := FilingDue(doc.PublishedOn, env)
		if doc.Filing == nil {
			out = append(out, Anomaly{Kind: "filing_missing", Basis: FilingBasis,
				Text: fmt.Sprintf("%s公布，应于%s前报送备案，至今未报送", dateCN(doc.PublishedOn), dateCN(due))})
		} else {
			out = append(out, Anomaly{Kind: "filing_late", Basis: FilingBasis,
				Text: fmt.Sprintf("%s公布，应于%s前报送备案，%s才报送，理由：%s", dateCN(doc.PublishedOn), dateCN(due), dateCN(doc.Filing.FiledOn), doc.Filing.LateReason)})
		}
	}
	if doc != nil || d.Publication != nil {
		legal := false
		for _, r := range d.Reviews {
			legal = legal || r.Conclusion == ConclusionLegal
		}
		if !legal {
			out = append(out, Anomaly{Kind: "no_legality_review", Basis: planNorm1, Text: "文件已公布，但没有法制机构“合法”的审查意见"})
		}
	}
	if d.Publication != nil && (doc == nil || doc.Number == "") {
		out = append(out, Anomaly{Kind: "no_number", Basis: planNorm1, Text: "文件已公布，但未经统一登记、统一编号"})
	}
	return out
}
