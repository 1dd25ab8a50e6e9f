package workflow

import (
	"fmt"
	"strings"
	"time"
)

var hasHearing = &presence{func(d *Decision) bool { return d.Hearing != nil }, "尚未记录听证"}

// beforeHearing checks that a publication date is set and falls on a day before the hearing. what
// names the thing published, as in "听证参加人遴选办法".
func beforeHearing(h *HearingRecord, on time.Time, what string) string {
	if on.IsZero() {
		return what + "尚未公布"
	}
	if !h.HeldOn.IsZero() && !Day(on).Before(Day(h.HeldOn)) {
		return fmt.Sprintf("%s于%s公布，未在听证（%s）前公布", what, dateCN(on), dateCN(h.HeldOn))
	}
	return ""
}

// hearingGates are the gates of the hearing stage (听证, 规划三(二)2; 条例第16—18条).
var hearingGates = []gate{
	{
		events: []Event{ToRisk}, field: string(RecHearing), basis: "条例第16条",
		text: "须记录听证",
		check: func(t *attempt) string {
			if t.d.Hearing == nil {
				return "尚未记录听证"
			}
			return ""
		},
	},
	{
		events: []Event{ToRisk}, field: string(RecHearing), basis: "条例第16条",
		text: "听证公告（决策草案、听证时间、地点）须在听证前公布", needs: hasHearing,
		check: func(t *attempt) string {
			h := t.d.Hearing
			return beforeHearing(h, h.NoticePublishedOn, "听证公告")
		},
	},
	{
		events: []Event{ToRisk}, field: string(RecHearing), basis: "条例第17条",
		text: "听证参加人遴选办法须在听证前公布", needs: hasHearing,
		check: func(t *attempt) string {
			h := t.d.Hearing
			if blank(h.SelectionMethod) {
				return "未写明听证参加人遴选办法"
			}
			return beforeHearing(h, h.SelectionPublishedOn, "听证参加人遴选办法")
		},
	},
	{
		events: []Event{ToRisk}, field: string(RecParticipant), basis: "条例第17条",
		text: "须记录听证参加人，且名单须在听证前公布", needs: hasHearing,
		check: func(t *attempt) string {
			h := t.d.Hearing
			if len(h.Participants) == 0 {
				return "尚未记录听证参加人"
			}
			return beforeHearing(h, h.ListPublishedOn, "听证参加人名单")
		},
	},
	{
		events: []Event{ToRisk}, field: string(RecHearing), basis: "条例第16条",
		textf: func(s Settings) string {
			return fmt.Sprintf("听证材料须至少在听证%d日前送达听证参加人", s.HearingMaterialsDays)
		},
		needs: hasHearing,
		check: func(t *attempt) string {
			h := t.d.Hearing
			if h.MaterialsDeliveredOn.IsZero() {
				return "未记录听证材料送达参加人的日期"
			}
			if h.HeldOn.IsZero() {
				return ""
			}
			days, least := DaysInclusive(h.MaterialsDeliveredOn, h.HeldOn)-1, t.env.Settings.HearingMaterialsDays
			if days < least {
				return fmt.Sprintf("听证材料于%s送达，距听证（%s）仅%d日，少于%d日", dateCN(h.MaterialsDeliveredOn), dateCN(h.HeldOn), days, least)
			}
			return ""
		},
	},
	{
		events: []Event{ToRisk}, field: string(RecHearing), basis: "条例第17条",
		text: "听证须已举行（听证日期不晚于今日）", needs: hasHearing,
		check: func(t *attempt) string {
			h := t.d.Hearing
			if h.HeldOn.IsZero() {
				return "未记录听证日期"
			}
			if Day(h.HeldOn).After(Day(t.env.Now)) {
				return fmt.Sprintf("听证定于%s举行，尚未举行", dateCN(h.HeldOn))
			}
			return ""
		},
	},
	{
		events: []Event{ToRisk}, field: string(RecHearing), basis: "条例第17条",
		text: "听证笔录须经听证参加人确认签字，并记录笔录摘要", needs: hasHearing,
		check: func(t *attempt) string {
			h := t.d.Hearing
			var m []string
			if !h.RecordSigned {
				m = append(m, "听证笔录未经听证参加人确认签字")
			}
			if blank(h.RecordSummary) {
				m = append(m, "未记录听证笔录摘要")
			}
			return strings.Join(m, "，")
		},
	},
	{
		events: []Event{ToRisk}, field: string(RecHearing), basis: "条例第18条",
		text: "须写明对听证意见的归纳整理和采纳情况", needs: hasHearing,
		check: func(t *attempt) string {
			if blank(t.d.Hearing.OpinionsHandling) {
				return "未写明对听证意见的归纳整理和采纳情况"
			}
			return ""
		},
	},
}
