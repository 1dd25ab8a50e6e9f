package main

import (
	"fmt"
	"time"

	"juece/store"
	"juece/workflow"
)

// The demo's normative documents (行政规范性文件, 规划三(三)): departments' documents in every
// stage of the normative procedure, one filed late, one repealed after the filing review found
// it unlawful, one with an objection answered and published and another awaiting the legal
// office. They go through the same commands and gates as the pages.

// The issuing bodies' prefixes (发文机关代字) of the demo departments.
const (
	fgwPrefix = "澜发改规"
	zjjPrefix = "澜住建规"
)

// normative is a normative document's timeline: its row is registered as the department's
// drafting on day 0.
func (s *seeder) normative(origin int, title, unit, clerk, prefix string, affects bool) *timeline {
	t := s.timeline(origin, title, workflow.CategoryOther, unit, clerk, workflow.Proposal{})
	t.create = func(at time.Time) (int64, error) {
		return s.tx.CreateNormative(s.ctx, s.actors[clerk], at, store.NewNormative{Title: title, UnitID: s.units[unit],
			Prefix: prefix, AffectsRights: affects})
	}
	return t
}

// askDept asks unit for its opinion on day, the reply due days later.
func (t *timeline) askDept(day int, unit string, due int) {
	t.add(step{day: day, who: t.clerk, what: "征求部门意见",
		cmd: func(*workflow.Decision) workflow.Command {
			return &workflow.RequestOpinion{UnitID: t.s.units[unit], DueOn: t.date(day + due)}
		}})
}

// replyDept is the consulted department's reply to the request number i (0: the first).
func (t *timeline) replyDept(day int, who string, i int, agrees bool, opinion string) {
	t.add(step{day: day, who: who, what: "部门回复意见",
		cmd: func(d *workflow.Decision) workflow.Command {
			return &workflow.ReplyOpinion{RequestID: d.Normative.Requests[i].ID, Agrees: agrees, Opinion: opinion}
		}})
}

// coordinate is the legal office's coordination of the reply to request i.
func (t *timeline) coordinate(day, i int, issues, views, proposal string, agreed bool) {
	t.add(step{day: day, who: "reviewer", what: "法制机构协调",
		cmd: func(d *workflow.Decision) workflow.Command {
			return &workflow.Coordinate{RequestID: d.Normative.Requests[i].ID, Issues: issues, Views: views, Proposal: proposal, Agreed: agreed}
		}})
}

// rule records the leaders' ruling on the latest coordination.
func (t *timeline) rule(day int, by, ruling string) {
	t.add(step{day: day, who: "secretary", what: "记录政府领导协调决定",
		cmd: func(d *workflow.Decision) workflow.Command {
			cs := d.Normative.Coordination
			return &workflow.Rule{CoordinationID: cs[len(cs)-1].ID, RuledBy: by, Ruling: ruling}
		}})
}

// publishNorm registers, numbers and publishes the document on day, valid for years.
func (t *timeline) publishNorm(day, years int, text string) {
	on := t.date(day)
	t.add(step{day: day, who: "secretary", what: "统一登记编号公布",
		cmd: func(*workflow.Decision) workflow.Command {
			return &workflow.PublishNormative{PublishedOn: on, ValidUntil: on.AddDate(years, 0, 0),
				Channels: "《江澜市人民政府公报》、" + demoChannel, Link: "https://www.jianglan.gov.cn/zwgk/gfxwj/", Text: text}
		}})
}

// file records the filing with the municipal government on day.
func (t *timeline) file(day int, late string) {
	t.add(step{day: day, who: "secretary", what: "报送备案",
		cmd: func(*workflow.Decision) workflow.Command {
			return &workflow.FileNormative{Body: "江澜市人民政府（市司法局承办备案审查）", FiledOn: t.date(day), LateReason: late}
		}})
}

// reviewFiling is the legal office's filing review on day.
func (t *timeline) reviewFiling(day int, c workflow.FilingConclusion, reasons string) {
	t.add(step{day: day, who: "reviewer", what: "备案审查",
		cmd: func(*workflow.Decision) workflow.Command {
			return &workflow.ReviewFiling{Conclusion: c, Reasons: reasons}
		}})
}

