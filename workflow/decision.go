package workflow

import "time"

// Decision is everything the gates need to know about one major administrative decision
// (重大行政决策): the decision row and every stage's records. The store loads it in one
// transaction; the gates read it and never write.
type Decision struct {
	ID       int64
	Title    string
	Category Category
	State    State
	Kind     Kind  // the kind of matter, which picks its procedure; "" is a major decision
	UnitID   int64 // lead undertaking unit (承办单位)
	UnitName string
	Version  int64

	Proposal Proposal
	Flags    Flags
	Start    *StartRecord // the government's decision to start (决定启动), nil until recorded

	CatalogItem int64 // the item of the yearly decision catalog (决策事项目录) it carries out; 0 when none

	Revisions   []Revision // every saved draft, oldest first
	Disputes    []Dispute
	Methods     []ConsultationMethod
	Notice      *CommentNotice
	Comments    []Comment
	Feedback    *Feedback
	Experts     []ExpertOpinion
	Hearing     *HearingRecord
	HearingSkip string // reason recorded when the hearing was skipped
	Risk        *RiskReport
	RiskSkip    string // reason recorded when no risk assessment was required
	Submissions []ReviewSubmission
	Reviews     []Review
	Meetings    []Meeting
	PartyReport *PartyReport
	Publication *Publication
	Reports     []ImplementationReport
	Evaluation  *Evaluation
	// FairCompetition is the fair-competition review (公平竞争审查), when the matter concerns
	// the economic activity of market players; nil until recorded.
	FairCompetition *FairCompetitionReview
	// Draw is the public sign-up and draw of hearing participants (条例第16条); nil until its
	// method is published. Its seed is empty until the draw.
	Draw *HearingDraw
	// Milestones are the steps of carrying out the published decision, by planned date.
	Milestones []Milestone

	// Normative holds what only a normative document has (部门征求意见, 登记编号, 备案); nil for
	// a major decision.
	Normative *NormativeFile

	Withdrawals []WithdrawalRequest // the clerk's requests to withdraw, oldest first
	FlagChanges []FlagChange        // the attributes changed after drafting, with the reasons
	DraftNotes  []DraftChangeNote   // why changed drafts needed no new consultation
	Voids       []Void              // records voided with a trace; left out of the lists above
	LateEntries []LateEntry         // records entered after the fact (补录), with their reasons

	StateSince time.Time // when the decision entered its current state
	CreatedBy  int64
	CreatedAt  time.Time
}

// Category is one of the five kinds of matter in 条例第3条.
type Category string

// The categories of 条例第3条, items (一) to (五).
const (
	CategoryPublicService Category = "public_service" // (一) 重大公共政策和措施
	CategoryPlanning      Category = "planning"       // (二) 重要规划
	CategoryResources     Category = "resources"      // (三) 开发利用、保护重要自然资源和文化资源
	CategoryInvestment    Category = "investment"     // (四) 重大公共建设项目
	CategoryOther         Category = "other"          // (五) 其他重大事项
)

// Categories lists the categories in the order of 条例第3条.
var Categories = []Category{CategoryPublicService, CategoryPlanning, CategoryResources, CategoryInvestment, CategoryOther}

// Label is the category's legal wording.
func (c Category) Label() string {
	switch c {
	case CategoryPublicService:
		return "制定有关公共服务、市场监管、社会管理、环境保护等方面的重大公共政策和措施"
	case CategoryPlanning:
		return "制定经济和社会发展等方面的重要规划"
	case CategoryResources:
		return "制定开发利用、保护重要自然资源和文化资源的重大公共政策和措施"
	case CategoryInvestment:
		return "决定在本行政区域实施的重大公共建设项目"
	case CategoryOther:
		return "决定对经济社会发展有重大影响、涉及重大公共利益或者社会公众切身利益的其他重大事项"
	}
	return string(c)
}

