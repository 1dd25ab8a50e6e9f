package workflow

// State is a stage of the decision procedure. The store's CHECK list equals States.
type State string

// The states of the pipeline (pipeline.md).
const (
	Proposed             State = "proposed"
	Drafting             State = "drafting"
	Consultation         State = "consultation"
	Hearing              State = "hearing"
	RiskAssessment       State = "risk_assessment"
	LegalityReview       State = "legality_review"
	CollectiveDiscussion State = "collective_discussion"
	Published            State = "published"
	Implementation       State = "implementation"
	Suspended            State = "suspended"
	PostEvaluation       State = "post_evaluation"
	Closed               State = "closed"
	Rejected             State = "rejected"
	Deferred             State = "deferred"
	Withdrawn            State = "withdrawn"
	Declined             State = "declined"
)

// States lists every state, the main line first.
var States = []State{
	Proposed, Drafting, Consultation, Hearing, RiskAssessment, LegalityReview,
	CollectiveDiscussion, Published, Implementation, Suspended, PostEvaluation, Closed,
	Rejected, Deferred, Withdrawn, Declined,
}

// MainLine is the pipeline as the stepper draws it.
var MainLine = []State{
	Proposed, Drafting, Consultation, Hearing, RiskAssessment, LegalityReview,
	CollectiveDiscussion, Published, Implementation, PostEvaluation, Closed,
}

// Label is the stage's legal name.
func (s State) Label() string {
	switch s {
	case Proposed:
		return "决策启动"
	case Drafting:
		return "起草"
	case Consultation:
		return "征求意见"
	case Hearing:
		return "听证"
	case RiskAssessment:
		return "风险评估"
	case LegalityReview:
		return "合法性审查"
	case CollectiveDiscussion:
		return "集体讨论决定"
	case Published:
		return "决策公布"
	case Implementation:
		return "决策执行"
	case Suspended:
		return "暂停执行"
	case PostEvaluation:
		return "决策后评估"
	case Closed:
		return "办结"
	case Rejected:
		return "不予通过"
	case Deferred:
		return "暂缓"
	case Withdrawn:
		return "已撤回"
	case Declined:
		return "不予启动"
	}
	return string(s)
}

// Valid reports whether s is one of States.
func (s State) Valid() bool {
	for _, x := range States {
		if x == s {
			return true
		}
	}
	return false
}

// Final reports whether nothing can happen to a decision in state s any more.
func (s State) Final() bool {
	return s == Closed || s == Rejected || s == Withdrawn || s == Declined
}

// Event is an arrow of the pipeline.
type Event string

// The events of the pipeline.
const (
	Start        Event = "start"         // 决定启动
	Decline      Event = "decline"       // 不予启动
	Submit       Event = "submit"        // 草案公开征求意见
	ToHearing    Event = "to_hearing"    // 征求意见完成，进入听证
	SkipHearing  Event = "skip_hearing"  // 不举行听证，进入风险评估
	ToRisk       Event = "to_risk"       // 听证完成，进入风险评估
	ToReview     Event = "to_review"     // 风险评估完成，送请合法性审查
	SkipRisk     Event = "skip_risk"     // 无需风险评估，送请合法性审查
	ReviewPass   Event = "review_pass"   // 审查结论：合法
	ReviewRevise Event = "review_revise" // 审查结论：修改后合法，退回修改
	ReviewFail   Event = "review_fail"   // 审查结论：不合法，退回起草
	Approve      Event = "approve"       // 集体讨论：通过
	Reject       Event = "reject"        // 集体讨论：不予通过
	Reconsider   Event = "reconsider"    // 集体讨论：修改后再议
	Defer        Event = "defer"         // 集体讨论：暂缓
	Resubmit     Event = "resubmit"      // 暂缓后再次提请讨论
	Implement    Event = "implement"     // 公布完成，交付执行
	Suspend      Event = "suspend"       // 暂停执行 (条例第37条)
	Resume       Event = "resume"        // 恢复执行
	Evaluate     Event = "evaluate"      // 启动决策后评估
	Close        Event = "close"         // 评估完成，办结
	Withdraw     Event = "withdraw"      // 撤回
)

