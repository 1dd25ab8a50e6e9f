package workflow

import (
	"fmt"
	"strings"
)

// The gates of the normative procedure (规划三(三)1–2). The shared stages bring their own: the
// public consultation's (given to norm_to_review), the legality review's and the collective
// discussion's (the same events as in Major).

// leaveNormDrafting are the events that leave drafting with the departments' opinions settled.
var leaveNormDrafting = []Event{NormConsult, NormSkipPublic}

// planNorm1, planNorm2 are the plan's provisions on normative documents.
const (
	planNorm1 = "规划三(三)1"
	planNorm2 = "规划三(三)2"
	// normCommentBasis fixes the normative comment period's default (7 working days).
	normCommentBasis = "国办发〔2018〕37号"
	// normReviewBasis fixes the legality review's period (5 to 15 working days).
	normReviewBasis = "国办发〔2018〕115号"
)

var normDraftingGates = []gate{
	{
		events: leaveNormDrafting, field: string(RecRevision), basis: planNorm1,
		text: "须有规范性文件草案",
		check: func(t *attempt) string {
			if t.d.CurrentRevision() == nil {
				return "尚未保存规范性文件草案"
			}
			return ""
		},
	},
	{
		events: leaveNormDrafting, field: string(RecDeptRequest), basis: planNorm2,
		text: "征求意见的相关部门须已回复，或回复期限已届满",
		check: func(t *attempt) string {
			var waiting []string
			for _, r := range normRequests(t.d) {
				if r.Reply == nil && !Day(t.env.Now).After(Day(r.DueOn)) {
					waiting = append(waiting, fmt.Sprintf("%s（%s前回复）", r.UnitName, dateCN(r.DueOn)))
				}
			}
			if len(waiting) > 0 {
				return "尚待以下部门回复意见：" + strings.Join(waiting, "、")
			}
			return ""
		},
	},
	{
		events: leaveNormDrafting, field: string(RecCoordination), basis: planNorm2,
		text: "部门有不同意见、协商不能一致的，须由法制机构协调",
		check: func(t *attempt) string {
			var open []string
			for _, r := range normRequests(t.d) {
				if r.Disagrees() && coordinationOf(t.d, r.ID) == nil {
					open = append(open, r.UnitName)
				}
			}
			if len(open) > 0 {
				return strings.Join(open, "、") + "有不同意见，尚未经法制机构协调"
			}
			return ""
		},
	},
	{
		events: leaveNormDrafting, field: string(RecRuling), basis: planNorm2,
		text: "经法制机构协调仍不一致的，须报政府领导协调或政府常务会议研究决定",
		check: func(t *attempt) string {
			var open []string
			for _, c := range normCoordination(t.d) {
				if !c.Settled() {
					open = append(open, requestUnit(t.d, c.RequestID))
				}
			}
			if len(open) > 0 {
				return "与" + strings.Join(open, "、") + "的分歧经协调仍未一致，尚未记录政府领导或常务会议的决定"
			}
			return ""
		},
	},
	{
		events: []Event{NormSkipPublic}, field: string(RecFlags), basis: planNorm1,
		text:    "对公民、法人或者其他组织的权利义务产生直接影响的，应当公开征求意见，不得跳过",
		applies: mustConsultPublicly,
		check: func(*attempt) string {
			return "文件对公民、法人或者其他组织的权利义务产生直接影响，应当向社会公开征求意见"
		},
	},
	reasonGate(NormSkipPublic, "不公开征求意见须写明理由（不直接涉及公民、法人或者其他组织的权利义务，或者依法不予公开）", planNorm1),
}

// normConsultationGates: the public consultation's own gates, shared with Major, save the two a
// major decision alone has (the ways of hearing the public, 规划三(二)1; the 30-day period of
// 条例第15条), and the normative period in their place.
var normConsultationGates = append(
	onExit(consultationGates, leaveConsultation, []Event{NormToReview}, func(g *gate) bool {
		return g.field != string(RecMethod) && g.textf == nil
	}),
	gate{
		events: []Event{NormToReview}, field: string(RecNotice), basis: normCommentBasis,
		textf: func(s Settings) string {
			return fmt.Sprintf("规范性文件公开征求意见期限一般不少于%d个工作日；缩短的，须在公告中说明理由", s.NormCommentWorkdays)
		},
		applies: mustConsultPublicly, needs: hasNotice,
		check: func(t *attempt) string {
			n := t.d.Notice
			if n.StartsOn.IsZero() || n.EndsOn.IsZero() {
				return "公开征求意见公告未写明起止日期"
			}
			// the working days from the first day to the last, both counted
			days := t.env.Calendar.WorkdaysBetween(Day(n.StartsOn).AddDate(0, 0, -1), n.EndsOn)
			if least := t.env.Settings.NormCommentWorkdays; days < least && blank(n.ShortReason) {
				return fmt.Sprintf("公开征求意见期限为%d个工作日，少于%d个工作日，且公告未说明缩短理由", days, least)
			}
			return ""
		},
	},
)

// normMeetingGates: the collective discussion of a normative document is the government's
// executive meeting or the department's leadership meeting (规划三(三)1).
var normMeetingGates = []gate{
	{
		events: []Event{Approve}, field: string(RecMeeting), basis: planNorm1, needs: hasMeeting,
		text: "须经政府常务会议或者部门领导班子会议集体讨论决定",
		check: func(t *attempt) string {
			if k := t.d.LatestMeeting().Kind; k != MeetingStanding && k != MeetingDepartment {
				return fmt.Sprintf("规范性文件须经政府常务会议或者部门领导班子会议集体讨论决定，本次为%s", k.Label())
			}
			return ""
		},
	},
}

// normativeGates is every gate of the normative procedure, stage by stage. afterGates and
// orderGates bring the shared resubmission and withdrawal reasons and the meeting's order in
// time; their gates of events this procedure has not (implement, close) never apply.
var normativeGates = concat(normDraftingGates, normConsultationGates, reviewGates, meetingGates, normMeetingGates, afterGates, orderGates)

func normRequests(d *Decision) []DeptRequest {
	if d.Normative == nil {
		return nil
	}
	return d.Normative.Requests
}

func normCoordination(d *Decision) []Coordination {
	if d.Normative == nil {
		return nil
	}
	return d.Normative.Coordination
}

// coordinationOf is the latest coordination of request id, or nil.
func coordinationOf(d *Decision, id int64) *Coordination {
	cs := normCoordination(d)
	for i := len(cs) - 1; i >= 0; i-- {
		if cs[i].RequestID == id {
			return &cs[i]
		}
	}
	return nil
}

// requestUnit names the department of request id.
func requestUnit(d *Decision, id int64) string {
	for _, r := range normRequests(d) {
		if r.ID == id {
			return r.UnitName
		}
	}
	return fmt.Sprintf("（征求意见%d）", id)
}