// ShortLabel names the category in a few characters, for tables and charts.
func (c Category) ShortLabel() string {
	switch c {
	case CategoryPublicService:
		return "重大公共政策和措施"
	case CategoryPlanning:
		return "重要规划"
	case CategoryResources:
		return "自然和文化资源政策"
	case CategoryInvestment:
		return "重大公共建设项目"
	case CategoryOther:
		return "其他重大事项"
	}
	return string(c)
}

// ProposerKind says who proposed the decision (条例第10条).
type ProposerKind string

// The proposers of 条例第10条.
const (
	ProposerLeader     ProposerKind = "leader"     // 决策机关领导人员
	ProposerDepartment ProposerKind = "department" // 决策机关所属部门或者下一级人民政府
	ProposerDeputy     ProposerKind = "deputy"     // 人大代表、政协委员
	ProposerPublic     ProposerKind = "public"     // 公民、法人或者其他组织
)

// ProposerKinds lists the proposers in the order of 条例第10条.
var ProposerKinds = []ProposerKind{ProposerLeader, ProposerDepartment, ProposerDeputy, ProposerPublic}

// Label is the proposer kind in Chinese.
func (k ProposerKind) Label() string {
	switch k {
	case ProposerLeader:
		return "决策机关领导人员提出"
	case ProposerDepartment:
		return "所属部门或者下一级人民政府提出"
	case ProposerDeputy:
		return "人大代表、政协委员提出"
	case ProposerPublic:
		return "公民、法人或者其他组织书面提出"
	}
	return string(k)
}

// Proposal is the proposal record (决策建议, 条例第10条).
type Proposal struct {
	Kind              ProposerKind
	Proposer          string // name of the leader, department, deputy or organisation
	Problem           string // 拟解决的问题
	Reasons           string // 理由
	LegalBasis        string // 依据
	Solution          string // 解决方案
	Necessity         string // 必要性、可行性
	DecisionOrgan     string // 决策机关
	ResponsibleLeader string // 负责领导
	CoUnits           string // other undertaking units sharing the work
	More              Values // fields added by their description alone (MoreFields)
}

// Flags are the properties set in drafting that decide which later gates apply.
type Flags struct {
	AffectsInterests   bool   // 涉及社会公众切身利益
	NotDisclosed       bool   // 依法不得公开
	NotDisclosedReason string // the legal reason it may not be disclosed
	Technical          bool   // 专业性、技术性较强 (条例第19条)
	StabilityRisk      bool   // 可能对社会稳定、公共安全等方面造成不利影响 (条例第22条)
	HearingRequired    bool   // 法律、法规、规章规定应当听证
	HearingChosen      bool   // 决策承办单位认为有必要听证
	MarketActivity     bool   // 涉及市场主体经济活动：须进行公平竞争审查 (《公平竞争审查条例》, 条例第29条)
}

// StartRecord is the decision organ's decision to start the procedure (决定启动, 条例第11条).
type StartRecord struct {
	DecidedOn time.Time
	Basis     string // the meeting or document that decided it
	By        string // who recorded it
	More      Values // fields added by their description alone (MoreFields)
}

// Revision is one saved draft (决策草案). Every save is kept.
type Revision struct {
	ID        int64
	No        int // 1, 2, … within the decision
	Body      string
	Options   string // alternative options (条例第12条), optional
	Note      string // what changed and why
	CreatedBy int64
	CreatedAt time.Time
	More      Values // fields added by their description alone (MoreFields)
}

// Dispute is a disagreement with another department (条例第13条).
type Dispute struct {
	ID         int64
	Department string
	OurView    string
	TheirView  string
	Reasons    string
	LegalBasis string
	Resolution string // how it was settled, or that it goes to the decision organ
	More       Values // fields added by their description alone (MoreFields)
}

// Method is a way of hearing the public (条例第14条).
type Method string

// The methods of 条例第14条.
const (
	MethodSymposium     Method = "symposium"     // 座谈会
	MethodArgument      Method = "argument"      // 论证会
	MethodVisit         Method = "visit"         // 实地走访
	MethodWritten       Method = "written"       // 书面征求意见
	MethodPublic        Method = "public"        // 向社会公开征求意见
	MethodQuestionnaire Method = "questionnaire" // 问卷调查
	MethodPoll          Method = "poll"          // 民意调查
)

