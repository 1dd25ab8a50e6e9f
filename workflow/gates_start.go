package workflow

import (
	"fmt"
	"strings"
)

// startGates are the gates of the proposal stage (决策启动, 条例第10—11条).
var startGates = []gate{
	{
		events: []Event{Start}, field: string(RecProposal), basis: "条例第10条",
		text: "决策建议须写明建议人类别和建议人",
		check: func(t *attempt) string {
			p := t.d.Proposal
			if m := missing("建议人类别", string(p.Kind), "建议人", p.Proposer); len(m) > 0 {
				return "决策建议未写明" + strings.Join(m, "、")
			}
			return ""
		},
	},
	{
		events: []Event{Start}, field: string(RecProposal), basis: "条例第10条",
		text: "决策建议须写明拟解决的问题",
		check: func(t *attempt) string {
			if blank(t.d.Proposal.Problem) {
				return "决策建议未写明拟解决的问题"
			}
			return ""
		},
	},
	{
		events: []Event{Start}, field: string(RecProposal), basis: "条例第10条第1款",
		text:    "所属部门或者下一级人民政府提出的决策建议，须写明理由、依据、解决方案、必要性和可行性",
		applies: func(d *Decision, _ Env) bool { return d.Proposal.Kind == ProposerDepartment },
		check: func(t *attempt) string {
			p := t.d.Proposal
			if m := missing("理由", p.Reasons, "依据", p.LegalBasis, "解决方案", p.Solution, "必要性和可行性", p.Necessity); len(m) > 0 {
				return "部门或者下一级人民政府提出的决策建议未写明" + strings.Join(m, "、")
			}
			return ""
		},
	},
	{
		events: []Event{Start}, field: string(RecProposal), basis: "条例第11条",
		text: "须明确决策机关和负责领导",
		check: func(t *attempt) string {
			p := t.d.Proposal
			if m := missing("决策机关", p.DecisionOrgan, "负责领导", p.ResponsibleLeader); len(m) > 0 {
				return "未明确" + strings.Join(m, "、")
			}
			return ""
		},
	},
	{
		events: []Event{Start}, field: string(RecStart), basis: "条例第11条",
		text: "须记录决定启动的日期和依据（会议或者文件）",
		check: func(t *attempt) string {
			s := t.d.Start
			if s == nil {
				return "尚未记录决定启动的日期和依据"
			}
			var m []string
			if s.DecidedOn.IsZero() {
				m = append(m, "日期")
			}
			if blank(s.Basis) {
				m = append(m, "依据（会议或者文件）")
			}
			if len(m) > 0 {
				return "决定启动记录未写明" + strings.Join(m, "、")
			}
			return ""
		},
	},
	reasonGate(Decline, "不予启动须写明理由", "条例第11条"),
}

// draftingGates are the gates of the drafting stage (起草, 条例第12—14条).
var draftingGates = []gate{
	{
		events: []Event{Submit}, field: string(RecRevision), basis: "条例第12条",
		text: "须保存决策草案",
		check: func(t *attempt) string {
			r := t.d.CurrentRevision()
			if r == nil {
				return "尚未保存决策草案"
			}
			if blank(r.Body) {
				return fmt.Sprintf("决策草案第%d稿内容为空", r.No)
			}
			return ""
		},
	},
	{
		events: []Event{Submit}, field: string(RecFlags), basis: "条例第14条",
		text:    "依法不得公开的，须写明不公开的法律依据",
		applies: func(d *Decision, _ Env) bool { return d.Flags.NotDisclosed },
		check: func(t *attempt) string {
			if blank(t.d.Flags.NotDisclosedReason) {
				return "已标记依法不得公开，但未写明不公开的法律依据"
			}
			return ""
		},
	},
	{
		events: []Event{Submit}, field: string(RecDispute), basis: "条例第13条",
		text: "与有关部门的分歧，须记录双方意见和理由",
		check: func(t *attempt) string {
			var bad []string
			for _, x := range t.d.Disputes {
				if m := missing("我方意见", x.OurView, "对方意见", x.TheirView, "理由", x.Reasons); len(m) > 0 {
					dept := x.Department
					if blank(dept) {
						dept = "有关部门"
					}
					bad = append(bad, fmt.Sprintf("与%s的分歧未记录%s", dept, strings.Join(m, "、")))
				}
			}
			return strings.Join(bad, "；")
		},
	},
}
