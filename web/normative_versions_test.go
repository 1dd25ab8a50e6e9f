package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// TestNormativeVersions: a new version published as a new document records the one it
// supersedes; both public pages show the link, the other way on each, and the list of versions
// with number, date and status; an unknown or already superseded number is refused next to the
// field, keeping what was typed.
func TestNormativeVersions(t *testing.T) {
	a := newApp(t)
	clerk, sec := a.login("clerk"), a.login("secretary")
	old := clerk.createNormative("江澜市城区停车管理办法", "澜政规", false)
	a.toPublished(old)
	sec.mustSend(old, "/norm-publication", url.Values{"published_on": {a.day(0)}, "channels": {"市政府网站"}, "text": {"第一条 ……"}})
	oldNum := a.decision(old).Normative.Doc.Number
	sec.mustSend(old, "/validity", url.Values{"status": {"amended"}, "note": {"修订后以新文号公布"}})

	nw := clerk.createNormative("江澜市城区停车管理办法（修订）", "澜政规", false)
	a.toPublished(nw)
	r := sec.send(nw, "/norm-publication", url.Values{"published_on": {a.day(0)}, "channels": {"市政府网站"}, "text": {"第一条 修订……"},
		"supersedes": {"澜政规〔2019〕9号"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "登记簿中没有文号为") {
		t.Fatalf("an unknown number: %d", r.status)
	}
	if v, _ := r.doc.Find(`input[name="supersedes"]`).Attr("value"); v != "澜政规〔2019〕9号" {
		t.Errorf("what was typed was not kept: %q", v)
	}
	if a.decision(nw).Normative.Doc != nil {
		t.Fatal("a refused publication took a number")
	}
	sec.mustSend(nw, "/norm-publication", url.Values{"published_on": {a.day(0)}, "channels": {"市政府网站"}, "text": {"第一条 修订……"},
		"supersedes": {oldNum}})
	newNum := a.decision(nw).Normative.Doc.Number

	pub := a.anon()
	_, doc := pub.get(fmt.Sprintf("/public/normative/%d", nw))
	if l, _ := doc.Find("#replaces a").Attr("href"); l != fmt.Sprintf("/public/normative/%d", old) || doc.Find("#replaced-by").Length() != 0 {
		t.Errorf("the new version does not link the old: %q", doc.Find("#versions").Text())
	}
	_, doc = pub.get(fmt.Sprintf("/public/normative/%d", old))
	if l, _ := doc.Find("#replaced-by a").Attr("href"); l != fmt.Sprintf("/public/normative/%d", nw) || doc.Find("#replaces").Length() != 0 {
		t.Errorf("the old version does not link the new: %q", doc.Find("#versions").Text())
	}
	rows := doc.Find("#versions tbody tr")
	if rows.Length() != 2 || !strings.Contains(rows.Eq(0).Text(), oldNum+"（本文件）") || !strings.Contains(rows.Eq(0).Text(), "已修改") ||
		!strings.Contains(rows.Eq(1).Text(), newNum) || !strings.Contains(rows.Eq(1).Text(), "有效") {
		t.Errorf("the versions: %q", rows.Text())
	}

	// the register on the staff pages says it both ways too
	if _, doc = sec.get(fmt.Sprintf("/decisions/%d", old)); !strings.Contains(doc.Find("#norm-register").Text(), "已被取代"+newNum) {
		t.Errorf("the old document's register: %q", doc.Find("#norm-register dl").Text())
	}
	if _, doc = sec.get(fmt.Sprintf("/decisions/%d", nw)); !strings.Contains(doc.Find("#norm-register").Text(), "取代的文件"+oldNum) {
		t.Errorf("the new document's register: %q", doc.Find("#norm-register dl").Text())
	}

	// a third document cannot supersede the old one again: the new one is the current version
	third := clerk.createNormative("江澜市城区停车管理办法（再修订）", "澜政规", false)
	a.toPublished(third)
	r = sec.send(third, "/norm-publication", url.Values{"published_on": {a.day(0)}, "channels": {"市政府网站"}, "text": {"第一条"}, "supersedes": {oldNum}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "已被"+newNum+"取代") {
		t.Errorf("superseding a superseded version: %d", r.status)
	}
	// the new version lists both as well
	if _, doc = pub.get(fmt.Sprintf("/public/normative/%d", nw)); doc.Find("#versions tbody tr").Length() != 2 {
		t.Error("the new version lists no versions")
	}
}

// TestNormativeYearReport: the yearly report's section counts the documents made, their filing
// on time, late or still within its period, and the clean-ups recorded in the year.
func TestNormativeYearReport(t *testing.T) {
	a := newApp(t)
	clerk, sec := a.login("clerk"), a.login("secretary")
	ids := []int64{clerk.createNormative("停车管理办法", "澜政规", false), clerk.createNormative("共享单车管理办法", "澜政规", false)}
	for _, id := range ids {
		a.toPublished(id)
		sec.mustSend(id, "/norm-publication", url.Values{"published_on": {a.day(0)}, "channels": {"市政府网站"}, "text": {"第一条"}})
	}
	sec.mustSend(ids[0], "/filing", url.Values{"body": {"省人民政府"}, "filed_on": {a.day(0)}})
	clerk.mustSend(ids[1], "/cleanup", url.Values{"outcome": {"keep"}, "reason": {"上位法未变"}})
	a.clock.Add(time.Hour) // the report of the running year counts up to now
	sec = a.login("secretary")
	_, doc := sec.get("/reports?year=2026")
	cells := map[string]string{}
	doc.Find("#normative-table tbody tr").Each(func(_ int, tr *goquery.Selection) {
		cells[strings.TrimSpace(tr.Find("th, td").First().Text())] = strings.TrimSpace(tr.Find("td").Last().Text())
	})
	for label, want := range map[string]string{"公布": "2", "按期报送备案": "1", "尚在报送备案期限内": "1", "逾期未报送备案": "0",
		"清理": "1", "清理结果：继续有效": "1", "清理结果：废止": "0"} {
		if cells[label] != want {
			t.Errorf("%s: %q, want %q (%v)", label, cells[label], want, cells)
		}
	}
}
