package main

import (
	"fmt"
	"time"

	"juece/store"
	"juece/workflow"
)

// The demo of what the public sees beyond the pages of the procedure: a public draw of hearing
// participants and an implementation tracker.

// heatingPrices is a decision at its hearing stage whose participants are drawn in public: the
// method and the seed's hash were published with the hearing notice, citizens signed up on the
// portal, and the draw took place yesterday in front of witnesses (workflow/draw.go).
func (s *seeder) heatingPrices() *timeline {
	t := s.timeline(50, "城市集中供热价格调整方案", workflow.CategoryPublicService, zjj, "clerk2", workflow.Proposal{
		Kind:              workflow.ProposerDepartment,
		Proposer:          zjj,
		Problem:           "集中供热价格自2019年以来未作调整，燃煤和天然气成本累计上涨约三成，供热企业连续三个采暖季亏损。",
		Reasons:           "按照供热价格管理办法的规定，建立与成本联动的供热价格机制，保障供热安全稳定。",
		LegalBasis:        "《中华人民共和国价格法》第二十三条；《政府制定价格听证办法》。",
		Solution:          "居民供热价格由每平方米每月4.2元调整为4.8元，低保和特困家庭免于调整。",
		Necessity:         "供热企业亏损已影响管网维护，调价幅度与周边城市相当。",
		DecisionOrgan:     demoGov,
		ResponsibleLeader: "副市长陈晓东",
	})
	t.start(2, t.standingMeeting(2)+"决定启动，由市住房和城乡建设局承办")
	t.flags(3, workflow.Flags{AffectsInterests: true, HearingRequired: true})
	t.revision(3, workflow.Revision{Note: "初稿", Body: "一、居民供热价格调整为每平方米每月4.8元。\n二、低保、特困家庭供热价格不作调整。\n三、自下一个采暖季起执行。"})
	t.fire(5, "clerk2", workflow.Submit, "")
	t.notice(5, 30, workflow.CommentNotice{Channel: demoChannel, HowToSubmit: "在线提交或信函。", Explanation: "为理顺供热价格，起草本方案。"})
	t.method(12, workflow.MethodSymposium, "居民代表12名、供热企业3家", "居民关注调价幅度，建议对困难家庭给予保障。")
	t.comments(comment{day: 9, source: sourcePortal, author: "市民", body: "建议分两个采暖季逐步调整到位。",
		disp: workflow.DispositionPartly, reason: "调价幅度已由0.8元降为0.6元，一次调整到位。", disposed: 36})
	t.feedback(37, demoChannel, "共收到意见1条，部分采纳1条，已公开说明理由。")
	t.fire(39, "clerk2", workflow.ToHearing, "")
	t.hearing(41, hearingDays{notice: 41, held: 72}, workflow.HearingRecord{NoticeChannel: demoChannel, Place: "江澜市政务服务中心第二会议室"})
	t.add(step{day: 41, who: "clerk2", what: "公布公开抽选办法",
		cmd: func(*workflow.Decision) workflow.Command {
			return &workflow.SetUpDraw{ClosesOn: t.date(46), Quotas: []workflow.Quota{{Category: "利害关系人", Seats: 3}, {Category: "群众代表", Seats: 2}}}
		}})
	people := []struct{ name, category, org string }{
		{"梁秀英", "利害关系人", "东湖小区居民"}, {"覃建国", "利害关系人", "退休职工"}, {"黎丽萍", "群众代表", "社区工作者"},
		{"廖志强", "利害关系人", "供热用户"}, {"甘小红", "群众代表", "教师"}, {"卢永华", "利害关系人", "个体经营者"},
		{"谭美玲", "群众代表", "企业职工"}, {"苏德明", "利害关系人", "老旧小区居民"}, {"罗春燕", "利害关系人", "低保户家属"},
	}
	for i, p := range people {
		t.add(step{day: 42 + i%5, who: "public", what: "公众报名参加听证",
			do: func(d *workflow.Decision, a workflow.Actor, at time.Time) error {
				_, err := s.tx.AddHearingSignup(s.ctx, at, d.ID, workflow.HearingSignup{Name: p.name, Category: p.category,
					Organisation: p.org, Contact: fmt.Sprintf("1397718%04d", 2300+i), Interest: "本市集中供热用户"})
				return err
			}})
	}
	t.add(step{day: 49, who: "clerk2", what: "公开抽选听证参加人",
		cmd: func(*workflow.Decision) workflow.Command {
			return &workflow.RunDraw{Witnesses: "江澜市公证处公证员 韦志明；市人大代表 吴丽华；报名群众 黎丽萍"}
		}})
	t.add(step{day: 49, who: "clerk2", what: "登记听证报名退出",
		cmd: func(d *workflow.Decision) workflow.Command {
			return &workflow.WithdrawSignup{SignupID: signupOf(d, "覃建国"), Reason: "本人书面申请退出，席位由候补依次递补"}
		}})
	return t
}

