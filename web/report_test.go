package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"juece/store"
	"juece/workflow"
)

// setClock puts the server's clock at a Shanghai time "2006-01-02 15:04".
func (a *app) setClock(s string) {
	a.t.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", s, workflow.Shanghai)
	if err != nil {
		a.t.Fatal(err)
	}
	a.clock.mu.Lock()
	a.clock.t = t
	a.clock.mu.Unlock()
}

// register records a decision now, in the clerk's unit, of the given category.
func (a *app) register(title, clerk string, cat workflow.Category) int64 {
	a.t.Helper()
	ctx, u := context.Background(), a.users[clerk]
	var id int64
	err := a.db.InTx(ctx, func(tx *store.Tx) (err error) {
		id, err = tx.CreateDecision(ctx, u.Actor(), a.clock.Now(), store.NewDecision{Title: title, Category: cat, UnitID: u.UnitID,
			Proposal: workflow.Proposal{Kind: "department", Proposer: "市政府", Problem: "问题", DecisionOrgan: "市人民政府"}})
		return err
	})
	if err != nil {
		a.t.Fatal(err)
	}
	return id
}

// now runs fn on decision id at the clock's time, in one transaction.
func (a *app) now(id int64, fn func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error) {
	a.t.Helper()
	ctx := context.Background()
	err := a.db.InTx(ctx, func(tx *store.Tx) error {
		d, err := tx.Decision(ctx, id)
		if err != nil {
			return err
		}
		return fn(ctx, tx, d, a.clock.Now())
	})
	if err != nil {
		a.t.Fatal(err)
	}
}

// moveNow fires ev on decision id at the clock's time, without the gates.
func (a *app) moveNow(id int64, who string, ev workflow.Event, to workflow.State, reason string) {
	a.t.Helper()
	a.now(id, func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		return tx.SetStateForTest(ctx, a.users[who].Actor(), at, d, ev, to, reason)
	})
}

// csvTable downloads one table of the report and parses it.
func csvTable(t *testing.T, c *client, year, key string) [][]string {
	t.Helper()
	status, body := c.fetch("/reports/export.csv?year=" + year + "&table=" + key)
	if status != http.StatusOK {
		t.Fatalf("%s.csv: %d", key, status)
	}
	if !strings.HasPrefix(body, "\ufeff") {
		t.Errorf("%s.csv has no byte-order mark, Excel would misread the Chinese", key)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatalf("%s.csv: %v", key, err)
	}
	return rows
}