// Label is the event as a button says it.
func (e Event) Label() string {
	switch e {
	case Start:
		return "决定启动"
	case Decline:
		return "不予启动"
	case Submit:
		return "公开征求意见"
	case ToHearing:
		return "征求意见完成，进入听证"
	case SkipHearing:
		return "不举行听证，进入风险评估"
	case ToRisk:
		return "听证完成，进入风险评估"
	case ToReview:
		return "风险评估完成，送请合法性审查"
	case SkipRisk:
		return "无需风险评估，送请合法性审查"
	case ReviewPass:
		return "签署审查意见：合法"
	case ReviewRevise:
		return "签署审查意见：修改后合法"
	case ReviewFail:
		return "签署审查意见：不合法"
	case Approve:
		return "行政首长决定：通过"
	case Reject:
		return "行政首长决定：不予通过"
	case Reconsider:
		return "行政首长决定：修改后再议"
	case Defer:
		return "行政首长决定：暂缓"
	case Resubmit:
		return "再次提请集体讨论"
	case Implement:
		return "公布完成，交付执行"
	case Suspend:
		return "暂停执行"
	case Resume:
		return "恢复执行"
	case Evaluate:
		return "启动决策后评估"
	case Close:
		return "评估完成，办结"
	case Withdraw:
		return "撤回决策事项"
	}
	if l, ok := normEventLabel(e); ok {
		return l
	}
	return string(e)
}

// Role is what a user does in juece (pipeline.md "Who does what").
type Role string

// The roles.
const (
	RoleClerk     Role = "clerk"     // 承办单位经办人
	RoleReviewer  Role = "reviewer"  // 合法性审查人员
	RoleSecretary Role = "secretary" // 政府办公室会议秘书
	RoleAuditor   Role = "auditor"   // 审计人员（政府审计部门；监察委员会不属于政府）
	RoleAdmin     Role = "admin"     // 管理员
)

// Roles lists every role.
var Roles = []Role{RoleClerk, RoleReviewer, RoleSecretary, RoleAuditor, RoleAdmin}

// Label is the role in Chinese.
func (r Role) Label() string {
	switch r {
	case RoleClerk:
		return "承办单位经办人"
	case RoleReviewer:
		return "合法性审查人员"
	case RoleSecretary:
		return "政府办公室会议秘书"
	case RoleAuditor:
		return "审计人员"
	case RoleAdmin:
		return "系统管理员"
	}
	return string(r)
}

// Transition is one arrow: the event, the states it leaves, where it goes and who may fire it.
type Transition struct {
	Event Event
	From  []State
	To    State
	Roles []Role
}

// beforePublished are the states from which a decision may still be withdrawn.
var beforePublished = []State{Proposed, Drafting, Consultation, Hearing, RiskAssessment, LegalityReview, CollectiveDiscussion, Deferred}

