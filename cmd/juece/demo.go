package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"juece/store"
	"juece/workflow"
)

// The demo is set in 江澜市, a fictional prefecture-level city; every person named in it is
// fictional too. Its decisions are dated back from the day it is seeded, and every state change
// goes through workflow.Fire, so the demo is a legally valid record, not a picture of one.

// demoGov is the decision organ of every demo decision.
const demoGov = "江澜市人民政府"

// demoUnits are the demo organisations, in the order they are created.
var demoUnits = []struct {
	name string
	kind store.UnitKind
}{
	{"市大数据发展局", store.UnitAdmin},
	{"市发展和改革委员会", store.UnitUndertaking},
	{"市住房和城乡建设局", store.UnitUndertaking},
	{"市司法局", store.UnitLegal},
	{"市人民政府办公室", store.UnitOffice},
	{"市审计局", store.UnitAudit},
}

// demoAccounts are the demo logins; all share store.DemoPassword. The admin comes first: it
// creates the others.
var demoAccounts = []struct {
	username, name, unit string
	role                 workflow.Role
	legalHead            bool
}{
	{"admin", "郑凯", "市大数据发展局", workflow.RoleAdmin, false},
	{"clerk", "陈立新", "市发展和改革委员会", workflow.RoleClerk, false},
	{"clerk2", "刘晓燕", "市住房和城乡建设局", workflow.RoleClerk, false},
	{"reviewer", "周文博", "市司法局", workflow.RoleReviewer, false},
	{"legalhead", "孙立群", "市司法局", workflow.RoleReviewer, true},
	{"secretary", "赵敏", "市人民政府办公室", workflow.RoleSecretary, false},
	{"auditor", "吴海涛", "市审计局", workflow.RoleAuditor, false},
}

// demoUsernames are the accounts the demo announces, one per kind of user.
func demoUsernames() []string {
	return []string{"clerk", "clerk2", "reviewer", "secretary", "auditor", "admin"}
}

// demoPublic is who the history names for comments sent through the public portal.
var demoPublic = workflow.Actor{Name: "社会公众（网上意见征集平台）"}

// sourcePortal is the source of comments sent through the public portal.
const sourcePortal = "网上意见征集平台"

// seedDemo writes, once, the demo units, accounts and decisions; it reports false when they
// already exist. Everything is written in one transaction.
func seedDemo(ctx context.Context, db *store.DB, now time.Time) (bool, error) {
	return seedDemoOf(ctx, db, now, true)
}

// seedDemoOf is seedDemo, with the normative documents (demo_normative.go) or without them.
func seedDemoOf(ctx context.Context, db *store.DB, now time.Time, normative bool) (bool, error) {
	if _, err := db.UnitByName(ctx, "市发展和改革委员会"); !errors.Is(err, store.ErrNotFound) {
		return false, err // nil: the demo is there already
	}
	if _, err := db.UserByName(ctx, "clerk"); !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	hash, err := store.HashPassword(store.DemoPassword)
	if err != nil {
		return false, err
	}
	s := &seeder{ctx: ctx, now: now, today: workflow.Day(now), actors: map[string]workflow.Actor{"public": demoPublic}}
	timelines := s.timelines()
	if normative {
		timelines = append(timelines, s.normativeTimelines()...)
	}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		s.tx = tx
		oldest := 0
		for _, t := range timelines {
			oldest = max(oldest, t.origin)
		}
		if err := s.accounts(s.today.AddDate(0, 0, -oldest-14).Add(9*time.Hour), hash); err != nil {
			return err
		}
		for _, t := range timelines {
			if err := t.run(); err != nil {
				return err
			}
		}
		if err := s.notifyPrefs(); err != nil {
			return err
		}
		return s.catalog()
	})
	if err != nil {
		return false, err
	}
	return true, nil
}

// seeder writes the demo in one transaction.
type seeder struct {
	ctx     context.Context
	tx      *store.Tx
	now     time.Time
	today   time.Time                 // 00:00 Shanghai of now
	actors  map[string]workflow.Actor // by username, and "public"
	units   map[string]int64          // by name
	parties map[string]int64          // the registered third-party bodies, by name
}

// demoParties are the third-party bodies the admin registers: assessors and evaluators are
// chosen from them and the units (条例第36条).
var demoParties = []string{"江澜市社会稳定风险评估中心", "江澜学院社会风险研究所", "江澜学院公共管理学院"}

// body is the key of the unit or registered body of that name, "" when the system knows none.
func (s *seeder) body(name string) string {
	if id, ok := s.units[name]; ok {
		return fmt.Sprintf("unit:%d", id)
	}
	if id, ok := s.parties[name]; ok {
		return fmt.Sprintf("body:%d", id)
	}
	return ""
}

// accounts creates the units and the accounts at at.
func (s *seeder) accounts(at time.Time, hash string) error {
	s.units = map[string]int64{}
	by := cliActor
	for _, u := range demoUnits {
		id, err := s.tx.CreateUnit(s.ctx, by, at, u.name, u.kind)
		if err != nil {
			return err
		}
		s.units[u.name] = id
		if u.kind == store.UnitAdmin {
			// The admin's own unit and account come from the command line; the admin
			// creates the rest.
			a := demoAccounts[0]
			uid, err := s.tx.CreateUser(s.ctx, by, at, store.User{Username: a.username, DisplayName: a.name,
				UnitID: id, Role: a.role, PasswordHash: hash})
			if err != nil {
				return err
			}
			by = workflow.Actor{UserID: uid, Name: a.name, Role: a.role, UnitID: id}
			s.actors[a.username] = by
		}
		at = at.Add(5 * time.Minute)
	}
	for _, a := range demoAccounts[1:] {
		unit := s.units[a.unit]
		id, err := s.tx.CreateUser(s.ctx, by, at, store.User{Username: a.username, DisplayName: a.name,
			UnitID: unit, Role: a.role, IsLegalHead: a.legalHead, PasswordHash: hash})
		if err != nil {
			return err
		}
		s.actors[a.username] = workflow.Actor{UserID: id, Name: a.name, Role: a.role, UnitID: unit}
		at = at.Add(3 * time.Minute)
	}
	s.parties = map[string]int64{}
	for _, name := range demoParties {
		id, err := s.tx.AddThirdParty(s.ctx, by, at, name)
		if err != nil {
			return err
		}
		s.parties[name] = id
	}
	return nil
}

// timeline is one demo decision: its proposal and the steps that follow, each dated by a day
// counted from the day the proposal was registered (day 0, origin days before today).
type timeline struct {
	s        *seeder
	title    string
	category workflow.Category
	unit     string // the lead undertaking unit
	clerk    string // username of the unit's clerk who keeps the decision
	origin   int
	proposal workflow.Proposal
	steps    []step
	last     time.Time // the time of the latest step run, so that steps never share a time
	// create registers the row on day 0 when it is not a proposal (a normative document's
	// drafting); nil: a major decision's proposal.
	create func(at time.Time) (int64, error)
}

// step is one write by one user, optionally followed by an event.
type step struct {
	day  int
	who  string // username, or "public"
	what string // for error messages
	// cmd is the command of the step, applied through store's Apply like a form's: every gate
	// holds for the demo as for its users. It reads the decision for what it refers to.
	cmd func(d *workflow.Decision) workflow.Command
	// do is a write that is no command of the pipeline (a comment from the portal).
	do func(d *workflow.Decision, a workflow.Actor, at time.Time) error
}

func (s *seeder) timeline(origin int, title string, cat workflow.Category, unit, clerk string, p workflow.Proposal) *timeline {
	return &timeline{s: s, title: title, category: cat, unit: unit, clerk: clerk, origin: origin, proposal: p}
}

// date is day's date (00:00 Shanghai), moved off weekends since the government works on working
// days: a Saturday to the Friday before, a Sunday to the Monday after — or to the Friday before
// when that Monday is today, so that no step falls after now. The move keeps the order of days
// and shifts a day by one at most; the timelines leave room for it wherever a gate counts days.
func (t *timeline) date(day int) time.Time {
	d := t.s.today.AddDate(0, 0, day-t.origin)
	switch d.Weekday() {
	case time.Saturday:
		d = d.AddDate(0, 0, -1)
	case time.Sunday:
		if day < t.origin && !d.AddDate(0, 0, 1).Before(t.s.today) {
			d = d.AddDate(0, 0, -2)
		} else {
			d = d.AddDate(0, 0, 1)
		}
	}
	return d
}

// at is the time of a step on day: from 09:00 on, each step of the day a few minutes after the
// last, so that the history keeps the order of the steps.
func (t *timeline) at(day int) (time.Time, error) {
	at := t.date(day).Add(9 * time.Hour)
	if !at.After(t.last) {
		at = t.last.Add(7 * time.Minute)
	}
	if at.After(t.s.now) {
		return time.Time{}, fmt.Errorf("day %d falls after now", day)
	}
	t.last = at
	return at, nil
}

func (t *timeline) add(st step) { t.steps = append(t.steps, st) }

// run writes the decision: the proposal on day 0, then every step in day order (steps of the
// same day in the order they were added).
func (t *timeline) run() error {
	s := t.s
	fail := func(what string, day int, err error) error {
		return fmt.Errorf("演示决策“%s”第%d天%s：%w", t.title, day, what, err)
	}
	at, err := t.at(0)
	if err != nil {
		return fail("登记决策建议", 0, err)
	}
	var id int64
	if t.create != nil {
		id, err = t.create(at)
	} else {
		id, err = s.tx.CreateDecision(s.ctx, s.actors[t.clerk], at, store.NewDecision{Title: t.title,
			Category: t.category, UnitID: s.units[t.unit], Proposal: t.proposal})
	}
	if err != nil {
		return fail("登记决策建议", 0, err)
	}
	d, err := s.tx.Decision(s.ctx, id)
	if err != nil {
		return fail("读取", 0, err)
	}
	sort.SliceStable(t.steps, func(i, j int) bool { return t.steps[i].day < t.steps[j].day })
	for _, st := range t.steps {
		a, ok := s.actors[st.who]
		if !ok {
			return fail(st.what, st.day, fmt.Errorf("no demo account %q", st.who))
		}
		at, err := t.at(st.day)
		if err != nil {
			return fail(st.what, st.day, err)
		}
		if st.do != nil {
			if err := st.do(d, a, at); err != nil {
				return fail(st.what, st.day, err)
			}
			if d, err = s.tx.Decision(s.ctx, id); err != nil {
				return fail(st.what, st.day, err)
			}
			continue
		}
		if d, err = s.tx.Apply(s.ctx, id, d.Version, a, at, st.cmd(d)); err != nil {
			return fail(st.what, st.day, err) // a refusal names what is missing
		}
	}
	return nil
}

// fire fires ev on day as who, with the reason the event may need.
func (t *timeline) fire(day int, who string, ev workflow.Event, reason string) {
	t.add(step{day: day, who: who, what: ev.Label(),
		cmd: func(*workflow.Decision) workflow.Command { return &workflow.FireEvent{Event: ev, Reason: reason} }})
}

// requestWithdrawal is the undertaking unit's request to withdraw, decided by the government office.
func (t *timeline) requestWithdrawal(day int, reason string) {
	t.add(step{day: day, who: t.clerk, what: "申请撤回",
		cmd: func(*workflow.Decision) workflow.Command { return &workflow.RequestWithdrawal{Reason: reason} }})
}

// start records the government's decision to start the procedure and fires start.
func (t *timeline) start(day int, basis string) {
	rec := workflow.StartRecord{DecidedOn: t.date(day), Basis: basis, By: t.s.actors["secretary"].Name}
	t.add(step{day: day, who: "secretary", what: "记录决定启动",
		cmd: func(*workflow.Decision) workflow.Command { return &workflow.StartDecision{Start: rec} }})
}

func (t *timeline) updateProposal(day int, p workflow.Proposal) {
	t.add(step{day: day, who: t.clerk, what: "修改决策建议",
		cmd: func(*workflow.Decision) workflow.Command {
			return &workflow.EditProposal{Title: t.title, Category: t.category, Proposal: p}
		}})
}

func (t *timeline) flags(day int, f workflow.Flags) {
	t.add(step{day: day, who: t.clerk, what: "设置决策属性",
		cmd: func(*workflow.Decision) workflow.Command { return &workflow.SaveFlags{Flags: f} }})
}

func (t *timeline) revision(day int, r workflow.Revision) {
	t.add(step{day: day, who: t.clerk, what: "保存草案",
		cmd: func(*workflow.Decision) workflow.Command { return &workflow.AddRevision{Revision: r} }})
}

func (t *timeline) dispute(day int, x workflow.Dispute) {
	t.add(step{day: day, who: t.clerk, what: "记录部门分歧",
		cmd: func(*workflow.Decision) workflow.Command { return &workflow.AddDispute{Dispute: x} }})
}

// method records a way the public was heard, held on day.
func (t *timeline) method(day int, m workflow.Method, participants, summary string) {
	x := workflow.ConsultationMethod{Method: m, HeldOn: t.date(day), Participants: participants, Summary: summary}
	t.add(step{day: day, who: t.clerk, what: "记录听取意见方式",
		cmd: func(*workflow.Decision) workflow.Command { return &workflow.AddMethod{Method: x} }})
}

// lateMethod records on day a way the public was heard on held, entered late with its reason (补录).
func (t *timeline) lateMethod(day, held int, m workflow.Method, participants, summary, reason string) {
	x := workflow.ConsultationMethod{Method: m, HeldOn: t.date(held), Participants: participants, Summary: summary}
	t.add(step{day: day, who: t.clerk, what: "补录听取意见方式",
		cmd: func(*workflow.Decision) workflow.Command {
			return &workflow.AddMethod{Entry: workflow.Entry{LateReason: reason}, Method: x}
		}})
}

// void voids on day, as who, the record of kind rec that which finds, with the reason (作废留痕).
func (t *timeline) void(day int, who string, rec workflow.Record, reason string, which func(d *workflow.Decision) int64) {
	t.add(step{day: day, who: who, what: "作废记录",
		cmd: func(d *workflow.Decision) workflow.Command {
			return &workflow.VoidRecord{Record: rec, ID: which(d), Reason: reason}
		}})
}

