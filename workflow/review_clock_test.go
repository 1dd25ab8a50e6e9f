package workflow

import (
	"strings"
	"testing"
	"time"
)

// The legality review's clock is the procedure's: a major decision's review takes at least
// Settings.MinReviewWorkdays (条例第26条, 7), a normative document's at least 5 and at most 15
// working days (国办发〔2018〕115号). The fixtures' submission is Wed 2026-04-01: its 5th
// working day is Wed 04-08, its 7th Fri 04-10, its 15th Wed 04-22.

func clockDoc(k Kind, ev Event) *Decision {
	if k == KindNormative {
		return completeNormFor(ev)
	}
	return completeFor(ev)
}

func TestReviewClockMeetingGate(t *testing.T) {
	cases := []struct {
		name   string
		kind   Kind
		held   time.Time
		off    string // a holiday, if any
		basis  string // "" when the meeting may be held
		substr string
	}{
		{"major, 5th working day", KindMajor, date(2026, 4, 8), "", "条例第26条", "不少于7个工作日"},
		{"major, 6th working day", KindMajor, date(2026, 4, 9), "", "条例第26条", "2026年4月10日"},
		{"major, 7th working day", KindMajor, date(2026, 4, 10), "", "", ""},
		{"normative, 4th working day", KindNormative, date(2026, 4, 7), "", "国办发〔2018〕115号", "2026年4月8日"},
		{"normative, 5th working day", KindNormative, date(2026, 4, 8), "", "", ""},
		{"normative, 5th day over a holiday", KindNormative, date(2026, 4, 8), "2026-04-06", "国办发〔2018〕115号", "不少于5个工作日"},
		{"normative, 6th working day", KindNormative, date(2026, 4, 9), "2026-04-06", "", ""},
	}
	for _, c := range cases {
		for _, ev := range meetingEvs {
			d, in, env := clockDoc(c.kind, ev), testInput(), testEnv()
			tr, _ := d.Procedure().TransitionOf(ev)
			a := actorOf(tr.Roles[0])
			d.Meetings[0].HeldOn = c.held
			d.Reviews[len(d.Reviews)-1].SignedAt = date(2026, 4, 3) // signed before any of the days
			if c.off != "" {
				env.Calendar = Calendar{Off: map[string]bool{c.off: true}}
			}
			ps := Check(d, ev, a, in, env)
			if c.basis == "" {
				if len(ps) > 0 {
					t.Errorf("%s / %s: want no problem, got %+v", c.name, ev, ps)
				}
				continue
			}
			if len(ps) != 1 || ps[0].Basis != c.basis || ps[0].Field != "meeting" || !strings.Contains(ps[0].Message, c.substr) {
				t.Errorf("%s / %s: got %+v, want one meeting problem with basis %q containing %q", c.name, ev, ps, c.basis, c.substr)
			}
		}
	}
}

// TestReviewClockChecklist: the stage page states each procedure's own period and basis.
func TestReviewClockChecklist(t *testing.T) {
	for _, c := range []struct {
		kind         Kind
		text, basis  string
		agendaBasis  string
		riskInAgenda bool
	}{
		{KindMajor, "合法性审查期限一般不少于7个工作日", "条例第26条", "条例第29条", true},
		{KindNormative, "合法性审查期限一般不少于5个工作日", "国办发〔2018〕115号", "规划三(三)1", false},
	} {
		d := clockDoc(c.kind, Approve)
		var clock, agenda *Requirement
		list := Checklist(d, testEnv())
		for i, r := range list {
			if strings.HasPrefix(r.Text, "合法性审查期限") {
				clock = &list[i]
			}
			if strings.HasPrefix(r.Text, "提请讨论的材料须齐全") {
				agenda = &list[i]
			}
		}
		if clock == nil || !strings.Contains(clock.Text, c.text) || clock.Basis != c.basis {
			t.Errorf("%s: review clock requirement %+v, want %q with basis %q", c.kind, clock, c.text, c.basis)
		}
		if agenda == nil || agenda.Basis != c.agendaBasis || strings.Contains(agenda.Text, "风险评估报告") != c.riskInAgenda {
			t.Errorf("%s: agenda requirement %+v, want basis %q, risk report named: %v", c.kind, agenda, c.agendaBasis, c.riskInAgenda)
		}
	}
}

// TestReviewClockDueAndLimit: in legality review the due date is the procedure's earliest
// meeting day; a normative review is overdue after its 15th working day, a major one only
// after the stage limit.
func TestReviewClockDueAndLimit(t *testing.T) {
	for _, c := range []struct {
		kind     Kind
		due      time.Time
		limit    time.Time
		overdue  bool // on 2026-04-23
		anomalyN string
	}{
		{KindMajor, date(2026, 4, 10), date(2026, 4, 1).AddDate(0, 0, DefaultSettings.StageOverdueDays), false, ""},
		{KindNormative, date(2026, 4, 8), date(2026, 4, 22), true, "“合法性审查”阶段已超过期限（2026年4月22日）1 日"},
	} {
		d := clockDoc(c.kind, ReviewPass)
		d.Meetings, d.StateSince = nil, date(2026, 4, 1)
		env := testEnv()
		env.Now = time.Date(2026, 4, 23, 9, 0, 0, 0, Shanghai)
		if due, ok := Due(d, env); !ok || !due.Equal(c.due) {
			t.Errorf("%s: due %v %v, want %v", c.kind, due, ok, c.due)
		}
		if limit, ok := Limit(d, env); !ok || !limit.Equal(c.limit) {
			t.Errorf("%s: limit %v %v, want %v", c.kind, limit, ok, c.limit)
		}
		if _, _, late := Overdue(d, env); late != c.overdue {
			t.Errorf("%s: overdue %v, want %v", c.kind, late, c.overdue)
		}
		found := false
		for _, a := range Anomalies(d, env) {
			found = found || a.Kind == "overdue" && strings.Contains(a.Text, c.anomalyN)
		}
		if found != c.overdue {
			t.Errorf("%s: overdue anomaly %v, want %v: %+v", c.kind, found, c.overdue, Anomalies(d, env))
		}
	}
}

// TestReviewClockAnomaly: a meeting held too soon is flagged by the procedure's own period.
func TestReviewClockAnomaly(t *testing.T) {
	for _, c := range []struct {
		kind  Kind
		held  time.Time
		basis string // "" when not flagged
	}{
		{KindMajor, date(2026, 4, 8), "条例第26条"},
		{KindNormative, date(2026, 4, 8), ""},
		{KindNormative, date(2026, 4, 7), "国办发〔2018〕115号"},
	} {
		d := clockDoc(c.kind, Approve)
		d.Meetings[0].HeldOn = c.held
		var got string
		for _, a := range Anomalies(d, testEnv()) {
			if a.Kind == "meeting_too_soon" {
				got = a.Basis
			}
		}
		if got != c.basis {
			t.Errorf("%s held %s: meeting_too_soon basis %q, want %q", c.kind, c.held.Format("01-02"), got, c.basis)
		}
	}
}

// TestMeetingDateHint: the meeting date's hint is the procedure's; a major decision's is the
// form's described hint as it always was.
func TestMeetingDateHint(t *testing.T) {
	if got, want := Major.MeetingDateHint(), FieldOf("meeting", "held_on").Hint; got != want {
		t.Errorf("major: %q, want %q", got, want)
	}
	if got := Normative.MeetingDateHint(); got != "不得早于送审之日起第5个工作日（国办发〔2018〕115号）" {
		t.Errorf("normative: %q", got)
	}
}
