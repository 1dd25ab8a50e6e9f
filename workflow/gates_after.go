package workflow

import (
	"fmt"
	"strings"
)

var (
	hasEvaluation = &presence{func(d *Decision) bool { return d.Evaluation != nil }, "尚未记录决策后评估"}
)

// published reports whether the decision is published rather than withheld by law.
func (p *Publication) published() bool { return blank(p.NotPublishedReason) }

// afterGates are the gates after the decision is taken: publication (条例第31—32条), implementation
// (条例第37条), post-evaluation (条例第36条), and the reasons asked for by resubmission and
// withdrawal.
var afterGates = []gate{
	reasonGate(Resubmit, "暂缓后再次提请讨论，须写明理由", "条例第30条"),
	{
		events: []Event{Implement}, field: string(RecPublication), basis: "条例第32条",
		text: "须记录决策公布（文号、公布日期、公布渠道），或者写明依法不予公布的理由",
		check: func(t *attempt) string {
			p := t.d.Publication
			if p == nil {
				return "尚未记录决策公布，也未写明依法不予公布的理由"
			}
			if !p.published() {
				return ""
			}
			var m []string
			if blank(p.DocNumber) {
				m = append(m, "文号")
			}
			if p.PublishedOn.IsZero() {
				m = append(m, "公布日期")
			}
			if blank(p.Channels) {
				m = append(m, "公布渠道")
			}
			if len(m) > 0 {
				return "决策公布未写明" + strings.Join(m, "、")
			}
			return ""
		},
	},
	{
		events: []Event{Implement}, field: string(RecPublication), basis: "条例第32条",
		text: "涉及社会公众切身利益的，公布时须说明公众意见、专家意见的采纳情况",
		applies: func(d *Decision, _ Env) bool {
			return d.Flags.AffectsInterests && d.Publication != nil && d.Publication.published()
		},
		check: func(t *attempt) string {
			if blank(t.d.Publication.Explanation) {
				return "决策涉及社会公众切身利益，公布时未说明公众意见、专家意见的采纳情况"
			}
			return ""
		},
	},
	{
		events: []Event{Implement}, field: string(RecPartyReport), basis: "条例第31条",
		text: "决策出台前须向同级党委请示报告，并记录报告日期",
		check: func(t *attempt) string {
			r := t.d.PartyReport
			if r == nil || r.ReportedOn.IsZero() {
				return "尚未记录向同级党委请示报告的日期"
			}
			if p := t.d.Publication; p != nil && !p.PublishedOn.IsZero() && Day(r.ReportedOn).After(Day(p.PublishedOn)) {
				return fmt.Sprintf("向同级党委请示报告的日期（%s）晚于决策公布日期（%s）", dateCN(r.ReportedOn), dateCN(p.PublishedOn))
			}
			return ""
		},
	},
	reasonGate(Suspend, "暂停执行须写明理由", "条例第37条"),
	reasonGate(Resume, "恢复执行须写明理由", "条例第37条"),
	reasonGate(Evaluate, "启动决策后评估须写明原因（未达到预期效果、公众意见较多或者决策机关认为有必要等）", "条例第36条"),
	{
		events: []Event{Close}, field: string(RecEvaluation), basis: "条例第36条",
		text: "须记录决策后评估报告",
		check: func(t *attempt) string {
			if t.d.Evaluation == nil {
				return "尚未记录决策后评估报告"
			}
			return ""
		},
	},
	{
		events: []Event{Close}, field: string(RecEvaluation), basis: "条例第36条", needs: hasEvaluation,
		text: "评估报告须写明评估主体、所听取的意见、评估结论及理由和评估日期",
		check: func(t *attempt) string {
			e := t.d.Evaluation
			m := missing("评估主体", e.Evaluators, "所听取的意见", e.Opinions, "评估结论", string(e.Conclusion), "结论理由", e.Reasons)
			if e.EvaluatedOn.IsZero() {
				m = append(m, "评估日期")
			}
			if len(m) > 0 {
				return "决策后评估报告未写明" + strings.Join(m, "、")
			}
			return ""
		},
	},
	{
		events: []Event{Close}, field: string(RecEvaluation), basis: "条例第36条", needs: hasEvaluation,
		text: "承担决策前主要论证评估工作的单位不得承担决策后评估",
		applies: func(d *Decision, _ Env) bool {
			return d.Risk != nil && (d.Risk.AssessorBody != "" || !blank(d.Risk.AssessorUnit))
		},
		check: func(t *attempt) string {
			if t.d.Evaluation.EvaluatorBody == "" && blank(t.d.Evaluation.EvaluatorUnit) {
				return "评估报告未写明承担评估的单位，无法与决策前的评估单位比对"
			}
			return sameAssessor(t.d.Risk, t.d.Evaluation)
		},
	},
	reasonGate(Withdraw, "撤回须写明理由", WithdrawBasis),
}