// notice publishes the public comment notice on day for a period of days calendar days from
// that day on, on the current draft.
func (t *timeline) notice(day, days int, n workflow.CommentNotice) {
	n.StartsOn = t.date(day)
	n.EndsOn = n.StartsOn.AddDate(0, 0, days-1)
	n.PublishedOn = n.StartsOn
	t.add(step{day: day, who: t.clerk, what: "发布公开征求意见公告",
		cmd: func(*workflow.Decision) workflow.Command { return &workflow.SaveNotice{Notice: n} }})
}

// comment is a comment received on day and, when disp is set, disposed of on disposed.
type comment struct {
	day      int
	source   string // sourcePortal, 来信, 电子邮件 …
	author   string
	contact  string
	body     string
	disp     workflow.Disposition
	reason   string
	disposed int
}

// comments records comments from the portal (as the public) or from letters and e-mail (entered
// by the clerk), and the dispositions given.
func (t *timeline) comments(cs ...comment) {
	for _, c := range cs {
		// Letters and e-mails are entered by the clerk; the portal takes comments from the
		// public, who have no role, while the notice is open.
		x := workflow.Comment{Source: c.source, Author: c.author, Contact: c.contact, Body: c.body}
		if c.source == sourcePortal {
			t.add(step{day: c.day, who: "public", what: "公众提交意见",
				do: func(d *workflow.Decision, _ workflow.Actor, at time.Time) error {
					_, err := t.s.tx.AddPublicComment(t.s.ctx, at, d.ID, x)
					return err
				}})
		} else {
			t.add(step{day: c.day, who: t.clerk, what: "登记公众意见",
				cmd: func(*workflow.Decision) workflow.Command { return &workflow.AddComment{Comment: x} }})
		}
		if c.disp == workflow.DispositionNone {
			continue
		}
		t.add(step{day: c.disposed, who: t.clerk, what: "处理公众意见",
			cmd: func(d *workflow.Decision) workflow.Command {
				var id int64 // the comment's, found by its text
				for _, got := range d.Comments {
					if got.Body == x.Body {
						id = got.ID
					}
				}
				return &workflow.DisposeComment{CommentID: id, Disposition: c.disp, Reason: c.reason}
			}})
	}
}

func (t *timeline) feedback(day int, channel, summary string) {
	t.add(step{day: day, who: t.clerk, what: "记录意见采纳情况反馈",
		cmd: func(*workflow.Decision) workflow.Command {
			return &workflow.SaveFeedback{Feedback: workflow.Feedback{PublishedOn: t.date(day), Channel: channel, Summary: summary}}
		}})
}

// expert records an expert's written opinion, signed on day and declared free of interest.
func (t *timeline) expert(day int, e workflow.ExpertOpinion) {
	e.Signed, e.SignedOn, e.NoInterest = true, t.date(day), true
	t.add(step{day: day, who: t.clerk, what: "登记专家论证意见",
		cmd: func(*workflow.Decision) workflow.Command { return &workflow.AddExpert{Opinion: e} }})
}

// hearingDays are the days of a hearing record; 0 means not yet.
type hearingDays struct {
	notice, selection, list, materials, held int
}

// hearing saves the hearing record on day with the dates of days.
func (t *timeline) hearing(day int, days hearingDays, h workflow.HearingRecord) {
	on := func(day int) time.Time {
		if day == 0 {
			return time.Time{}
		}
		return t.date(day)
	}
	h.NoticePublishedOn, h.SelectionPublishedOn, h.ListPublishedOn = on(days.notice), on(days.selection), on(days.list)
	h.MaterialsDeliveredOn, h.HeldOn = on(days.materials), on(days.held)
	t.add(step{day: day, who: t.clerk, what: "记录听证",
		cmd: func(*workflow.Decision) workflow.Command { return &workflow.SaveHearing{Hearing: h} }})
}

func (t *timeline) participants(day int, ps ...workflow.HearingParticipant) {
	for _, p := range ps {
		t.add(step{day: day, who: t.clerk, what: "登记听证参加人",
			cmd: func(*workflow.Decision) workflow.Command { return &workflow.AddParticipant{Participant: p} }})
	}
}

func (t *timeline) risk(day int, r workflow.RiskReport) {
	r.AssessedOn = t.date(day)
	t.add(step{day: day, who: t.clerk, what: "记录风险评估报告",
		cmd: func(*workflow.Decision) workflow.Command {
			r.AssessorBody = t.s.body(r.AssessorUnit)
			return &workflow.SaveRisk{Report: r}
		}})
}

// submit sends the current draft for legality review on day: the review clock starts.
func (t *timeline) submit(day int, legalBasis, procedures string) {
	t.add(step{day: day, who: t.clerk, what: "送请合法性审查",
		cmd: func(*workflow.Decision) workflow.Command {
			return &workflow.AddSubmission{Submission: workflow.ReviewSubmission{LegalBasis: legalBasis, Procedures: procedures}}
		}})
}

func (t *timeline) returnSubmission(day int, reason string) {
	t.add(step{day: day, who: "reviewer", what: "退回补充材料",
		cmd: func(*workflow.Decision) workflow.Command { return &workflow.ReturnSubmission{Reason: reason} }})
}

// review signs a legality review of the current submission as who and fires its event, the
// reviewer having confirmed it with their password.
func (t *timeline) review(day int, who string, r workflow.Review) {
	t.add(step{day: day, who: who, what: "签署合法性审查意见",
		cmd: func(*workflow.Decision) workflow.Command {
			return &workflow.SignReview{Review: r, PasswordConfirmed: true}
		}})
}

// meeting records the collective discussion held on day and the opinions given there, in
// speaking order.
func (t *timeline) meeting(day int, m workflow.Meeting, opinions ...workflow.MeetingOpinion) {
	m.HeldOn = t.date(day)
	t.add(step{day: day, who: "secretary", what: "记录集体讨论会议",
		cmd: func(*workflow.Decision) workflow.Command { return &workflow.AddMeeting{Meeting: m} }})
	for _, o := range opinions {
		t.add(step{day: day, who: "secretary", what: "记录会议发言",
			cmd: func(*workflow.Decision) workflow.Command { return &workflow.AddOpinion{Opinion: o} }})
	}
}

// decide records the head's decision at the meeting and fires its event.
func (t *timeline) decide(day int, h workflow.HeadDecision, departure string) {
	t.add(step{day: day, who: "secretary", what: "记录行政首长决定",
		cmd: func(*workflow.Decision) workflow.Command {
			return &workflow.DecideAtMeeting{Head: h, Reason: departure}
		}})
}

func (t *timeline) partyReport(day int, note string) {
	t.add(step{day: day, who: "secretary", what: "记录向同级党委请示报告",
		cmd: func(*workflow.Decision) workflow.Command {
			return &workflow.SavePartyReport{Report: workflow.PartyReport{ReportedOn: t.date(day), Note: note}}
		}})
}

// publish records the publication on day under the document number prefix〔year〕n号.
func (t *timeline) publish(day int, prefix string, p workflow.Publication) {
	p.PublishedOn = t.date(day)
	p.DocNumber = docNumber(prefix, p.PublishedOn)
	t.add(step{day: day, who: "secretary", what: "记录决策公布",
		cmd: func(*workflow.Decision) workflow.Command { return &workflow.SavePublication{Publication: p} }})
}

func (t *timeline) report(day int, kind workflow.ReportKind, body string) {
	r := workflow.ImplementationReport{Kind: kind, ExecutingUnit: t.unit, Body: body, ReportedOn: t.date(day)}
	t.add(step{day: day, who: t.clerk, what: "记录执行情况",
		cmd: func(*workflow.Decision) workflow.Command { return &workflow.AddReport{Report: r} }})
}

func (t *timeline) evaluation(day int, e workflow.Evaluation) {
	e.EvaluatedOn = t.date(day)
	t.add(step{day: day, who: t.clerk, what: "记录决策后评估",
		cmd: func(*workflow.Decision) workflow.Command {
			e.EvaluatorBody = t.s.body(e.EvaluatorUnit)
			return &workflow.SaveEvaluation{Evaluation: e}
		}})
}

// standingMeeting names the municipal government's standing meeting held on day, numbered
// within its year (one every two weeks or so).
func (t *timeline) standingMeeting(day int) string {
	d := t.date(day)
	return fmt.Sprintf("市人民政府%d年第%d次常务会议", d.Year(), (d.YearDay()-1)/14+1)
}

// docNumber is a document number of the year of on: prefix〔2026〕17号.
func docNumber(prefix string, on time.Time) string {
	on = on.In(workflow.Shanghai)
	return fmt.Sprintf("%s〔%d〕%d号", prefix, on.Year(), (on.YearDay()-1)/9+1)
}

// The members of the (fictional) municipal government's standing meeting.
type leader struct{ name, position string }

var (
	mayor       = leader{"林振华", "市长"}
	execVice    = leader{"黄建平", "常务副市长"}
	viceEconomy = leader{"许志明", "副市长"}
	viceHousing = leader{"何丽萍", "副市长"}
	secGeneral  = leader{"曹文军", "市政府秘书长"}
)

// says is a member's opinion; the head's is last (条例第30条).
func says(l leader, stance workflow.Stance, text string) workflow.MeetingOpinion {
	return workflow.MeetingOpinion{Speaker: l.name, Position: l.position, Stance: stance, Text: text,
		IsHead: l == mayor}
}

// standing is a standing meeting of the municipal government with the legal-office head
// attending and the whole agenda package (条例第29条).
func standing(t *timeline, day int, technical bool, other string) workflow.Meeting {
	return workflow.Meeting{
		Kind:   workflow.MeetingStanding,
		Number: t.standingMeeting(day),
		Attendees: "市长林振华，常务副市长黄建平，副市长许志明、何丽萍，市政府秘书长曹文军；列席：市司法局局长孙立群，" +
			t.unit + "主要负责人，市审计局负责人",
		LegalHeadAttended: true,
		PackDraft:         true, PackPublicReport: true, PackExpertReport: technical, PackRiskReport: true, PackLegality: true,
		PackOther: other,
	}
}

// riskDims builds the dimensions of a risk report in the order of workflow.Dimensions.
func riskDims(levels [5]workflow.Level, analyses [5]string) map[workflow.Dimension]workflow.DimensionAssessment {
	m := map[workflow.Dimension]workflow.DimensionAssessment{}
	for i, dim := range workflow.Dimensions {
		if levels[i] != workflow.LevelNone || analyses[i] != "" {
			m[dim] = workflow.DimensionAssessment{Level: levels[i], Analysis: analyses[i]}
		}
	}
	return m
}

// timelines are the demo decisions, oldest first.
func (s *seeder) timelines() []*timeline {
	return []*timeline{
		s.parkingFees(),
		s.busFares(),
		s.deferredHousing(),
		s.elevators(),
		s.drainage(),
		s.gasPrices(),
		s.privateEconomy(),
		s.marketStalls(),
		s.oldCommunities(),
		s.expropriation(),
		s.lightRail(),
		s.chargingPoints(),
		s.heatingPrices(),
	}
}

const (
	fgw = "市发展和改革委员会"
	zjj = "市住房和城乡建设局"
)

// demoChannel is where the demo government publishes notices and feedback.
const demoChannel = "江澜市人民政府门户网站“政民互动—意见征集”专栏"

