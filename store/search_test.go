package store

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"juece/workflow"
)

// searchFixture is a decision of each unit with a record of every indexed kind on the first.
type searchFixture struct {
	*decisionFixture
	fare, other int64 // the fare decision (unit) and a decision of otherUnit
}

func newSearchFixture(t *testing.T) *searchFixture {
	t.Helper()
	f := &searchFixture{decisionFixture: newDecisionFixture(t)}
	f.fare = f.create("调整城市公交票价", f.unit)
	f.other = f.create("城区河道综合整治", f.otherUnit)
	ctx := f.ctx
	var meetingID int64
	steps := []func(tx *Tx, d *workflow.Decision) error{
		func(tx *Tx, d *workflow.Decision) error {
			p := d.Proposal
			p.Problem, p.Solution = "现行票价结构不合理，财政补贴压力大", "实行阶梯票价"
			return tx.UpdateProposal(ctx, f.clerk, f.at(), d, d.Title, d.Category, p)
		},
		func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddRevision(ctx, f.clerk, f.at(), d, workflow.Revision{Body: "第一条 公交基础票价为二元。", Options: "方案二：维持一元"})
			return err
		},
		func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddComment(ctx, workflow.Actor{Name: "公众"}, f.at(), d, workflow.Comment{Source: "portal",
				Body: "建议对老年人实行免费乘车", Author: "赵某", Contact: "13800000000"})
			return err
		},
		func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddExpert(ctx, f.clerk, f.at(), d, workflow.ExpertOpinion{Name: "钱教授", Field: "交通经济",
				Organisation: "大学", Opinion: "票价弹性系数测算合理", Conclusion: "方案可行"})
			return err
		},
		func(tx *Tx, d *workflow.Decision) error {
			return tx.SaveHearing(ctx, f.clerk, f.at(), d, workflow.HearingRecord{Place: "会议室",
				RecordSummary: "多数代表支持换乘优惠", OpinionsHandling: "换乘优惠意见已采纳"})
		},
		func(tx *Tx, d *workflow.Decision) (err error) {
			meetingID, err = tx.AddMeeting(ctx, f.secretary, f.at(), d, workflow.Meeting{Kind: workflow.MeetingStanding,
				Number: "第十二次常务会议", HeldOn: day(5, 20), Attendees: "市长、副市长、秘书长"})
			return err
		},
		func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddOpinion(ctx, f.secretary, f.at(), d, meetingID, workflow.MeetingOpinion{Speaker: "孙副市长",
				Stance: workflow.StanceAgainst, Text: "低收入群体负担加重，不同意"})
			return err
		},
	}
	for i, step := range steps {
		if err := f.write(f.fare, step); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	return f
}

func (f *searchFixture) search(q string, unit int64) []SearchHit {
	f.t.Helper()
	hits, err := f.db.Search(f.ctx, q, unit, 50)
	if err != nil {
		f.t.Fatalf("Search(%q, %d): %v", q, unit, err)
	}
	return hits
}

// kinds lists the hits as "decision:kind" for comparing.
func kinds(hits []SearchHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, fmt.Sprintf("%d:%s", h.DecisionID, h.Kind))
	}
	return out
}

func hasHit(hits []SearchHit, id int64, kind string) bool {
	for _, h := range hits {
		if h.DecisionID == id && h.Kind == kind {
			return true
		}
	}
	return false
}

