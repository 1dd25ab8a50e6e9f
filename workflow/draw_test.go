package workflow

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestDrawDocumentedExample: the worked example of docs/hearing-draw.md is what the code computes,
// so the published description and the draw cannot drift apart.
func TestDrawDocumentedExample(t *testing.T) {
	doc, err := os.ReadFile("../docs/hearing-draw.md")
	if err != nil {
		t.Fatal(err)
	}
	seed := "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	entries := []DrawEntry{{"BM2026-000001", "利害关系人"}, {"BM2026-000002", "群众代表"}, {"BM2026-000003", "利害关系人"}, {"BM2026-000004", "利害关系人"}}
	quotas := []Quota{{"利害关系人", 2}, {"群众代表", 1}}
	want := []string{"H = `" + SeedHash(seed) + "`", "D = `" + ListDigest(entries) + "`"}
	draw := &HearingDraw{Quotas: quotas, DrawnAt: time.Unix(1, 0)}
	for _, x := range Draw(seed, entries, quotas) {
		draw.Signups = append(draw.Signups, HearingSignup{Ref: x.Ref, Category: x.Category, Rank: x.Rank})
		want = append(want, "| "+x.Category+" | "+strconv.Itoa(x.Rank)+" | "+x.Ref+" | `"+x.Key+"` |")
	}
	for _, w := range want {
		if !strings.Contains(string(doc), w) {
			t.Errorf("docs/hearing-draw.md lacks %q", w)
		}
	}
	st := draw.Standings()
	if len(st) != 4 || st[0].Signup.Ref != "BM2026-000004" || st[2].Status != SeatReserve || st[2].Reserve != 1 || st[3].Status != SeatTaken {
		t.Fatalf("standings: %+v", st)
	}
	// A seated participant withdraws: the reserve takes the seat.
	draw.Signups[0].WithdrawnAt = time.Unix(2, 0)
	st = draw.Standings()
	if st[0].Status != SeatWithdrawn || st[2].Status != SeatTaken || st[2].Reserve != 0 {
		t.Fatalf("standings after a withdrawal: %+v", st)
	}
	if got := draw.Entries(); len(got) != 4 {
		t.Fatalf("a drawn draw's entries are those it took, withdrawn since or not: %v", got)
	}
}

// refusedWith runs cmd by role on d and returns the problems of its refusal (nil when allowed).
func refusedWith(t *testing.T, d *Decision, cmd Command, role Role, env Env) []Problem {
	t.Helper()
	_, err := Decide(d, cmd, actorOf(role), env)
	if err == nil {
		return nil
	}
	ge, ok := err.(*GateError)
	if !ok {
		t.Fatalf("%T: %v", cmd, err)
	}
	return ge.Problems
}