// parkingFees is an older decision carried through the whole procedure, evaluated and closed.
func (s *seeder) parkingFees() *timeline {
	const origin = 560
	year := s.today.AddDate(0, 0, -origin).Year()
	t := s.timeline(origin, fmt.Sprintf("%d年中心城区机动车停放服务收费标准调整方案", year), workflow.CategoryPublicService, fgw, "clerk",
		workflow.Proposal{
			Kind:     workflow.ProposerDepartment,
			Proposer: fgw,
			Problem: "中心城区现行机动车停放服务收费标准制定于2016年，道路停车泊位与路外公共停车场收费倒挂，核心商圈道路泊位日均周转不足3次，" +
				"“停车难”“乱停车”问题突出，收费标准已不能发挥调节停车需求的作用。",
			Reasons: "停车设施普查显示，中心城区道路泊位平均占用时长4.6小时，路外公共停车场平均利用率仅为52%；市人大代表、政协委员连续两年提出调整建议；" +
				"现行标准未体现“路内高于路外、高峰高于平峰、中心高于外围”的差别化原则。",
			LegalBasis: "《中华人民共和国价格法》第十八条、第二十三条；《政府制定价格行为规则》（国家发展改革委令2017年第7号）；" +
				"《政府制定价格听证办法》（国家发展改革委令2018年第2号）；《国家发展改革委 住房城乡建设部 交通运输部关于进一步完善机动车停放服务收费政策的指导意见》（发改价格〔2015〕2975号）；" +
				"省定价目录“机动车停放服务收费”项。",
			Solution: "将中心城区划分为一类、二类、三类区域，道路停车泊位实行分区域、分时段、累进计费；路外公共停车场由政府定价改为政府指导价；" +
				"新能源汽车首小时免费，医院、学校周边设置短时免费时段。",
			Necessity: "以价格杠杆调节停车需求、提高泊位周转率是国家政策导向，周边城市均已完成调整。经测算，调整后一类区域道路泊位日均周转可提高至5次以上，" +
				"短时停车者负担基本不变，群众出行成本总体可控，具备实施条件。",
			DecisionOrgan:     demoGov,
			ResponsibleLeader: "副市长许志明",
			CoUnits:           "市公安局交通管理支队、市城市管理局",
		})
	t.start(7, t.standingMeeting(7)+"研究同意启动决策程序，由市发展和改革委员会承办")
	t.flags(12, workflow.Flags{AffectsInterests: true, StabilityRisk: true, HearingRequired: true})
	t.revision(12, workflow.Revision{Note: "初稿",
		Body: "一、适用范围：本方案适用于中心城区城市道路停车泊位和政府投资建设的路外公共停车场。\n" +
			"二、区域划分：一类区域为人民路、解放路商圈及市级医院周边，二类区域为一类区域以外的建成区主干道，三类区域为其余区域。\n" +
			"三、收费标准：道路停车泊位白天（8:00—20:00）首小时一类区域5元、二类区域3元、三类区域2元，其后每半小时分别加收2元、1.5元、1元；" +
			"夜间按次收费，每次不超过5元。路外公共停车场实行政府指导价，基准价为道路泊位同类区域标准的60%，上浮不超过10%。\n" +
			"四、优惠减免：首15分钟免费；新能源汽车首小时免费；执行公务的军警、消防、救护车辆免费。\n" +
			"五、实施时间：自公布之日起30日后施行。"})
	t.revision(30, workflow.Revision{Note: "根据市公安局交通管理支队、市城市管理局书面意见，调整三类区域边界，增加医院、学校周边30分钟免费时段。",
		Body: "一、适用范围：本方案适用于中心城区城市道路停车泊位和政府投资建设的路外公共停车场。\n" +
			"二、区域划分：一类区域为人民路、解放路商圈，二类区域为一类区域以外的建成区主干道及市级医院周边，三类区域为其余区域（具体路段见附件）。\n" +
			"三、收费标准：道路停车泊位白天（8:00—20:00）首小时一类区域5元、二类区域3元、三类区域2元，其后每半小时分别加收2元、1.5元、1元；" +
			"夜间按次收费，每次不超过5元。路外公共停车场实行政府指导价，基准价为道路泊位同类区域标准的60%，上浮不超过10%。\n" +
			"四、优惠减免：首15分钟免费；医院、中小学校周边200米范围内道路泊位首30分钟免费；新能源汽车首小时免费；执行公务的军警、消防、救护车辆免费。\n" +
			"五、实施时间：自公布之日起30日后施行。"})
	t.fire(34, "clerk", workflow.Submit, "")
	t.notice(36, 30, workflow.CommentNotice{Channel: demoChannel + "、《江澜日报》",
		HowToSubmit: "登录市政府门户网站“意见征集”专栏在线提交；或信函寄至江澜市发展和改革委员会价格管理科（信封注明“停车收费意见”）。",
		Explanation: "为发挥价格杠杆调节停车需求的作用，市发展和改革委员会会同有关部门起草了本方案。方案按照“路内高于路外、高峰高于平峰、中心高于外围”的原则，" +
			"对中心城区道路停车泊位实行分区域、分时段、累进计费，并对路外公共停车场实行政府指导价。",
		Link: "https://www.jianglan.gov.cn/hdjl/yjzj/tcsf/"})
	t.method(40, workflow.MethodQuestionnaire, "中心城区车主、商户及市民（线上问卷，有效问卷2316份）",
		"68.4%的受访者支持实行差别化收费，主要担忧集中在医院周边停车负担和夜间停车收费。")
	t.method(45, workflow.MethodSymposium, "市人大代表3名、市政协委员2名、市民代表6名、停车场经营企业代表4名，市公安局交通管理支队、市城市管理局",
		"与会人员普遍赞成调整，建议增加医院周边免费时段、明确夜间按次收费上限，经营企业建议路外停车场价格允许适度浮动。")
	t.comments(
		comment{day: 38, source: sourcePortal, author: "王女士", contact: "139****5821",
			body: "每周要带老人去市人民医院复诊，一次就要停两三个小时，按新标准一次要十几元，建议医院周边延长免费时间或者按次收费。",
			disp: workflow.DispositionPartly, reason: "已将医院周边调整为二类区域，并设置首30分钟免费；按次收费不利于泊位周转，未予采纳。", disposed: 68},
		comment{day: 41, source: sourcePortal, author: "李先生", contact: "lixs@example.com",
			body: "夜间在老城区路边停车是刚需，建议夜间不收费或者设置包月。",
			disp: workflow.DispositionPartly, reason: "夜间实行按次收费、每次不超过5元；包月由经营者在路外停车场提供，不在道路泊位实行。", disposed: 68},
		comment{day: 47, source: "来信", author: "江澜市停车行业协会", contact: "",
			body: "建议路外公共停车场实行政府指导价并允许上浮，以引导社会资本投资建设停车设施。",
			disp: workflow.DispositionAdopted, reason: "方案已规定路外公共停车场实行政府指导价，允许在基准价基础上上浮不超过10%。", disposed: 68},
		comment{day: 58, source: sourcePortal, author: "市民张某", contact: "",
			body: "建议取消所有道路停车收费，停车费是变相收费。",
			disp: workflow.DispositionNotAdopted, reason: "道路停车泊位占用公共道路资源，依据发改价格〔2015〕2975号文实行有偿使用，以价格调节供需；取消收费将加剧长时间占用。", disposed: 69},
	)
	t.feedback(70, demoChannel, "公开征求意见期间共收到意见建议4条，其中采纳1条、部分采纳2条、未采纳1条；已逐条说明理由。")
	t.fire(71, "clerk", workflow.ToHearing, "")
	hearingText := workflow.HearingRecord{
		NoticeChannel:   demoChannel + "、《江澜日报》",
		Place:           "江澜市发展和改革委员会三楼听证室",
		SelectionMethod: "听证参加人由消费者、经营者、专家学者、人大代表、政协委员等组成，共9名，其中消费者代表不少于五分之二，由自愿报名者中公开随机抽取产生。",
	}
	t.hearing(74, hearingDays{notice: 74, selection: 74, held: 103}, hearingText)
	t.participants(88,
		workflow.HearingParticipant{Name: "覃美兰", Category: "消费者代表", Organisation: "东城街道居民"},
		workflow.HearingParticipant{Name: "黄志强", Category: "消费者代表", Organisation: "出租汽车驾驶员"},
		workflow.HearingParticipant{Name: "梁丽", Category: "消费者代表", Organisation: "西城街道居民"},
		workflow.HearingParticipant{Name: "蒙海", Category: "消费者代表", Organisation: "个体工商户"},
		workflow.HearingParticipant{Name: "韦建军", Category: "经营者代表", Organisation: "江澜城投停车管理有限公司"},
		workflow.HearingParticipant{Name: "莫晓东", Category: "专家", Organisation: "江澜学院经济管理学院"},
		workflow.HearingParticipant{Name: "陆秀英", Category: "人大代表", Organisation: "市人大代表"},
		workflow.HearingParticipant{Name: "罗永康", Category: "政协委员", Organisation: "市政协委员"},
		workflow.HearingParticipant{Name: "卢宁", Category: "利害关系人", Organisation: "人民路商圈商户联合会"},
	)
	hearingText.RecordSigned = true
	hearingText.RecordSummary = "9名听证参加人全部到会，7人同意调整方案，2人原则同意但建议降低一类区域首小时标准。参加人集中关注医院周边收费、夜间收费上限和收费公示。"
	hearingText.OpinionsHandling = "听证意见共归纳为5类：医院周边收费已在方案中设置首30分钟免费；夜间按次收费上限维持5元；关于降低一类区域首小时标准的意见，" +
		"经成本和供需测算未予采纳，在听证报告中说明理由；收费公示、电子支付和欠费追缴的建议转市城市管理局在实施细则中落实。"
	t.hearing(104, hearingDays{notice: 74, selection: 74, list: 88, materials: 90, held: 103}, hearingText)
	t.fire(106, "clerk", workflow.ToRisk, "")
	t.risk(118, workflow.RiskReport{
		Dimensions: riskDims([5]workflow.Level{workflow.LevelMedium, workflow.LevelLow, workflow.LevelLow, workflow.LevelLow, workflow.LevelLow}, [5]string{
			"收费标准提高可能引起部分长时间停车车主和周边商户不满，网络舆情存在炒作“变相涨价”的可能。",
			"收费调整不影响道路通行秩序；泊位周转提高有利于减少绕行和违停。",
			"提高周转、减少巡游找车，有利于减少机动车尾气排放。",
			"停车收入增加部分纳入财政管理，用于停车设施建设；对商圈经营影响有限。",
			"收费系统升级需同步完成，存在计费差错引发投诉的可能。",
		}),
		Methods:      "舆情跟踪、问卷抽样调查、重点走访商圈和医院、部门会商分析",
		RiskPoints:   "长时间停车车主和商户的不满情绪；计费系统切换期间的差错投诉。",
		Measures:     "设置30日过渡期并开展政策解读；医院、学校周边短时免费；计费系统上线前组织联调测试；12345热线设立专门受理渠道。",
		Contingency:  "出现集中投诉或群体性事件苗头时，由市发展和改革委员会牵头、会同交警和城管部门于24小时内研判处置，必要时报请市政府暂缓执行部分路段标准。",
		Assessor:     "江澜市社会稳定风险评估中心（受市发展和改革委员会委托）",
		AssessorUnit: "江澜市社会稳定风险评估中心",
		ThirdParty:   true, Controllable: true,
	})
	t.fire(120, "clerk", workflow.ToReview, "")
	t.submit(121, "《中华人民共和国价格法》第十八条、第二十三条；《政府制定价格行为规则》；《政府制定价格听证办法》；发改价格〔2015〕2975号。",
		"已履行公开征求意见（30日）、问卷调查、座谈会、价格听证和社会稳定风险评估程序，意见采纳情况已公开反馈。")
	t.review(133, "reviewer", workflow.Review{Conclusion: workflow.ConclusionLegal,
		Authority: "机动车停放服务收费列入省定价目录，由设区的市人民政府定价，市人民政府有权作出本决策。",
		Procedure: "已履行公众参与、价格听证、风险评估程序，公开征求意见期限30日，听证材料于听证10日前送达，符合《政府制定价格听证办法》和条例规定。",
		Substance: "方案内容符合发改价格〔2015〕2975号文关于差别化收费的要求，优惠减免对象明确，未发现与上位法相抵触的内容。",
		Advisers:  "听取了市政府法律顾问、澜江律师事务所韦律师的意见，认为方案合法。"})
	t.meeting(140, standing(t, 140, false, "价格听证报告"),
		says(execVice, workflow.StanceFor, "同意。建议同步推进停车诱导系统建设，提高路外停车场利用率。"),
		says(viceEconomy, workflow.StanceFor, "同意。方案履行了听证和风险评估程序，请市发展改革委会同交警部门做好政策解读，设置过渡期。"),
		says(viceHousing, workflow.StanceFor, "同意。建议住建部门同步推进老旧小区周边错时共享停车。"),
		says(secGeneral, workflow.StanceFor, "同意。"),
		says(mayor, workflow.StanceFor, "同意。此项调整涉及面广，政策解读要做在前面，执行中跟踪评估，实施满一年后开展后评估。本方案通过。"),
	)
	t.decide(140, workflow.HeadApprove, "")
	t.partyReport(143, "按照重大事项请示报告制度，已向中共江澜市委报告，市委同意按程序出台。")
	t.publish(150, "澜政规", workflow.Publication{
		Channels: "《江澜市人民政府公报》、" + demoChannel + "、《江澜日报》",
		Link:     "https://www.jianglan.gov.cn/zwgk/zfwj/tcsf/",
		Text:     "江澜市人民政府关于调整中心城区机动车停放服务收费标准的通知（全文见链接）",
		Explanation: "公开征求意见收到的4条意见中采纳1条、部分采纳2条；价格听证会9名参加人的意见已归纳整理，医院周边免费时段、夜间收费上限等意见已采纳，" +
			"降低一类区域首小时标准的意见经测算未予采纳。",
	})
	t.fire(151, "secretary", workflow.Implement, "")
	t.report(185, workflow.ReportProgress, "新标准已于公布30日后施行。首月一类区域道路泊位日均周转由2.8次提高到4.9次，路外公共停车场利用率由52%提高到67%。")
	t.report(240, workflow.ReportOpinion, "近两个月收到市民来信来电43件，主要反映计费起止时间显示不清和个别路段区域划分不合理，已转市城市管理局核查，调整收费牌示12处。")
	t.report(400, workflow.ReportProgress, "执行满一年：中心城区违停投诉同比下降31%，道路泊位平均占用时长由4.6小时降至2.1小时，停车收费收入全部纳入财政专户管理。")
	t.fire(520, "clerk", workflow.Evaluate, "决策实施满一年，按照市人民政府常务会议要求开展决策后评估（条例第三十六条）")
	t.evaluation(546, workflow.Evaluation{
		Trigger:       "实施满一年，决策机关要求开展后评估",
		Evaluators:    "江澜学院公共管理学院课题组（受委托第三方），听取市发展和改革委员会、市公安局交通管理支队、市城市管理局、停车场经营企业、车主代表及社会公众意见",
		EvaluatorUnit: "江澜学院公共管理学院",
		ThirdParty:    true,
		Opinions:      "问卷调查有效样本1520份，满意和基本满意占74.6%；经营企业认为路外停车场价格浮动空间偏小；部分市民建议扩大新能源汽车优惠。",
		Conclusion:    workflow.EvalContinue,
		Reasons:       "决策目标基本实现：泊位周转率和路外停车场利用率明显提高，违停投诉下降，未发生影响社会稳定的事件。建议继续执行，并在下一轮调整时研究扩大路外停车场价格浮动幅度。",
	})
	t.fire(548, "clerk", workflow.Close, "")
	return t
}