// deptMeeting is the department's leadership meeting on day, with the legal office present.
func (t *timeline) deptMeeting(day int, director string) {
	t.meeting(day, workflow.Meeting{
		Kind: workflow.MeetingDepartment, Number: fmt.Sprintf("%s%d年第%d次局务会议", t.unit, t.date(day).Year(), t.date(day).YearDay()/20+1),
		Attendees: t.unit + "领导班子成员；列席：市司法局规范性文件审查科负责人", LegalHeadAttended: true,
		PackDraft: true, PackPublicReport: true, PackLegality: true, PackOther: "部门意见及协调情况",
	},
		workflow.MeetingOpinion{Speaker: "分管副局长", Position: "副局长", Stance: workflow.StanceFor, Text: "同意。"},
		workflow.MeetingOpinion{Speaker: director, Position: "局长", Stance: workflow.StanceFor, Text: "同意，按程序公布并报送备案。", IsHead: true},
	)
	t.decide(day, workflow.HeadApprove, "")
}

// throughReview carries a drafted document from day d through public comment and legality
// review to its approval at the department's meeting.
func (t *timeline) throughReview(d int, body, director string) {
	t.toMeeting(d, body)
	t.deptMeeting(d+48, director)
}

// toMeeting carries a drafted document from day d through public comment and legality review,
// to the collective discussion.
func (t *timeline) toMeeting(d int, body string) {
	t.revision(d, workflow.Revision{Body: body, Note: "起草说明：依据上位法和本市实际起草。"})
	t.fire(d+10, t.clerk, workflow.NormConsult, "")
	t.notice(d+11, 15, workflow.CommentNotice{Channel: demoChannel, HowToSubmit: "在线提交或信函寄至起草部门。",
		Explanation: "起草说明（全文见公告）。", Link: "https://www.jianglan.gov.cn/hdjl/yjzj/gfxwj/"})
	t.feedback(d+28, demoChannel, "公开征求意见期间未收到意见。")
	t.fire(d+29, t.clerk, workflow.NormToReview, "")
	t.submit(d+30, "上位法依据见起草说明。", "已征求相关部门意见、向社会公开征求意见15日。")
	t.review(d+40, "reviewer", workflow.Review{Conclusion: workflow.ConclusionLegal,
		Authority: "属于制定部门的法定职权范围。", Procedure: "已履行征求部门意见、公开征求意见程序。",
		Substance: "未违法设定行政许可、行政处罚、行政强制，未违法减损公民、法人和其他组织合法权益或者增加其义务。",
		Advisers:  "听取了市政府法律顾问的意见。"})
}