func TestSearchEveryKind(t *testing.T) {
	f := newSearchFixture(t)
	for _, c := range []struct{ q, kind string }{
		{"城市公交", SearchDecision},   // the title
		{"财政补贴压力", SearchDecision}, // the proposal
		{"基础票价", SearchRevision},   // the draft
		{"维持一元", SearchRevision},   // its options
		{"老年人", SearchComment},     // a public comment
		{"弹性系数", SearchExpert},     // an expert opinion
		{"换乘优惠", SearchHearing},    // the hearing record
		{"第十二次常务", SearchMeeting},  // the minutes
		{"秘书长", SearchMeeting},     // the attendees
		{"低收入群体", SearchOpinion},   // what was said at the meeting
		{"孙副市长", SearchOpinion},    // who said it
		{"河道综合", SearchDecision},   // the other unit's decision
		{"补贴", SearchDecision},     // two characters: the fallback
		{"免", SearchComment},       // one character: the fallback
		{"PUBLIC", ""},             // not indexed: nothing
		{"13800000000", ""},        // the commenter's contact is not indexed
		{"赵某", ""},                 // nor their name
		{"不存在的内容", ""},             // nothing
		{"票价结构不合理，财政补贴压力大实行", ""},  // the proposal's fields are not one run of text
	} {
		hits := f.search(c.q, 0)
		if c.kind == "" {
			if len(hits) != 0 {
				t.Errorf("%q: want no hits, got %v", c.q, kinds(hits))
			}
			continue
		}
		found := false
		for _, h := range hits {
			if h.Kind != c.kind {
				continue
			}
			found = true
			if !strings.Contains(h.Snippet, SnippetOpen) || !strings.Contains(h.Snippet, SnippetClose) {
				t.Errorf("%q: snippet %q has no marked match", c.q, h.Snippet)
			}
			plain := strings.NewReplacer(SnippetOpen, "", SnippetClose, "").Replace(h.Snippet)
			if !strings.Contains(plain, c.q) {
				t.Errorf("%q: snippet %q does not contain it", c.q, plain)
			}
			if h.Title == "" || h.UnitName == "" || h.State != workflow.Proposed {
				t.Errorf("%q: hit lacks its decision: %+v", c.q, h)
			}
		}
		if !found {
			t.Errorf("%q: want a %s hit, got %v", c.q, c.kind, kinds(hits))
		}
	}
}

func TestSearchFTSSnippetMarksTheMatch(t *testing.T) {
	f := newSearchFixture(t)
	hits := f.search("老年人", 0)
	if len(hits) != 1 {
		t.Fatalf("got %v", kinds(hits))
	}
	if want := "建议对" + SnippetOpen + "老年人" + SnippetClose + "实行免费乘车"; !strings.Contains(hits[0].Snippet, want) {
		t.Errorf("snippet %q, want it to contain %q", hits[0].Snippet, want)
	}
}

func TestSearchShortQueries(t *testing.T) {
	f := newSearchFixture(t)
	// Two characters: FTS5's trigram MATCH would find nothing without an error.
	hits := f.search("票价", 0)
	for _, kind := range []string{SearchDecision, SearchRevision, SearchExpert} {
		if !hasHit(hits, f.fare, kind) {
			t.Errorf("票价: want a %s hit, got %v", kind, kinds(hits))
		}
	}
	for _, h := range hits {
		if h.DecisionID != f.fare {
			t.Errorf("票价: hit in decision %d", h.DecisionID)
		}
	}
	// One character, in the title and the body of the other unit's decision.
	hits = f.search("河", 0)
	if len(hits) != 1 || hits[0].DecisionID != f.other {
		t.Fatalf("河: got %v", kinds(hits))
	}
	if want := "城区" + SnippetOpen + "河" + SnippetClose + "道综合整治"; hits[0].Snippet != want {
		t.Errorf("河: snippet %q, want %q", hits[0].Snippet, want)
	}
	// Latin letters compare case-blind, and % and _ are literal.
	if err := f.write(f.other, func(tx *Tx, d *workflow.Decision) error {
		p := d.Proposal
		p.Problem = "PM2.5 浓度超标 100% 的天数_统计"
		return tx.UpdateProposal(f.ctx, f.clerk, f.at(), d, d.Title, d.Category, p)
	}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"pm", "Pm", "%", "0%", "_", "数_"} {
		if hits := f.search(q, 0); len(hits) != 1 || hits[0].DecisionID != f.other {
			t.Errorf("%q: got %v", q, kinds(hits))
		}
	}
	for _, q := range []string{"x%", "_x"} {
		if hits := f.search(q, 0); len(hits) != 0 {
			t.Errorf("%q: want nothing, got %v", q, kinds(hits))
		}
	}
	if hits := f.search("pm2.5", 0); len(hits) != 1 {
		t.Errorf("pm2.5 (FTS, case-blind): got %v", kinds(hits))
	}
}