// Methods lists the ways of hearing the public in the order of 条例第14条.
var Methods = []Method{MethodSymposium, MethodArgument, MethodVisit, MethodWritten, MethodPublic, MethodQuestionnaire, MethodPoll}

// Label is the method in Chinese.
func (m Method) Label() string {
	switch m {
	case MethodSymposium:
		return "座谈会"
	case MethodArgument:
		return "论证会"
	case MethodVisit:
		return "实地走访"
	case MethodWritten:
		return "书面征求意见"
	case MethodPublic:
		return "向社会公开征求意见"
	case MethodQuestionnaire:
		return "问卷调查"
	case MethodPoll:
		return "民意调查"
	}
	return string(m)
}

// ConsultationMethod records one occasion of hearing the public.
type ConsultationMethod struct {
	ID           int64
	Method       Method
	HeldOn       time.Time
	Participants string
	Summary      string
	More         Values // fields added by their description alone (MoreFields)
}

// CommentNotice is the public comment notice (向社会公开征求意见, 条例第15条).
type CommentNotice struct {
	ID          int64
	RevisionID  int64 // the draft put out for comment
	Channel     string
	HowToSubmit string
	Explanation string // 起草说明
	StartsOn    time.Time
	EndsOn      time.Time // the last day on which comments are accepted
	Link        string
	ShortReason string // why the period is shorter than the minimum, stated in the notice
	PublishedOn time.Time
	More        Values // the fields added by their description alone (MoreFields)
}

// Disposition is what was done with a comment.
type Disposition string

// The dispositions a comment can get.
const (
	DispositionNone       Disposition = ""
	DispositionAdopted    Disposition = "adopted"     // 采纳
	DispositionPartly     Disposition = "partly"      // 部分采纳
	DispositionNotAdopted Disposition = "not_adopted" // 未采纳
	DispositionDuplicate  Disposition = "duplicate"   // 重复: the same as another comment, answered there
	DispositionIrrelevant Disposition = "irrelevant"  // 与本事项无关
)

// Dispositions lists the dispositions a clerk may choose.
var Dispositions = []Disposition{DispositionAdopted, DispositionPartly, DispositionNotAdopted, DispositionDuplicate, DispositionIrrelevant}

// Label is the disposition in Chinese.
func (d Disposition) Label() string {
	switch d {
	case DispositionAdopted:
		return "采纳"
	case DispositionPartly:
		return "部分采纳"
	case DispositionNotAdopted:
		return "未采纳"
	case DispositionDuplicate:
		return "重复"
	case DispositionIrrelevant:
		return "与本事项无关"
	}
	return "待处理"
}

// PublicLabel is the disposition as the portal and the citizen's receipt say it: in words a
// reader who never saw the clerk's list understands.
func (d Disposition) PublicLabel() string {
	switch d {
	case DispositionDuplicate:
		return "与其他意见内容相同（重复意见）"
	case DispositionIrrelevant:
		return "与本事项无关，不作采纳处理"
	}
	return d.Label()
}

// Comment is one opinion received from the public.
type Comment struct {
	ID          int64
	Ref         string // reference number shown to the commenter
	Source      string // portal, letter, email, phone …
	Author      string
	Contact     string
	Body        string
	ReceivedAt  time.Time
	Disposition Disposition
	Reason      string
	DisposedBy  int64
}

// Feedback is the published account of how comments were adopted (条例第15条第2款).
type Feedback struct {
	PublishedOn time.Time
	Channel     string
	Summary     string
	More        Values // fields added by their description alone (MoreFields)
}

// ExpertOpinion is one expert's written argumentation (专家论证, 条例第19—20条).
type ExpertOpinion struct {
	ID            int64
	Name          string
	Field         string
	Organisation  string
	Opinion       string
	Conclusion    string // on 科学性、合理性、可行性
	Signed        bool   // the written opinion is signed
	SignedOn      time.Time
	NoInterest    bool   // declared free of direct interest in the decision
	DifferingView bool   // holds a view differing from the draft (experts of differing views are included)
	More          Values // fields added by their description alone (MoreFields)
}

