package workflow

import "strings"

var hasRisk = &presence{func(d *Decision) bool { return d.Risk != nil }, "尚未记录风险评估"}

// riskGates are the gates of the risk assessment stage (风险评估, 规划三(二)3; 条例第22—24条).
var riskGates = []gate{
	{
		events: []Event{ToReview}, field: string(RecRisk), basis: "规划三(二)3",
		text: "须进行风险评估并记录评估报告（未经风险评估，不得作出决策）",
		check: func(t *attempt) string {
			if t.d.Risk == nil {
				return "尚未记录风险评估；未经风险评估，不得作出决策"
			}
			return ""
		},
	},
	{
		events: []Event{ToReview}, field: string(RecRisk), basis: "条例第22条",
		text: "社会稳定、公共安全、生态环境、经济、其他各方面均须评定风险等级并作出分析", needs: hasRisk,
		check: func(t *attempt) string {
			var m []string
			for _, dim := range Dimensions {
				a := t.d.Risk.Dimensions[dim]
				if a.Level == LevelNone || blank(a.Analysis) {
					m = append(m, dim.Label())
				}
			}
			if len(m) > 0 {
				return "以下方面未评定风险等级或者未作分析：" + strings.Join(m, "、")
			}
			return ""
		},
	},
	{
		events: []Event{ToReview}, field: string(RecRisk), basis: "条例第23条",
		text: "须写明评估方法（舆论跟踪、抽样调查、重点走访、会商分析等）", needs: hasRisk,
		check: func(t *attempt) string {
			if blank(t.d.Risk.Methods) {
				return "风险评估未写明评估方法"
			}
			return ""
		},
	},
	{
		events: []Event{ToReview}, field: string(RecRisk), basis: "条例第22条",
		text: "须写明评估主体", needs: hasRisk,
		check: func(t *attempt) string {
			if blank(t.d.Risk.Assessor) {
				return "风险评估未写明评估主体"
			}
			return ""
		},
	},
	{
		events: []Event{ToReview}, field: string(RecRisk), basis: "条例第23条",
		text: "风险等级为中或者高的，须写明风险点、防范措施和化解处置预案",
		applies: func(d *Decision, _ Env) bool {
			if d.Risk == nil {
				return false
			}
			o := d.Risk.Overall()
			return o == LevelMedium || o == LevelHigh
		},
		check: func(t *attempt) string {
			r := t.d.Risk
			if m := missing("风险点", r.RiskPoints, "防范措施", r.Measures, "化解处置预案", r.Contingency); len(m) > 0 {
				return "风险等级为" + r.Overall().Label() + "，未写明" + strings.Join(m, "、")
			}
			return ""
		},
	},
	{
		events: []Event{ToReview}, field: string(RecRisk), basis: "条例第24条",
		text: "风险须可控；风险不可控的，须调整决策草案直至风险可控", needs: hasRisk,
		check: func(t *attempt) string {
			if !t.d.Risk.Controllable {
				return "风险评估认为风险不可控：须调整决策草案、采取措施，直至风险可控，方可继续"
			}
			return ""
		},
	},
	{
		events: []Event{SkipRisk}, field: string(RecFlags), basis: "条例第22条",
		text:    "可能影响社会稳定、公共安全的，必须进行风险评估",
		applies: func(d *Decision, _ Env) bool { return d.Flags.StabilityRisk },
		check: func(t *attempt) string {
			return "决策可能影响社会稳定、公共安全，必须进行风险评估，不得跳过"
		},
	},
	func() gate {
		g := reasonGate(SkipRisk, "无需风险评估的，须写明理由", "规划三(二)3")
		g.applies = func(d *Decision, _ Env) bool { return !d.Flags.StabilityRisk }
		return g
	}(),
}