// Transitions is the whole pipeline.
var Transitions = []Transition{
	{Start, []State{Proposed}, Drafting, []Role{RoleSecretary}},
	{Decline, []State{Proposed}, Declined, []Role{RoleSecretary}},
	{Submit, []State{Drafting}, Consultation, []Role{RoleClerk}},
	{ToHearing, []State{Consultation}, Hearing, []Role{RoleClerk}},
	{SkipHearing, []State{Consultation}, RiskAssessment, []Role{RoleClerk}},
	{ToRisk, []State{Hearing}, RiskAssessment, []Role{RoleClerk}},
	{ToReview, []State{RiskAssessment}, LegalityReview, []Role{RoleClerk}},
	{SkipRisk, []State{RiskAssessment}, LegalityReview, []Role{RoleClerk}},
	{ReviewPass, []State{LegalityReview}, CollectiveDiscussion, []Role{RoleReviewer}},
	{ReviewRevise, []State{LegalityReview}, Drafting, []Role{RoleReviewer}},
	{ReviewFail, []State{LegalityReview}, Drafting, []Role{RoleReviewer}},
	{Approve, []State{CollectiveDiscussion}, Published, []Role{RoleSecretary}},
	{Reject, []State{CollectiveDiscussion}, Rejected, []Role{RoleSecretary}},
	{Reconsider, []State{CollectiveDiscussion}, Drafting, []Role{RoleSecretary}},
	{Defer, []State{CollectiveDiscussion}, Deferred, []Role{RoleSecretary}},
	{Resubmit, []State{Deferred}, CollectiveDiscussion, []Role{RoleSecretary}},
	{Implement, []State{Published}, Implementation, []Role{RoleSecretary}},
	{Suspend, []State{Implementation}, Suspended, []Role{RoleSecretary}},
	{Resume, []State{Suspended}, Implementation, []Role{RoleSecretary}},
	{Evaluate, []State{Implementation, Suspended}, PostEvaluation, []Role{RoleClerk}},
	{Close, []State{PostEvaluation}, Closed, []Role{RoleClerk}},
	// The clerk asks (RecWithdrawal); the government office decides for the deciding organ.
	{Withdraw, beforePublished, Withdrawn, []Role{RoleSecretary}},
}

// Events lists every event once, in the order of Transitions.
func Events() []Event {
	out := make([]Event, len(Transitions))
	for i, t := range Transitions {
		out[i] = t.Event
	}
	return out
}

// TransitionOf finds the transition of an event.
func TransitionOf(e Event) (Transition, bool) {
	for _, t := range Transitions {
		if t.Event == e {
			return t, true
		}
	}
	return Transition{}, false
}

// HeadEvent maps the head's decision at the meeting to the event it fires.
func HeadEvent(h HeadDecision) Event {
	switch h {
	case HeadApprove:
		return Approve
	case HeadReject:
		return Reject
	case HeadReconsider:
		return Reconsider
	case HeadDefer:
		return Defer
	}
	return ""
}

// ReviewEvent maps a legality review conclusion to the event it fires.
func ReviewEvent(c Conclusion) Event {
	switch c {
	case ConclusionLegal:
		return ReviewPass
	case ConclusionRevise:
		return ReviewRevise
	case ConclusionIllegal:
		return ReviewFail
	}
	return ""
}

// Record is a kind of record a user adds or edits within a stage.
type Record string

// The record kinds. Each is added in its stage by its role (recordRules).
const (
	RecProposal    Record = "proposal"         // 决策建议
	RecStart       Record = "start"            // 决定启动记录 (written with the start event)
	RecFlags       Record = "flags"            // 决策属性
	RecRevision    Record = "revision"         // 决策草案
	RecDispute     Record = "dispute"          // 部门分歧
	RecMethod      Record = "method"           // 听取意见方式
	RecNotice      Record = "notice"           // 公开征求意见公告
	RecComment     Record = "comment"          // 公众意见 (entered from letters)
	RecDisposition Record = "disposition"      // 意见采纳处理
	RecFeedback    Record = "feedback"         // 意见采纳情况反馈
	RecExpert      Record = "expert"           // 专家论证意见
	RecHearing     Record = "hearing"          // 听证记录
	RecParticipant Record = "participant"      // 听证参加人
	RecDraw        Record = "draw"             // 听证参加人公开报名和随机抽选
	RecFairComp    Record = "fair_competition" // 公平竞争审查
	RecRisk        Record = "risk"             // 风险评估报告
	RecSubmission  Record = "submission"       // 送审材料
	RecReturn      Record = "return"           // 退回补充材料
	RecMeeting     Record = "meeting"          // 会议记录
	RecOpinion     Record = "opinion"          // 会议发言
	RecPartyReport Record = "party_report"     // 向同级党委请示报告
	RecPublication Record = "publication"      // 决策公布
	RecReport      Record = "report"           // 执行情况
	RecMilestone   Record = "milestone"        // 执行节点
	RecEvaluation  Record = "evaluation"       // 决策后评估报告
	RecWithdrawal  Record = "withdrawal"       // 撤回申请 (the clerk asks; the government office decides)
	RecDraftChange Record = "draft_change"     // 草案修改说明: why a draft changed since consultation needs none anew
)