// busFares is a decision published and in implementation, with progress reports.
func (s *seeder) busFares() *timeline {
	t := s.timeline(300, "城市公共交通票价调整方案", workflow.CategoryPublicService, fgw, "clerk", workflow.Proposal{
		Kind:     workflow.ProposerDepartment,
		Proposer: fgw,
		Problem: "中心城区公交票价十余年未作调整，实行普通车1元、空调车2元的单一票制；公交企业运营成本持续上涨，上年度财政补贴达2.86亿元，" +
			"票价结构不合理，换乘优惠缺失，财政补贴压力大。",
		Reasons: "经成本监审，上年度公交单位运营成本为3.41元/人次，票款收入仅覆盖成本的31%；《城市公共交通条例》要求建立票制票价动态调整机制，" +
			"统筹考虑企业运营成本、社会承受能力和财政补贴。",
		LegalBasis: "《中华人民共和国价格法》第十八条、第二十三条；《城市公共交通条例》（国务院令第793号）；《政府制定价格行为规则》；" +
			"《政府制定价格成本监审办法》（国家发展改革委令2017年第8号）；《政府制定价格听证办法》；省定价目录“城市公共交通票价”项。",
		Solution: "普通车、空调车统一为2元/人次；使用公交卡和移动支付享受8折优惠，60分钟内换乘第二次免费；继续对老年人、残疾人、现役军人等群体实行免费或优惠乘车；" +
			"建立票价与运营成本、财政补贴联动的动态调整机制。",
		Necessity: "调整后预计年增加票款收入约3200万元，财政补贴可减少约11%；使用电子支付的乘客单次实付1.6元，普通车乘客月均增加支出约12元，" +
			"占城镇居民人均可支配收入的0.3%，在社会可承受范围内。",
		DecisionOrgan:     demoGov,
		ResponsibleLeader: "副市长许志明",
		CoUnits:           "市交通运输局、市财政局",
	})
	t.start(6, "列入《江澜市人民政府年度重大行政决策事项目录》，经"+t.standingMeeting(6)+"决定启动")
	t.flags(14, workflow.Flags{AffectsInterests: true, Technical: true, StabilityRisk: true, HearingRequired: true})
	t.revision(14, workflow.Revision{Note: "初稿，附两个备选方案（条例第十二条）",
		Body: "一、票价标准：中心城区公交线路普通车、空调车统一执行2元/人次。\n二、优惠政策：使用江澜公交卡或移动支付乘车享受8折优惠；60分钟内换乘第二次免费。\n" +
			"三、免费和优惠乘车：65周岁以上老年人、残疾人、现役军人、消防救援人员免费乘车；学生卡5折。\n" +
			"四、动态调整：票价每三年评估一次，根据成本监审结果和财政补贴情况提出调整建议。\n五、实施时间：自公布之日起30日后施行。",
		Options: "方案二：普通车1.5元、空调车2元，电子支付9折，不设换乘优惠。"})
	t.dispute(30, workflow.Dispute{Department: "市财政局",
		OurView:    "建立票价与财政补贴联动机制，票价调整后财政补贴按成本规制办法核定，增收部分用于提升服务。",
		TheirView:  "票价调整后增收部分应首先冲抵财政补贴，补贴总额三年内不增加。",
		Reasons:    "我方认为冻结补贴总额将影响新能源车辆更新和线网优化；市财政局认为财政收支平衡压力较大。",
		LegalBasis: "《城市公共交通条例》关于财政补贴和成本规制的规定；《政府制定价格成本监审办法》。",
		Resolution: "经副市长许志明协调，采纳折中方案：补贴按成本规制办法年度核定，票价增收部分的60%冲抵补贴、40%用于车辆更新和服务提升，已写入草案第二稿。"})
	t.revision(40, workflow.Revision{Note: "根据成本监审报告和与市财政局的协调结果，增加补贴核定和增收使用条款。",
		Body: "一、票价标准：中心城区公交线路普通车、空调车统一执行2元/人次。\n二、优惠政策：使用江澜公交卡或移动支付乘车享受8折优惠；60分钟内换乘第二次免费。\n" +
			"三、免费和优惠乘车：65周岁以上老年人、残疾人、现役军人、消防救援人员免费乘车；学生卡5折。\n" +
			"四、补贴核定：财政补贴按成本规制办法年度核定；票价增收部分的60%冲抵财政补贴，40%用于新能源车辆更新和服务提升。\n" +
			"五、动态调整：票价每三年评估一次，根据成本监审结果和财政补贴情况提出调整建议。\n六、实施时间：自公布之日起30日后施行。",
		Options: "方案二：普通车1.5元、空调车2元，电子支付9折，不设换乘优惠。"})
	t.fire(44, "clerk", workflow.Submit, "")
	t.notice(46, 30, workflow.CommentNotice{Channel: demoChannel,
		HowToSubmit: "在线提交；或信函寄至市发展和改革委员会价格管理科；或发送电子邮件至 jgk@fgw.jianglan.gov.cn。",
		Explanation: "本方案在成本监审基础上提出，统一普通车和空调车票价，同时推出电子支付折扣和换乘优惠，使用电子支付并换乘的乘客实际负担下降。",
		Link:        "https://www.jianglan.gov.cn/hdjl/yjzj/gjpj/"})
	t.method(46, workflow.MethodPublic, "社会公众", "在市政府门户网站公开方案全文及起草说明，征求意见30日。")
	t.method(55, workflow.MethodSymposium, "乘客代表8名、公交企业2家、市交通运输局、市财政局、市消费者权益保护委员会",
		"乘客代表关注老年人和学生优惠，公交企业希望明确补贴核定办法，消委会建议保留现金乘车渠道。")
	t.method(60, workflow.MethodPoll, "中心城区常住居民（电话民意调查，样本1200个）", "支持和基本支持的占61.2%，不支持的占22.5%，其余未表态。")
	// A visit held on day 48 but entered on day 70 (补录), and the symposium entered twice by
	// mistake and voided (作废留痕): what a real record also holds.
	t.lateMethod(70, 48, workflow.MethodVisit, "市交通运输局会同公交集团走访3个公交场站及12条线路的司乘人员",
		"司机和乘客普遍关注高峰时段运力，建议票价调整与增开线路同步实施。",
		"走访记录原由市交通运输局保存，整理归档时发现未登记，据走访记录补录")
	t.method(61, workflow.MethodSymposium, "乘客代表8名、公交企业2家、市交通运输局、市财政局、市消费者权益保护委员会",
		"乘客代表关注老年人和学生优惠。")
	t.void(62, t.clerk, workflow.RecMethod, "同一次座谈会（第55天）重复登记", func(d *workflow.Decision) int64 {
		return d.Methods[len(d.Methods)-1].ID
	})
	t.comments(
		comment{day: 47, source: sourcePortal, author: "覃先生", contact: "137****0934",
			body: "普通车从1元涨到2元涨幅100%，对每天坐公交上班的人负担太重，建议普通车只涨到1.5元。",
			disp: workflow.DispositionNotAdopted, reason: "统一票价后使用电子支付实付1.6元，并有换乘优惠，通勤乘客实际负担增加有限；分档票价不利于线网优化和车辆更新。", disposed: 78},
		comment{day: 50, source: sourcePortal, author: "林女士", contact: "",
			body: "建议把换乘优惠时间从60分钟延长到90分钟，外围片区换乘等车时间长。",
			disp: workflow.DispositionPartly, reason: "外围片区线路发车间隔较长，对跨片区换乘放宽至90分钟，中心城区维持60分钟。", disposed: 78},
		comment{day: 53, source: "来信", author: "市老年人协会", contact: "",
			body: "建议老年人免费乘车年龄由65周岁降为60周岁。",
			disp: workflow.DispositionPartly, reason: "60至64周岁老年人在非高峰时段享受5折优惠，65周岁以上继续免费。", disposed: 78},
		comment{day: 58, source: sourcePortal, author: "学生家长", contact: "",
			body: "学生卡应该在寒暑假也能使用。",
			disp: workflow.DispositionAdopted, reason: "学生卡优惠全年有效，已在方案中明确。", disposed: 79},
		comment{day: 64, source: "电子邮件", author: "黄先生", contact: "hxs@example.com",
			body: "保留投币乘车，很多老人不会用手机支付。",
			disp: workflow.DispositionAdopted, reason: "保留现金投币乘车，现金乘车按2元执行，不享受折扣。", disposed: 79},
		comment{day: 70, source: sourcePortal, author: "市民", contact: "",
			body: "公交晚上9点就收车了，应该先延长运营时间再涨价。",
			disp: workflow.DispositionPartly, reason: "意见已转市交通运输局，在线网优化中对客流较大的8条线路延长末班车至22:30。", disposed: 79},
	)
	t.expert(62, workflow.ExpertOpinion{Name: "蒋文涛", Field: "交通运输经济", Organisation: "江澜学院交通运输学院",
		Opinion:    "票制统一有利于简化结算和线网优化，换乘优惠可引导乘客向干线集中。建议跨片区换乘时限适当放宽。",
		Conclusion: "方案科学、合理，具备可行性。"})
	t.expert(63, workflow.ExpertOpinion{Name: "潘慧敏", Field: "价格与成本监审", Organisation: "省价格协会",
		Opinion:    "成本监审数据完整，单位运营成本测算方法符合成本监审办法；票款收入覆盖率调整后约为44%，仍处合理区间。",
		Conclusion: "测算依据充分，方案合理可行。"})
	t.expert(66, workflow.ExpertOpinion{Name: "甘立平", Field: "行政法学", Organisation: "江澜学院法学院",
		Opinion:       "票价上调幅度较大，建议分两步实施，第一步普通车调整为1.5元，一年后再统一为2元，以减缓对低收入群体的影响。",
		Conclusion:    "程序合法；对一次性调整到位的合理性持保留意见，建议分步实施。",
		DifferingView: true})
	t.campaigns(47, 75, 79, fareCampaigns...)
	t.feedback(80, demoChannel, "公开征求意见期间共收到意见建议306条，内容相同的合并研究：采纳146条、部分采纳45条、未采纳97条，与本事项无关12条、重复6条；专家论证意见3份，其中1份建议分步实施，已在听证会上一并听取意见。")
	t.fire(82, "clerk", workflow.ToHearing, "")
	hearing := workflow.HearingRecord{
		NoticeChannel:   demoChannel + "、《江澜日报》、江澜新闻客户端",
		Place:           "江澜市政务服务中心第一会议室",
		SelectionMethod: "听证参加人共13名：消费者代表6名（自愿报名、公开随机抽取），经营者代表2名，专家学者2名，人大代表、政协委员各1名，市消费者权益保护委员会1名。",
	}
	t.hearing(84, hearingDays{notice: 84, selection: 84, held: 110}, hearing)
	t.participants(96,
		workflow.HearingParticipant{Name: "邓秀珍", Category: "消费者代表", Organisation: "退休职工"},
		workflow.HearingParticipant{Name: "谢文", Category: "消费者代表", Organisation: "企业职工"},
		workflow.HearingParticipant{Name: "黎明辉", Category: "消费者代表", Organisation: "外卖骑手"},
		workflow.HearingParticipant{Name: "杨小琴", Category: "消费者代表", Organisation: "高校学生"},
		workflow.HearingParticipant{Name: "施国庆", Category: "消费者代表", Organisation: "个体工商户"},
		workflow.HearingParticipant{Name: "岑丽华", Category: "消费者代表", Organisation: "社区工作者"},
		workflow.HearingParticipant{Name: "马卫东", Category: "经营者代表", Organisation: "江澜公交集团有限公司"},
		workflow.HearingParticipant{Name: "苏建新", Category: "经营者代表", Organisation: "江澜新城公交有限公司"},
		workflow.HearingParticipant{Name: "蒋文涛", Category: "专家", Organisation: "江澜学院交通运输学院"},
		workflow.HearingParticipant{Name: "甘立平", Category: "专家", Organisation: "江澜学院法学院"},
		workflow.HearingParticipant{Name: "吕红梅", Category: "人大代表", Organisation: "市人大代表"},
		workflow.HearingParticipant{Name: "钟志华", Category: "政协委员", Organisation: "市政协委员"},
		workflow.HearingParticipant{Name: "范玉兰", Category: "利害关系人", Organisation: "市消费者权益保护委员会"},
	)
	hearing.RecordSigned = true
	hearing.RecordSummary = "13名参加人到会。9人同意方案一，3人同意方案二，1人建议分步实施。参加人普遍关注低收入群体负担、老年人优惠和服务质量提升。"
	hearing.OpinionsHandling = "听证意见归纳为6类：采纳放宽跨片区换乘时限、60至64周岁老年人非高峰5折的意见；服务质量提升意见转市交通运输局纳入考核；" +
		"分步实施和选择方案二的意见，经比较测算未予采纳，理由在听证报告中逐条说明。"
	t.hearing(111, hearingDays{notice: 84, selection: 84, list: 96, materials: 98, held: 110}, hearing)
	t.fire(113, "clerk", workflow.ToRisk, "")
	t.risk(124, workflow.RiskReport{
		Dimensions: riskDims([5]workflow.Level{workflow.LevelMedium, workflow.LevelLow, workflow.LevelLow, workflow.LevelMedium, workflow.LevelLow}, [5]string{
			"票价上调可能引发通勤群体和低收入群体不满，社交媒体存在负面舆情风险。",
			"不涉及运营安全；票价调整期间需防范驾驶员与乘客因票款发生冲突。",
			"换乘优惠引导公交出行，有利于减少小汽车出行和碳排放。",
			"低收入群体出行成本增加；公交企业收入增加后须防止服务质量不升反降。",
			"公交卡系统和移动支付平台需同步改造，存在切换故障风险。",
		}),
		Methods:      "舆情跟踪、电话民意调查、重点走访公交站点和社区、专家会商分析",
		RiskPoints:   "通勤和低收入群体的负担感受；调价初期的服务投诉；支付系统切换故障。",
		Measures:     "对低保对象发放公交补贴卡；调价同时延长8条线路末班车；支付系统提前一个月联调；开展“一线一策”宣传。",
		Contingency:  "成立由市发展和改革委员会、市交通运输局、市公安局组成的工作专班，出现集中投诉或群体聚集时2小时内到场处置，视情报请市政府调整实施节奏。",
		Assessor:     "江澜学院社会风险研究所（受委托第三方）",
		AssessorUnit: "江澜学院社会风险研究所",
		ThirdParty:   true, Controllable: true,
	})
	t.fire(126, "clerk", workflow.ToReview, "")
	t.submit(127, "《中华人民共和国价格法》第十八条、第二十三条；《城市公共交通条例》；《政府制定价格行为规则》；《政府制定价格听证办法》。",
		"已履行成本监审、公开征求意见（30日）、座谈会、民意调查、专家论证、价格听证和社会稳定风险评估程序。")
	t.review(138, "reviewer", workflow.Review{Conclusion: workflow.ConclusionLegal,
		Authority: "城市公共交通票价列入省定价目录，由设区的市人民政府定价，市人民政府有权决定。",
		Procedure: "成本监审、专家论证、价格听证、风险评估程序完备；听证材料于听证12日前送达，公开征求意见期限30日。",
		Substance: "方案符合《城市公共交通条例》关于票价动态调整和优惠乘车的规定，免费和优惠乘车对象不低于法定标准。",
		Advisers:  "听取了市政府法律顾问团成员甘律师、市司法局公职律师吴律师的意见。"})
	t.meeting(150, standing(t, 150, true, "成本监审报告、价格听证报告"),
		says(execVice, workflow.StanceFor, "同意。财政补贴核定办法要同步出台。"),
		says(viceEconomy, workflow.StanceFor, "同意方案一。听证会上多数参加人支持，调价同时要把服务提升措施落实到位。"),
		says(viceHousing, workflow.StanceAgainst, "我不同意一次性调整到位。普通车票价翻倍，外围片区和城中村居民反映强烈，建议采纳专家意见分两步实施。"),
		says(secGeneral, workflow.StanceFor, "同意。"),
		says(mayor, workflow.StanceFor, "同意方案一。何丽萍同志的意见很重要，要落实低保对象公交补贴卡，跟踪外围片区居民负担，一年内报告执行情况。本方案通过。"),
	)
	t.decide(150, workflow.HeadApprove, "")
	t.partyReport(152, "已向中共江澜市委请示报告，市委常委会同意。")
	t.publish(158, "澜政发", workflow.Publication{
		Channels: "《江澜市人民政府公报》、" + demoChannel + "、《江澜日报》",
		Link:     "https://www.jianglan.gov.cn/zwgk/zfwj/gjpj/",
		Text:     "江澜市人民政府关于调整城市公共交通票价的通知（全文见链接）",
		Explanation: "公开征求意见收到6条意见，采纳2条、部分采纳3条；专家论证意见3份，分步实施的意见未采纳并说明理由；听证会13名参加人意见已归纳处理，" +
			"放宽跨片区换乘时限、60至64周岁老年人优惠等意见已采纳。",
	})
	t.fire(160, "secretary", workflow.Implement, "")
	t.report(192, workflow.ReportProgress, "新票价已于公布30日后施行。首月日均客运量38.6万人次，较调价前下降2.1%；电子支付占比由54%提升至81%，换乘优惠日均惠及4.2万人次。")
	t.report(215, workflow.ReportOpinion, "收到12345热线和来信意见87件，主要反映外围片区换乘时限和部分线路发车间隔，已会同市交通运输局优化6条线路发车间隔。")
	t.report(245, workflow.ReportProblem, "新城片区两条线路因道路施工绕行，换乘90分钟优惠未能自动识别，造成重复扣费1.3万笔，已督促公交集团退还并修复系统。")
	t.report(280, workflow.ReportProgress, "低保对象公交补贴卡已发放6214张；调价后票款收入同比增长27.5%，财政补贴同比减少10.8%，8条线路末班车延长至22:30。")
	s.busFaresTracker(t)
	return t
}