// signupOf is the id of the sign-up of name on d's draw; 0 (which the command refuses) when none.
func signupOf(d *workflow.Decision, name string) int64 {
	if d.Draw != nil {
		for _, x := range d.Draw.Signups {
			if x.Name == name {
				return x.ID
			}
		}
	}
	return 0
}

// milestoneOf is the id of d's milestone titled title; 0 (which the command refuses) when none.
func milestoneOf(d *workflow.Decision, title string) int64 {
	for _, m := range d.Milestones {
		if m.Title == title {
			return m.ID
		}
	}
	return 0
}

// busFaresTracker adds to the bus-fare decision, carried out since day 160, its milestones, a
// report made public and the public's opinions on its implementation.
func (s *seeder) busFaresTracker(t *timeline) {
	milestones := []workflow.Milestone{
		{Title: "新票价施行、刷卡系统完成改造", PlannedOn: t.date(190), Status: workflow.MilestoneUnderway},
		{Title: "低保对象公交补贴卡发放完毕", PlannedOn: t.date(260), Status: workflow.MilestoneUnderway},
		{Title: "外围片区线路发车间隔优化", PlannedOn: t.date(330), Status: workflow.MilestonePlanned},
	}
	for _, m := range milestones {
		t.add(step{day: 162, who: t.clerk, what: "新增执行节点",
			cmd: func(*workflow.Decision) workflow.Command { return &workflow.AddMilestone{Milestone: m} }})
	}
	done := func(day, i int, note string) {
		t.add(step{day: day, who: t.clerk, what: "更新执行节点",
			cmd: func(d *workflow.Decision) workflow.Command {
				return &workflow.UpdateMilestone{ID: milestoneOf(d, milestones[i].Title), Status: workflow.MilestoneDone,
					DoneOn: t.date(day), Note: note}
			}})
	}
	done(190, 0, "新票价按期施行，电子支付和换乘优惠正常运行。")
	done(280, 1, "共发放6214张，低保对象全部覆盖。")
	t.add(step{day: 285, who: t.clerk, what: "记录执行情况",
		cmd: func(*workflow.Decision) workflow.Command {
			return &workflow.AddReport{Report: workflow.ImplementationReport{Kind: workflow.ReportProgress, ExecutingUnit: t.unit,
				Body: "调价后票款收入同比增长27.5%，财政补贴同比减少10.8%；8条线路末班车延长至22:30。", ReportedOn: t.date(285), Public: true}}
		}})
	for i, body := range []string{"建议外围片区的换乘优惠时限延长到120分钟。", "新城片区线路晚高峰发车间隔过长，建议加密班次。"} {
		t.add(step{day: 290 + 3*i, who: "public", what: "公众对决策执行提出意见",
			do: func(d *workflow.Decision, a workflow.Actor, at time.Time) error {
				_, err := s.tx.AddImplementationOpinion(s.ctx, at, d.ID, workflow.ImplementationOpinion{Body: body, Author: "市民"})
				return err
			}})
	}
}

