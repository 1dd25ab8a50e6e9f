package workflow

import "fmt"

// FieldKind is how a field is typed in and read.
type FieldKind int

// The kinds of field.
const (
	KindLine   FieldKind = iota // one line of text
	KindText                    // free text over several lines
	KindDate                    // a day, yyyy-mm-dd, in Beijing time
	KindCheck                   // yes or no
	KindChoice                  // one of Choices
	KindLink                    // an http or https address, shown as a link to everyone
	KindBody                    // a unit or a registered third-party body, chosen from those the system knows
	KindNumber                  // a whole number
)

// Choice is one value a Choice field offers, with its label.
type Choice struct {
	Value, Label string
}

// Field describes one field of a form once: its name in the form, its Chinese label (as the
// form, its error messages and the history say it), a note shown after the label (often the
// article that asks for it), its kind, whether it must be filled in, its length limit in
// characters (0: MaxText), a hint under it and, for a Choice, what may be chosen. The parsing
// in web, the markup in views and the history's labels in store read it here.
type Field struct {
	Name     string
	Label    string
	Note     string
	Kind     FieldKind
	Required bool
	Max      int
	Hint     string
	Choices  []Choice
}

// MaxText is the longest text a field takes when its description sets no limit.
const MaxText = 20000

// Limit is the field's length limit in characters.
func (f Field) Limit() int {
	if f.Max > 0 {
		return f.Max
	}
	if f.Kind == KindLink {
		return 500
	}
	return MaxText
}

// Allows reports whether v is one of a Choice field's values.
func (f Field) Allows(v string) bool {
	for _, c := range f.Choices {
		if c.Value == v {
			return true
		}
	}
	return false
}

// The forms that are no record of their own.
const (
	FormReview = "review" // the legality review signed with its conclusion
	FormHead   = "head"   // the head's decision at the meeting
	FormVoid   = "void"   // a record voided with a trace
	// FormDeclineWithdrawal is the government office's refusal of a request to withdraw.
	FormDeclineWithdrawal = "withdrawal_decline"
	FormDrawRun           = "draw_run"          // the draw itself, with its witnesses
	FormSignupWithdrawal  = "signup_withdrawal" // a sign-up withdrawn from the draw
	FormMilestoneUpdate   = "milestone_update"  // where a milestone stands
)

// FieldOf is the description of field name of form (a Record's name, or FormReview or
// FormHead). A name not described is a mistake in the code, found by the first page or test
// that uses it.
func FieldOf(form, name string) Field {
	for _, f := range Forms[form] {
		if f.Name == name {
			return f
		}
	}
	panic(fmt.Sprintf("workflow: form %q has no field %q", form, name))
}

// LabelOf is the label of field name of form.
func LabelOf(form, name string) string { return FieldOf(form, name).Label }

// labelled is an enum whose values have Chinese labels.
type labelled interface {
	~string
	Label() string
}

func choicesOf[T labelled](xs []T) []Choice {
	out := make([]Choice, len(xs))
	for i, x := range xs {
		out[i] = Choice{Value: string(x), Label: x.Label()}
	}
	return out
}

func plainChoices(xs []string) []Choice {
	out := make([]Choice, len(xs))
	for i, x := range xs {
		out[i] = Choice{Value: x, Label: x}
	}
	return out
}

// CommentSources are the ways a comment reaches the undertaking unit outside the public portal;
// the clerk enters these from letters, e-mails, calls and visits.
var CommentSources = []string{"信函", "电子邮件", "电话", "现场", "其他"}

// ParticipantCategories are the kinds of hearing participants (条例第16条 asks for a broad and
// representative selection); price hearings add consumer and business representatives.
var ParticipantCategories = []string{"利害关系人", "消费者代表", "经营者代表", "专家", "人大代表", "政协委员", "群众代表", "其他"}

// SeatsField is the name of the draw form's field of the seats of ParticipantCategories[i].
func SeatsField(i int) string { return fmt.Sprintf("seats_%d", i) }

// MaxSeats is the most seats a category of the draw may have.
const MaxSeats = 200

// SignableConclusions are the conclusions a reviewer may sign (条例第27条).
var SignableConclusions = []Conclusion{ConclusionLegal, ConclusionRevise, ConclusionIllegal}