// TestDrawCommands: each step of the draw is refused, with 条例第16条, when its moment has not
// come or has passed, and allowed when it has.
func TestDrawCommands(t *testing.T) {
	env := testEnv()
	today := Day(env.Now)
	hearing := func() *Decision {
		d := complete(Hearing)
		d.Hearing.HeldOn = today.AddDate(0, 0, 20)
		return d
	}
	seats := []Quota{{Category: "利害关系人", Seats: 3}}
	setups := []struct {
		name  string
		d     *Decision
		cmd   *SetUpDraw
		field string // "" when allowed
		what  string
	}{
		{"no seats", hearing(), &SetUpDraw{ClosesOn: today.AddDate(0, 0, 5)}, "seats_0", "至少为一个类别设定名额"},
		{"closes yesterday", hearing(), &SetUpDraw{ClosesOn: today.AddDate(0, 0, -1), Quotas: seats}, "signup_closes_on", "不得早于今日"},
		{"closes on the hearing day", hearing(), &SetUpDraw{ClosesOn: today.AddDate(0, 0, 20), Quotas: seats}, "signup_closes_on", "早于听证日期"},
		{"no hearing notice", func() *Decision { d := hearing(); d.Hearing.NoticePublishedOn = time.Time{}; return d }(),
			&SetUpDraw{ClosesOn: today.AddDate(0, 0, 5), Quotas: seats}, string(RecDraw), "听证公告"},
		{"published already", func() *Decision { d := hearing(); d.Draw = &HearingDraw{ID: 1}; return d }(),
			&SetUpDraw{ClosesOn: today.AddDate(0, 0, 5), Quotas: seats}, string(RecDraw), "不能更改"},
		{"closes today", hearing(), &SetUpDraw{ClosesOn: today, Quotas: seats}, "", ""},
		{"closes the day before the hearing", hearing(), &SetUpDraw{ClosesOn: today.AddDate(0, 0, 19), Quotas: seats}, "", ""},
	}
	for _, c := range setups {
		ps := refusedWith(t, c.d, c.cmd, RoleClerk, env)
		if c.field == "" {
			if ps != nil {
				t.Errorf("%s: refused %+v", c.name, ps)
			}
			continue
		}
		if len(ps) != 1 || ps[0].Field != c.field || ps[0].Basis != DrawBasis || !strings.Contains(ps[0].Message, c.what) {
			t.Errorf("%s: want %s refused on %s, got %+v", c.name, c.what, c.field, ps)
		}
	}

	drawOf := func(closes time.Time, drawn bool) *Decision {
		d := hearing()
		d.Draw = &HearingDraw{ID: 1, SignupClosesOn: closes, Quotas: seats,
			Signups: []HearingSignup{{ID: 4, Ref: "BM2026-000004", Category: "利害关系人"},
				{ID: 5, Ref: "BM2026-000005", Category: "利害关系人", WithdrawnAt: today, WithdrawnReason: "本人退出"}}}
		if drawn {
			d.Draw.DrawnAt = env.Now
		}
		return d
	}
	if ps := refusedWith(t, drawOf(today, false), &RunDraw{Witnesses: "公证员"}, RoleClerk, env); !naming(ps, DrawBasis, "截止后方可抽选") {
		t.Errorf("a draw on the sign-up's last day: %+v", ps)
	}
	if ps := refusedWith(t, drawOf(today.AddDate(0, 0, -1), false), &RunDraw{Witnesses: "公证员"}, RoleClerk, env); ps != nil {
		t.Errorf("a draw the day after the sign-up closed: %+v", ps)
	}
	if ps := refusedWith(t, drawOf(today.AddDate(0, 0, -1), false), &RunDraw{Witnesses: " "}, RoleClerk, env); len(ps) != 1 || ps[0].Field != "witnesses" {
		t.Errorf("a draw without witnesses: %+v", ps)
	}
	if ps := refusedWith(t, drawOf(today.AddDate(0, 0, -1), true), &RunDraw{Witnesses: "公证员"}, RoleClerk, env); !naming(ps, DrawBasis, "不能重抽") {
		t.Errorf("a second draw: %+v", ps)
	}
	if ps := refusedWith(t, hearing(), &RunDraw{Witnesses: "公证员"}, RoleClerk, env); !naming(ps, DrawBasis, "尚未公布抽选办法") {
		t.Errorf("a draw without a method: %+v", ps)
	}
	for id, want := range map[int64]string{5: "已经退出", 9: "没有该报名", 4: ""} {
		ps := refusedWith(t, drawOf(today.AddDate(0, 0, -1), true), &WithdrawSignup{SignupID: id, Reason: "本人书面申请"}, RoleClerk, env)
		if (want == "") != (ps == nil) || (want != "" && !naming(ps, DrawBasis, want)) {
			t.Errorf("withdrawing sign-up %d: want %q, got %+v", id, want, ps)
		}
	}
	// The draw is the undertaking unit's, in the hearing stage only.
	if _, err := Decide(drawOf(today, false), &SetUpDraw{ClosesOn: today, Quotas: seats}, actorOf(RoleSecretary), env); err == nil {
		t.Error("the secretary set up a draw")
	}
	d := drawOf(today.AddDate(0, 0, -1), false)
	d.State = RiskAssessment
	if _, err := Decide(d, &RunDraw{Witnesses: "公证员"}, actorOf(RoleClerk), env); err == nil {
		t.Error("a draw after the hearing stage")
	}
}

// TestTrackerCommands: a milestone done needs its day, one not done has none; a public report
// never carries what citizens wrote in (条例第35条); dropping the market-activity flag after
// drafting needs the legal office's agreement, like any procedure already owed.
func TestTrackerCommands(t *testing.T) {
	env := testEnv()
	today := Day(env.Now)
	d := complete(Implementation)
	d.Milestones = []Milestone{{ID: 7, Title: "新票价施行", PlannedOn: today, Status: MilestoneUnderway}}
	for _, c := range []struct {
		cmd  *UpdateMilestone
		want string
	}{
		{&UpdateMilestone{ID: 7, Status: MilestoneDone}, "请填写完成日期"},
		{&UpdateMilestone{ID: 7, Status: MilestoneDelayed, DoneOn: today}, "尚未完成的节点不填完成日期"},
		{&UpdateMilestone{ID: 8, Status: MilestoneDelayed}, "没有该执行节点"},
		{&UpdateMilestone{ID: 7, Status: MilestoneDone, DoneOn: today}, ""},
	} {
		ps := refusedWith(t, d, c.cmd, RoleClerk, env)
		if (c.want == "") != (ps == nil) || (c.want != "" && !naming(ps, "条例第34条", c.want)) {
			t.Errorf("%+v: want %q, got %+v", c.cmd, c.want, ps)
		}
	}
	report := ImplementationReport{Kind: ReportOpinion, ExecutingUnit: "市发改委", Body: "来信", ReportedOn: today, Public: true}
	if ps := refusedWith(t, d, &AddReport{Report: report}, RoleClerk, env); len(ps) != 1 || ps[0].Field != "public" || ps[0].Basis != "条例第35条" {
		t.Errorf("a public report of citizens' letters: %+v", ps)
	}
	report.Kind = ReportProgress
	if ps := refusedWith(t, d, &AddReport{Report: report}, RoleClerk, env); ps != nil {
		t.Errorf("a public progress report: %+v", ps)
	}

	c := complete(Consultation)
	c.Flags.MarketActivity = true
	off := c.Flags
	off.MarketActivity = false
	ps := refusedWith(t, c, &SaveFlags{Flags: off, Reason: "经核实不涉及经营者"}, RoleClerk, env)
	if len(ps) != 1 || ps[0].Field != "legal_agreement" || !strings.Contains(ps[0].Message, "公平竞争审查") {
		t.Errorf("dropping the market-activity flag without the legal office: %+v", ps)
	}
}
