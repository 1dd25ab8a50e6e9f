package workflow

import "fmt"

// orderGates keep the stages in their order in time (pipeline.md "Dates and order"): an event
// that needs an act to have happened waits for its day, and the dates of one stage do not run
// ahead of those of the stage before. They read the records as typed; the records' own checks
// (command.go) keep facts out of the future when they are entered, these hold at firing too,
// for records entered before the rule or planned ahead.
var orderGates = []gate{
	{
		events: meetingEvents, field: string(RecMeeting), basis: "条例第30条", needs: hasMeeting,
		text: "集体讨论会议须已举行（会议日期不晚于今日）",
		check: func(t *attempt) string {
			if m := t.d.LatestMeeting(); !m.HeldOn.IsZero() && Day(m.HeldOn).After(today(t.env)) {
				return fmt.Sprintf("会议日期为%s，会议尚未举行", dateCN(m.HeldOn))
			}
			return ""
		},
	},
	{
		events: meetingEvents, field: string(RecMeeting), basis: "条例第25条", needs: hasMeeting,
		text: "未经合法性审查的，不得提交集体讨论：会议不得早于合法性审查意见的签署日期",
		check: func(t *attempt) string {
			m, signed := t.d.LatestMeeting(), t.d.reviewSigned()
			if !signed.IsZero() && !m.HeldOn.IsZero() && Day(m.HeldOn).Before(Day(signed)) {
				return fmt.Sprintf("会议日期为%s，早于合法性审查意见的签署日期（%s）", dateCN(m.HeldOn), dateCN(signed))
			}
			return ""
		},
	},
	{
		events: []Event{Implement}, field: string(RecPublication), basis: "条例第32条",
		text: "决策公布的日期已经到来，且不早于作出决定的会议",
		needs: &presence{func(d *Decision) bool {
			return d.Publication != nil && d.Publication.published() && !d.Publication.PublishedOn.IsZero()
		},
			"尚未记录公布日期"},
		check: func(t *attempt) string {
			on := t.d.Publication.PublishedOn
			if Day(on).After(today(t.env)) {
				return fmt.Sprintf("公布日期为%s，尚未到来", dateCN(on))
			}
			if m := t.d.deciding(); m != nil && Day(on).Before(Day(m.HeldOn)) {
				return fmt.Sprintf("公布日期为%s，早于作出决定的会议（%s）", dateCN(on), dateCN(m.HeldOn))
			}
			return ""
		},
	},
	{
		events: []Event{Close}, field: string(RecEvaluation), basis: "条例第36条", needs: hasEvaluation,
		text: "决策后评估在决策公布之后进行，评估日期已经到来",
		check: func(t *attempt) string {
			on := t.d.Evaluation.EvaluatedOn
			switch {
			case on.IsZero():
				return ""
			case Day(on).After(today(t.env)):
				return fmt.Sprintf("评估日期为%s，尚未到来", dateCN(on))
			case !t.d.publishedOn().IsZero() && Day(on).Before(Day(t.d.publishedOn())):
				return fmt.Sprintf("评估日期为%s，早于决策公布日期（%s）", dateCN(on), dateCN(t.d.publishedOn()))
			}
			return ""
		},
	},
}