// normativeTimelines are the demo's normative documents.
func (s *seeder) normativeTimelines() []*timeline {
	const priceText = "第一条 为了规范价格监测工作……\n第二条 本办法适用于本市行政区域内的重要商品和服务价格监测。"

	// Filed on time and in force.
	monitor := s.normative(240, "江澜市重要商品和服务价格监测办法", fgw, "clerk", fgwPrefix, true)
	monitor.askDept(2, zjj, 7)
	monitor.replyDept(6, "clerk2", 0, true, "")
	monitor.throughReview(3, priceText, "发改委主任")
	monitor.publishNorm(60, 5, priceText)
	monitor.file(66, "")
	monitor.reviewFiling(80, workflow.FilingPassed, "")
	monitor.object(150, "江澜市某商贸有限公司", "0771-5550123", "第二条",
		"监测范围包括企业自行定价的商品，要求企业按周报送进货价格，增加了企业负担，缺乏上位法依据。")
	monitor.answerObjection(165, 0, workflow.ObjectionReject,
		"《价格法》第二十八条规定政府价格主管部门建立重要商品和服务价格监测制度；本办法只对列入监测目录的企业要求报送，"+
			"未设定新的义务。报送频次将在实施细则中明确为每月一次。", true)
	monitor.object(235, "王先生", "", "第二条", "建议将小区停车服务价格纳入价格监测范围。")

	// Filed late, with the reason.
	deposit := s.normative(200, "江澜市住房租赁押金管理规定", zjj, "clerk2", zjjPrefix, true)
	deposit.throughReview(1, "第一条 为了保障住房租赁当事人的合法权益……", "住建局局长")
	deposit.publishNorm(56, 3, "第一条 为了保障住房租赁当事人的合法权益……")
	deposit.file(80, "经办人员变动，报送材料未能按时整理，已作内部通报。")

	// Repealed after the filing review found it added duties unlawfully.
	fees := s.normative(180, "江澜市住宅小区物业服务收费管理办法", zjj, "clerk2", zjjPrefix, true)
	fees.throughReview(1, "第八条 业主未按时交纳物业费的，不予办理车辆出入登记。", "住建局局长")
	fees.publishNorm(56, 5, "第八条 业主未按时交纳物业费的，不予办理车辆出入登记。")
	fees.file(62, "")
	fees.reviewFiling(90, workflow.FilingAnnul, "第八条以未交纳物业费为由限制业主车辆出入，违法增加业主义务、减损其合法权益，建议制定机关予以撤销。")
	fees.add(step{day: 100, who: "secretary", what: "废止",
		cmd: func(*workflow.Decision) workflow.Command {
			return &workflow.SetValidity{Status: workflow.Repealed,
				Note: "市司法局备案审查认为第八条违法增加业主义务，建议撤销；制定机关研究后予以废止，并向社会公布。"}
		}})

	// Published, not yet filed, the clock running.
	pricing := s.normative(64, "江澜市政府定价成本监审操作规程", fgw, "clerk", fgwPrefix, true)
	pricing.throughReview(1, "第一条 为了规范成本监审行为……", "发改委主任")
	pricing.publishNorm(58, 5, "第一条 为了规范成本监审行为……")

	// In collective discussion, and in legality review.
	rental := s.normative(50, "江澜市保障性租赁住房管理办法", zjj, "clerk2", zjjPrefix, true)
	rental.toMeeting(1, "第一条 为了规范保障性租赁住房管理……")
	skip := s.normative(30, "江澜市发展改革系统行政执法公示实施细则", fgw, "clerk", fgwPrefix, false)
	skip.revision(1, workflow.Revision{Body: "第一条 为了规范行政执法公示……"})
	skip.fire(2, "clerk", workflow.NormSkipPublic, "本细则规范本系统内部执法公示工作，不直接涉及公民、法人或者其他组织的权利义务。")
	skip.submit(3, "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》", "已在起草阶段征求市司法局意见。")

	// In public comment now, and in drafting with a disagreement escalated to the leaders.
	parking := s.normative(20, "江澜市城市停车设施建设管理办法", fgw, "clerk", fgwPrefix, true)
	parking.revision(1, workflow.Revision{Body: "第一条 为了加强城市停车设施建设管理……"})
	parking.askDept(2, zjj, 5)
	parking.replyDept(9, "clerk2", 0, false, "新建住宅小区配建停车位比例应当由住建部门会同规划部门确定，不宜在本办法中规定。")
	parking.coordinate(11, 0, "新建住宅小区配建停车位比例由谁确定", "起草部门：在本办法中统一规定；市住建局：由住建部门会同规划部门确定",
		"本办法规定最低比例，具体比例由住建部门会同规划部门确定", false)
	parking.rule(13, "副市长许志明", "同意法制机构的建议。")
	parking.fire(14, "clerk", workflow.NormConsult, "")
	parking.notice(15, 20, workflow.CommentNotice{Channel: demoChannel, HowToSubmit: "在线提交。", Explanation: "起草说明。",
		Link: "https://www.jianglan.gov.cn/hdjl/yjzj/tcss/"})

	sharing := s.normative(12, "江澜市公共数据共享开放管理办法", fgw, "clerk", fgwPrefix, true)
	sharing.revision(1, workflow.Revision{Body: "第一条 为了促进公共数据共享开放……"})
	sharing.askDept(2, zjj, 5)
	sharing.replyDept(10, "clerk2", 0, false, "住房数据涉及个人信息，开放范围应当限定。")
	sharing.coordinate(11, 0, "住房数据的开放范围", "起草部门：纳入开放目录；市住建局：仅限统计数据", "仅开放经脱敏的统计数据", false)

	return []*timeline{monitor, deposit, fees, pricing, rental, skip, parking, sharing}
}