// HearingRecord is the hearing record (听证, 条例第16—18条).
type HearingRecord struct {
	ID                   int64
	NoticePublishedOn    time.Time
	NoticeChannel        string
	HeldOn               time.Time
	Place                string
	SelectionMethod      string
	SelectionPublishedOn time.Time
	ListPublishedOn      time.Time
	MaterialsDeliveredOn time.Time
	RecordSigned         bool // the record was confirmed and signed by the participants
	RecordSummary        string
	OpinionsHandling     string // how the opinions were sorted and adopted (条例第18条)
	Participants         []HearingParticipant
	More                 Values // fields added by their description alone (MoreFields)
}

// HearingParticipant is one person taking part in a hearing.
type HearingParticipant struct {
	ID           int64
	Name         string
	Category     string // 利害关系人, 专家, 人大代表, 政协委员, 群众代表 …
	Organisation string
	More         Values // fields added by their description alone (MoreFields)
}

// Level is a risk level.
type Level string

// The risk levels.
const (
	LevelNone   Level = ""
	LevelLow    Level = "low"
	LevelMedium Level = "medium"
	LevelHigh   Level = "high"
)

// Levels lists the risk levels from low to high.
var Levels = []Level{LevelLow, LevelMedium, LevelHigh}

// Label is the level in Chinese.
func (l Level) Label() string {
	switch l {
	case LevelLow:
		return "低"
	case LevelMedium:
		return "中"
	case LevelHigh:
		return "高"
	}
	return "未评估"
}

// Dimension is one dimension of risk assessed (条例第22条).
type Dimension string

// The dimensions of risk.
const (
	DimStability   Dimension = "stability"   // 社会稳定
	DimSafety      Dimension = "safety"      // 公共安全
	DimEnvironment Dimension = "environment" // 生态环境
	DimEconomy     Dimension = "economy"     // 经济
	DimOther       Dimension = "other"       // 其他
)

// Dimensions lists every dimension that must be assessed.
var Dimensions = []Dimension{DimStability, DimSafety, DimEnvironment, DimEconomy, DimOther}

// Label is the dimension in Chinese.
func (d Dimension) Label() string {
	switch d {
	case DimStability:
		return "社会稳定"
	case DimSafety:
		return "公共安全"
	case DimEnvironment:
		return "生态环境"
	case DimEconomy:
		return "经济"
	case DimOther:
		return "其他"
	}
	return string(d)
}

// DimensionAssessment is the level and analysis for one dimension.
type DimensionAssessment struct {
	Level    Level
	Analysis string
}

// RiskReport is the risk assessment record (风险评估, 条例第22—24条).
type RiskReport struct {
	ID           int64
	Dimensions   map[Dimension]DimensionAssessment
	Methods      string // 舆论跟踪、抽样调查、重点走访、会商分析 …
	RiskPoints   string
	Measures     string // prevention measures
	Contingency  string // 化解处置预案
	Assessor     string // who assessed; may be a third party
	AssessorUnit string // the unit that carried out the assessment, by name
	AssessorBody string // the same, as the system knows it: "unit:<id>" or "body:<id>" (条例第36条)
	ThirdParty   bool
	Controllable bool
	AssessedOn   time.Time
	More         Values // fields added by their description alone (MoreFields)
}

// Overall is the highest level of any assessed dimension.
func (r *RiskReport) Overall() Level {
	rank := map[Level]int{LevelNone: 0, LevelLow: 1, LevelMedium: 2, LevelHigh: 3}
	best := LevelNone
	for _, d := range r.Dimensions {
		if rank[d.Level] > rank[best] {
			best = d.Level
		}
	}
	return best
}