// deferredHousing is a decision the head deferred at the meeting.
func (s *seeder) deferredHousing() *timeline {
	t := s.timeline(200, "关于促进房地产市场平稳健康发展的若干措施", workflow.CategoryPublicService, zjj, "clerk2", workflow.Proposal{
		Kind:     workflow.ProposerDepartment,
		Proposer: zjj,
		Problem:  "本市新建商品住房销售面积连续两年下降，去化周期延长至26个月，部分项目出现交付风险，居民改善性住房需求释放不足。",
		Reasons:  "国家和省已出台优化房地产政策的系列措施，要求各地因城施策；本市购房补贴、公积金贷款等政策尚未相应调整。",
		LegalBasis: "《中华人民共和国城市房地产管理法》；《住房公积金管理条例》；国家和省关于促进房地产市场平稳健康发展的政策文件；" +
			"《重大行政决策程序暂行条例》第三条。",
		Solution:          "对购买首套和改善性新建商品住房的给予契税补贴；提高住房公积金贷款额度；支持收购存量商品住房用作保障性住房；建立保交楼专项工作机制。",
		Necessity:         "稳定房地产市场关系民生和地方经济，上述措施在财政可承受范围内，已有多个城市实施并取得效果。",
		DecisionOrgan:     demoGov,
		ResponsibleLeader: "副市长何丽萍",
		CoUnits:           "市财政局、市住房公积金管理中心、市自然资源和规划局",
	})
	t.start(5, t.standingMeeting(5)+"研究同意启动")
	t.flags(12, workflow.Flags{AffectsInterests: true, StabilityRisk: true})
	t.revision(12, workflow.Revision{Note: "初稿",
		Body: "一、购房补贴：购买首套新建商品住房的，按所缴契税的50%给予补贴；购买改善性住房的，按30%给予补贴。\n" +
			"二、公积金：住房公积金贷款最高额度由50万元提高至70万元。\n三、存量住房收购：支持市属国有企业收购存量商品住房用作保障性租赁住房。\n" +
			"四、保交楼：建立市级保交楼专班，设立纾困资金。\n五、有效期：自公布之日起至次年12月31日。"})
	t.revision(30, workflow.Revision{Note: "根据市财政局意见，购房补贴改为分档定额，明确资金来源。",
		Body: "一、购房补贴：购买首套新建商品住房的，每套补贴2万元；购买改善性住房的，每套补贴1万元，资金由市、区两级财政按5:5分担。\n" +
			"二、公积金：住房公积金贷款最高额度由50万元提高至70万元，多子女家庭再上浮10万元。\n三、存量住房收购：支持市属国有企业收购存量商品住房用作保障性租赁住房。\n" +
			"四、保交楼：建立市级保交楼专班，设立纾困资金。\n五、有效期：自公布之日起至次年12月31日。"})
	t.fire(34, "clerk2", workflow.Submit, "")
	t.notice(36, 30, workflow.CommentNotice{Channel: demoChannel, HowToSubmit: "在线提交或信函寄至市住房和城乡建设局房地产市场监管科。",
		Explanation: "为稳定房地产市场预期、满足刚性和改善性住房需求，起草本措施。", Link: "https://www.jianglan.gov.cn/hdjl/yjzj/fdc/"})
	t.method(40, workflow.MethodSymposium, "房地产开发企业6家、商业银行4家、购房者代表5名", "企业希望加大补贴力度，银行建议同步落实首付比例政策，购房者关注交付质量。")
	t.method(42, workflow.MethodWritten, "市财政局、市自然资源和规划局、市住房公积金管理中心、各城区人民政府", "各单位均书面回复，市财政局对补贴资金分担提出修改意见，已采纳。")
	t.comments(
		comment{day: 38, source: sourcePortal, author: "刘先生", contact: "", body: "补贴应覆盖二手房，否则对改善家庭帮助不大。",
			disp: workflow.DispositionNotAdopted, reason: "本措施重点支持新建商品住房去化，二手房交易税费按国家规定执行。", disposed: 68},
		comment{day: 45, source: sourcePortal, author: "购房者", contact: "", body: "请优先解决已售逾期未交付项目，先保交楼再促销售。",
			disp: workflow.DispositionAdopted, reason: "已将保交楼专班和纾困资金列为第四条。", disposed: 68},
		comment{day: 55, source: "来信", author: "江澜市房地产业协会", contact: "", body: "建议将公积金贷款额度提高至80万元。",
			disp: workflow.DispositionPartly, reason: "提高至70万元，多子女家庭再上浮10万元。", disposed: 68},
	)
	t.feedback(70, demoChannel, "共收到意见3条，采纳1条、部分采纳1条、未采纳1条，已公开说明理由。")
	t.fire(72, "clerk2", workflow.SkipHearing, "本措施为支持性政策，不涉及价格、收费，不属于法律、法规、规章规定应当听证的事项；已通过座谈会、书面征求意见和公开征求意见充分听取意见")
	t.risk(85, workflow.RiskReport{
		Dimensions: riskDims([5]workflow.Level{workflow.LevelMedium, workflow.LevelLow, workflow.LevelLow, workflow.LevelMedium, workflow.LevelLow}, [5]string{
			"已购房群体可能因新政补贴产生不平衡心理，存在集体维权风险。",
			"不涉及公共安全。",
			"不涉及生态环境。",
			"补贴资金约1.6亿元，市区两级财政承受压力较大；政策效果受市场预期影响存在不确定性。",
			"与省级即将出台的政策可能存在衔接问题。",
		}),
		Methods:      "舆情跟踪、重点走访开发企业和已购房业主、部门会商分析",
		RiskPoints:   "已购房业主维权；财政资金压力；与省级政策衔接。",
		Measures:     "明确政策适用时间节点并提前解读；补贴资金分年度安排；与省住房城乡建设厅沟通衔接。",
		Contingency:  "出现已购房业主集体维权时，由属地城区政府牵头、住建部门配合，及时接访疏导。",
		Assessor:     "市住房和城乡建设局会同市信访局",
		AssessorUnit: zjj,
		Controllable: true,
	})
	t.fire(87, "clerk2", workflow.ToReview, "")
	t.submit(88, "《中华人民共和国城市房地产管理法》；《住房公积金管理条例》。", "已履行公开征求意见（30日）、座谈会、书面征求意见和风险评估程序。")
	t.review(99, "legalhead", workflow.Review{Conclusion: workflow.ConclusionLegal,
		Authority: "属于市人民政府促进房地产市场平稳健康发展的职责范围。",
		Procedure: "已履行公众参与和风险评估程序。",
		Substance: "补贴政策未违反上位法规定；公积金贷款额度调整须经市住房公积金管理委员会审议，已在草案中明确。",
		Advisers:  "听取了市政府法律顾问的意见。"})
	t.meeting(110, standing(t, 110, false, "财政承受能力评估"),
		says(execVice, workflow.StanceFor, "同意。财政资金要分年度安排。"),
		says(viceHousing, workflow.StanceFor, "同意。市场下行压力大，措施宜早出台。"),
		says(viceEconomy, workflow.StanceAbstain, "省里的支持政策正在制定，补贴标准与省级政策可能重复或冲突，建议等省级政策出台后统筹研究。"),
		says(secGeneral, workflow.StanceFor, "同意。"),
		says(mayor, workflow.StanceAbstain, "措施方向是对的，但省级政策即将出台，为避免政策打架和财政资金重复投入，本议题暂缓，待省级政策出台后由市住房和城乡建设局修改完善再提请审议。"),
	)
	t.decide(110, workflow.HeadDefer, "省级支持政策即将出台，现在出台可能与省级政策重复或冲突，财政资金存在重复投入风险；待省级政策出台后修改完善再提请审议。")
	return t
}

