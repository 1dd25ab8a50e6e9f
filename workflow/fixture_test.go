package workflow

import "time"

// date is 00:00 Shanghai of y-m-d.
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, Shanghai) }

// testEnv is the world of the fixture: 2026-06-30 10:00 in Shanghai, default settings, weekends only.
func testEnv() Env {
	return Env{Now: time.Date(2026, 6, 30, 10, 0, 0, 0, Shanghai), Settings: DefaultSettings}
}

// testInput is what a diligent user types: a reason and the password.
func testInput() Input { return Input{Reason: "依工作安排", PasswordConfirmed: true} }

// Users of the fixture: 1 created the decision and wrote draft 1, 2 wrote draft 2, 99 reviews.
const (
	clerkID    = 1
	reviewerID = 99
)

// actorOf is a user of role who may sign reviews of the fixture.
func actorOf(r Role) Actor {
	id := int64(clerkID)
	switch r {
	case RoleReviewer:
		id = reviewerID
	case RoleSecretary:
		id = 50
	case RoleAuditor:
		id = 60
	case RoleAdmin:
		id = 70
	}
	return Actor{UserID: id, Name: string(r), Role: r, UnitID: 7}
}

// complete is a decision in state s whose records meet every gate of every event, so that tests
// of states and roles test only states and roles, and each gate test breaks exactly one thing.
func complete(s State) *Decision {
	return &Decision{
		ID: 1, Title: "城区公共停车收费标准调整", Category: CategoryPublicService, State: s,
		UnitID: 7, UnitName: "市发展和改革委员会", Version: 3,
		Proposal: Proposal{
			Kind: ProposerDepartment, Proposer: "市发展和改革委员会",
			Problem: "城区停车位周转率低", Reasons: "高峰时段停车难", LegalBasis: "《价格法》",
			Solution: "实行差别化收费", Necessity: "必要且可行",
			DecisionOrgan: "市人民政府", ResponsibleLeader: "王副市长",
		},
		Flags: Flags{AffectsInterests: true, Technical: true},
		Start: &StartRecord{DecidedOn: date(2026, 1, 5), Basis: "市政府第1次常务会议", By: "秘书"},
		Revisions: []Revision{
			{ID: 11, No: 1, Body: "第一稿", CreatedBy: 1, CreatedAt: date(2026, 1, 20)},
			{ID: 12, No: 2, Body: "第二稿", CreatedBy: 2, CreatedAt: date(2026, 1, 28)},
		},
		Disputes: []Dispute{{ID: 1, Department: "市交通运输局", OurView: "按区域定价", TheirView: "按时段定价", Reasons: "兼顾公平", LegalBasis: "《价格法》"}},
		Methods:  []ConsultationMethod{{ID: 1, Method: MethodSymposium, HeldOn: date(2026, 2, 10), Participants: "居民代表", Summary: "多数赞成"}},
		Notice: &CommentNotice{
			ID: 1, RevisionID: 12, Channel: "市政府网站", HowToSubmit: "电子邮件", Explanation: "起草说明",
			StartsOn: date(2026, 2, 2), EndsOn: date(2026, 3, 3), PublishedOn: date(2026, 2, 2), // 30 days
		},
		Comments: []Comment{
			{ID: 1, Ref: "C1", Body: "应提高标准", Disposition: DispositionAdopted, Reason: "合理"},
			{ID: 2, Ref: "C2", Body: "应免费", Disposition: DispositionNotAdopted, Reason: "不符合政策"},
		},
		Feedback: &Feedback{PublishedOn: date(2026, 3, 10), Channel: "市政府网站", Summary: "采纳1条"},
		Experts: []ExpertOpinion{
			{ID: 1, Name: "张教授", Field: "交通规划", Opinion: "可行", Conclusion: "科学、合理、可行", Signed: true, SignedOn: date(2026, 2, 20), NoInterest: true},
			{ID: 2, Name: "李研究员", Field: "价格", Opinion: "基本可行", Conclusion: "基本可行", Signed: true, SignedOn: date(2026, 2, 21), NoInterest: true, DifferingView: true},
		},
		Hearing: &HearingRecord{
			ID: 1, NoticePublishedOn: date(2026, 3, 12), NoticeChannel: "市政府网站",
			HeldOn: date(2026, 3, 27), Place: "市政府第一会议室",
			SelectionMethod: "自愿报名、随机抽取", SelectionPublishedOn: date(2026, 3, 12),
			ListPublishedOn: date(2026, 3, 16), MaterialsDeliveredOn: date(2026, 3, 20), // 7 days before
			RecordSigned: true, RecordSummary: "多数同意", OpinionsHandling: "已归纳并部分采纳",
			Participants: []HearingParticipant{{ID: 1, Name: "赵某", Category: "利害关系人"}},
		},
		Risk: &RiskReport{
			ID: 1,
			Dimensions: map[Dimension]DimensionAssessment{
				DimStability: {LevelLow, "影响较小"}, DimSafety: {LevelLow, "无"}, DimEnvironment: {LevelLow, "无"},
				DimEconomy: {LevelLow, "可承受"}, DimOther: {LevelLow, "无"},
			},
			Methods: "抽样调查、重点走访", RiskPoints: "收费上调引发不满", Measures: "分步实施", Contingency: "应急预案",
			Assessor: "市社会稳定风险评估中心", AssessorUnit: "市社会稳定风险评估中心", ThirdParty: true,
			Controllable: true, AssessedOn: date(2026, 3, 30),
		},
		Submissions: []ReviewSubmission{
			{ID: 31, RevisionID: 12, LegalBasis: "《价格法》", Procedures: "已征求意见、听证、风险评估", SubmittedOn: date(2026, 4, 1), SubmittedBy: 1},
		},
		Reviews: []Review{{
			ID: 41, SubmissionID: 31, RevisionID: 12, ReviewerID: reviewerID, ReviewerName: "审查员",
			Conclusion: ConclusionLegal, Authority: "有权", Procedure: "合法", Substance: "合法",
			Advisers: "法律顾问刘律师：合法", SignedAt: date(2026, 4, 9),
		}},
		Meetings: []Meeting{{
			ID: 51, Kind: MeetingStanding, Number: "第12次常务会议", HeldOn: date(2026, 4, 20),
			Attendees: "市长、副市长", LegalHeadAttended: true,
			PackDraft: true, PackPublicReport: true, PackExpertReport: true, PackRiskReport: true, PackLegality: true,
			Opinions: []MeetingOpinion{
				{ID: 1, Seq: 1, Speaker: "副市长甲", IsHead: false, Stance: StanceFor, Text: "同意"},
				{ID: 2, Seq: 2, Speaker: "副市长乙", IsHead: false, Stance: StanceFor, Text: "同意"},
				{ID: 3, Seq: 3, Speaker: "市长", IsHead: true, Stance: StanceFor, Text: "同意"},
			},
			Head: HeadApprove, DepartureReason: "综合考虑各方意见", DecidedAt: date(2026, 4, 20),
		}},
		PartyReport: &PartyReport{ReportedOn: date(2026, 4, 22), Note: "已报告"},
		Publication: &Publication{
			DocNumber: "X府发〔2026〕5号", PublishedOn: date(2026, 4, 25), Channels: "政府公报、政府网站",
			Text: "全文", Explanation: "采纳情况说明",
		},
		Reports: []ImplementationReport{{ID: 1, Kind: ReportProgress, ExecutingUnit: "市发改委", Body: "进展顺利", ReportedOn: date(2026, 5, 20)}},
		Evaluation: &Evaluation{
			Trigger: "公众意见较多", Evaluators: "某大学课题组", EvaluatorUnit: "某大学", ThirdParty: true,
			Opinions: "问卷500份", Conclusion: EvalContinue, Reasons: "效果良好", EvaluatedOn: date(2026, 6, 20),
		},
		StateSince: date(2026, 6, 1), CreatedBy: clerkID, CreatedAt: date(2026, 1, 2),
	}
}

// completeFor is the complete decision at ev's source state, with the review being signed and the
// head's decision matching ev.
func completeFor(ev Event) *Decision {
	tr, _ := TransitionOf(ev)
	d := complete(tr.From[0])
	matchEvent(d, ev)
	return d
}

// matchEvent makes the review being signed and the head's decision those of ev.
func matchEvent(d *Decision, ev Event) {
	switch ev {
	case ReviewPass:
		d.LatestReview().Conclusion = ConclusionLegal
	case ReviewRevise:
		d.LatestReview().Conclusion = ConclusionRevise
	case ReviewFail:
		d.LatestReview().Conclusion = ConclusionIllegal
	case Approve:
		d.LatestMeeting().Head = HeadApprove
	case Reject:
		d.LatestMeeting().Head = HeadReject
	case Reconsider:
		d.LatestMeeting().Head = HeadReconsider
	case Defer:
		d.LatestMeeting().Head = HeadDefer
	}
}

// allowedActor is an actor of the first role that may fire ev.
func allowedActor(ev Event) Actor {
	tr, _ := TransitionOf(ev)
	return actorOf(tr.Roles[0])
}
