package workflow

import (
	"strings"
	"testing"
	"time"
)

// breakCase breaks one thing in the complete fixture of each of events; the gate must then report
// exactly one problem, in field, citing basis. An empty basis means the change must still pass.
type breakCase struct {
	name   string
	events []Event
	brk    func(d *Decision, in *Input, a *Actor, env *Env)
	field  string
	basis  string
	substr string // optional: a part of the message
}

var (
	consultationEvents = []Event{ToHearing, SkipHearing}
	reviewEvs          = []Event{ReviewPass, ReviewRevise, ReviewFail}
	meetingEvs         = []Event{Approve, Reject, Reconsider, Defer}
)

func one(ev Event) []Event { return []Event{ev} }

var breakCases = []breakCase{
	// start
	{"no proposer kind", one(Start), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Proposal.Kind = "" }, "proposal", "条例第10条", "建议人类别"},
	{"no proposer", one(Start), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Proposal.Proposer = " " }, "proposal", "条例第10条", "建议人"},
	{"no problem", one(Start), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Proposal.Problem = "" }, "proposal", "条例第10条", "拟解决的问题"},
	{"department without reasons", one(Start), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Proposal.Reasons = "" }, "proposal", "条例第10条第1款", "理由"},
	{"department without necessity", one(Start), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Proposal.Necessity = "" }, "proposal", "条例第10条第1款", "必要性"},
	{"leader need not give reasons", one(Start), func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Proposal.Kind, d.Proposal.Reasons, d.Proposal.Solution = ProposerLeader, "", ""
	}, "", "", ""},
	{"no decision organ", one(Start), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Proposal.DecisionOrgan = "" }, "proposal", "条例第11条", "决策机关"},
	{"no responsible leader", one(Start), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Proposal.ResponsibleLeader = "" }, "proposal", "条例第11条", "负责领导"},
	{"no start record", one(Start), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Start = nil }, "start", "条例第11条", ""},
	{"start without basis", one(Start), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Start.Basis = "" }, "start", "条例第11条", "依据"},
	{"start without date", one(Start), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Start.DecidedOn = time.Time{} }, "start", "条例第11条", "日期"},

	// reasons
	{"decline without reason", one(Decline), func(_ *Decision, in *Input, _ *Actor, _ *Env) { in.Reason = "  " }, "reason", "条例第11条", ""},
	{"withdraw without reason", one(Withdraw), func(_ *Decision, in *Input, _ *Actor, _ *Env) { in.Reason = "" }, "reason", "条例第10—11条", ""},
	{"suspend without reason", one(Suspend), func(_ *Decision, in *Input, _ *Actor, _ *Env) { in.Reason = "" }, "reason", "条例第37条", ""},
	{"resume without reason", one(Resume), func(_ *Decision, in *Input, _ *Actor, _ *Env) { in.Reason = "" }, "reason", "条例第37条", ""},
	{"resubmit without reason", one(Resubmit), func(_ *Decision, in *Input, _ *Actor, _ *Env) { in.Reason = "" }, "reason", "条例第30条", ""},
	{"evaluate without reason", one(Evaluate), func(_ *Decision, in *Input, _ *Actor, _ *Env) { in.Reason = "" }, "reason", "条例第36条", ""},

	// submit
	{"no draft", one(Submit), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Revisions = nil }, "revision", "条例第12条", "尚未保存"},
	{"empty current draft", one(Submit), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Revisions[1].Body = " \n" }, "revision", "条例第12条", "第2稿"},
	{"not disclosed without reason", one(Submit), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Flags.NotDisclosed = true }, "flags", "条例第14条", ""},
	{"not disclosed with reason", one(Submit), func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Flags.NotDisclosed, d.Flags.NotDisclosedReason = true, "《保守国家秘密法》"
	}, "", "", ""},
	{"dispute without their view", one(Submit), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Disputes[0].TheirView = "" }, "dispute", "条例第13条", "市交通运输局"},

	// consultation
	{"no method", consultationEvents, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Methods = nil }, "method", "规划三(二)1；条例第14条", ""},
	{"no method when not disclosed", consultationEvents, func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Methods, d.Flags.NotDisclosed, d.Flags.NotDisclosedReason = nil, true, "涉密"
	}, "", "", ""},
	{"no notice", consultationEvents, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Notice = nil }, "notice", "条例第15条", "尚未向社会公开征求意见"},
	{"no notice needed", consultationEvents, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Notice, d.Flags.AffectsInterests = nil, false }, "", "", ""},
	{"period not ended", consultationEvents, func(d *Decision, _ *Input, _ *Actor, env *Env) { d.Notice.EndsOn = env.Now }, "notice", "条例第15条", "尚未届满"},
	{"period ended yesterday", consultationEvents, func(d *Decision, _ *Input, _ *Actor, env *Env) {
		d.Notice.EndsOn = env.Now.AddDate(0, 0, -1)
	}, "", "", ""},
	{"period 21 days", consultationEvents, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Notice.EndsOn = date(2026, 2, 22) }, "notice", "条例第15条", "公开征求意见期限为21日，少于30日，且公告未说明缩短理由"},
	{"period 29 days", consultationEvents, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Notice.EndsOn = date(2026, 3, 2) }, "notice", "条例第15条", "29日"},
	{"period 21 days with reason", consultationEvents, func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Notice.EndsOn, d.Notice.ShortReason = date(2026, 2, 22), "汛期前须实施"
	}, "", "", ""},
	{"period 21 days under a 20-day setting", consultationEvents, func(d *Decision, _ *Input, _ *Actor, env *Env) {
		d.Notice.EndsOn, env.Settings.MinCommentDays = date(2026, 2, 22), 20
	}, "", "", ""},
	{"comment pending", consultationEvents, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Comments[1].Disposition = DispositionNone }, "comment", "条例第15条", "尚有1条"},
	{"comment without reason", consultationEvents, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Comments[0].Reason = "" }, "comment", "条例第15条", "尚有1条"},
	{"no feedback", consultationEvents, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Feedback = nil }, "feedback", "条例第15条第2款", ""},
	{"feedback without channel", consultationEvents, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Feedback.Channel = "" }, "feedback", "条例第15条第2款", "渠道"},
	{"no feedback needed", consultationEvents, func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Feedback, d.Notice, d.Comments, d.Flags.AffectsInterests = nil, nil, nil, false
	}, "", "", ""},
	{"technical without experts", consultationEvents, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Experts = nil }, "expert", "条例第19—20条", ""},
	{"not technical without experts", consultationEvents, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Experts, d.Flags.Technical = nil, false }, "", "", ""},
	{"expert unsigned", consultationEvents, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Experts[0].Signed = false }, "expert", "条例第19—20条", "张教授"},
	{"expert without conclusion", consultationEvents, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Experts[1].Conclusion = "" }, "expert", "条例第19—20条", "李研究员"},
	{"expert with interest", consultationEvents, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Experts[0].NoInterest = false }, "expert", "条例第19—20条", "利害关系"},
	{"draft changed since the notice", one(ToHearing), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Notice.RevisionID = 11 }, "draft_change", "条例第15条", "第1稿"},
	{"draft change accounted for", one(ToHearing), func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Notice.RevisionID = 11
		d.DraftNotes = []DraftChangeNote{{RevisionID: 12, NoticeRevisionID: 11, Reason: "仅作文字调整"}}
	}, "", "", ""},
	{"hearing required", one(SkipHearing), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Flags.HearingRequired = true }, "flags", "条例第16条", "依法应当听证"},
	{"hearing chosen", one(SkipHearing), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Flags.HearingChosen = true }, "flags", "条例第16条", "已决定听证"},
	{"hearing chosen, to hearing", one(ToHearing), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Flags.HearingChosen = true }, "", "", ""},
	{"skip hearing without reason", one(SkipHearing), func(_ *Decision, in *Input, _ *Actor, _ *Env) { in.Reason = "" }, "reason", "条例第16条", ""},

	// hearing
	{"no hearing", one(ToRisk), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Hearing = nil }, "hearing", "条例第16条", ""},
	{"notice not published", one(ToRisk), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Hearing.NoticePublishedOn = time.Time{} }, "hearing", "条例第16条", "听证公告"},
	{"notice on hearing day", one(ToRisk), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Hearing.NoticePublishedOn = d.Hearing.HeldOn }, "hearing", "条例第16条", "听证公告"},
	{"no selection method", one(ToRisk), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Hearing.SelectionMethod = "" }, "hearing", "条例第17条", "遴选办法"},
	{"selection published late", one(ToRisk), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Hearing.SelectionPublishedOn = date(2026, 3, 28) }, "hearing", "条例第17条", "未在听证"},
	{"no participants", one(ToRisk), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Hearing.Participants = nil }, "participant", "条例第17条", ""},
	{"list not published", one(ToRisk), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Hearing.ListPublishedOn = time.Time{} }, "participant", "条例第17条", "名单"},
	{"materials 6 days before", one(ToRisk), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Hearing.MaterialsDeliveredOn = date(2026, 3, 21) }, "hearing", "条例第16条", "仅6日，少于7日"},
	{"materials not delivered", one(ToRisk), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Hearing.MaterialsDeliveredOn = time.Time{} }, "hearing", "条例第16条", "送达"},
	{"hearing in the future", one(ToRisk), func(d *Decision, _ *Input, _ *Actor, env *Env) { d.Hearing.HeldOn = env.Now.AddDate(0, 0, 1) }, "hearing", "条例第17条", "尚未举行"},
	{"hearing today", one(ToRisk), func(d *Decision, _ *Input, _ *Actor, env *Env) { d.Hearing.HeldOn = env.Now }, "", "", ""},
	{"no hearing date", one(ToRisk), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Hearing.HeldOn = time.Time{} }, "hearing", "条例第17条", "听证日期"},
	{"record unsigned", one(ToRisk), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Hearing.RecordSigned = false }, "hearing", "条例第17条", "签字"},
	{"no record summary", one(ToRisk), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Hearing.RecordSummary = "" }, "hearing", "条例第17条", "摘要"},
	{"no opinions handling", one(ToRisk), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Hearing.OpinionsHandling = "" }, "hearing", "条例第18条", ""},

	// risk
	{"no risk report", one(ToReview), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Risk = nil }, "risk", "规划三(二)3", "不得作出决策"},
	{"dimension missing", one(ToReview), func(d *Decision, _ *Input, _ *Actor, _ *Env) { delete(d.Risk.Dimensions, DimEconomy) }, "risk", "条例第22条", "经济"},
	{"dimension without analysis", one(ToReview), func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Risk.Dimensions[DimOther] = DimensionAssessment{Level: LevelLow}
	}, "risk", "条例第22条", "其他"},
	{"no methods", one(ToReview), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Risk.Methods = "" }, "risk", "条例第23条", ""},
	{"no assessor", one(ToReview), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Risk.Assessor = "" }, "risk", "条例第22条", "评估主体"},
	{"medium risk without plan", one(ToReview), func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Risk.Dimensions[DimSafety] = DimensionAssessment{LevelMedium, "有一定风险"}
		d.Risk.Contingency = ""
	}, "risk", "条例第23条", "化解处置预案"},
	{"low risk without plan", one(ToReview), func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Risk.RiskPoints, d.Risk.Measures, d.Risk.Contingency = "", "", ""
	}, "", "", ""},
	{"risk not controllable", one(ToReview), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Risk.Controllable = false }, "risk", "条例第24条", "风险可控"},
	{"stability risk cannot skip", one(SkipRisk), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Flags.StabilityRisk = true }, "flags", "条例第22条", "必须进行风险评估"},
	{"skip risk without reason", one(SkipRisk), func(_ *Decision, in *Input, _ *Actor, _ *Env) { in.Reason = "" }, "reason", "规划三(二)3", ""},

	// legality review
	{"no submission", reviewEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Submissions = nil }, "submission", "条例第26条", ""},
	{"submission returned", reviewEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Submissions[0].ReturnedOn = date(2026, 4, 3) }, "submission", "条例第26条", "退回"},
	{"submission of an old draft", reviewEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Submissions[0].RevisionID = 11 }, "submission", "条例第26条", "第1稿"},
	{"no review", reviewEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Reviews = nil }, "review", "条例第27条", "尚未填写"},
	{"review on another submission", reviewEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Reviews[0].SubmissionID = 30 }, "review", "条例第27条", "送审材料"},
	{"review on an old draft", reviewEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Reviews[0].RevisionID = 11 }, "review", "条例第27条", "当前草案"},
	{"reviewer drafted (actor)", reviewEvs, func(_ *Decision, _ *Input, a *Actor, _ *Env) { a.UserID = 2 }, "review", "条例第27条", "本人起草"},
	{"reviewer drafted (record)", reviewEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Reviews[0].ReviewerID = clerkID }, "review", "条例第27条", "本人起草"},
	{"no authority opinion", reviewEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Reviews[0].Authority = "" }, "review", "条例第27条", "权限"},
	{"no substance opinion", reviewEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Reviews[0].Substance = "" }, "review", "条例第27条", "内容"},
	{"no advisers", reviewEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Reviews[0].Advisers = "" }, "review", "条例第28条", ""},
	{"password not confirmed", reviewEvs, func(_ *Decision, in *Input, _ *Actor, _ *Env) { in.PasswordConfirmed = false }, "password", "审查意见须经本人确认签署", ""},

	// collective discussion
	{"no meeting", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Meetings = nil }, "meeting", "条例第30条", ""},
	{"no feedback for the package", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Feedback = nil }, "meeting", "条例第29条", "社会公众意见"},
	{"no hearing handling for the package", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Hearing.OpinionsHandling = " " }, "meeting", "条例第29条", "听证意见"},
	{"no expert opinions for the package", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Experts = nil }, "meeting", "条例第29条", "专家论证"},
	{"no expert report needed", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Experts, d.Flags.Technical = nil, false
	}, "", "", ""},
	{"no fair-competition review", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Flags.MarketActivity = true }, "meeting", "条例第29条", "公平竞争审查"},
	{"fair-competition review recorded", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Flags.MarketActivity = true
		d.FairCompetition = &FairCompetitionReview{ReviewedOn: date(2026, 4, 2), Reviewer: "市发展和改革委员会", Conclusion: FCNoEffect, Summary: "不含排除、限制竞争内容"}
	}, "", "", ""},
	{"no risk report for the package", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Risk = nil }, "meeting", "条例第29条", "风险评估报告"},
	{"no risk report after skip", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Risk, d.RiskSkip = nil, "不涉及"
	}, "", "", ""},
	{"meeting before review clock", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Meetings[0].HeldOn = date(2026, 4, 9) }, "meeting", "条例第26条", "2026年4月10日"},
	{"meeting on the 7th working day", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Meetings[0].HeldOn = date(2026, 4, 10) }, "", "", ""},
	{"meeting before review clock over Qingming", meetingEvs, func(d *Decision, _ *Input, _ *Actor, env *Env) {
		d.Meetings[0].HeldOn = date(2026, 4, 10)
		env.Calendar = Calendar{Off: map[string]bool{"2026-04-06": true}}
	}, "meeting", "条例第26条", "2026年4月13日"},
	{"meeting clock from the reviewed submission", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Submissions = append(d.Submissions, ReviewSubmission{ID: 32, RevisionID: 12, SubmittedOn: date(2026, 4, 15)})
	}, "", "", ""},
	{"no meeting date", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Meetings[0].HeldOn = time.Time{} }, "meeting", "条例第26条", "日期"},
	{"legal head absent", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Meetings[0].LegalHeadAttended = false }, "meeting", "规划三(二)4", ""},
	{"no opinions", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Meetings[0].Opinions = nil }, "opinion", "条例第30条", ""},
	{"head not last", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Meetings[0].Opinions[2].Seq = 0 }, "opinion", "条例第30条", "最后"},
	{"head last by seq, not by slice order", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		ops := d.Meetings[0].Opinions
		ops[0], ops[2] = ops[2], ops[0]
	}, "", "", ""},
	{"two heads", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Meetings[0].Opinions[0].IsHead = true }, "opinion", "条例第30条", "2条"},
	{"no head opinion", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Meetings[0].Opinions[2].IsHead = false }, "opinion", "条例第30条", "行政首长"},
	{"head decision differs", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Meetings[0].Head = HeadNone }, "meeting", "条例第30条", "行政首长的决定"},
	{"approve against the majority", one(Approve), func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Meetings[0].Opinions[0].Stance, d.Meetings[0].Opinions[1].Stance = StanceAgainst, StanceAgainst
		d.Meetings[0].DepartureReason = ""
	}, "reason", "条例第30条", "同意0人、不同意2人"},
	{"approve against the majority with reason", one(Approve), func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Meetings[0].Opinions[0].Stance, d.Meetings[0].Opinions[1].Stance = StanceAgainst, StanceAgainst
	}, "", "", ""},
	{"approve with the majority", one(Approve), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Meetings[0].DepartureReason = "" }, "", "", ""},
	{"approve on a tie", one(Approve), func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Meetings[0].Opinions[0].Stance, d.Meetings[0].DepartureReason = StanceAgainst, ""
	}, "", "", ""},
	{"reject against the majority", one(Reject), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Meetings[0].DepartureReason = "" }, "reason", "条例第30条", "不予通过"},
	{"defer against the majority", one(Defer), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Meetings[0].DepartureReason = "" }, "reason", "条例第30条", "暂缓"},
	{"reconsider against the majority", one(Reconsider), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Meetings[0].DepartureReason = "" }, "reason", "条例第30条", "修改后再议"},
	{"defer on a tie needs no reason", one(Defer), func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Meetings[0].DepartureReason = ""
		for i := range d.Meetings[0].Opinions {
			if !d.Meetings[0].Opinions[i].IsHead {
				d.Meetings[0].Opinions[i].Stance = StanceAbstain
			}
		}
	}, "", "", ""},
	{"approve after revise", one(Approve), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Reviews[0].Conclusion = ConclusionRevise }, "review", "规划三(二)4", "修改后合法"},
	{"approve on an old draft", one(Approve), func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Revisions = append(d.Revisions, Revision{ID: 13, No: 3, Body: "第三稿", CreatedBy: 1})
	}, "review", "规划三(二)4", "当前草案"},
	{"defer after revise", one(Defer), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Reviews[0].Conclusion = ConclusionRevise }, "", "", ""},

	// publication
	{"no publication", one(Implement), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Publication = nil }, "publication", "条例第32条", ""},
	{"no doc number", one(Implement), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Publication.DocNumber = "" }, "publication", "条例第32条", "文号"},
	{"no channels", one(Implement), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Publication.Channels = "" }, "publication", "条例第32条", "渠道"},
	{"not published by law", one(Implement), func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Publication = &Publication{NotPublishedReason: "涉及国家秘密"}
	}, "", "", ""},
	{"no explanation", one(Implement), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Publication.Explanation = "" }, "publication", "条例第32条", "采纳情况"},
	{"no explanation needed", one(Implement), func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Publication.Explanation, d.Flags.AffectsInterests = "", false
	}, "", "", ""},
	{"no party report", one(Implement), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.PartyReport = nil }, "party_report", "条例第31条", ""},
	{"party report after publication", one(Implement), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.PartyReport.ReportedOn = date(2026, 4, 26) }, "party_report", "条例第31条", "晚于"},
	{"party report on publication day", one(Implement), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.PartyReport.ReportedOn = date(2026, 4, 25) }, "", "", ""},

	// post-evaluation
	{"no evaluation", one(Close), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Evaluation = nil }, "evaluation", "条例第36条", ""},
	{"evaluation without reasons", one(Close), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Evaluation.Reasons = "" }, "evaluation", "条例第36条", "理由"},
	{"evaluation without conclusion", one(Close), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Evaluation.Conclusion = "" }, "evaluation", "条例第36条", "评估结论"},
	{"evaluation without date", one(Close), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Evaluation.EvaluatedOn = time.Time{} }, "evaluation", "条例第36条", "评估日期"},
	{"evaluated by the assessor", one(Close), func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Evaluation.EvaluatorUnit = "市社会稳定风险评估中心"
	}, "evaluation", "条例第36条", "不得承担"},
	{"evaluated by the assessor unknown", one(Close), func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Evaluation.EvaluatorUnit, d.Risk.AssessorUnit = "", ""
	}, "", "", ""},
}