// elevators is a decision in collective discussion: the meeting is being recorded.
func (s *seeder) elevators() *timeline {
	t := s.timeline(150, "既有住宅增设电梯实施办法", workflow.CategoryPublicService, zjj, "clerk2", workflow.Proposal{
		Kind:     workflow.ProposerDepartment,
		Proposer: zjj,
		Problem:  "全市建成于2000年前后的四层以上无电梯住宅约1.2万栋，老年居民上下楼困难；加装电梯审批环节多、业主意见难统一，已建成的仅37台。",
		Reasons:  "人口老龄化加快，加装电梯是群众呼声强烈的民生事项，需要统一审批流程、资金分摊和补贴标准。",
		LegalBasis: "《中华人民共和国民法典》第二百七十八条；《中华人民共和国特种设备安全法》；《中华人民共和国城乡规划法》；" +
			"《国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见》（国办发〔2020〕23号）。",
		Solution:          "明确业主表决规则、联合审查流程和“一窗受理”；每台电梯给予15万元财政补贴；允许提取住房公积金用于加装电梯；建立低层住户补偿协商机制。",
		Necessity:         "加装电梯具有较强的民生效益，技术成熟，财政补贴按每年200台测算约3000万元，财政可承受。",
		DecisionOrgan:     demoGov,
		ResponsibleLeader: "副市长何丽萍",
		CoUnits:           "市自然资源和规划局、市市场监督管理局、市财政局、市住房公积金管理中心",
	})
	t.start(6, t.standingMeeting(6)+"研究同意启动")
	t.flags(15, workflow.Flags{AffectsInterests: true, Technical: true, StabilityRisk: true})
	t.revision(15, workflow.Revision{Note: "初稿",
		Body: "第一条 为改善既有住宅居住条件，根据《中华人民共和国民法典》等规定，结合本市实际，制定本办法。\n" +
			"第二条 本办法适用于本市城镇国有土地上已建成投入使用、四层及以上、未设电梯的住宅。\n" +
			"第三条 增设电梯应当经本单元专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决，并经参与表决专有部分面积四分之三以上且人数四分之三以上的业主同意。\n" +
			"第四条 增设电梯实行“一窗受理、联合审查”，由市住房和城乡建设局牵头，自然资源和规划、市场监管部门在15个工作日内出具意见。\n" +
			"第五条 每台电梯给予15万元财政补贴；业主可提取本人及配偶住房公积金用于支付分摊费用。\n" +
			"第六条 电梯使用单位应当依法办理使用登记，落实维护保养和安全管理责任。"})
	t.revision(40, workflow.Revision{Note: "根据市市场监督管理局和市自然资源和规划局意见，补充规划审查标准和低层住户补偿协商条款。",
		Body: "第一条 为改善既有住宅居住条件，根据《中华人民共和国民法典》等规定，结合本市实际，制定本办法。\n" +
			"第二条 本办法适用于本市城镇国有土地上已建成投入使用、四层及以上、未设电梯的住宅。\n" +
			"第三条 增设电梯应当经本单元专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决，并经参与表决专有部分面积四分之三以上且人数四分之三以上的业主同意。\n" +
			"第四条 增设电梯实行“一窗受理、联合审查”，由市住房和城乡建设局牵头，自然资源和规划、市场监管部门在15个工作日内出具意见；增设电梯不计入容积率，但不得占用消防通道。\n" +
			"第五条 每台电梯给予15万元财政补贴；业主可提取本人及配偶住房公积金用于支付分摊费用。\n" +
			"第六条 出资业主应当与受影响的低层业主协商补偿；协商不成的，由街道办事处、社区居民委员会组织调解。\n" +
			"第七条 电梯使用单位应当依法办理使用登记，落实维护保养和安全管理责任。"})
	t.fire(44, "clerk2", workflow.Submit, "")
	t.notice(46, 30, workflow.CommentNotice{Channel: demoChannel, HowToSubmit: "在线提交或信函寄至市住房和城乡建设局城市更新科。",
		Explanation: "本办法明确增设电梯的表决规则、审批流程、资金补贴和矛盾调处机制。", Link: "https://www.jianglan.gov.cn/hdjl/yjzj/jzdt/"})
	t.method(50, workflow.MethodSymposium, "老旧小区业主代表12名（含低层住户4名）、电梯企业3家、街道和社区工作人员", "高层住户希望简化审批，低层住户关注采光、噪音和补偿。")
	t.method(55, workflow.MethodVisit, "东城、西城两个城区6个老旧小区", "实地查看已加装电梯的3个单元，了解施工管线迁改和日常维保费用分摊情况。")
	t.comments(
		comment{day: 48, source: sourcePortal, author: "五楼住户", contact: "", body: "建议财政补贴提高到20万元，我们单元老人多、收入低。",
			disp: workflow.DispositionNotAdopted, reason: "补贴标准综合考虑财政承受能力确定；公积金提取可减轻业主负担。", disposed: 78},
		comment{day: 52, source: "来信", author: "一楼住户赵某", contact: "", body: "加装电梯挡住一楼采光，一楼不用电梯却要受影响，必须给补偿。",
			disp: workflow.DispositionAdopted, reason: "已增加第六条低层住户补偿协商和调解机制。", disposed: 78},
		comment{day: 60, source: sourcePortal, author: "社区工作者", contact: "", body: "建议明确电梯建成后的维保费用由谁承担。",
			disp: workflow.DispositionAdopted, reason: "第七条明确由使用单位落实维护保养责任，费用由出资业主按约定分摊。", disposed: 78},
		comment{day: 66, source: sourcePortal, author: "电梯企业", contact: "", body: "建议允许采用代建代运营模式。",
			disp: workflow.DispositionPartly, reason: "鼓励代建代运营模式，具体在实施细则中规定。", disposed: 78},
	)
	t.expert(62, workflow.ExpertOpinion{Name: "韦国栋", Field: "建筑结构", Organisation: "江澜市建筑设计研究院",
		Opinion: "加装电梯须进行结构安全评估，建议附着式井道与原结构脱开设计。", Conclusion: "方案科学可行。"})
	t.expert(64, workflow.ExpertOpinion{Name: "覃晓云", Field: "城市规划", Organisation: "江澜学院建筑与规划学院",
		Opinion: "增设电梯不计容的规定合理，建议补充对日照间距影响的审查标准。", Conclusion: "方案合理可行，建议补充日照审查标准。"})
	t.feedback(80, demoChannel, "共收到意见4条，采纳2条、部分采纳1条、未采纳1条，已公开说明理由。")
	t.fire(82, "clerk2", workflow.SkipHearing, "本办法不属于法律、法规、规章规定应当听证的事项；已通过座谈会、实地走访和公开征求意见充分听取低层和高层住户意见，决定不举行听证")
	t.risk(95, workflow.RiskReport{
		Dimensions: riskDims([5]workflow.Level{workflow.LevelMedium, workflow.LevelMedium, workflow.LevelLow, workflow.LevelLow, workflow.LevelLow}, [5]string{
			"高层与低层住户利益诉求不同，可能引发邻里纠纷和信访。",
			"电梯施工涉及地下管线迁改和结构安全，运行中存在特种设备安全风险。",
			"施工期噪声和扬尘影响有限。",
			"财政补贴按每年200台测算约3000万元，可承受。",
			"无。",
		}),
		Methods:      "重点走访、抽样调查、专家会商",
		RiskPoints:   "邻里纠纷；施工和运行安全。",
		Measures:     "表决和补偿协商全程公开；施工图须经结构安全审查；电梯投用前须经特种设备检验合格并办理使用登记。",
		Contingency:  "发生阻工或群体纠纷时，由街道办事处牵头调解，住建、公安部门配合；发生电梯安全事故时启动特种设备事故应急预案。",
		Assessor:     "市住房和城乡建设局会同江澜市社会稳定风险评估中心",
		AssessorUnit: "江澜市社会稳定风险评估中心",
		ThirdParty:   true, Controllable: true,
	})
	t.fire(97, "clerk2", workflow.ToReview, "")
	t.submit(98, "《中华人民共和国民法典》第二百七十八条；《中华人民共和国特种设备安全法》；《中华人民共和国城乡规划法》。",
		"已履行公开征求意见（30日）、座谈会、实地走访、专家论证和社会稳定风险评估程序；不举行听证的理由已记录。")
	t.review(112, "reviewer", workflow.Review{Conclusion: workflow.ConclusionLegal,
		Authority: "属于市人民政府制定城市建设管理公共政策的职权范围。",
		Procedure: "公众参与、专家论证、风险评估程序完备。",
		Substance: "第三条表决规则与《民法典》第二百七十八条一致；不计容积率的规定属于规划管理政策范围，未与上位法抵触。",
		Advisers:  "听取了市政府法律顾问、市司法局公职律师的意见。"})
	t.meeting(146, standing(t, 146, true, "财政补贴测算说明"),
		says(execVice, workflow.StanceFor, "同意。补贴资金纳入年度预算。"),
		says(viceHousing, workflow.StanceFor, "同意。请市住房和城乡建设局尽快出台联合审查实施细则。"),
	)
	return t
}

// drainage is a decision in risk assessment, the report half written.
func (s *seeder) drainage() *timeline {
	t := s.timeline(140, "中心城区城市内涝治理系统化实施方案", workflow.CategoryInvestment, zjj, "clerk2", workflow.Proposal{
		Kind:     workflow.ProposerDepartment,
		Proposer: zjj,
		Problem:  "中心城区现有易涝点42处，排水管网设计标准偏低，近三年汛期多次出现道路积水、车辆受损，影响群众出行和生命财产安全。",
		Reasons:  "国家要求到2025年各城市因地制宜基本形成“源头减排、管网排放、蓄排并举、超标应急”的城市排水防涝工程体系；本市尚未编制系统化实施方案。",
		LegalBasis: "《中华人民共和国防洪法》；《城镇排水与污水处理条例》（国务院令第641号）；《国务院办公厅关于加强城市内涝治理的实施意见》（国办发〔2021〕11号）；" +
			"《室外排水设计标准》（GB 50014—2021）。",
		Solution:          "分三年实施管网改造186公里、新建调蓄池5座、改造泵站7座、消除易涝点42处，总投资约23.6亿元，采用专项债和中央预算内资金。",
		Necessity:         "内涝治理是保障城市安全的迫切需要；项目已纳入省城市内涝治理项目库，资金渠道明确。",
		DecisionOrgan:     demoGov,
		ResponsibleLeader: "副市长何丽萍",
		CoUnits:           "市水利局、市自然资源和规划局、市城市管理局、市财政局",
	})
	t.start(7, "列入《江澜市人民政府年度重大行政决策事项目录》，经"+t.standingMeeting(7)+"决定启动")
	t.flags(20, workflow.Flags{AffectsInterests: true, Technical: true, StabilityRisk: true})
	t.revision(20, workflow.Revision{Note: "初稿",
		Body: "一、目标：三年内消除中心城区42处易涝点，新建管网达到3—5年一遇设计标准，城市内涝防治标准达到30年一遇。\n" +
			"二、主要任务：（一）改造雨污合流管网186公里；（二）新建调蓄池5座；（三）改造排涝泵站7座；（四）建设内涝监测预警平台。\n" +
			"三、投资和资金：总投资约23.6亿元。\n四、实施步骤：第一年完成重点易涝点治理，第二年完成管网改造主体工程，第三年完成调蓄设施和预警平台。"})
	t.revision(45, workflow.Revision{Note: "根据专家论证会意见，补充海绵城市源头减排措施，细化分年度投资计划。",
		Body: "一、目标：三年内消除中心城区42处易涝点，新建管网达到3—5年一遇设计标准，城市内涝防治标准达到30年一遇。\n" +
			"二、主要任务：（一）结合老旧小区改造和道路改造实施源头减排；（二）改造雨污合流管网186公里；（三）新建调蓄池5座；（四）改造排涝泵站7座；（五）建设内涝监测预警平台。\n" +
			"三、投资和资金：总投资约23.6亿元，其中第一年8.2亿元、第二年9.6亿元、第三年5.8亿元，通过中央预算内投资、地方政府专项债券和市本级财政安排。\n" +
			"四、实施步骤：第一年完成重点易涝点治理，第二年完成管网改造主体工程，第三年完成调蓄设施和预警平台。\n五、保障措施：建立市级统筹、城区落实的工作机制，施工期间实行交通疏导和占道公示。"})
	t.fire(50, "clerk2", workflow.Submit, "")
	t.notice(52, 30, workflow.CommentNotice{Channel: demoChannel, HowToSubmit: "在线提交或信函寄至市住房和城乡建设局城建科。",
		Explanation: "方案按照系统治理原则，统筹源头减排、管网排放、蓄排并举和超标应急。", Link: "https://www.jianglan.gov.cn/hdjl/yjzj/nlzl/"})
	t.method(52, workflow.MethodPublic, "社会公众", "在市政府门户网站公开方案全文及起草说明。")
	t.method(60, workflow.MethodArgument, "给排水、水文、城市规划专家5名", "专家认为方案目标合理，建议补充海绵城市源头减排措施，已在第二稿中采纳。")
	t.comments(
		comment{day: 55, source: sourcePortal, author: "市民", contact: "", body: "人民路下穿隧道每年都淹，请优先治理。",
			disp: workflow.DispositionAdopted, reason: "人民路下穿隧道已列入第一年重点易涝点治理清单。", disposed: 84},
		comment{day: 62, source: sourcePortal, author: "商户", contact: "", body: "施工期间请分段施工，减少对沿街商铺经营的影响。",
			disp: workflow.DispositionAdopted, reason: "已在保障措施中明确分段施工和占道公示。", disposed: 84},
		comment{day: 70, source: "来信", author: "市政协委员", contact: "", body: "建议引入社会资本参与调蓄池建设和运营。",
			disp: workflow.DispositionNotAdopted, reason: "调蓄池属于公益性设施，收益来源不足，暂不采用社会资本合作模式。", disposed: 84},
	)
	for i, e := range []workflow.ExpertOpinion{
		{Name: "黄立新", Field: "给排水工程", Organisation: "江澜市市政工程设计院", Opinion: "管网标准与国家标准一致，调蓄池选址合理。", Conclusion: "方案科学、合理、可行。"},
		{Name: "梁红", Field: "水文水资源", Organisation: "江澜学院土木与水利学院", Opinion: "建议复核30年一遇暴雨强度公式的取值。", Conclusion: "方案基本可行，需复核设计参数。"},
		{Name: "潘志远", Field: "城市规划", Organisation: "省城乡规划设计研究院", Opinion: "建议与国土空间规划中的蓝绿空间布局衔接。", Conclusion: "方案合理可行。"},
	} {
		t.expert(58+i, e)
	}
	t.feedback(86, demoChannel, "共收到意见3条，采纳2条、未采纳1条，已公开说明理由。")
	t.fire(88, "clerk2", workflow.SkipHearing, "本方案为城市基础设施建设实施方案，不涉及价格和收费，不属于法律、法规、规章规定应当听证的事项；已通过公开征求意见、专家论证会充分听取意见")
	t.risk(128, workflow.RiskReport{
		Dimensions: riskDims([5]workflow.Level{workflow.LevelMedium, workflow.LevelMedium, workflow.LevelLow}, [5]string{
			"施工周期长、占道多，沿线商户和居民可能因出行不便和经营受损产生不满。",
			"深基坑和地下管线施工存在安全风险，汛期施工须防范次生灾害。",
			"施工扬尘和噪声可控，调蓄设施建成后有利于减少合流制溢流污染。",
		}),
		Methods:      "重点走访沿线商户和社区、舆情跟踪、专家会商",
		RiskPoints:   "沿线商户经营受损；深基坑施工安全；汛期施工。",
		Assessor:     "市住房和城乡建设局会同江澜市社会稳定风险评估中心",
		AssessorUnit: "江澜市社会稳定风险评估中心",
		ThirdParty:   true,
	})
	t.urge(135, "secretary", "风险评估报告已完成，请尽快送请合法性审查，确保按年度目录计划提请审议。")
	return t
}