// ReviewSubmission is the submission for legality review (送请合法性审查, 条例第26条).
type ReviewSubmission struct {
	ID           int64
	RevisionID   int64
	LegalBasis   string
	Procedures   string // account of the procedures followed
	SubmittedOn  time.Time
	SubmittedBy  int64
	ReturnedOn   time.Time // set when the reviewer sent it back for missing material
	ReturnReason string
	More         Values // fields added by their description alone (MoreFields)
}

// Conclusion is the legality review's conclusion (条例第27条).
type Conclusion string

// The conclusions a reviewer can sign.
const (
	ConclusionLegal   Conclusion = "legal"   // 合法
	ConclusionRevise  Conclusion = "revise"  // 修改后合法
	ConclusionIllegal Conclusion = "illegal" // 不合法
)

// Label is the conclusion in Chinese.
func (c Conclusion) Label() string {
	switch c {
	case ConclusionLegal:
		return "合法"
	case ConclusionRevise:
		return "修改后合法"
	case ConclusionIllegal:
		return "不合法"
	}
	return string(c)
}

// Review is a signed legality review (合法性审查意见, 条例第27—28条).
type Review struct {
	ID           int64
	SubmissionID int64
	RevisionID   int64
	ReviewerID   int64
	ReviewerName string
	Conclusion   Conclusion
	Authority    string // opinion on the authority (权限)
	Procedure    string // opinion on the procedure (程序)
	Substance    string // opinion on the substance (内容)
	Advisers     string // legal advisers or government lawyers consulted (条例第28条)
	LegalRisk    string // for exploratory reform without an applicable rule (条例第25条)
	SignedAt     time.Time
	More         Values // fields added by their description alone (MoreFields)
}

// MeetingKind is the kind of meeting that discussed the decision (条例第30条).
type MeetingKind string

// The meeting kinds.
const (
	MeetingStanding   MeetingKind = "standing"   // 政府常务会议
	MeetingPlenary    MeetingKind = "plenary"    // 政府全体会议
	MeetingDepartment MeetingKind = "department" // 部门领导班子会议
)

// MeetingKinds lists the meeting kinds.
var MeetingKinds = []MeetingKind{MeetingStanding, MeetingPlenary, MeetingDepartment}

// Label is the meeting kind in Chinese.
func (k MeetingKind) Label() string {
	switch k {
	case MeetingStanding:
		return "政府常务会议"
	case MeetingPlenary:
		return "政府全体会议"
	case MeetingDepartment:
		return "部门领导班子会议"
	}
	return string(k)
}

// HeadDecision is the head's decision at the meeting (条例第30条).
type HeadDecision string

// The head's possible decisions; each fires the event of the same meaning.
const (
	HeadNone       HeadDecision = ""
	HeadApprove    HeadDecision = "approve"    // 通过
	HeadReject     HeadDecision = "reject"     // 不予通过
	HeadReconsider HeadDecision = "reconsider" // 修改后再议
	HeadDefer      HeadDecision = "defer"      // 暂缓
)

// HeadDecisions lists the head's possible decisions.
var HeadDecisions = []HeadDecision{HeadApprove, HeadReject, HeadReconsider, HeadDefer}

// Label is the head's decision in Chinese.
func (h HeadDecision) Label() string {
	switch h {
	case HeadApprove:
		return "通过"
	case HeadReject:
		return "不予通过"
	case HeadReconsider:
		return "修改后再议"
	case HeadDefer:
		return "暂缓"
	}
	return "未决定"
}

// Stance is a member's position at the meeting.
type Stance string

// The stances a member can take.
const (
	StanceFor     Stance = "for"     // 同意
	StanceAgainst Stance = "against" // 不同意
	StanceAbstain Stance = "abstain" // 保留意见
)

// Stances lists the stances.
var Stances = []Stance{StanceFor, StanceAgainst, StanceAbstain}

// Label is the stance in Chinese.
func (s Stance) Label() string {
	switch s {
	case StanceFor:
		return "同意"
	case StanceAgainst:
		return "不同意"
	case StanceAbstain:
		return "保留意见"
	}
	return string(s)
}