// LateReasonField is asked on every form whose record states the day of a fact: its reason when
// the record is entered late (补录).
var LateReasonField = Field{Name: "late_reason", Label: "补录理由", Kind: KindText,
	Hint: "所载日期早于本事项登记之日，或晚于该日期超过规定天数才登记的，属于补录，须写明理由；按时登记的不填"}

// DatedForms are the forms that carry LateReasonField.
var DatedForms = []Record{RecStart, RecMethod, RecNotice, RecFeedback, RecExpert, RecHearing, RecRisk, RecFairComp, RecMeeting,
	RecPartyReport, RecPublication, RecReport, RecEvaluation}

func init() {
	for _, rec := range DatedForms {
		Forms[string(rec)] = append(Forms[string(rec)], LateReasonField)
	}
	// The risk report asks a level and an analysis for each dimension (条例第23条).
	var dims []Field
	for _, d := range Dimensions {
		dims = append(dims,
			Field{Name: string(d) + "_level", Label: d.Label() + "风险等级", Kind: KindChoice, Choices: choicesOf(Levels)},
			Field{Name: string(d) + "_analysis", Label: d.Label() + "风险分析", Kind: KindText})
	}
	Forms[string(RecRisk)] = append(dims, Forms[string(RecRisk)]...)
	// The draw's seats, one field per category of participant.
	for i, c := range ParticipantCategories {
		Forms[string(RecDraw)] = append(Forms[string(RecDraw)], Field{Name: SeatsField(i), Label: c + "名额",
			Kind: KindNumber, Max: 3, Hint: "不设名额的类别留空"})
	}
}

