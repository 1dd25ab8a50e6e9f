package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// createCiting registers a proposal whose legal basis cites basis, as clerk c.
func (c *client) createCiting(title, basis string) int64 {
	c.t.Helper()
	r := c.post("/decisions", url.Values{
		"title": {title}, "category": {"public_service"}, "proposer_kind": {"department"},
		"proposer": {"市交通运输局"}, "problem": {"停车难"}, "reasons": {"车位不足"},
		"legal_basis": {basis}, "solution": {"错时共享"}, "necessity": {"群众反映强烈"},
		"decision_organ": {"市人民政府"}, "responsible_leader": {"副市长 孙立"},
	})
	if r.status != http.StatusSeeOther {
		c.t.Fatalf("create decision: %d: %s", r.status, r.text())
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(r.location, "/decisions/"), 10, 64)
	return id
}

// TestUsedAfterAnnulmentHTTP: a decision whose legal basis cites a normative document after
// the document was repealed is flagged for the auditors, on its page and in the list of
// anomalies; one that cited it while it was valid is not.
func TestUsedAfterAnnulmentHTTP(t *testing.T) {
	a := newApp(t)
	clerk, sec := a.login("clerk"), a.login("secretary")
	norm := clerk.createNormative("江澜市城区停车管理办法", "澜政规", false)
	a.toPublished(norm)
	sec.mustSend(norm, "/norm-publication", url.Values{"published_on": {a.day(0)}, "channels": {"市政府网站"}, "text": {"第一条 ……"}})
	num := a.decision(norm).Normative.Doc.Number
	a.clock.Add(24 * time.Hour)
	clerk = a.login("clerk")
	before := clerk.createCiting("错时共享停车（废止前）", "《江澜市城区停车管理办法》（"+num+"）")
	auditor := a.login("auditor")
	if _, doc := auditor.get(fmt.Sprintf("/decisions/%d", before)); strings.Contains(doc.Find("main").Text(), "不得作为行政管理依据") {
		t.Fatal("flagged while the document is valid")
	}
	a.clock.Add(24 * time.Hour)
	sec = a.login("secretary")
	sec.mustSend(norm, "/validity", url.Values{"status": {"repealed"}, "note": {"上位法修改"}})
	a.clock.Add(24 * time.Hour)
	clerk, auditor = a.login("clerk"), a.login("auditor")
	after := clerk.createCiting("错时共享停车（废止后）", "《江澜市城区停车管理办法》（"+num+"）")

	want := "援引" + num + "，该文件已于" + a.clock.Now().AddDate(0, 0, -1).In(time.FixedZone("CST", 8*3600)).Format("2006年1月2日") + "已废止"
	_, doc := auditor.get(fmt.Sprintf("/decisions/%d", after))
	if text := doc.Find("main").Text(); !strings.Contains(text, want) || !strings.Contains(text, "规划三(三)3") {
		t.Errorf("the citing decision's page does not flag the use: %q", want)
	}
	_, doc = auditor.get(fmt.Sprintf("/decisions/%d", before))
	if strings.Contains(doc.Find("main").Text(), "不得作为行政管理依据") {
		t.Error("the decision that cited the document while valid is flagged")
	}
	_, doc = auditor.get("/audit/anomalies")
	if text := doc.Find("main").Text(); !strings.Contains(text, "错时共享停车（废止后）") || !strings.Contains(text, want) ||
		strings.Contains(text, "错时共享停车（废止前）") {
		t.Errorf("the list of anomalies: %q", text)
	}
}
