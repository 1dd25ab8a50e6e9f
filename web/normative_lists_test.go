package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"juece/workflow"
)

// rowOf is the table row linking to decision id, or an empty selection.
func rowOf(doc *goquery.Document, id int64) *goquery.Selection {
	return doc.Find(fmt.Sprintf(`tr:has(a[href="/decisions/%d"])`, id))
}

// TestNormativeInLists: the decision list, the worklist and the overdue list speak of a
// normative document's own procedure: its stage names, its filing's due date, marked as 规范性文件;
// the list's filters keep working and gain the kind.
func TestNormativeInLists(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	major := clerk.createDecision("江澜市公交票价调整")
	norm := clerk.createNormative("江澜市城区停车管理办法", "澜政规", false)

	_, doc := clerk.get("/decisions")
	if row := rowOf(doc, norm); !strings.Contains(row.Find(".state").Text(), "起草及部门征求意见") || row.Find(".tag-normative").Text() != "规范性文件" {
		t.Errorf("the normative document's row: %q", row.Text())
	}
	if row := rowOf(doc, major); row.Length() != 1 || row.Find(".tag-normative").Length() != 0 {
		t.Errorf("the major decision's row: %q", row.Text())
	}
	_, doc = clerk.get("/decisions?kind=normative")
	if rowOf(doc, norm).Length() != 1 || rowOf(doc, major).Length() != 0 || !strings.Contains(doc.Find("main").Text(), "共 1 项") {
		t.Errorf("kind filter: %s", doc.Find("table.list").Text())
	}
	if v, _ := doc.Find(`select[name="kind"] option[selected]`).Attr("value"); v != "normative" {
		t.Errorf("the kind chosen is not kept: %q", v)
	}
	_, doc = clerk.get("/decisions?kind=normative&state=drafting")
	if rowOf(doc, norm).Length() != 1 {
		t.Error("kind and stage together miss the document")
	}
	_, doc = clerk.get("/decisions?kind=major&state=drafting")
	if rowOf(doc, norm).Length() != 0 {
		t.Error("the major kind lists a normative document")
	}

	_, doc = clerk.get("/")
	if row := rowOf(doc, norm); !strings.Contains(row.Text(), "起草及部门征求意见") || !strings.Contains(row.Text(), "征求相关部门意见") ||
		row.Find(".tag-normative").Length() != 1 {
		t.Errorf("the worklist's row: %q", row.Text())
	}

	// published, and unfiled after its 15 days: overdue by its filing
	sec := a.login("secretary")
	a.toPublished(norm)
	sec.mustSend(norm, "/norm-publication", url.Values{"published_on": {a.day(0)}, "channels": {"市政府网站"}, "text": {"第一条 ……"}})
	due := a.clock.Now().AddDate(0, 0, 15).In(time.FixedZone("CST", 8*3600))
	_, doc = sec.get("/")
	if row := rowOf(doc, norm); !strings.Contains(row.Text(), "登记编号公布") || !strings.Contains(row.Find(".due").Text(), "报送备案期限") {
		t.Errorf("the secretary's worklist row: %q", row.Text())
	}
	a.clock.Add(17 * 24 * time.Hour)
	sec = a.login("secretary")
	st, doc := sec.get("/overdue")
	row := rowOf(doc, norm)
	if st != http.StatusOK || !strings.Contains(row.Find(".state").Text(), "登记编号公布") || row.Find(".tag-normative").Length() != 1 ||
		!strings.Contains(row.Text(), "报送备案期限 "+due.Format("2006年1月2日")) {
		t.Errorf("the overdue list's row: %d %q", st, row.Text())
	}
}

// TestNormativeAgendaWords: before the collective discussion the meeting's requirement names a
// normative document's own materials and basis, never a risk report; a major decision's still
// names it.
func TestNormativeAgendaWords(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	norm := clerk.createNormative("江澜市城区停车管理办法", "澜政规", false)
	major := clerk.createDecision("江澜市公交票价调整")
	for _, id := range []int64{norm, major} {
		a.toState(id, workflow.ReviewPass, workflow.CollectiveDiscussion)
	}
	sec := a.login("secretary")
	_, doc := sec.get(fmt.Sprintf("/decisions/%d", norm))
	main := doc.Find("main").Text()
	if !strings.Contains(main, "文件草案及起草说明、合法性审查意见") || strings.Contains(main, "风险评估报告") ||
		!strings.Contains(doc.Find(".agenda-package").Parent().Find("legend").Text(), "规划三(三)1") {
		t.Errorf("the normative document's meeting speaks of another procedure: %q", doc.Find(".agenda-package").Parent().Text())
	}
	if !strings.Contains(main, "不得早于送审之日起第5个工作日（国办发〔2018〕115号）") {
		t.Error("the meeting date's hint is not the normative review clock's")
	}
	_, doc = sec.get(fmt.Sprintf("/decisions/%d", major))
	if main := doc.Find("main").Text(); !strings.Contains(main, "风险评估报告") || !strings.Contains(main, "条例第29条") ||
		!strings.Contains(main, "不得早于送审之日起第7个工作日（条例第26条）") {
		t.Error("the major decision's meeting lost its materials")
	}
}