func TestGates(t *testing.T) {
	for _, c := range breakCases {
		for _, ev := range c.events {
			d, in, a, env := completeFor(ev), testInput(), allowedActor(ev), testEnv()
			c.brk(d, &in, &a, &env)
			ps := Check(d, ev, a, in, env)
			if c.basis == "" {
				if len(ps) > 0 {
					t.Errorf("%s / %s: want no problem, got %+v", c.name, ev, ps)
				}
				continue
			}
			if len(ps) != 1 {
				t.Errorf("%s / %s: want 1 problem, got %d: %+v", c.name, ev, len(ps), ps)
				continue
			}
			p := ps[0]
			if p.Field != c.field || p.Basis != c.basis || p.Message == "" || !strings.Contains(p.Message, c.substr) {
				t.Errorf("%s / %s: got %+v, want field %q basis %q message containing %q", c.name, ev, p, c.field, c.basis, c.substr)
			}
		}
	}
}

// TestGatesCoverEveryEvent: each event has at least one breaking case, so no gate goes untested
// by accident of a missing table row.
func TestGatesCoverEveryEvent(t *testing.T) {
	seen := map[Event]bool{}
	for _, c := range breakCases {
		if c.basis != "" {
			for _, ev := range c.events {
				seen[ev] = true
			}
		}
	}
	for _, ev := range Events() {
		if !seen[ev] {
			t.Errorf("no gate case breaks %s", ev)
		}
	}
	// and every gate of the table belongs to real events
	for i, g := range gates {
		for _, ev := range g.events {
			if _, ok := TransitionOf(ev); !ok {
				t.Errorf("gate %d (%s) names unknown event %q", i, g.text, ev)
			}
		}
		if g.check == nil || g.basis == "" || g.field == "" || g.requirement(DefaultSettings) == "" {
			t.Errorf("gate %d (%s) incomplete", i, g.text)
		}
	}
}

