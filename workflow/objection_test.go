package workflow

import (
	"strings"
	"testing"
	"time"
)

// TestObjectionDue: 30 calendar days from the day received; a last day on a weekend or a
// holiday moves to the next working day (民法典第203条); a make-up working day counts.
func TestObjectionDue(t *testing.T) {
	env := testEnv()
	cases := []struct {
		name     string
		received time.Time
		cal      Calendar
		want     time.Time
	}{
		{"a working day", date(2026, 6, 1), Calendar{}, date(2026, 7, 1)},
		{"the last day a Sunday", date(2026, 6, 5), Calendar{}, date(2026, 7, 6)},
		{"the last day a holiday", date(2026, 6, 1), Calendar{Off: map[string]bool{"2026-07-01": true}}, date(2026, 7, 2)},
		{"the last day a make-up working Sunday", date(2026, 6, 5), Calendar{On: map[string]bool{"2026-07-05": true}}, date(2026, 7, 5)},
		{"received late in the day", date(2026, 6, 1).Add(23 * time.Hour), Calendar{}, date(2026, 7, 1)},
	}
	for _, c := range cases {
		env.Calendar = c.cal
		if got := ObjectionDue(c.received, env); !got.Equal(c.want) {
			t.Errorf("%s: due %s, want %s", c.name, dateCN(got), dateCN(c.want))
		}
	}
	o := Objection{Ref: "YY2026-000001", ReceivedAt: date(2026, 6, 1)}
	env.Calendar = Calendar{}
	env.Now = date(2026, 7, 1).Add(23 * time.Hour)
	if o.Overdue(env) || len(objectionAnomalies(&Decision{Normative: &NormativeFile{Objections: []Objection{o}}}, env)) != 0 {
		t.Error("overdue on its due day")
	}
	env.Now = date(2026, 7, 2)
	as := objectionAnomalies(&Decision{Normative: &NormativeFile{Objections: []Objection{o}}}, env)
	if !o.Overdue(env) || len(as) != 1 || as[0].Kind != "objection_overdue" || as[0].Basis != ObjectionBasis {
		t.Errorf("the day after its due day: %+v", as)
	}
	o.Reply = &ObjectionReply{Outcome: ObjectionReject, Text: "理由", At: date(2026, 7, 3)}
	if as := objectionAnomalies(&Decision{Normative: &NormativeFile{Objections: []Objection{o}}}, env); len(as) != 1 || as[0].Kind != "objection_late" {
		t.Errorf("answered late: %+v", as)
	}
	o.Reply.At = date(2026, 7, 1)
	if as := objectionAnomalies(&Decision{Normative: &NormativeFile{Objections: []Objection{o}}}, env); len(as) != 0 {
		t.Errorf("answered on time: %+v", as)
	}
}

// TestAnswerObjection: only the legal office answers, only in the published state, once, with
// an outcome and its text; a rejection names its reasons.
func TestAnswerObjection(t *testing.T) {
	env := testEnv()
	doc := func() *Decision {
		d := completeNorm(Published)
		d.Normative.Doc = &NormativeDoc{Number: "澜政规〔2026〕1号", PublishedOn: date(2026, 6, 1), Status: Valid}
		d.Normative.Objections = []Objection{{ID: 3, Ref: "YY2026-000003", ReceivedAt: date(2026, 6, 20)}}
		return d
	}
	good := func() *AnswerObjection {
		return &AnswerObjection{ObjectionID: 3, Outcome: ObjectionAmend, Text: "启动修改", Publish: true}
	}
	if ps := refusedWith(t, doc(), good(), RoleReviewer, env); ps != nil {
		t.Fatalf("a complete reply refused: %+v", ps)
	}
	for _, role := range []Role{RoleClerk, RoleSecretary, RoleAuditor} {
		if _, err := Decide(doc(), good(), actorOf(role), env); err == nil {
			t.Errorf("%s answered an objection", role)
		}
	}
	d := doc()
	d.State = CollectiveDiscussion
	if _, err := Decide(d, good(), actorOf(RoleReviewer), env); err == nil {
		t.Error("answered before publication")
	}
	cases := []struct {
		name   string
		change func(d *Decision, c *AnswerObjection)
		field  string
		words  string
	}{
		{"no such objection", func(_ *Decision, c *AnswerObjection) { c.ObjectionID = 4 }, "outcome", "没有这项异议"},
		{"already answered", func(d *Decision, _ *AnswerObjection) {
			d.Normative.Objections[0].Reply = &ObjectionReply{Outcome: ObjectionReject, Text: "x", At: date(2026, 6, 25)}
		}, "outcome", "不能修改"},
		{"no outcome", func(_ *Decision, c *AnswerObjection) { c.Outcome = "" }, "outcome", "请选择处理结果"},
		{"a rejection without reasons", func(_ *Decision, c *AnswerObjection) { c.Outcome, c.Text = ObjectionReject, " " }, "text", "不予采纳的，须写明理由"},
		{"an adoption without its reply", func(_ *Decision, c *AnswerObjection) { c.Text = "" }, "text", "请写明答复内容"},
	}
	for _, c := range cases {
		d, cmd := doc(), good()
		c.change(d, cmd)
		ps := refusedWith(t, d, cmd, RoleReviewer, env)
		if len(ps) == 0 || ps[0].Field != c.field || !strings.Contains(ps[0].Message, c.words) || ps[0].Basis != ObjectionBasis {
			t.Errorf("%s: %+v", c.name, ps)
		}
	}
}