// Meeting is one collective discussion (集体讨论, 条例第29—30条).
type Meeting struct {
	ID                int64
	Kind              MeetingKind
	Number            string // e.g. 第12次常务会议
	HeldOn            time.Time
	Attendees         string
	LegalHeadAttended bool // 法制机构负责人列席 (规划三(二)4)
	// The agenda package (条例第29条).
	PackDraft        bool
	PackPublicReport bool // 社会公众意见采纳情况
	PackExpertReport bool // 专家论证意见采纳情况
	PackRiskReport   bool
	PackLegality     bool
	PackOther        string
	Opinions         []MeetingOpinion // in speaking order
	Head             HeadDecision
	DepartureReason  string // why the head departed from the majority (条例第30条)
	DecidedAt        time.Time
	More             Values // fields added by their description alone (MoreFields)
}

// MeetingOpinion is one member's opinion, in speaking order. It is never edited once recorded.
type MeetingOpinion struct {
	ID       int64
	Seq      int
	Speaker  string
	Position string // 职务
	IsHead   bool   // the head of the government or department (行政首长)
	Stance   Stance
	Text     string // dissent is recorded verbatim
	More     Values // fields added by their description alone (MoreFields)
}

// PartyReport is the report to the Party committee of the same level (条例第31条).
type PartyReport struct {
	ReportedOn time.Time
	Note       string
	More       Values // fields added by their description alone (MoreFields)
}

// Publication is the publication record (决策公布, 条例第32条).
type Publication struct {
	DocNumber          string // 文号
	PublishedOn        time.Time
	Channels           string // 政府公报, 政府网站, 报纸 …
	Link               string
	Text               string // the published text
	Explanation        string // how public and expert opinions were adopted (for matters of wide concern)
	NotPublishedReason string // the legal reason it is not published
	More               Values // fields added by their description alone (MoreFields)
}

// ReportKind is the kind of implementation report.
type ReportKind string

// The kinds of implementation reports (条例第34—35条).
const (
	ReportProgress ReportKind = "progress"     // 执行进展
	ReportProblem  ReportKind = "problem"      // 执行中的问题
	ReportChange   ReportKind = "major_change" // 重大情况变化
	ReportOpinion  ReportKind = "opinion"      // 公众来信来电来邮意见
)

// ReportKinds lists the kinds of implementation reports.
var ReportKinds = []ReportKind{ReportProgress, ReportProblem, ReportChange, ReportOpinion}

// Label is the report kind in Chinese.
func (k ReportKind) Label() string {
	switch k {
	case ReportProgress:
		return "执行进展"
	case ReportProblem:
		return "执行中的问题"
	case ReportChange:
		return "重大情况变化"
	case ReportOpinion:
		return "公众意见（来信、来电、来邮）"
	}
	return string(k)
}

// ImplementationReport is one entry in the implementation record (条例第34—35条).
type ImplementationReport struct {
	ID            int64
	Kind          ReportKind
	ExecutingUnit string
	Body          string
	ReportedOn    time.Time
	Public        bool   // shown on the portal's implementation tracker
	More          Values // fields added by their description alone (MoreFields)
}

// EvalConclusion is the post-evaluation's conclusion (条例第36条).
type EvalConclusion string

// The post-evaluation conclusions.
const (
	EvalContinue EvalConclusion = "continue" // 继续执行
	EvalAdjust   EvalConclusion = "adjust"   // 调整
	EvalStop     EvalConclusion = "stop"     // 停止执行
)

// EvalConclusions lists the post-evaluation conclusions.
var EvalConclusions = []EvalConclusion{EvalContinue, EvalAdjust, EvalStop}

// Label is the conclusion in Chinese.
func (c EvalConclusion) Label() string {
	switch c {
	case EvalContinue:
		return "继续执行"
	case EvalAdjust:
		return "调整"
	case EvalStop:
		return "停止执行"
	}
	return string(c)
}