// Forms describes every form of the pipeline's records, field by field, in form order.
var Forms = map[string][]Field{
	string(RecProposal): {
		{Name: "title", Label: "决策事项名称", Kind: KindLine, Required: true, Max: 200},
		{Name: "category", Label: "事项类别", Note: "条例第3条", Kind: KindChoice, Required: true, Choices: choicesOf(Categories)},
		{Name: "proposer_kind", Label: "提出方式", Note: "条例第10条", Kind: KindChoice, Required: true, Choices: choicesOf(ProposerKinds)},
		{Name: "proposer", Label: "提出人或提出单位", Kind: KindLine, Required: true, Max: 200},
		{Name: "problem", Label: "拟解决的主要问题", Kind: KindText, Required: true},
		{Name: "reasons", Label: "理由", Kind: KindText, Hint: "部门或下一级政府提出的，应当说明理由、依据、解决方案和必要性、可行性"},
		{Name: "legal_basis", Label: "依据", Note: "法律、法规、规章和政策", Kind: KindText},
		{Name: "solution", Label: "解决方案", Kind: KindText},
		{Name: "necessity", Label: "必要性、可行性", Kind: KindText},
		{Name: "decision_organ", Label: "决策机关", Kind: KindLine, Max: 100, Hint: "如：市人民政府"},
		{Name: "responsible_leader", Label: "负责领导", Kind: KindLine, Max: 100},
		{Name: "co_units", Label: "共同承办单位", Kind: KindLine, Max: 500, Hint: "多个单位以顿号分隔"},
	},
	string(RecStart): {
		{Name: "decided_on", Label: "决定启动日期", Kind: KindDate, Required: true},
		{Name: "basis", Label: "决定依据", Note: "会议纪要或文件", Kind: KindText, Required: true, Hint: "如：市政府第15次常务会议纪要"},
	},
	string(RecFlags): {
		{Name: "affects_interests", Label: "涉及社会公众切身利益", Note: "须向社会公开征求意见，条例第15条", Kind: KindCheck},
		{Name: "not_disclosed", Label: "依法不得公开", Note: "条例第14条", Kind: KindCheck},
		{Name: "not_disclosed_reason", Label: "不得公开的法定理由", Kind: KindText, Hint: "勾选“依法不得公开”时必填"},
		{Name: "technical", Label: "专业性、技术性较强", Note: "须组织专家论证，条例第19条", Kind: KindCheck},
		{Name: "stability_risk", Label: "可能对社会稳定、公共安全等方面造成不利影响", Note: "须风险评估，条例第22条", Kind: KindCheck},
		{Name: "hearing_required", Label: "法律、法规、规章规定应当听证", Note: "条例第16条", Kind: KindCheck},
		{Name: "hearing_chosen", Label: "承办单位认为有必要举行听证", Kind: KindCheck},
		{Name: "market_activity", Label: "涉及市场主体经济活动", Note: "须进行公平竞争审查，审查结论随提请讨论的材料提交，条例第29条", Kind: KindCheck},
		{Name: "change_reason", Label: "变更理由", Kind: KindText, Hint: "草案公开征求意见后变更决策属性的，须写明理由"},
		{Name: "legal_agreement", Label: "法制机构同意意见", Kind: KindText,
			Hint: "取消听证、专家论证、公开征求意见或风险评估要求的，须记录法制机构的书面同意意见（文号、签批人、日期）"},
	},
	string(RecRevision): {
		{Name: "body", Label: "草案正文", Kind: KindText, Required: true},
		{Name: "options", Label: "备选方案", Note: "条例第12条，可选", Kind: KindText},
		{Name: "note", Label: "修改说明", Kind: KindLine, Max: 500, Hint: "如：根据征求意见情况修改第五条"},
	},
	string(RecDispute): {
		{Name: "department", Label: "相关部门", Kind: KindLine, Required: true, Max: 200},
		{Name: "our_view", Label: "本单位意见", Kind: KindText, Required: true},
		{Name: "their_view", Label: "对方意见", Kind: KindText, Required: true},
		{Name: "reasons", Label: "各方理由", Kind: KindText, Required: true},
		{Name: "legal_basis", Label: "依据", Kind: KindText},
		{Name: "resolution", Label: "协商结果或处理意见", Kind: KindText},
	},
	string(RecMethod): {
		{Name: "method", Label: "听取意见的方式", Kind: KindChoice, Required: true, Choices: choicesOf(Methods)},
		{Name: "held_on", Label: "日期", Kind: KindDate, Required: true},
		{Name: "participants", Label: "参加人员", Kind: KindText, Required: true, Hint: "如：市消费者协会、人大代表、市民代表共15人"},
		{Name: "summary", Label: "意见情况", Kind: KindText, Required: true, Hint: "所听取意见的主要内容"},
	},
	string(RecNotice): {
		{Name: "channel", Label: "发布渠道", Kind: KindLine, Required: true, Max: 200, Hint: "如：市人民政府门户网站、《江澜日报》"},
		{Name: "how_to_submit", Label: "意见提交方式", Kind: KindText, Required: true, Hint: "如：网上意见征集平台、信函（地址、邮编）、电子邮箱"},
		{Name: "explanation", Label: "起草说明", Kind: KindText, Required: true},
		{Name: "starts_on", Label: "征求意见开始日期", Kind: KindDate, Required: true},
		{Name: "ends_on", Label: "征求意见截止日期", Note: "含当日", Kind: KindDate, Required: true, Hint: "公开征求意见的期限一般不少于30日（条例第15条）"},
		{Name: "link", Label: "公告链接", Kind: KindLink, Max: 500, Hint: "以 http:// 或 https:// 开头，可不填"},
		{Name: "short_reason", Label: "期限缩短的理由", Kind: KindText, Hint: "因情况紧急等原因缩短期限的，须在公告中说明理由（条例第15条）"},
		{Name: "published_on", Label: "公告发布日期", Kind: KindDate},
	},
	string(RecComment): {
		{Name: "source", Label: "来源", Kind: KindChoice, Required: true, Choices: plainChoices(CommentSources)},
		{Name: "author", Label: "提出人", Kind: KindLine, Max: 100, Hint: "可不填"},
		{Name: "contact", Label: "联系方式", Kind: KindLine, Max: 100, Hint: "可不填；仅供反馈使用，不予公开"},
		{Name: "received_on", Label: "收到日期", Kind: KindDate, Hint: "不填则为今日"},
		{Name: "body", Label: "意见内容", Kind: KindText, Required: true, Max: 5000, Hint: "不超过5000字"},
	},
	string(RecDisposition): {
		{Name: "disposition", Label: "处理结果", Kind: KindChoice, Required: true, Choices: choicesOf(Dispositions)},
		{Name: "reason", Label: "理由", Kind: KindText, Required: true},
	},
	string(RecFeedback): {
		{Name: "published_on", Label: "发布日期", Kind: KindDate, Required: true,
			Hint: "自该日起，反馈和每条意见的处理结果即在公众参与平台公开（不公开提出人），无论决策此后如何办理"},
		{Name: "channel", Label: "发布渠道", Kind: KindLine, Required: true, Max: 200, Hint: "如：市人民政府门户网站"},
		{Name: "summary", Label: "采纳情况说明", Kind: KindText},
	},
	string(RecExpert): {
		{Name: "name", Label: "专家姓名", Kind: KindLine, Required: true, Max: 100},
		{Name: "field", Label: "专业领域", Kind: KindLine, Required: true, Max: 200},
		{Name: "organisation", Label: "工作单位", Kind: KindLine, Required: true, Max: 200},
		{Name: "opinion", Label: "论证意见", Kind: KindText, Required: true},
		{Name: "conclusion", Label: "对科学性、合理性、可行性的论证结论", Kind: KindText, Required: true},
		{Name: "signed", Label: "论证意见已由专家书面签署", Kind: KindCheck},
		{Name: "signed_on", Label: "签署日期", Kind: KindDate},
		{Name: "no_interest", Label: "专家已声明与决策事项无直接利害关系", Note: "有直接利害关系的专家应当回避", Kind: KindCheck},
		{Name: "differing_view", Label: "该专家持不同意见", Note: "论证应注重吸收持不同意见的专家，条例第20条", Kind: KindCheck},
	},
	string(RecHearing): {
		{Name: "notice_published_on", Label: "听证公告发布日期", Kind: KindDate, Hint: "公告应载明决策草案、听证时间和地点"},
		{Name: "notice_channel", Label: "听证公告发布渠道", Kind: KindLine, Max: 200, Hint: "如：市人民政府门户网站"},
		{Name: "held_on", Label: "听证日期", Kind: KindDate, Required: true},
		{Name: "place", Label: "听证地点", Kind: KindLine, Required: true, Max: 200},
		{Name: "selection_method", Label: "听证参加人遴选办法", Kind: KindText},
		{Name: "selection_published_on", Label: "遴选办法公布日期", Kind: KindDate, Hint: "须在听证前公布（条例第16条）"},
		{Name: "list_published_on", Label: "参加人名单公布日期", Kind: KindDate, Hint: "须在听证前公布（条例第16条）"},
		{Name: "materials_delivered_on", Label: "听证材料送达参加人日期", Kind: KindDate, Hint: "应当至少在听证7日前送达（条例第16条）"},
		{Name: "record_signed", Label: "听证笔录已经听证参加人确认签字", Note: "条例第17条", Kind: KindCheck},
		{Name: "record_summary", Label: "听证笔录摘要", Kind: KindText},
		{Name: "opinions_handling", Label: "听证意见的归纳整理和采纳情况", Note: "条例第18条", Kind: KindText},
	},
	string(RecParticipant): {
		{Name: "name", Label: "姓名", Kind: KindLine, Required: true, Max: 100},
		{Name: "category", Label: "类别", Kind: KindChoice, Required: true, Choices: plainChoices(ParticipantCategories)},
		{Name: "organisation", Label: "工作单位或身份", Kind: KindLine, Max: 200, Hint: "可不填"},
	},
	string(RecDraw): {
		{Name: "signup_closes_on", Label: "报名截止日", Note: "含当日", Kind: KindDate, Required: true, Hint: "应早于听证日期；截止次日起方可抽选"},
	},
	FormDrawRun: {
		{Name: "witnesses", Label: "见证人", Kind: KindText, Required: true, Max: 1000, Hint: "如：公证员、人大代表、纪检监察人员的姓名和单位"},
	},
	FormSignupWithdrawal: {
		{Name: "reason", Label: "退出理由", Kind: KindLine, Required: true, Max: 200, Hint: "如：本人书面申请退出；经核实不符合报名条件"},
	},
	string(RecFairComp): {
		{Name: "reviewed_on", Label: "审查日期", Kind: KindDate, Required: true},
		{Name: "reviewer", Label: "审查机构", Kind: KindLine, Required: true, Max: 200, Hint: "如：市发展和改革委员会（起草单位自我审查）"},
		{Name: "conclusion", Label: "审查结论", Kind: KindChoice, Required: true, Choices: choicesOf(FairCompetitionConclusions)},
		{Name: "summary", Label: "审查意见", Kind: KindText, Required: true, Hint: "对照审查标准逐项审查的情况和理由"},
	},
	string(RecRisk): {
		{Name: "methods", Label: "评估方法", Kind: KindText, Hint: "如：舆论跟踪、抽样调查、重点走访、会商分析（条例第23条）"},
		{Name: "risk_points", Label: "风险点", Kind: KindText},
		{Name: "measures", Label: "防范措施", Kind: KindText, Hint: "风险等级为中或者高的必填"},
		{Name: "contingency", Label: "化解处置预案", Kind: KindText, Hint: "风险等级为中或者高的必填"},
		{Name: "assessor", Label: "评估人", Kind: KindLine, Max: 200},
		{Name: "assessor_unit", Label: "评估单位", Kind: KindBody, Required: true, Hint: "承担风险评估的单位不得承担决策后评估（条例第36条）；第三方机构由系统管理员登记"},
		{Name: "third_party", Label: "委托专业机构、社会组织等第三方评估", Kind: KindCheck},
		{Name: "controllable", Label: "风险可控", Note: "风险不可控的，须调整决策草案直至风险可控，条例第24条", Kind: KindCheck},
		{Name: "assessed_on", Label: "评估日期", Kind: KindDate, Required: true},
	},
	string(RecSubmission): {
		{Name: "legal_basis", Label: "制定依据", Note: "法律、法规、规章和政策", Kind: KindText, Required: true},
		{Name: "procedures", Label: "履行决策程序情况", Kind: KindText, Required: true, Hint: "征求意见、专家论证、听证、风险评估等程序的履行情况"},
	},
	string(RecReturn): {
		{Name: "reason", Label: "退回理由", Kind: KindText, Required: true},
	},
	FormReview: {
		{Name: "conclusion", Label: "审查结论", Kind: KindChoice, Required: true, Choices: choicesOf(SignableConclusions)},
		{Name: "authority", Label: "对决策权限的审查意见", Kind: KindText},
		{Name: "procedure", Label: "对决策程序的审查意见", Kind: KindText},
		{Name: "substance", Label: "对决策内容的审查意见", Kind: KindText},
		{Name: "advisers", Label: "所听取的法律顾问、公职律师意见", Kind: KindText},
		{Name: "legal_risk", Label: "法律风险提示", Kind: KindText},
	},
	string(RecMeeting): {
		{Name: "kind", Label: "会议类型", Kind: KindChoice, Required: true, Choices: choicesOf(MeetingKinds)},
		{Name: "number", Label: "会次", Kind: KindLine, Required: true, Max: 100, Hint: "如：市人民政府第15次常务会议"},
		{Name: "held_on", Label: "会议日期", Kind: KindDate, Required: true, Hint: "不得早于送审之日起第7个工作日（条例第26条）"},
		{Name: "attendees", Label: "出席人员", Kind: KindText, Required: true},
		{Name: "legal_head_attended", Label: "法制机构负责人列席会议", Note: "规划三(二)4", Kind: KindCheck},
		{Name: "pack_other", Label: "其他材料", Kind: KindLine, Max: 500, Hint: "可不填"},
	},
	string(RecOpinion): {
		{Name: "speaker", Label: "发言人", Kind: KindLine, Required: true, Max: 100},
		{Name: "position", Label: "职务", Kind: KindLine, Max: 100},
		{Name: "is_head", Label: "行政首长", Note: "最后发言", Kind: KindCheck},
		{Name: "stance", Label: "意见", Kind: KindChoice, Required: true, Choices: choicesOf(Stances)},
		{Name: "text", Label: "发言内容", Kind: KindText, Required: true, Hint: "不同意见须原文记录"},
	},
	string(RecDraftChange): {
		{Name: "reason", Label: "修改无须重新征求意见的理由", Kind: KindText, Required: true,
			Hint: "如：仅作文字、体例调整，未改变公众权利义务；实质性修改的，请重新发布公开征求意见公告"},
	},
	string(RecWithdrawal): {
		{Name: "reason", Label: "申请撤回的理由", Kind: KindText, Required: true, Hint: "如：情况发生重大变化，本事项不再需要作出决策"},
	},
	FormDeclineWithdrawal: {
		{Name: "reason", Label: "不同意撤回的理由", Kind: KindText, Required: true},
	},
	FormVoid: {
		{Name: "reason", Label: "作废理由", Kind: KindText, Required: true, Hint: "写明记录错在何处；作废后记录仍保留并显示，不再计入办理条件"},
	},
	FormHead: {
		{Name: "head", Label: "行政首长的决定", Kind: KindChoice, Required: true, Choices: choicesOf(HeadDecisions)},
		{Name: "reason", Label: "理由", Note: "行政首长决定与多数意见不一致时须说明（条例第30条）", Kind: KindText},
	},
	string(RecPartyReport): {
		{Name: "reported_on", Label: "请示报告日期", Kind: KindDate, Required: true, Hint: "决策出台前须按规定向同级党委请示报告"},
		{Name: "note", Label: "说明", Kind: KindText, Hint: "如：报告文号、党委意见，可不填"},
	},
	string(RecPublication): {
		{Name: "doc_number", Label: "文号", Kind: KindLine, Max: 100, Hint: "如：澜政发〔2026〕12号"},
		{Name: "published_on", Label: "公布日期", Kind: KindDate},
		{Name: "channels", Label: "公布渠道", Kind: KindLine, Max: 500, Hint: "如：政府公报、政府网站、《江澜日报》"},
		{Name: "link", Label: "链接", Kind: KindLink, Max: 500, Hint: "以 http:// 或 https:// 开头，可不填"},
		{Name: "text", Label: "公布文本", Kind: KindText},
		{Name: "explanation", Label: "公众意见、专家意见采纳情况说明", Kind: KindText, Hint: "涉及社会公众切身利益的必填（条例第32条）"},
		{Name: "not_published_reason", Label: "依法不予公布的理由", Kind: KindText, Hint: "仅在依法不予公布时填写"},
	},
	string(RecReport): {
		{Name: "kind", Label: "类别", Kind: KindChoice, Required: true, Choices: choicesOf(ReportKinds)},
		{Name: "executing_unit", Label: "执行单位", Kind: KindLine, Required: true, Max: 200},
		{Name: "body", Label: "内容", Kind: KindText, Required: true, Hint: "执行进展、存在的问题、重大情况变化，或者公众来信来电来邮反映的意见"},
		{Name: "reported_on", Label: "日期", Kind: KindDate, Required: true},
		{Name: "public", Label: "在公众参与平台公开", Note: "执行进展、问题和重大变化；公众来信意见不公开", Kind: KindCheck},
	},
	string(RecMilestone): {
		{Name: "title", Label: "节点", Kind: KindLine, Required: true, Max: 200, Hint: "如：完成智能燃气表改造一期"},
		{Name: "planned_on", Label: "计划完成日期", Kind: KindDate, Required: true},
		{Name: "status", Label: "状态", Kind: KindChoice, Required: true, Choices: choicesOf(MilestoneStatuses)},
	},
	FormMilestoneUpdate: {
		{Name: "status", Label: "状态", Kind: KindChoice, Required: true, Choices: choicesOf(MilestoneStatuses)},
		{Name: "done_on", Label: "完成日期", Kind: KindDate, Hint: "状态为已完成时填写"},
		{Name: "note", Label: "说明", Kind: KindText},
	},
	string(RecEvaluation): {
		{Name: "trigger", Label: "评估原因", Kind: KindText, Required: true, Hint: "如：未达到预期效果、公众意见较多、决策机关认为有必要"},
		{Name: "evaluators", Label: "评估主体", Kind: KindText, Hint: "如：执行单位、专家、利害关系人和社会公众代表"},
		{Name: "evaluator_unit", Label: "承担评估的单位", Kind: KindBody, Required: true, Hint: "承担决策前主要论证评估工作的单位不得承担（条例第36条）；第三方机构由系统管理员登记"},
		{Name: "third_party", Label: "委托专业机构、社会组织等第三方评估", Kind: KindCheck},
		{Name: "opinions", Label: "所听取的意见", Kind: KindText},
		{Name: "conclusion", Label: "评估结论", Kind: KindChoice, Choices: choicesOf(EvalConclusions)},
		{Name: "reasons", Label: "结论理由", Kind: KindText},
		{Name: "evaluated_on", Label: "评估日期", Kind: KindDate},
	},
}