func TestMarkAround(t *testing.T) {
	long := strings.Repeat("甲", 30) + "票价" + strings.Repeat("乙", 30)
	for _, c := range []struct{ s, q, want string }{
		{"调整票价", "票价", "调整\x02票价\x03"},
		{long, "票价", "…" + strings.Repeat("甲", 20) + "\x02票价\x03" + strings.Repeat("乙", 20) + "…"},
		{"票价与票价", "票价", "\x02票价\x03与\x02票价\x03"},
		{"Bus fare", "FA", "Bus \x02fa\x03re"},
		{"调整票价", "地铁", ""},
		{"", "票", ""},
	} {
		if got := markAround(c.s, c.q, 20); got != c.want {
			t.Errorf("markAround(%q, %q) = %q, want %q", c.s, c.q, got, c.want)
		}
	}
}

func TestSearchQuerySyntaxIsLiteral(t *testing.T) {
	f := newSearchFixture(t)
	for _, q := range []string{`"票价" OR *`, `票价"`, `"`, `""`, `*`, `票价 NOT 公交`, `NEAR(票价 公交)`, `title:票价`,
		`^票价`, `(票价`, `票价 AND`, `'; DROP TABLE decisions; --`, "票\x00价", "\x02\x03", "   "} {
		if _, err := f.db.Search(f.ctx, q, 0, 50); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
	// The operators are searched for as text: the text has none of them.
	if hits := f.search(`票价 OR 河道`, 0); len(hits) != 0 {
		t.Errorf("OR is not an operator: got %v", kinds(hits))
	}
	// A quote is a character like any other.
	if err := f.write(f.other, func(tx *Tx, d *workflow.Decision) error {
		p := d.Proposal
		p.Solution = `实施"河长制"管理`
		return tx.UpdateProposal(f.ctx, f.clerk, f.at(), d, d.Title, d.Category, p)
	}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`"河长制"`, `"河`, `制"`} {
		if hits := f.search(q, 0); len(hits) != 1 || hits[0].DecisionID != f.other {
			t.Errorf("%s: got %v", q, kinds(hits))
		}
	}
}

func TestSearchUnitFilter(t *testing.T) {
	f := newSearchFixture(t)
	for _, q := range []string{"公交票价", "综合整治", "票价", "河", "城"} {
		all := f.search(q, 0)
		for _, unit := range []int64{f.unit, f.otherUnit} {
			want := 0
			for _, h := range all {
				var u int64
				if err := f.db.read.QueryRow("SELECT unit_id FROM decisions WHERE id = ?", h.DecisionID).Scan(&u); err != nil {
					t.Fatal(err)
				}
				if u == unit {
					want++
				}
			}
			got := f.search(q, unit)
			if len(got) != want {
				t.Errorf("%q unit %d: %d hits, want %d (%v of %v)", q, unit, len(got), want, kinds(got), kinds(all))
			}
			for _, h := range got {
				wantName := map[int64]string{f.unit: "市住房城乡建设局", f.otherUnit: "市生态环境局"}[unit]
				if h.UnitName != wantName {
					t.Errorf("%q unit %d: hit of %s", q, unit, h.UnitName)
				}
			}
		}
	}
	// 城 is in both titles.
	if hits := f.search("城", 0); !hasHit(hits, f.fare, SearchDecision) || !hasHit(hits, f.other, SearchDecision) {
		t.Errorf("城: got %v", kinds(hits))
	}
}

func TestSearchFollowsEdits(t *testing.T) {
	f := newSearchFixture(t)
	err := f.write(f.fare, func(tx *Tx, d *workflow.Decision) error {
		p := d.Proposal
		p.Problem = "地铁接驳不足"
		if err := tx.UpdateProposal(f.ctx, f.clerk, f.at(), d, "调整城市轨道交通票价", d.Category, p); err != nil {
			return err
		}
		return tx.DisposeComment(f.ctx, f.clerk, f.at(), d, d.Comments[0].ID, workflow.DispositionNotAdopted, "财政难以负担全部免费")
	})
	if err != nil {
		t.Fatal(err)
	}
	if hits := f.search("财政补贴压力", 0); len(hits) != 0 {
		t.Errorf("old proposal text still found: %v", kinds(hits))
	}
	if hits := f.search("接驳不足", 0); !hasHit(hits, f.fare, SearchDecision) {
		t.Errorf("new proposal text not found: %v", kinds(hits))
	}
	hits := f.search("轨道交通", 0)
	if !hasHit(hits, f.fare, SearchDecision) || hits[0].Title != "调整城市轨道交通票价" {
		t.Errorf("new title not found: %+v", hits)
	}
	if hits := f.search("全部免费", 0); !hasHit(hits, f.fare, SearchComment) {
		t.Errorf("disposition reason not found: %v", kinds(hits))
	}
	if err := f.write(f.fare, func(tx *Tx, d *workflow.Decision) error {
		return tx.transition(f.ctx, f.secretary, f.at(), d, workflow.Start, workflow.Drafting, "")
	}); err != nil {
		t.Fatal(err)
	}
	if hits := f.search("轨道交通", 0); len(hits) != 1 || hits[0].State != workflow.Drafting {
		t.Errorf("state not current: %+v", hits)
	}
	// One row per record: the version bumps of all these writes did not duplicate any.
	var n, distinct int
	if err := f.db.read.QueryRow("SELECT count(*), count(DISTINCT kind || ':' || record_id) FROM search_index").Scan(&n, &distinct); err != nil {
		t.Fatal(err)
	}
	if n != distinct || n != 8 {
		t.Errorf("search_index has %d rows for %d records, want 8", n, distinct)
	}
}

func TestSearchLimits(t *testing.T) {
	f := newSearchFixture(t)
	for i := range 5 {
		if err := f.write(f.fare, func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddComment(f.ctx, workflow.Actor{Name: "公众"}, f.at(), d, workflow.Comment{Source: "portal",
				Body: fmt.Sprintf("第%d条意见：支持票价改革", i)})
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 60 {
		f.create(fmt.Sprintf("票价改革第%d号", i), f.otherUnit)
	}
	for _, q := range []string{"票价改革", "改革"} {
		hits := f.search(q, f.unit)
		if len(hits) != searchPerDecision {
			t.Errorf("%q: %d hits of one decision, want %d", q, len(hits), searchPerDecision)
		}
		if hits := f.search(q, 0); len(hits) != searchMaxLimit {
			t.Errorf("%q: %d hits, want %d", q, len(hits), searchMaxLimit)
		}
		if hits, err := f.db.Search(f.ctx, q, 0, 7); err != nil || len(hits) != 7 {
			t.Errorf("%q limit 7: %d hits, %v", q, len(hits), err)
		}
	}
}

// TestSearchBackfill rebuilds the index from the migration's backfill and checks that it
// holds exactly what the triggers wrote.
func TestSearchBackfill(t *testing.T) {
	f := newSearchFixture(t)
	dump := func() string {
		rows, err := f.db.read.Query("SELECT rowid, kind, decision_id, record_id, title, body FROM search_index ORDER BY rowid")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var rowid, decision, record int64
			var kind, title, body string
			if err := rows.Scan(&rowid, &kind, &decision, &record, &title, &body); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%d %s %d %d %q %q\n", rowid, kind, decision, record, title, body)
		}
		return b.String()
	}
	before := dump()
	if strings.Count(before, "\n") != 8 {
		t.Fatalf("want 8 rows, got:\n%s", before)
	}
	err := f.db.InTx(f.ctx, func(tx *Tx) error {
		rows, err := tx.tx.QueryContext(f.ctx, "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'search\\_%' ESCAPE '\\'")
		if err != nil {
			return err
		}
		var triggers []string
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				return err
			}
			triggers = append(triggers, name)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if len(triggers) == 0 {
			return fmt.Errorf("no search triggers")
		}
		for _, name := range triggers {
			if _, err := tx.tx.ExecContext(f.ctx, "DROP TRIGGER "+name); err != nil {
				return err
			}
		}
		for _, q := range []string{"DROP TABLE search_terms", "DROP TABLE search_index",
			"DELETE FROM schema_migrations WHERE name IN ('migrations/003_search.sql', 'migrations/009_search_short.sql')"} {
			if _, err := tx.tx.ExecContext(f.ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.migrate(f.ctx); err != nil {
		t.Fatal(err)
	}
	if after := dump(); after != before {
		t.Errorf("backfill differs from the triggers:\n%s\nwant:\n%s", after, before)
	}
}

// TestSearchShortQueriesThroughTheIndex answers short queries from the trigram index alone, as
// for records older than the newest few thousand: in the middle of a text and at its very end
// (the newline every indexed text ends with makes "市长" of "孙副市长" begin a trigram).
func TestSearchShortQueriesThroughTheIndex(t *testing.T) {
	saved := shortRecentScan
	shortRecentScan = 0
	t.Cleanup(func() { shortRecentScan = saved })
	f := newSearchFixture(t)
	for _, c := range []struct{ q, kind string }{{"票价", SearchDecision}, {"票价", SearchRevision}, {"市长", SearchOpinion}, {"河道", SearchDecision}} {
		if hits := f.search(c.q, 0); !slices.ContainsFunc(hits, func(h SearchHit) bool { return h.Kind == c.kind }) {
			t.Errorf("%s: want a %s hit from the index, got %v", c.q, c.kind, kinds(hits))
		}
	}
	if hits := f.search("橡皮", 0); len(hits) != 0 {
		t.Errorf("橡皮: want nothing, got %v", kinds(hits))
	}
}

// TestSearchDocNumber: a published decision is found by its document number, the year in any
// brackets people type, whichever were stored; the count is every matching record, more than
// the hits one search returns.
func TestSearchDocNumber(t *testing.T) {
	f := newSearchFixture(t)
	for id, number := range map[int64]string{f.fare: "澜政发〔2026〕22号", f.other: "澜政规[2026]5号"} {
		err := f.write(id, func(tx *Tx, d *workflow.Decision) error {
			return tx.SavePublication(f.ctx, f.secretary, f.at(), d, workflow.Publication{DocNumber: number,
				PublishedOn: day(6, 1), Channels: "政府公报", Text: "决定正文"})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		q  string
		id int64
	}{
		{"澜政发〔2026〕22号", f.fare}, {"澜政发[2026]22号", f.fare}, {"澜政发【2026】22号", f.fare}, {"澜政发（2026）22号", f.fare},
		{"澜政发(2026)22号", f.fare}, {"澜政规〔2026〕5号", f.other}, {"澜政规[ 2026 ]5号", f.other},
	} {
		hits := f.search(c.q, 0)
		if len(hits) != 1 || hits[0].DecisionID != c.id || hits[0].Kind != SearchPublication {
			t.Errorf("%q: %v, want the publication of %d", c.q, kinds(hits), c.id)
		}
	}
	if hits := f.search("澜政发〔2026〕23号", 0); len(hits) != 0 {
		t.Errorf("another number: %v", kinds(hits))
	}

	// Twelve comments on one decision: Search shows three of it, the count says twelve more.
	for i := range 12 {
		err := f.write(f.fare, func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddComment(f.ctx, workflow.Actor{Name: "公众"}, f.at(), d, workflow.Comment{Source: "portal",
				Body: fmt.Sprintf("第%d条：建议夜班公交延长", i)})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{"夜班公交", "夜班"} {
		n, err := f.db.SearchCount(f.ctx, q, 0)
		if hits := f.search(q, 0); err != nil || n != 12 || len(hits) != searchPerDecision {
			t.Errorf("%q: count %d (%v), %d hits; want 12 and %d", q, n, err, len(hits), searchPerDecision)
		}
		if n, err := f.db.SearchCount(f.ctx, q, f.otherUnit); err != nil || n != 0 {
			t.Errorf("%q in the other unit: %d %v", q, n, err)
		}
	}
}