// Evaluation is the post-evaluation record (决策后评估, 条例第36条).
type Evaluation struct {
	Trigger       string // why it was evaluated
	Evaluators    string // the implementing department, experts, counterparts, the public …
	EvaluatorUnit string // the unit that carried out the evaluation, by name
	EvaluatorBody string // the same, as the system knows it: "unit:<id>" or "body:<id>" (条例第36条)
	ThirdParty    bool
	Opinions      string
	Conclusion    EvalConclusion
	Reasons       string
	EvaluatedOn   time.Time
	More          Values // fields added by their description alone (MoreFields)
}

// CurrentRevision is the latest saved draft, or nil when there is none.
func (d *Decision) CurrentRevision() *Revision {
	if len(d.Revisions) == 0 {
		return nil
	}
	return &d.Revisions[len(d.Revisions)-1]
}

// CurrentSubmission is the latest submission for legality review that was not sent back.
func (d *Decision) CurrentSubmission() *ReviewSubmission {
	if len(d.Submissions) == 0 {
		return nil
	}
	s := &d.Submissions[len(d.Submissions)-1]
	if !s.ReturnedOn.IsZero() {
		return nil
	}
	return s
}

// LatestReview is the latest signed legality review, or nil.
func (d *Decision) LatestReview() *Review {
	if len(d.Reviews) == 0 {
		return nil
	}
	return &d.Reviews[len(d.Reviews)-1]
}

// LatestMeeting is the latest collective discussion, or nil.
func (d *Decision) LatestMeeting() *Meeting {
	if len(d.Meetings) == 0 {
		return nil
	}
	return &d.Meetings[len(d.Meetings)-1]
}

// Drafters are the users who saved a draft revision: none of them may review it (条例第27条).
func (d *Decision) Drafters() map[int64]bool {
	m := map[int64]bool{d.CreatedBy: true}
	for _, r := range d.Revisions {
		m[r.CreatedBy] = true
	}
	return m
}

// WithdrawalRequest is the undertaking unit's request to withdraw the decision, and how the
// government office settled it for the deciding organ (条例第10—11条).
type WithdrawalRequest struct {
	ID          int64
	Reason      string
	RequestedAt time.Time
	RequestedBy int64
	SettledAt   time.Time // zero while pending
	SettledBy   int64
	Withdrawn   bool   // settled by withdrawing the decision; otherwise declined
	Answer      string // the government office's reason
}

// PendingWithdrawal is the request to withdraw that awaits the government office, or nil.
func (d *Decision) PendingWithdrawal() *WithdrawalRequest {
	if n := len(d.Withdrawals); n > 0 && d.Withdrawals[n-1].SettledAt.IsZero() {
		return &d.Withdrawals[n-1]
	}
	return nil
}

// DraftChangeNote records why a draft changed since the public saw it needs no new consultation
// (条例第15条): the draft it is about, the one the public saw, and the reason.
type DraftChangeNote struct {
	RevisionID       int64
	NoticeRevisionID int64
	Reason           string
	At               time.Time
	By               int64
}

// DraftChangedSinceConsultation reports whether the current draft differs from the one the
// public comment notice put out, and that draft's and the current one's numbers.
func (d *Decision) DraftChangedSinceConsultation() (changed bool, seen, current *Revision) {
	cur := d.CurrentRevision()
	if d.Notice == nil || cur == nil || d.Notice.RevisionID == 0 || cur.ID == d.Notice.RevisionID {
		return false, nil, cur
	}
	for i := range d.Revisions {
		if d.Revisions[i].ID == d.Notice.RevisionID {
			seen = &d.Revisions[i]
		}
	}
	return true, seen, cur
}

// draftChangeNoted is the note that accounts for the current draft's change, or nil.
func (d *Decision) draftChangeNoted() *DraftChangeNote {
	cur := d.CurrentRevision()
	for i := range d.DraftNotes {
		if cur != nil && d.DraftNotes[i].RevisionID == cur.ID && d.Notice != nil && d.DraftNotes[i].NoticeRevisionID == d.Notice.RevisionID {
			return &d.DraftNotes[i]
		}
	}
	return nil
}
