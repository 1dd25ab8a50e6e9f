package store

import (
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"juece/workflow"
)

// newNormFixture is the decision fixture with its own rows baselined, as for an old database,
// so that VerifyRecords judges only what the tests write.
// It has a clerk of the other unit too, 赵环保.
func newNormFixture(t *testing.T) *decisionFixture {
	f := newDecisionFixture(t)
	raw, err := sql.Open("sqlite", "file:"+f.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`INSERT INTO users(username, display_name, unit_id, role, password_hash, password_changed_at, created_at)
		VALUES ('eco', '赵环保', ?, 'clerk', 'x', 1, 1)`, f.otherUnit); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("DELETE FROM record_baseline"); err != nil {
		t.Fatal(err)
	}
	path := f.db.Path()
	if err := f.db.Close(); err != nil {
		t.Fatal(err)
	}
	if f.db, err = Open(f.ctx, path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.db.Close() })
	return f
}

func (f *decisionFixture) createNormative(title, prefix string, affects bool) int64 {
	f.t.Helper()
	var id int64
	err := f.db.InTx(f.ctx, func(tx *Tx) (err error) {
		id, err = tx.CreateNormative(f.ctx, f.clerk, f.at(), NewNormative{Title: title, UnitID: f.unit, Prefix: prefix, AffectsRights: affects})
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

func (f *decisionFixture) apply(id int64, a workflow.Actor, cmd workflow.Command) (*workflow.Decision, error) {
	d := f.load(id)
	return f.db.Apply(f.ctx, id, d.Version, a, f.at(), cmd)
}

// published puts a normative document in the published state without the stages before, as
// other packages' fixtures do.
func (f *decisionFixture) toPublished(id int64) {
	f.t.Helper()
	if err := f.write(id, func(tx *Tx, d *workflow.Decision) error {
		return tx.SetStateForTest(f.ctx, f.secretary, f.at(), d, workflow.Approve, workflow.Published, "")
	}); err != nil {
		f.t.Fatal(err)
	}
}

// TestNormativeDrafting: a department drafts, asks another, which disagrees after its deadline;
// the legal office coordinates without agreement, the meeting rules; the draft goes out for
// comment. Every row is in the history and replays.
func TestNormativeDrafting(t *testing.T) {
	f := newNormFixture(t)
	id := f.createNormative("澜沧市城区停车管理办法", "澜政规", true)
	d := f.load(id)
	if d.Kind != workflow.KindNormative || d.State != workflow.Drafting || d.Normative == nil || d.Normative.Prefix != "澜政规" {
		t.Fatalf("created: %+v", d)
	}
	other := workflow.Actor{Name: "赵环保", Role: workflow.RoleClerk, UnitID: f.otherUnit}
	if err := f.db.read.QueryRowContext(f.ctx, "SELECT id FROM users WHERE username = 'eco'").Scan(&other.UserID); err != nil {
		t.Fatal(err)
	}
	must := func(_ *workflow.Decision, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.apply(id, f.clerk, &workflow.AddRevision{Revision: workflow.Revision{Body: "第一条 ……"}}))
	must(f.apply(id, f.clerk, &workflow.RequestOpinion{UnitID: f.otherUnit, DueOn: f.now}))
	f.now = f.now.AddDate(0, 0, 3) // replies three days late
	if _, err := f.apply(id, other, &workflow.ReplyOpinion{RequestID: 1}); err == nil {
		t.Fatal("a disagreement without its text was saved")
	}
	must(f.apply(id, other, &workflow.ReplyOpinion{RequestID: 1, Opinion: "应当增加环境影响条款"}))
	_, err := f.apply(id, f.clerk, &workflow.FireEvent{Event: workflow.NormConsult})
	var ge *workflow.GateError
	if !errors.As(err, &ge) || len(ge.For(string(workflow.RecCoordination))) != 1 {
		t.Fatalf("out for comment with an open disagreement: %v", err)
	}
	must(f.apply(id, f.reviewer, &workflow.Coordinate{RequestID: 1, Issues: "环境影响条款", Views: "起草部门：不必；生态环境局：应当", Proposal: "增加一条"}))
	must(f.apply(id, f.secretary, &workflow.Rule{CoordinationID: 1, RuledBy: "王副市长", Ruling: "按法制机构建议增加"}))
	d, err = f.apply(id, f.clerk, &workflow.FireEvent{Event: workflow.NormConsult})
	if err != nil || d.State != workflow.Consultation {
		t.Fatalf("out for comment: %v", err)
	}
	r := d.Normative.Requests[0]
	if r.Reply == nil || r.Reply.Agrees || !r.Late(f.now) || d.Normative.Coordination[0].RuledBy != "王副市长" {
		t.Fatalf("loaded: %+v %+v", r, d.Normative.Coordination)
	}
	var late bool
	for _, e := range f.history(id) {
		if e.Action == "dept_reply" && e.Summary == "市生态环境局回复意见：有不同意见，逾期回复（期限"+showDate(f.now.AddDate(0, 0, -3))+"）" {
			late = true
		}
	}
	if !late {
		t.Error("the late reply is not in the history as late")
	}
	verifyRecords(t, f.db, "")
}

// TestNormativeNumbers: publications allocate the next number of their prefix and year, one
// counter per prefix and year; a refused publication takes none.
func TestNormativeNumbers(t *testing.T) {
	f := newNormFixture(t)
	pub := func(id int64, on time.Time) (*workflow.Decision, error) {
		return f.apply(id, f.secretary, &workflow.PublishNormative{PublishedOn: on, Channels: "市政府网站", Text: "全文"})
	}
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, workflow.Shanghai)
	var got []string
	for i, prefix := range []string{"澜政规", "澜政规", "澜交规", "澜政规"} {
		id := f.createNormative(fmt.Sprintf("文件%d", i), prefix, false)
		f.toPublished(id)
		if i == 3 {
			if _, err := pub(id, f.now.AddDate(0, 0, 5)); err == nil {
				t.Fatal("published in the future")
			}
		}
		d, err := pub(id, day)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, d.Normative.Doc.Number)
		if d.Publication == nil || d.Publication.DocNumber != d.Normative.Doc.Number {
			t.Errorf("the publication record: %+v", d.Publication)
		}
		if _, err := pub(id, day); err == nil {
			t.Error("numbered twice")
		}
	}
	want := []string{"澜政规〔2026〕1号", "澜政规〔2026〕2号", "澜交规〔2026〕1号", "澜政规〔2026〕3号"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("numbers %v, want %v", got, want)
	}
	verifyRecords(t, f.db, "")
}

// TestNormativeNumbersConcurrent: publications at the same time never share a number nor leave
// a gap.
func TestNormativeNumbersConcurrent(t *testing.T) {
	f := newNormFixture(t)
	const n = 12
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = f.createNormative(fmt.Sprintf("文件%d", i), "澜政规", false)
		f.toPublished(ids[i])
	}
	at := f.at()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i, id := range ids {
		wg.Go(func() {
			_, errs[i] = f.db.Apply(f.ctx, id, f.load(id).Version, f.secretary, at,
				&workflow.PublishNormative{PublishedOn: at, Channels: "市政府网站", Text: "全文"})
		})
	}
	wg.Wait()
	seen := map[int]bool{}
	for i, id := range ids {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		seen[f.load(id).Normative.Doc.Seq] = true
	}
	for seq := 1; seq <= n; seq++ {
		if !seen[seq] {
			t.Errorf("number %d missing: %v", seq, seen)
		}
	}
}

