package workflow

import (
	"fmt"
	"strings"
)

// leaveConsultation are the events that leave the consultation stage; they share its gates.
var leaveConsultation = []Event{ToHearing, SkipHearing}

var (
	hasNotice  = &presence{func(d *Decision) bool { return d.Notice != nil }, "尚未记录公开征求意见公告"}
	hasExperts = &presence{func(d *Decision) bool { return len(d.Experts) > 0 }, "尚未记录专家论证意见"}
)

// mustConsultPublicly reports whether the draft must be put out for public comment (条例第15条).
func mustConsultPublicly(d *Decision, _ Env) bool {
	return d.Flags.AffectsInterests && !d.Flags.NotDisclosed
}

// hearingDue reports whether a hearing is required by law or was chosen (条例第16条).
func hearingDue(d *Decision, _ Env) bool { return d.Flags.HearingRequired || d.Flags.HearingChosen }

// consultationGates are the gates of the consultation stage (征求意见, 规划三(二)1; 条例第14–15、19–20条)
// and the hearing decision taken when leaving it (条例第16条).
var consultationGates = []gate{
	{
		events: leaveConsultation, field: string(RecMethod), basis: "规划三(二)1；条例第14条",
		text:    "须至少记录一种听取意见的方式（座谈会、论证会、实地走访、书面征求意见、向社会公开征求意见、问卷调查、民意调查等）",
		applies: func(d *Decision, _ Env) bool { return !d.Flags.NotDisclosed },
		check: func(t *attempt) string {
			if len(t.d.Methods) == 0 {
				return "尚未记录任何听取意见的方式"
			}
			return ""
		},
	},
	{
		events: leaveConsultation, field: string(RecNotice), basis: "条例第15条",
		text:    "涉及社会公众切身利益的，须向社会公开征求意见",
		applies: mustConsultPublicly,
		check: func(t *attempt) string {
			if t.d.Notice == nil {
				return "决策涉及社会公众切身利益，尚未向社会公开征求意见"
			}
			return ""
		},
	},
	{
		events: leaveConsultation, field: string(RecNotice), basis: "条例第15条",
		text:    "公开征求意见期限届满后，方可进入下一阶段",
		applies: mustConsultPublicly, needs: hasNotice,
		check: func(t *attempt) string {
			n := t.d.Notice
			if n.EndsOn.IsZero() {
				return "公开征求意见公告未写明截止日期"
			}
			if !Day(t.env.Now).After(Day(n.EndsOn)) {
				return fmt.Sprintf("公开征求意见截止于%s，期限尚未届满", dateCN(n.EndsOn))
			}
			return ""
		},
	},
	{
		events: leaveConsultation, field: string(RecNotice), basis: "条例第15条",
		textf: func(s Settings) string {
			return fmt.Sprintf("公开征求意见期限一般不少于%d日；缩短的，须在公告中说明理由", s.MinCommentDays)
		},
		applies: mustConsultPublicly, needs: hasNotice,
		check: func(t *attempt) string {
			n := t.d.Notice
			if n.StartsOn.IsZero() || n.EndsOn.IsZero() {
				return "公开征求意见公告未写明起止日期"
			}
			days, least := DaysInclusive(n.StartsOn, n.EndsOn), t.env.Settings.MinCommentDays
			if days < least && blank(n.ShortReason) {
				return fmt.Sprintf("公开征求意见期限为%d日，少于%d日，且公告未说明缩短理由", days, least)
			}
			return ""
		},
	},
	{
		events: leaveConsultation, field: string(RecDraftChange), basis: "条例第15条", needs: hasNotice,
		text: "征求意见后修改草案的，须就修改后的草案重新公开征求意见，或记录无须重新征求意见的理由",
		check: func(t *attempt) string {
			changed, seen, cur := t.d.DraftChangedSinceConsultation()
			if !changed || t.d.draftChangeNoted() != nil {
				return ""
			}
			was := "原征求意见稿"
			if seen != nil {
				was = fmt.Sprintf("第%d稿", seen.No)
			}
			return fmt.Sprintf("公开征求意见的是%s，当前草案为第%d稿：须重新发布公开征求意见公告，或记录修改无须重新征求意见的理由", was, cur.No)
		},
	},
	{
		events: leaveConsultation, field: string(RecComment), basis: "条例第15条",
		text: "每条公众意见须有采纳处理结果和理由",
		check: func(t *attempt) string {
			pending := 0
			for _, c := range t.d.Comments {
				if c.Disposition == DispositionNone || blank(c.Reason) {
					pending++
				}
			}
			if pending > 0 {
				return fmt.Sprintf("尚有%d条公众意见未写明采纳处理结果和理由（共%d条）", pending, len(t.d.Comments))
			}
			return ""
		},
	},
	{
		events: leaveConsultation, field: string(RecFeedback), basis: "条例第15条第2款",
		text:    "须公开反馈意见采纳情况（发布日期、渠道）",
		applies: func(d *Decision, _ Env) bool { return d.Notice != nil || len(d.Comments) > 0 },
		check: func(t *attempt) string {
			f := t.d.Feedback
			if f == nil {
				return "尚未记录意见采纳情况的反馈"
			}
			var m []string
			if f.PublishedOn.IsZero() {
				m = append(m, "发布日期")
			}
			if blank(f.Channel) {
				m = append(m, "发布渠道")
			}
			if len(m) > 0 {
				return "意见采纳情况反馈未写明" + strings.Join(m, "、")
			}
			return ""
		},
	},
	{
		events: leaveConsultation, field: string(RecExpert), basis: "条例第19—20条",
		text:    "专业性、技术性较强的，须组织专家论证",
		applies: func(d *Decision, _ Env) bool { return d.Flags.Technical },
		check: func(t *attempt) string {
			if len(t.d.Experts) == 0 {
				return "决策专业性、技术性较强，尚未记录专家论证意见"
			}
			return ""
		},
	},
	{
		events: leaveConsultation, field: string(RecExpert), basis: "条例第19—20条",
		text:    "专家论证意见须书面签署并写明签署日期",
		applies: func(d *Decision, _ Env) bool { return d.Flags.Technical }, needs: hasExperts,
		check: func(t *attempt) string {
			return experts(t.d, "的论证意见未签署或者未写明签署日期", func(x ExpertOpinion) bool { return x.Signed && !x.SignedOn.IsZero() })
		},
	},
	{
		events: leaveConsultation, field: string(RecExpert), basis: "条例第19—20条",
		text:    "专家论证意见须对科学性、合理性、可行性作出结论",
		applies: func(d *Decision, _ Env) bool { return d.Flags.Technical }, needs: hasExperts,
		check: func(t *attempt) string {
			return experts(t.d, "的论证意见未对科学性、合理性、可行性作出结论", func(x ExpertOpinion) bool { return !blank(x.Conclusion) })
		},
	},
	{
		events: leaveConsultation, field: string(RecExpert), basis: "条例第19—20条",
		text:    "论证专家须声明与决策事项无直接利害关系",
		applies: func(d *Decision, _ Env) bool { return d.Flags.Technical }, needs: hasExperts,
		check: func(t *attempt) string {
			return experts(t.d, "未声明与决策事项无直接利害关系", func(x ExpertOpinion) bool { return x.NoInterest })
		},
	},
	{
		events: []Event{SkipHearing}, field: string(RecFlags), basis: "条例第16条",
		text:    "依法应当听证或者已决定听证的，不得跳过听证",
		applies: hearingDue,
		check: func(t *attempt) string {
			if t.d.Flags.HearingRequired {
				return "依法应当听证，不得跳过听证"
			}
			return "已决定听证，不得跳过听证"
		},
	},
	func() gate {
		g := reasonGate(SkipHearing, "不举行听证须写明理由", "条例第16条")
		g.applies = func(d *Decision, env Env) bool { return !hearingDue(d, env) }
		return g
	}(),
}

// experts names the experts failing ok: "专家张三、李四论证意见未签署".
func experts(d *Decision, what string, ok func(ExpertOpinion) bool) string {
	var names []string
	for _, x := range d.Experts {
		if !ok(x) {
			name := x.Name
			if blank(name) {
				name = fmt.Sprintf("（编号%d）", x.ID)
			}
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "专家" + strings.Join(names, "、") + what
}