// TestYearReport seeds decisions over two years with known stays and records, then checks every
// figure of every table of the 2026 report, in its CSV and on the page.
func TestYearReport(t *testing.T) {
	a := newApp(t)
	// 2025: one decision declined within the year, one still waiting for the start decision.
	a.setClock("2025-06-01 09:00")
	d4 := a.register("二〇二五年不予启动的建议", "clerk", workflow.CategoryPlanning)
	a.setClock("2025-06-05 09:00")
	a.moveNow(d4, "secretary", workflow.Decline, workflow.Declined, "")
	a.setClock("2025-10-01 09:00")
	a.register("城区停车收费标准调整", "clerk", workflow.CategoryInvestment) // d5: proposed ever since

	// 2026: d1 goes the whole way on one day (every stay 0 days), with comment, hearing and risk.
	a.setClock("2026-03-02 09:00")
	d1 := a.seedPublished("城市公共交通票价调整方案")
	a.now(d1, func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		_, err := tx.AddCase(ctx, a.users["auditor"].Actor(), at, store.Case{DecisionID: d.ID,
			Kind: workflow.CaseViolateProcedure, Persons: "某某", Facts: "未按规定公开", Status: workflow.CaseOpen})
		return err
	})
	// d2: 10 days proposed, 20 drafting, 40 in consultation, 5 in risk assessment (skipped with a
	// reason), 10 in review, sent back to drafting with 修改后合法 and still there.
	d2 := a.register("老旧小区改造三年行动方案", "clerk2", workflow.CategoryPlanning)
	d3 := a.register("撤回的建议", "clerk", workflow.CategoryOther)
	a.setClock("2026-03-04 09:00")
	a.moveNow(d3, "clerk", workflow.Withdraw, workflow.Withdrawn, "")
	a.setClock("2026-03-12 09:00")
	a.moveNow(d2, "secretary", workflow.Start, workflow.Drafting, "")
	a.setClock("2026-04-01 09:00")
	a.moveNow(d2, "clerk2", workflow.Submit, workflow.Consultation, "")
	a.setClock("2026-05-11 09:00")
	a.moveNow(d2, "clerk2", workflow.SkipHearing, workflow.RiskAssessment, "不涉及听证事项")
	a.now(d2, func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		_, err := tx.AddExpert(ctx, a.users["clerk2"].Actor(), at, d, workflow.ExpertOpinion{Name: "吴教授", Field: "城市规划",
			Organisation: "江澜大学", Opinion: "可行", Conclusion: "方案可行", Signed: true, SignedOn: at, NoInterest: true})
		return err
	})
	a.setClock("2026-05-16 09:00")
	a.moveNow(d2, "clerk2", workflow.SkipRisk, workflow.LegalityReview, "不涉及社会稳定风险")
	a.now(d2, func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		rev, err := tx.AddRevision(ctx, a.users["clerk2"].Actor(), at, d, workflow.Revision{Body: "送审稿"})
		if err != nil {
			return err
		}
		_, err = tx.AddSubmission(ctx, a.users["clerk2"].Actor(), at, d, workflow.ReviewSubmission{RevisionID: rev,
			LegalBasis: "依据", Procedures: "程序", SubmittedOn: at})
		return err
	})
	a.setClock("2026-05-26 09:00")
	a.now(d2, func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		_, err := tx.AddReview(ctx, a.users["reviewer"].Actor(), at, d, workflow.Review{Conclusion: workflow.ConclusionRevise,
			Authority: "权限合法", Procedure: "程序合法", Substance: "第五条需修改", Advisers: "法律顾问"})
		if err != nil {
			return err
		}
		return tx.SetStateForTest(ctx, a.users["reviewer"].Actor(), at, d, workflow.ReviewRevise, workflow.Drafting, "")
	})

	a.setClock("2027-01-10 09:00") // the 2026 report is complete
	sec := a.login("secretary")
	want := map[string][][]string{
		"stages": {{"阶段", "件数"}, {"决策启动", "1"}, {"起草", "1"}, {"征求意见", "0"}, {"听证", "0"}, {"风险评估", "0"},
			{"合法性审查", "0"}, {"集体讨论决定", "0"}, {"决策公布", "1"}, {"决策执行", "0"}, {"决策后评估", "0"},
			{"办结", "0"}, {"已撤回", "1"}},
		"categories": {{"类别", "办理", "其中年内登记", "年内作出决定"}, {"重大公共政策和措施", "1", "1", "1"},
			{"重要规划", "1", "1", "0"}, {"自然和文化资源政策", "0", "0", "0"}, {"重大公共建设项目", "1", "0", "0"},
			{"其他重大事项", "1", "1", "0"}},
		"units": {{"承办单位", "办理", "其中年内登记", "年内作出决定"}, {"市住房和城乡建设局", "1", "1", "0"},
			{"市发展和改革委员会", "3", "2", "1"}},
		"participation": {{"形式", "件数", "占比（%）"}, {"公开征求意见（条例第14条）", "1", "50.0"},
			{"举行听证会（条例第16条）", "1", "50.0"}, {"专家论证（条例第19条）", "1", "50.0"}},
		"risk": {{"等级", "件数"}, {"低风险", "0"}, {"中风险", "1"}, {"高风险", "0"}, {"依法说明理由未评估", "1"},
			{"未评估亦未说明理由", "0"}},
		"reviews": {{"结论", "件数", "占比（%）"}, {"合法", "1", "50.0"}, {"修改后合法", "1", "50.0"}, {"不合法", "0", "0.0"}},
		"durations": {{"阶段", "年内结束的次数", "中位数", "九成事项不超过"}, {"决策启动", "3", "2.0", "10.0"},
			{"起草", "1", "20.0", "20.0"}, {"征求意见", "2", "20.0", "40.0"}, {"听证", "1", "0.0", "0.0"},
			{"风险评估", "2", "2.5", "5.0"}, {"合法性审查", "2", "5.0", "10.0"}, {"集体讨论决定", "1", "0.0", "0.0"},
			{"决策公布", "0", "0.0", "0.0"}, {"决策执行", "0", "0.0", "0.0"}, {"暂停执行", "0", "0.0", "0.0"},
			{"决策后评估", "0", "0.0", "0.0"}, {"暂缓", "0", "0.0", "0.0"}},
		// d5 proposed since 2025-10, d2 drafting since May, d1 published in March and never implemented.
		"overdue": {{"阶段", "超期次数"}, {"决策启动", "1"}, {"起草", "1"}, {"征求意见", "0"}, {"听证", "0"}, {"风险评估", "0"},
			{"合法性审查", "0"}, {"集体讨论决定", "0"}, {"决策公布", "1"}, {"决策执行", "0"}, {"暂停执行", "0"},
			{"决策后评估", "0"}, {"暂缓", "0"}},
		"cases": {{"情形", "已立案", "调查处理中", "已办结", "合计"}, {"超越法定权限", "0", "0", "0", "0"},
			{"违反法定程序", "1", "0", "0", "1"}, {"决策严重失误", "0", "0", "0", "0"},
			{"应当及时决策而久拖不决", "0", "0", "0", "0"}, {"其他", "0", "0", "0", "0"}},
	}
	for key, rows := range want {
		if got := csvTable(t, sec, "2026", key); !slices.EqualFunc(got, rows, slices.Equal) {
			t.Errorf("%s:\n got %q\nwant %q", key, got, rows)
		}
	}

	status, doc := sec.get("/reports?year=2026")
	if status != http.StatusOK {
		t.Fatalf("report page: %d", status)
	}
	if got := doc.Find("#report-total").Text(); got != "4" {
		t.Errorf("decisions handled in 2026 = %q, want 4 (d1, d2, d3 and d5; d4 ended in 2025)", got)
	}
	if n := doc.Find("section.report-section").Length(); n != len(want) {
		t.Errorf("%d sections, want %d", n, len(want))
	}
	doc.Find("section.report-section").Each(func(_ int, s *goquery.Selection) {
		key, _ := s.Attr("id")
		bars, rows := s.Find("svg.chart rect.chart-bar").Length(), s.Find("table tbody tr").Length()
		if bars != rows || rows != len(want[key])-1 {
			t.Errorf("%s: %d bars, %d table rows, want %d each", key, bars, rows, len(want[key])-1)
		}
		if label, _ := s.Find("svg").Attr("role"); label != "img" {
			t.Errorf("%s: the chart is not announced as an image", key)
		}
	})
	// The longest bar is the largest value: 3 decisions of 发改委 fill the chart, 1 of 住建局 a third.
	units := doc.Find("#units svg rect.chart-bar")
	w0, _ := units.Eq(0).Attr("width")
	w1, _ := units.Eq(1).Attr("width")
	if w0 != "126" || w1 != "380" {
		t.Errorf("unit bars %s and %s wide, want 126 and 380", w0, w1)
	}

	// The year before: d4 declined and d5 registered.
	if got := csvTable(t, sec, "2025", "stages"); !slices.ContainsFunc(got, func(r []string) bool {
		return slices.Equal(r, []string{"不予启动", "1"})
	}) {
		t.Errorf("2025 stages: %q, want 不予启动 1", got)
	}
	_, doc = sec.get("/reports?year=2025")
	if got := doc.Find("#report-total").Text(); got != "2" {
		t.Errorf("decisions handled in 2025 = %q, want 2", got)
	}

	// Only the tables there are; clerks do not read the government's report.
	if status, _ := sec.fetch("/reports/export.csv?year=2026&table=users"); status != http.StatusNotFound {
		t.Errorf("unknown table: %d, want 404", status)
	}
	for _, who := range []string{"clerk"} {
		if status, _ := a.login(who).fetch("/reports?year=2026"); status != http.StatusForbidden {
			t.Errorf("%s reads the report: %d", who, status)
		}
	}
	for _, who := range []string{"auditor", "reviewer", "admin"} {
		if status, _ := a.login(who).fetch("/reports/export.csv?year=2026&table=stages"); status != http.StatusOK {
			t.Errorf("%s cannot read the report: %d", who, status)
		}
	}
}