// gasPrices is a decision in the hearing stage: the hearing is announced, not yet held.
func (s *seeder) gasPrices() *timeline {
	t := s.timeline(110, "居民生活用管道天然气阶梯价格调整方案", workflow.CategoryPublicService, fgw, "clerk", workflow.Proposal{
		Kind:     workflow.ProposerDepartment,
		Proposer: fgw,
		Problem:  "居民管道天然气销售价格自上次调整以来，上游门站价格累计上涨0.42元/立方米，城市燃气企业购销价格倒挂，阶梯气量设置与居民实际用气结构不匹配。",
		Reasons:  "按照国家建立健全上下游价格联动机制的要求，需理顺居民用气价格，同时完善阶梯气价制度，保障基本用气需求。",
		LegalBasis: "《中华人民共和国价格法》第十八条、第二十三条；《城镇燃气管理条例》；《国家发展改革委关于建立健全居民生活用气阶梯价格制度的指导意见》（发改价格〔2014〕467号）；" +
			"《政府制定价格听证办法》；省定价目录“居民生活用管道天然气销售价格”项。",
		Solution:          "第一档气量由每户每年300立方米调整为360立方米，价格由2.85元/立方米调整为3.05元/立方米；第二档、第三档价格按1:1.2:1.5比价安排；对低保户、特困人员每户每年免费供应60立方米。",
		Necessity:         "调整后第一档覆盖约85%的居民用户，户均月增加支出约4元，社会可承受；可缓解燃气企业经营困难，保障供气安全。",
		DecisionOrgan:     demoGov,
		ResponsibleLeader: "副市长许志明",
		CoUnits:           "市城市管理局",
	})
	t.start(5, t.standingMeeting(5)+"研究同意启动")
	t.flags(12, workflow.Flags{AffectsInterests: true, Technical: true, StabilityRisk: true, HearingRequired: true})
	t.revision(12, workflow.Revision{Note: "初稿，附两个备选方案（条例第十二条）",
		Body: "一、阶梯气量：第一档每户每年0—360立方米，第二档360—600立方米，第三档600立方米以上。\n二、价格：第一档3.05元/立方米，第二档3.66元/立方米，第三档4.58元/立方米。\n" +
			"三、保障措施：低保户、特困人员每户每年免费供应60立方米。\n四、联动机制：上游门站价格变动超过5%时，按程序联动调整销售价格。",
		Options: "方案二：第一档价格调整为3.15元/立方米，气量维持300立方米不变。"})
	t.revision(24, workflow.Revision{Note: "根据成本监审结论，第二档价格微调，增加人口较多家庭增加气量的规定。",
		Body: "一、阶梯气量：第一档每户每年0—360立方米，第二档360—600立方米，第三档600立方米以上；家庭常住人口5人以上的，每增加1人各档气量增加60立方米。\n" +
			"二、价格：第一档3.05元/立方米，第二档3.65元/立方米，第三档4.58元/立方米。\n三、保障措施：低保户、特困人员每户每年免费供应60立方米。\n" +
			"四、联动机制：上游门站价格变动超过5%时，按程序联动调整销售价格。",
		Options: "方案二：第一档价格调整为3.15元/立方米，气量维持300立方米不变。"})
	t.fire(27, "clerk", workflow.Submit, "")
	t.notice(29, 30, workflow.CommentNotice{Channel: demoChannel, HowToSubmit: "在线提交；或信函寄至市发展和改革委员会价格管理科。",
		Explanation: "本方案在燃气企业定价成本监审基础上提出，调整第一档气量和价格，并对困难群众给予保障。", Link: "https://www.jianglan.gov.cn/hdjl/yjzj/trq/"})
	t.method(29, workflow.MethodPublic, "社会公众", "在市政府门户网站公开方案全文和成本监审报告摘要。")
	t.method(40, workflow.MethodSymposium, "居民代表7名、燃气企业2家、市城市管理局、市消费者权益保护委员会", "居民代表关注涨价幅度和多人口家庭气量，企业反映购销倒挂。")
	t.comments(
		comment{day: 31, source: sourcePortal, author: "市民", contact: "", body: "家里六口人，第一档气量根本不够用，应该按人口核定。",
			disp: workflow.DispositionAdopted, reason: "已增加多人口家庭增加气量的规定。", disposed: 60},
		comment{day: 36, source: sourcePortal, author: "退休教师", contact: "", body: "涨价应同步提高燃气服务质量，缩短报修响应时间。",
			disp: workflow.DispositionPartly, reason: "服务质量要求转市城市管理局纳入燃气企业考核，不在价格方案中规定。", disposed: 60},
		comment{day: 44, source: "来信", author: "燃气企业", contact: "", body: "建议第一档价格调整到位至3.15元，以弥补购销倒挂。",
			disp: workflow.DispositionNotAdopted, reason: "综合考虑居民承受能力，第一档采用3.05元，其余通过联动机制逐步理顺。", disposed: 60},
	)
	t.expert(50, workflow.ExpertOpinion{Name: "潘慧敏", Field: "价格与成本监审", Organisation: "省价格协会",
		Opinion: "成本监审结论可靠，第一档价格调整幅度适中。", Conclusion: "方案合理可行。"})
	t.expert(52, workflow.ExpertOpinion{Name: "陆家明", Field: "燃气工程", Organisation: "江澜学院能源与动力学院",
		Opinion: "阶梯气量调整与居民实际用气结构相符，建议加快智能燃气表改造以支持人口核增。", Conclusion: "方案科学可行。"})
	t.feedback(62, demoChannel, "共收到意见3条，采纳1条、部分采纳1条、未采纳1条，已公开说明理由。")
	t.fire(64, "clerk", workflow.ToHearing, "")
	hearing := workflow.HearingRecord{
		NoticeChannel:   demoChannel + "、《江澜日报》",
		Place:           "江澜市政务服务中心第一会议室",
		SelectionMethod: "听证参加人共11名：消费者代表5名（自愿报名、公开随机抽取），经营者代表2名，专家学者2名，人大代表、政协委员各1名。",
	}
	// The hearing is announced for twelve days from today; the materials have not gone out yet.
	t.hearing(88, hearingDays{notice: 88, selection: 88, held: 122}, hearing)
	t.participants(97,
		workflow.HearingParticipant{Name: "莫桂芳", Category: "消费者代表", Organisation: "南城街道居民"},
		workflow.HearingParticipant{Name: "黄海波", Category: "消费者代表", Organisation: "餐饮个体户"},
		workflow.HearingParticipant{Name: "韦晓丽", Category: "消费者代表", Organisation: "企业职工"},
		workflow.HearingParticipant{Name: "陈国梁", Category: "消费者代表", Organisation: "退休职工"},
		workflow.HearingParticipant{Name: "蓝小燕", Category: "消费者代表", Organisation: "城中村居民"},
		workflow.HearingParticipant{Name: "何振宇", Category: "经营者代表", Organisation: "江澜市燃气有限公司"},
		workflow.HearingParticipant{Name: "严志刚", Category: "经营者代表", Organisation: "江澜新区燃气有限公司"},
		workflow.HearingParticipant{Name: "潘慧敏", Category: "专家", Organisation: "省价格协会"},
		workflow.HearingParticipant{Name: "陆家明", Category: "专家", Organisation: "江澜学院能源与动力学院"},
		workflow.HearingParticipant{Name: "吕红梅", Category: "人大代表", Organisation: "市人大代表"},
		workflow.HearingParticipant{Name: "钟志华", Category: "政协委员", Organisation: "市政协委员"},
	)
	t.hearing(99, hearingDays{notice: 88, selection: 88, list: 99, held: 122}, hearing)
	return t
}

// privateEconomy is a decision submitted for legality review: sent back once, resubmitted, and
// waiting for the reviewer.
func (s *seeder) privateEconomy() *timeline {
	t := s.timeline(100, "江澜市促进民营经济高质量发展若干措施", workflow.CategoryPublicService, fgw, "clerk", workflow.Proposal{
		Kind:     workflow.ProposerLeader,
		Proposer: "市长林振华（在市人民政府全体会议上提出）",
		Problem:  "民营企业融资难融资贵、涉企检查多、政府拖欠账款等问题仍较突出，民间投资增速连续两个季度低于全省平均水平。",
		Reasons:  "《中华人民共和国民营经济促进法》已施行，需结合本市实际细化落实措施。",
		LegalBasis: "《中华人民共和国民营经济促进法》；《优化营商环境条例》（国务院令第722号）；《保障中小企业款项支付条例》（国务院令第802号）；" +
			"《公平竞争审查条例》（国务院令第783号）。",
		Solution:          "从市场准入、要素保障、融资支持、规范涉企执法、清理拖欠账款、企业家权益保护等方面提出20条措施。",
		Necessity:         "措施以减负、服务和规范执法为主，财政奖补资金在现有产业资金中统筹，可行。",
		DecisionOrgan:     demoGov,
		ResponsibleLeader: "常务副市长黄建平",
		CoUnits:           "市工业和信息化局、市市场监督管理局、市财政局、市工商业联合会",
	})
	t.start(4, t.standingMeeting(4)+"决定启动，由市发展和改革委员会承办")
	t.flags(10, workflow.Flags{AffectsInterests: true, MarketActivity: true})
	t.revision(10, workflow.Revision{Note: "初稿",
		Body: "一、放宽市场准入：除法律法规明确禁止的领域外，不得对民营企业设置附加准入条件。\n二、强化要素保障：民营企业重点项目与国有企业项目同等纳入用地、用能保障。\n" +
			"三、加大融资支持：设立5亿元应急转贷资金，政府性融资担保费率不超过1%。\n四、规范涉企执法：推行“综合查一次”，同一部门对同一企业年度检查不超过2次。\n" +
			"五、清理拖欠账款：机关、事业单位和国有企业向中小企业采购货物、工程、服务，应当自交付之日起30日内支付款项。"})
	t.revision(28, workflow.Revision{Note: "吸收企业座谈会和市工商联书面意见，增加企业家权益保护和涉企政策“免申即享”条款。",
		Body: "一、放宽市场准入：除法律法规明确禁止的领域外，不得对民营企业设置附加准入条件。\n二、强化要素保障：民营企业重点项目与国有企业项目同等纳入用地、用能保障。\n" +
			"三、加大融资支持：设立5亿元应急转贷资金，政府性融资担保费率不超过1%。\n四、规范涉企执法：推行“综合查一次”，同一部门对同一企业年度检查不超过2次。\n" +
			"五、清理拖欠账款：机关、事业单位和国有企业向中小企业采购货物、工程、服务，应当自交付之日起30日内支付款项。\n" +
			"六、惠企政策“免申即享”：符合条件的企业无需申请直接享受奖补。\n七、保护企业家合法权益：依法慎用查封、扣押、冻结等强制措施。"})
	t.fire(32, "clerk", workflow.Submit, "")
	t.notice(34, 30, workflow.CommentNotice{Channel: demoChannel, HowToSubmit: "在线提交；或发送电子邮件至 mygk@fgw.jianglan.gov.cn。",
		Explanation: "为贯彻落实《中华人民共和国民营经济促进法》，起草本措施。", Link: "https://www.jianglan.gov.cn/hdjl/yjzj/myjj/"})
	t.method(38, workflow.MethodSymposium, "民营企业负责人15名、行业协会5家", "企业反映账款拖欠、检查频次和融资担保问题，建议政策兑现“免申即享”。")
	t.method(40, workflow.MethodWritten, "市工商业联合会、市市场监督管理局、市财政局、人民银行江澜市分行", "各单位书面回复意见11条，采纳8条。")
	t.comments(
		comment{day: 36, source: sourcePortal, author: "企业负责人", contact: "", body: "建议明确政府拖欠账款的追责机制。",
			disp: workflow.DispositionAdopted, reason: "已在第五条增加逾期支付的督办和问责规定。", disposed: 66},
		comment{day: 41, source: sourcePortal, author: "个体工商户", contact: "", body: "个体工商户也应享受同等政策。",
			disp: workflow.DispositionAdopted, reason: "已明确个体工商户参照适用。", disposed: 66},
		comment{day: 50, source: "电子邮件", author: "市物流协会", contact: "", body: "建议对物流企业给予每年100万元运营补贴。",
			disp: workflow.DispositionNotAdopted, reason: "本措施不针对特定行业给予普惠性补贴，以免影响公平竞争。", disposed: 66},
	)
	t.feedback(68, demoChannel, "共收到意见3条，采纳2条、未采纳1条，已公开说明理由。")
	t.fire(70, "clerk", workflow.SkipHearing, "本措施为支持性、激励性政策，不增加企业义务，不属于法律、法规、规章规定应当听证的事项；已通过企业座谈会、书面征求意见和公开征求意见听取意见")
	t.fire(74, "clerk", workflow.SkipRisk, "本措施以减负、奖补和优化服务为主要内容，不减损市场主体权益、不增加其义务，经初步研判不涉及社会稳定、公共安全和生态环境风险，无需开展社会稳定风险评估")
	t.submit(75, "《中华人民共和国民营经济促进法》；《优化营商环境条例》；《保障中小企业款项支付条例》。",
		"已履行公开征求意见（30日）、企业座谈会和书面征求意见程序；不举行听证、无需风险评估的理由已记录。")
	t.returnSubmission(80, "送审材料缺少公平竞争审查结论。本措施涉及经营者经济活动，依照《公平竞争审查条例》应当在提请审议前进行公平竞争审查，请补充后重新送审")
	t.fairCompetition(90, workflow.FairCompetitionReview{Reviewer: "市发展和改革委员会（起草单位自我审查），征求了市市场监督管理局意见",
		Conclusion: workflow.FCNoEffect, Summary: "对照市场准入和退出、商品和要素自由流动、影响生产经营成本、影响生产经营行为四类标准逐项审查，" +
			"应急转贷资金和融资担保面向所有符合条件的企业，不含排除、限制竞争的内容。"})
	t.submit(97, "《中华人民共和国民营经济促进法》；《优化营商环境条例》；《保障中小企业款项支付条例》；《公平竞争审查条例》。",
		"已履行公开征求意见（30日）、企业座谈会和书面征求意见程序；已补充公平竞争审查结论（经审查，不含排除、限制竞争内容）。")
	return t
}

// marketStalls is a decision withdrawn in drafting.
func (s *seeder) marketStalls() *timeline {
	t := s.timeline(90, "城区农贸市场摊位费收费标准调整方案", workflow.CategoryPublicService, fgw, "clerk", workflow.Proposal{
		Kind:              workflow.ProposerDepartment,
		Proposer:          fgw,
		Problem:           "城区农贸市场摊位费标准执行多年，各市场收费差异大，摊主反映负担不均。",
		Reasons:           "农贸市场提升改造后运营成本变化，需重新核定摊位费标准。",
		LegalBasis:        "《中华人民共和国价格法》第十八条；省定价目录“政府投资建设的农贸市场摊位费”项。",
		Solution:          "按市场等级和摊位类别分档核定摊位费上限。",
		Necessity:         "统一标准有利于减轻摊主负担、稳定“菜篮子”价格。",
		DecisionOrgan:     demoGov,
		ResponsibleLeader: "副市长许志明",
		CoUnits:           "市商务局、市市场监督管理局",
	})
	t.start(6, t.standingMeeting(6)+"研究同意启动")
	t.flags(9, workflow.Flags{AffectsInterests: true, HearingChosen: true})
	t.revision(20, workflow.Revision{Note: "初稿",
		Body: "一、适用范围：政府投资建设的城区农贸市场。\n二、收费标准：一级市场蔬菜摊位每月不超过300元，肉类摊位每月不超过450元；二级市场按一级市场的80%执行。\n三、公示：市场开办者应当在显著位置公示收费项目和标准。"})
	t.requestWithdrawal(40, "新修订的省定价目录已将农贸市场摊位费移出政府定价范围、实行市场调节价，本决策事项已无继续办理的法律依据，申请撤回；摊位费行为规范转由市市场监督管理局依法监管")
	t.fire(41, "secretary", workflow.Withdraw, "经请示市政府分管领导，同意承办单位的撤回申请：摊位费已实行市场调节价，本事项不再作出决策")
	return t
}