// TestNormativeFiling: a filing after the 15 days needs its reason. Published on 2 February
// 2026, the 15th day falls in the Spring Festival holidays of the calendar, so the filing is
// due on the first working day after them; the 27th is late.
func TestNormativeFiling(t *testing.T) {
	f := newNormFixture(t)
	id := f.createNormative("文件", "澜政规", false)
	f.toPublished(id)
	on := time.Date(2026, 2, 2, 0, 0, 0, 0, workflow.Shanghai)
	if _, err := f.apply(id, f.secretary, &workflow.PublishNormative{PublishedOn: on, Channels: "市政府网站", Text: "全文"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.apply(id, f.secretary, &workflow.FileNormative{Body: "省人民政府", FiledOn: on.AddDate(0, 0, 25)}); err == nil {
		t.Fatal("filed late without a reason")
	}
	d, err := f.apply(id, f.secretary, &workflow.FileNormative{Body: "省人民政府", FiledOn: on.AddDate(0, 0, 25), LateReason: "报送材料退回补正"})
	if err != nil {
		t.Fatal(err)
	}
	if fl := d.Normative.Doc.Filing; fl == nil || fl.Body != "省人民政府" || fl.LateReason == "" {
		t.Fatalf("filing %+v", fl)
	}
	if d, err = f.apply(id, f.reviewer, &workflow.ReviewFiling{Conclusion: workflow.FilingAnnul, Reasons: "第八条违法增加义务"}); err != nil ||
		d.Normative.Doc.Filing.Review == nil || d.Normative.Doc.Filing.Review.Conclusion != workflow.FilingAnnul {
		t.Fatalf("filing review: %v", err)
	}
	if d, err = f.apply(id, f.secretary, &workflow.SetValidity{Status: workflow.Repealed, Note: "备案审查建议撤销"}); err != nil || d.Normative.Doc.Status != workflow.Repealed {
		t.Fatalf("repealed: %v", err)
	}
	verifyRecords(t, f.db, "")
}