// catalog writes this year's decision catalog: published early in the year with the Party
// committee's agreement, adjusted since (an item removed, one changed, both published with a
// new agreement), and an addition awaiting the next agreement.
func (s *seeder) catalog() error {
	year := s.today.Year()
	sec := s.actors["secretary"]
	first := time.Date(year, 1, 20, 10, 0, 0, 0, workflow.Shanghai)
	if !first.Before(s.now.Add(-3 * time.Hour)) {
		first = s.now.Add(-3 * time.Hour)
	}
	later := s.now.Add(-time.Hour)
	items := []store.CatalogItem{
		{Title: "居民生活用管道天然气阶梯价格调整", UnitID: s.units[fgw], Planned: fmt.Sprintf("%d年第四季度", year)},
		{Title: "城市集中供热价格调整", UnitID: s.units[zjj], Planned: fmt.Sprintf("%d年第三季度", year)},
		{Title: "城区农贸市场摊位费收费标准调整", UnitID: s.units[fgw], Planned: fmt.Sprintf("%d年第二季度", year)},
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		it.Year = year
		var err error
		if ids[i], err = s.tx.AddCatalogItem(s.ctx, sec, first, it); err != nil {
			return err
		}
	}
	agreedOn := workflow.Day(first)
	if _, err := s.tx.PublishCatalog(s.ctx, sec, first, year, store.PartyAgreement{AgreedOn: agreedOn,
		Document: fmt.Sprintf("中共江澜市委办公室函〔%d〕6号", year)}); err != nil {
		return err
	}
	if err := s.tx.AdjustCatalogItem(s.ctx, sec, later, ids[2], "remove", "摊位费已移出政府定价目录、实行市场调节价，承办单位已撤回该决策事项", store.CatalogItem{}); err != nil {
		return err
	}
	changed := items[1]
	changed.Planned = fmt.Sprintf("%d年第四季度", year)
	if err := s.tx.AdjustCatalogItem(s.ctx, sec, later, ids[1], "change", "供热成本监审延期，计划完成时间相应顺延", changed); err != nil {
		return err
	}
	if _, err := s.tx.PublishCatalog(s.ctx, sec, later.Add(time.Minute), year, store.PartyAgreement{AgreedOn: workflow.Day(later),
		Document: fmt.Sprintf("中共江澜市委办公室函〔%d〕41号", year)}); err != nil {
		return err
	}
	_, err := s.tx.AddCatalogItem(s.ctx, sec, later.Add(2*time.Minute), store.CatalogItem{Year: year, Title: "新能源汽车充电基础设施建设三年行动",
		UnitID: s.units[zjj], Planned: fmt.Sprintf("%d年第一季度", year+1), Reason: "落实省新能源汽车推广应用工作部署，年中新增"})
	return err
}

// fairCompetition records the fair-competition review of a matter that concerns market activity.
func (t *timeline) fairCompetition(day int, r workflow.FairCompetitionReview) {
	r.ReviewedOn = t.date(day)
	t.add(step{day: day, who: t.clerk, what: "记录公平竞争审查结论",
		cmd: func(*workflow.Decision) workflow.Command { return &workflow.SaveFairCompetition{Review: r} }})
}

// urge is the secretary's or an auditor's 催办, with the message each clerk of the unit gets in
// the message centre, as the decision page's urge form writes them.
func (t *timeline) urge(day int, who, text string) {
	s := t.s
	t.add(step{day: day, who: who, what: "催办",
		do: func(d *workflow.Decision, a workflow.Actor, at time.Time) error {
			if err := s.tx.Urge(s.ctx, a, at, d, text); err != nil {
				return err
			}
			for _, clerk := range []string{"clerk", "clerk2"} {
				if s.actors[clerk].UnitID != d.UnitID {
					continue
				}
				m := store.Message{UserID: s.actors[clerk].UserID, DecisionID: d.ID, Kind: "urge", Subject: "【催办】" + d.Title,
					Body: fmt.Sprintf("%s催办“%s”（%s阶段）：%s", a.Name, d.Title, d.State.Label(), text), Link: fmt.Sprintf("/decisions/%d", d.ID)}
				if _, err := s.tx.Notify(s.ctx, at, m, store.Channels{}); err != nil {
					return err
				}
			}
			return nil
		}})
}

// notifyPrefs: the second clerk chose to get reminders by e-mail too.
func (s *seeder) notifyPrefs() error {
	a := s.actors["clerk2"]
	return s.tx.SaveNotifyPrefs(s.ctx, a, s.now.Add(-2*time.Hour), a.UserID, store.NotifyPrefs{Email: "clerk2@zjj.jianglan.gov.cn", ByEmail: true})
}