type recordRule struct {
	role   Role
	states []State
}

var recordRules = map[Record]recordRule{
	RecProposal:    {RoleClerk, []State{Proposed, Drafting}},
	RecFlags:       {RoleClerk, []State{Drafting, Consultation}},
	RecRevision:    {RoleClerk, []State{Drafting}},
	RecDispute:     {RoleClerk, []State{Drafting, Consultation}},
	RecMethod:      {RoleClerk, []State{Consultation}},
	RecNotice:      {RoleClerk, []State{Consultation}},
	RecComment:     {RoleClerk, []State{Consultation}},
	RecDisposition: {RoleClerk, []State{Consultation}},
	RecFeedback:    {RoleClerk, []State{Consultation}},
	RecExpert:      {RoleClerk, []State{Consultation}},
	RecHearing:     {RoleClerk, []State{Hearing}},
	RecParticipant: {RoleClerk, []State{Hearing}},
	RecDraw:        {RoleClerk, []State{Hearing}},
	RecFairComp:    {RoleClerk, []State{Drafting, Consultation, Hearing, RiskAssessment, LegalityReview, CollectiveDiscussion}},
	RecRisk:        {RoleClerk, []State{RiskAssessment}},
	RecSubmission:  {RoleClerk, []State{LegalityReview}},
	RecReturn:      {RoleReviewer, []State{LegalityReview}},
	RecMeeting:     {RoleSecretary, []State{CollectiveDiscussion}},
	RecOpinion:     {RoleSecretary, []State{CollectiveDiscussion}},
	RecPartyReport: {RoleSecretary, []State{Published}},
	RecPublication: {RoleSecretary, []State{Published}},
	RecReport:      {RoleClerk, []State{Implementation, Suspended}},
	RecMilestone:   {RoleClerk, []State{Implementation, Suspended}},
	RecEvaluation:  {RoleClerk, []State{PostEvaluation}},
	RecWithdrawal:  {RoleClerk, beforePublished},
	RecDraftChange: {RoleClerk, []State{Consultation, Hearing, RiskAssessment, LegalityReview}},
}

// MayRecord reports whether a user of role may add or edit a record of kind rec while the
// decision is in state s. The unit check (a clerk only for their own unit) is the caller's.
func MayRecord(role Role, rec Record, s State) bool {
	r, ok := recordRules[rec]
	if !ok || r.role != role {
		return false
	}
	for _, x := range r.states {
		if x == s {
			return true
		}
	}
	return false
}

// RecordsOf lists the records a user of role may add in state s, in a stable order.
func RecordsOf(role Role, s State) []Record {
	var out []Record
	for _, rec := range recordOrder {
		if MayRecord(role, rec, s) {
			out = append(out, rec)
		}
	}
	return out
}

var recordOrder = []Record{
	RecProposal, RecFlags, RecRevision, RecDispute, RecMethod, RecNotice, RecComment,
	RecDisposition, RecFeedback, RecExpert, RecHearing, RecParticipant, RecDraw, RecRisk, RecFairComp,
	RecSubmission, RecReturn, RecMeeting, RecOpinion, RecPartyReport, RecPublication,
	RecReport, RecMilestone, RecEvaluation, RecWithdrawal, RecDraftChange,
}

// Actor is who fires an event or writes a record.
type Actor struct {
	UserID int64
	Name   string
	Role   Role
	UnitID int64
}