// oldCommunities is a decision in consultation: the public comment period is open.
func (s *seeder) oldCommunities() *timeline {
	year := s.today.Year()
	t := s.timeline(75, fmt.Sprintf("老旧小区改造三年行动计划（%d—%d年）", year+1, year+3), workflow.CategoryPlanning, zjj, "clerk2", workflow.Proposal{
		Kind:     workflow.ProposerDepartment,
		Proposer: zjj,
		Problem:  "全市2000年底前建成、需改造的城镇老旧小区共412个，涉及居民3.8万户，普遍存在管网老化、无物业管理、停车和养老托育设施缺乏等问题。",
		Reasons:  "老旧小区改造是重大民生工程；本市上一轮改造计划即将到期，需要统筹安排下一个三年的改造任务和资金。",
		LegalBasis: "《国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见》（国办发〔2020〕23号）；《中华人民共和国城乡规划法》；《物业管理条例》；" +
			"《重大行政决策程序暂行条例》第三条第一款第二项。",
		Solution:          "三年改造老旧小区412个：基础类改造全覆盖，完善类改造不少于60%，有条件的实施提升类改造；建立政府与居民合理共担的资金机制，同步建立长效管理机制。",
		Necessity:         "改造项目已纳入国家老旧小区改造计划储备库，中央补助、专项债和市级配套资金渠道基本明确；居民改造意愿调查支持率为83%。",
		DecisionOrgan:     demoGov,
		ResponsibleLeader: "副市长何丽萍",
		CoUnits:           "市财政局、市自然资源和规划局、各城区人民政府",
	})
	t.start(5, "列入《江澜市人民政府年度重大行政决策事项目录》，经"+t.standingMeeting(5)+"决定启动")
	t.flags(14, workflow.Flags{AffectsInterests: true, Technical: true, StabilityRisk: true})
	t.revision(14, workflow.Revision{Note: "初稿",
		Body: "一、改造范围：2000年底前建成、失养失修失管的城镇老旧小区，共412个。\n" +
			"二、改造内容：（一）基础类：供水、排水、供电、燃气、道路、消防等设施改造；（二）完善类：增设停车、充电、加装电梯等设施；（三）提升类：养老、托育、助餐等公共服务设施。\n" +
			"三、年度计划：第一年改造150个，第二年150个，第三年112个。\n四、资金：中央补助、地方政府专项债券、市和城区财政配套，居民按户出资。"})
	t.revision(40, workflow.Revision{Note: "根据各城区摸底结果调整年度计划，细化居民出资和长效管理规定。",
		Body: "一、改造范围：2000年底前建成、失养失修失管的城镇老旧小区，共412个（名单见附件）。\n" +
			"二、改造内容：（一）基础类：供水、排水、供电、燃气、道路、消防等设施改造；（二）完善类：增设停车、充电、加装电梯等设施；（三）提升类：养老、托育、助餐等公共服务设施。\n" +
			"三、年度计划：第一年改造138个，第二年152个，第三年122个，优先安排管网老化严重和居民改造意愿强的小区。\n" +
			"四、资金：中央补助、地方政府专项债券、市和城区财政按6:4配套；居民出资原则上不低于完善类改造费用的10%，可使用住房专项维修资金。\n" +
			"五、长效管理：改造后的小区同步引入物业服务或实行社区托管，建立“先自治、后改造”的居民议事机制。"})
	t.fire(48, "clerk2", workflow.Submit, "")
	t.method(55, workflow.MethodSymposium, "街道和社区工作人员、业主代表15名、物业企业3家", "业主代表关注出资比例和施工扰民，物业企业关注改造后的收费标准。")
	t.method(60, workflow.MethodVisit, "三个城区10个老旧小区", "入户走访居民126户，收集改造需求，排水和停车问题最为集中。")
	t.expert(64, workflow.ExpertOpinion{Name: "覃晓云", Field: "城市规划", Organisation: "江澜学院建筑与规划学院",
		Opinion: "建议按片区统筹改造，将相邻小区公共空间打通利用。", Conclusion: "计划科学合理，具备可行性。"})
	t.expert(65, workflow.ExpertOpinion{Name: "李振邦", Field: "工程造价", Organisation: "省建设工程造价管理协会",
		Opinion: "户均改造投资测算偏低，完善类改造单价建议上浮15%。", Conclusion: "计划总体可行，投资估算需复核。", DifferingView: true})
	// Consultation is under way: the notice went out five days ago and runs 35 days.
	t.notice(70, 35, workflow.CommentNotice{Channel: demoChannel + "、各社区公告栏",
		HowToSubmit: "在线提交；或将书面意见交所在社区居民委员会；或信函寄至市住房和城乡建设局城市更新科。",
		Explanation: "本计划明确未来三年老旧小区改造的范围、内容、年度安排、资金分担和长效管理机制，涉及3.8万户居民切身利益，现公开征求意见。",
		Link:        "https://www.jianglan.gov.cn/hdjl/yjzj/jjxq/"})
	t.comments(
		comment{day: 71, source: sourcePortal, author: "红星小区居民", contact: "138****6620",
			body: "我们小区1987年建成，雨水管道一下雨就倒灌，希望第一年就安排改造。",
			disp: workflow.DispositionAdopted, reason: "红星小区已列入第一年改造名单，排水管网为基础类改造内容。", disposed: 74},
		comment{day: 72, source: sourcePortal, author: "退休职工", contact: "",
			body: "居民出资10%对退休老人负担较重，建议困难家庭减免。",
			disp: workflow.DispositionPartly, reason: "将增加低保、特困家庭出资减免的规定；出资比例原则不变。", disposed: 74},
		comment{day: 73, source: "来信", author: "东城街道和平社区居民委员会", contact: "",
			body: "建议改造时同步建设社区养老服务站和充电桩，不要只改外立面。"},
		comment{day: 74, source: sourcePortal, author: "业主", contact: "",
			body: "改造后引入物业要收物业费，很多居民不同意，建议由社区托管过渡。"},
		comment{day: 74, source: sourcePortal, author: "城建工程师", contact: "",
			body: "燃气管道改造应列为必改项目并优先实施，老旧立管安全隐患大。"},
	)
	t.campaigns(71, 74, 0, estateCampaigns...)
	return t
}

// expropriation is a decision in drafting, with two revisions and a dispute with another
// department.
func (s *seeder) expropriation() *timeline {
	t := s.timeline(50, "国有土地上房屋征收与补偿实施办法（修订）", workflow.CategoryPublicService, zjj, "clerk2", workflow.Proposal{
		Kind:     workflow.ProposerDepartment,
		Proposer: zjj,
		Problem:  "现行实施办法施行已逾十年，搬迁奖励、产权调换房源筹集、困难家庭住房保障等规定不够具体，征收补偿标准各城区不统一，引发攀比和信访。",
		Reasons:  "城市更新项目增多，需要统一全市征收补偿规则，规范征收行为，保障被征收人合法权益。",
		LegalBasis: "《国有土地上房屋征收与补偿条例》（国务院令第590号）第四条、第十七条至第二十一条；《国有土地上房屋征收评估办法》（建房〔2011〕77号）；" +
			"《中华人民共和国民法典》第二百四十三条。",
		Solution:          "统一补偿项目和标准，明确搬迁奖励上限、产权调换差价结算和困难家庭优先保障规则，规范评估机构选定程序。",
		Necessity:         "修订后可统一各城区标准、减少攀比，补偿水平按市场评估价确定，财政负担不因修订显著增加。",
		DecisionOrgan:     demoGov,
		ResponsibleLeader: "副市长何丽萍",
		CoUnits:           "市自然资源和规划局、市财政局、市司法局、各城区人民政府",
	})
	t.start(6, t.standingMeeting(6)+"研究同意启动修订")
	t.flags(10, workflow.Flags{AffectsInterests: true, Technical: true, StabilityRisk: true, HearingChosen: true})
	t.revision(18, workflow.Revision{Note: "修订初稿",
		Body: "第一条 为规范国有土地上房屋征收与补偿活动，根据《国有土地上房屋征收与补偿条例》，制定本办法。\n" +
			"第二条 被征收房屋的价值补偿，不得低于房屋征收决定公告之日被征收房屋类似房地产的市场价格，由具有相应资质的房地产价格评估机构评估确定。\n" +
			"第三条 被征收人在签约期限内签约并搬迁的，按被征收房屋评估价值的10%给予搬迁奖励，每户最高不超过20万元。\n" +
			"第四条 被征收人选择产权调换的，产权调换房屋与被征收房屋以同一评估时点评估，结清差价。\n" +
			"第五条 征收个人住宅，被征收人符合住房保障条件的，优先给予住房保障。",
		Options: "搬迁奖励备选方案：按被征收房屋建筑面积每平方米200元给予定额奖励。"})
	t.dispute(30, workflow.Dispute{Department: "市财政局",
		OurView:    "搬迁奖励按评估价值的10%计发、每户上限20万元，与房屋价值挂钩更公平，有利于提高签约率。",
		TheirView:  "搬迁奖励应按建筑面积定额计发，不与评估价值挂钩，并由项目征收资金列支，不另设财政专项。",
		Reasons:    "我方认为定额奖励对价值高的房屋激励不足；市财政局认为比例奖励加大了高价值片区的资金压力，且易引发攀比。",
		LegalBasis: "《国有土地上房屋征收与补偿条例》第十七条第二款（市、县级人民政府应当制定补助和奖励办法）。",
		Resolution: "两次协商未达成一致，拟将两种奖励方式作为备选方案，报请市人民政府集体讨论时一并决定（条例第十三条）。"})
	t.revision(42, workflow.Revision{Note: "吸收市自然资源和规划局意见，补充评估机构选定程序；将与市财政局存在分歧的搬迁奖励方式列为两个备选方案。",
		Body: "第一条 为规范国有土地上房屋征收与补偿活动，根据《国有土地上房屋征收与补偿条例》，制定本办法。\n" +
			"第二条 被征收房屋的价值补偿，不得低于房屋征收决定公告之日被征收房屋类似房地产的市场价格，由具有相应资质的房地产价格评估机构评估确定。\n" +
			"第三条 房地产价格评估机构由被征收人协商选定；协商不成的，通过多数决定、随机选定等方式确定。\n" +
			"第四条 被征收人在签约期限内签约并搬迁的，给予搬迁奖励（奖励方式见备选方案）。\n" +
			"第五条 被征收人选择产权调换的，产权调换房屋与被征收房屋以同一评估时点评估，结清差价。\n" +
			"第六条 征收个人住宅，被征收人符合住房保障条件的，优先给予住房保障。",
		Options: "搬迁奖励方案一：按被征收房屋评估价值的10%计发，每户最高20万元。\n搬迁奖励方案二：按被征收房屋建筑面积每平方米200元定额计发，由项目征收资金列支。"})
	return t
}

// lightRail is a proposal from the public that the government declined to start.
func (s *seeder) lightRail() *timeline {
	t := s.timeline(45, "关于启动城市轨道交通（轻轨）建设规划编制的建议", workflow.CategoryInvestment, fgw, "clerk", workflow.Proposal{
		Kind:              workflow.ProposerPublic,
		Proposer:          "市民黄某某等36人联名来信",
		Problem:           "中心城区至高铁站、江北新区通勤时间超过1小时，早晚高峰道路拥堵，建议建设轻轨。",
		Reasons:           "城市规模扩大，公交运力不足，周边城市已在规划轨道交通。",
		Solution:          "编制城市轨道交通建设规划，优先建设中心城区至高铁站的轻轨线路。",
		DecisionOrgan:     demoGov,
		ResponsibleLeader: "副市长许志明",
	})
	t.fire(20, "secretary", workflow.Decline, "根据《国务院办公厅关于进一步加强城市轨道交通规划建设管理的意见》（国办发〔2018〕52号），申报建设轻轨的城市，"+
		"一般公共财政预算收入应在150亿元以上、地区生产总值在1500亿元以上、市区常住人口在150万人以上，本市目前尚未达到申报条件，不予启动；"+
		"中心城区至高铁站的交通接驳需求已转市交通运输局，在公交线网优化和快速公交规划中统筹研究")
	return t
}

// chargingPoints is a deputies' proposal registered and waiting for the government to decide
// whether to start the procedure.
func (s *seeder) chargingPoints() *timeline {
	p := workflow.Proposal{
		Kind:              workflow.ProposerDeputy,
		Proposer:          "市人大代表刘建国等12名代表（市人大会议第136号建议）",
		Problem:           "中心城区新能源汽车保有量三年增长2.4倍，公共充电桩车桩比为9:1，老旧小区基本无法安装充电设施，“充电难”问题突出。",
		Reasons:           "国家要求加快构建高质量充电基础设施体系；本市充电设施布局缺乏统一规划，公共充电桩集中在少数商业区。",
		LegalBasis:        "《国务院办公厅关于进一步构建高质量充电基础设施体系的指导意见》（国办发〔2023〕19号）。",
		DecisionOrgan:     demoGov,
		ResponsibleLeader: "副市长许志明",
	}
	t := s.timeline(6, "中心城区新能源汽车充电基础设施布局建设方案", workflow.CategoryInvestment, fgw, "clerk", p)
	p.Solution = "编制中心城区充电基础设施布局专项规划，三年新建公共充电桩3000个，老旧小区改造同步配建充电设施，公共停车场按不低于15%的比例配建。"
	p.Necessity = "充电设施建设以社会投资为主，政府负责规划引导和用地保障，财政压力小；群众需求迫切。"
	p.CoUnits = "市住房和城乡建设局、市自然资源和规划局、供电公司"
	t.updateProposal(3, p)
	return t
}