// TestCheckReportsAll: several missing things are reported at once, in the order of the table.
func TestCheckReportsAll(t *testing.T) {
	d := complete(Hearing)
	d.Hearing = &HearingRecord{HeldOn: date(2026, 3, 27)}
	ps := Check(d, ToRisk, actorOf(RoleClerk), testInput(), testEnv())
	want := []string{"条例第16条", "条例第17条", "条例第17条", "条例第16条", "条例第17条", "条例第18条"}
	if len(ps) != len(want) {
		t.Fatalf("got %d problems, want %d: %+v", len(ps), len(want), ps)
	}
	for i, p := range ps {
		if p.Basis != want[i] {
			t.Errorf("problem %d: basis %s, want %s (%s)", i, p.Basis, want[i], p.Message)
		}
	}

	empty := &Decision{State: Proposed}
	ps = Check(empty, Start, actorOf(RoleSecretary), Input{}, testEnv())
	if len(ps) != 4 { // kind & proposer, problem, organ & leader, start record
		t.Errorf("empty proposal: got %d problems: %+v", len(ps), ps)
	}

	d = completeFor(ReviewPass)
	d.Reviews[0].Authority, d.Reviews[0].Advisers = "", ""
	ps = Check(d, ReviewPass, actorOf(RoleReviewer), Input{}, testEnv())
	got := map[string]int{}
	for _, p := range ps {
		got[p.Field]++
	}
	if len(ps) != 3 || got["review"] != 2 || got["password"] != 1 {
		t.Errorf("review: got %+v", ps)
	}
}

func TestCheckUnknownEvent(t *testing.T) {
	if ps := Check(&Decision{}, "nope", Actor{}, Input{}, testEnv()); ps != nil {
		t.Errorf("got %+v", ps)
	}
}

func TestGateErrorFor(t *testing.T) {
	e := &GateError{Event: Submit, Problems: []Problem{
		{Field: "revision", Message: "尚未保存决策草案", Basis: "条例第12条"},
		{Field: "dispute", Message: "分歧未记录", Basis: "条例第13条"},
		{Field: "revision", Message: "另一条", Basis: "条例第12条"},
	}}
	if got := e.For("revision"); len(got) != 2 {
		t.Errorf("For(revision) = %+v", got)
	}
	if got := e.For("reason"); got != nil {
		t.Errorf("For(reason) = %+v", got)
	}
	if msg := e.Error(); !strings.Contains(msg, "尚未保存决策草案") || !strings.Contains(msg, "分歧未记录") {
		t.Errorf("Error() = %q", msg)
	}
}
