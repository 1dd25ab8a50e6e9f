package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// dueText is the deadline on the decision page's meta line.
func dueText(t *testing.T, c *client, id int64) string {
	t.Helper()
	st, doc := c.get("/decisions/" + strconv.FormatInt(id, 10))
	if st != http.StatusOK {
		t.Fatalf("GET decision %d: %d", id, st)
	}
	return strings.TrimSpace(doc.Find(".meta .due").Text())
}

var workdaysLeft = regexp.MustCompile(`剩余 (\d+) 个工作日`)

func leftOf(t *testing.T, text string) int {
	t.Helper()
	m := workdaysLeft.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no working days left in %q", text)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// uploadCSV posts a file as multipart form data with the browser's CSRF token.
func (c *client) uploadCSV(path, name, body string) response {
	c.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("_csrf", c.csrf)
	fw, _ := w.CreateFormFile("file", name)
	io.WriteString(fw, body)
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.app.srv.URL+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

// fetch gets a path and returns the status and body as they are.
func (c *client) fetch(path string) (int, string) {
	c.t.Helper()
	res, err := c.http.Get(c.app.srv.URL + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestHolidayAndSettingsMoveTheDeadline(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	id := clerk.createDecision("城市公共交通票价调整方案")
	before := dueText(t, clerk, id)
	if !strings.Contains(before, "本阶段期限 2026年5月31日") {
		t.Fatalf("due text %q, want the stage limit 90 days after 2 March", before)
	}
	n := leftOf(t, before)

	admin := a.login("admin")
	if r := admin.post("/admin/calendar", url.Values{"day": {"2026-03-10"}, "kind": {"off"}, "name": {"临时放假"}}); r.status != http.StatusSeeOther {
		t.Fatalf("add holiday: %d %s", r.status, r.text())
	}
	if got := leftOf(t, dueText(t, clerk, id)); got != n-1 {
		t.Errorf("after a holiday: %d working days left, want %d", got, n-1)
	}
	if r := admin.post("/admin/calendar/delete", url.Values{"day": {"2026-03-10"}}); r.status != http.StatusSeeOther {
		t.Fatalf("delete holiday: %d %s", r.status, r.text())
	}
	if got := leftOf(t, dueText(t, clerk, id)); got != n {
		t.Errorf("after removing the holiday: %d working days left, want %d", got, n)
	}

	form := url.Values{"min_comment_days": {"30"}, "min_review_workdays": {"7"}, "hearing_materials_days": {"7"},
		"post_eval_months": {"12"}, "stage_overdue_days": {"30"}, "late_entry_days": {"15"},
		"remind_workdays": {"3"}, "post_eval_opinions": {"10"}}
	if r := admin.post("/admin/settings", form); r.status != http.StatusSeeOther {
		t.Fatalf("save settings: %d %s", r.status, r.text())
	}
	if got := dueText(t, clerk, id); !strings.Contains(got, "2026年4月1日") {
		t.Errorf("after a 30-day stage limit: %q", got)
	}
	form.Set("min_comment_days", "20")
	r := admin.post("/admin/settings", form)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "条例第15条") {
		t.Errorf("comment period below the legal minimum: %d %s", r.status, r.text())
	}
	if st, doc := admin.get("/admin/settings"); st != http.StatusOK || doc.Find(`input[name="min_comment_days"]`).AttrOr("value", "") != "30" {
		t.Errorf("settings page after refusal: %d", st)
	}

	// The overdue list shows the decision once its stage limit has passed.
	a.clock.Add(31 * 24 * time.Hour)
	sec := a.login("secretary")
	st, doc := sec.get("/overdue")
	if st != http.StatusOK || !strings.Contains(doc.Find("main").Text(), "城市公共交通票价调整方案") ||
		!strings.Contains(doc.Find("main h2").Text(), "市发展和改革委员会") {
		t.Errorf("secretary's overdue list: %d %q", st, doc.Find("main").Text())
	}
	clerk = a.login("clerk")
	if st, _ := clerk.get("/overdue"); st != http.StatusForbidden {
		t.Errorf("clerk's overdue list: %d, want 403", st)
	}
	_, doc = clerk.get("/")
	if doc.Find("tr.overdue").Length() != 1 || !strings.Contains(doc.Find("tr.overdue td.due").Text(), "已逾期 1 日") {
		t.Errorf("worklist overdue row: %q", doc.Find("table.list").Text())
	}
}

func TestOverdueList(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	clerk.createDecision("城区公共停车收费标准调整")
	aud := a.login("auditor")
	if st, doc := aud.get("/overdue"); st != http.StatusOK || !strings.Contains(doc.Find("main").Text(), "目前没有逾期") {
		t.Errorf("overdue list before the limit: %d", st)
	}
	a.clock.Add(100 * 24 * time.Hour)
	for _, who := range []string{"auditor", "admin", "secretary"} {
		c := a.login(who)
		st, doc := c.get("/overdue")
		if st != http.StatusOK || !strings.Contains(doc.Find("main").Text(), "城区公共停车收费标准调整") {
			t.Errorf("%s's overdue list: %d", who, st)
		}
		if doc.Find(`nav a[href="/overdue"]`).Length() != 1 {
			t.Errorf("%s's nav has no overdue entry", who)
		}
	}
	for _, who := range []string{"clerk", "reviewer"} {
		if st, _ := a.login(who).get("/overdue"); st != http.StatusForbidden {
			t.Errorf("%s's overdue list: %d, want 403", who, st)
		}
	}
}

func TestCalendarCSVRoundTrip(t *testing.T) {
	a := newApp(t)
	admin := a.login("admin")
	st, doc := admin.get("/admin/calendar?year=2030")
	if st != http.StatusOK || doc.Find("#no-calendar").Length() != 1 {
		t.Errorf("empty year: %d, no weekend-rule note", st)
	}
	st, body := admin.fetch("/admin/calendar.csv")
	if st != http.StatusOK || !strings.HasPrefix(body, "day,kind,name\n") || !strings.Contains(body, "2026-10-10,on,国庆节调休上班") {
		t.Fatalf("export: %d %q", st, body)
	}
	r := admin.uploadCSV("/admin/calendar/import", "cal.csv", "day,kind,name\n2027-01-01,off,元旦\n2027-02-31,off,春节\n")
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "第 3 行") {
		t.Errorf("bad line: %d %s", r.status, r.text())
	}
	if _, doc := admin.get("/admin/calendar?year=2027"); doc.Find("#no-calendar").Length() != 1 {
		t.Error("a refused file wrote days")
	}
	extra := "2027-01-01,off,元旦\n2027-02-07,on,春节调休上班\n"
	if r := admin.uploadCSV("/admin/calendar/import", "cal.csv", body+extra); r.status != http.StatusSeeOther {
		t.Fatalf("import: %d %s", r.status, r.text())
	}
	_, doc = admin.get("/admin/calendar?year=2027")
	if n := doc.Find("#calendar-days tbody tr").Length(); n != 2 {
		t.Errorf("2027 has %d days, want 2", n)
	}
	_, again := admin.fetch("/admin/calendar.csv")
	if again != body+extra {
		t.Errorf("round trip:\n%q\nwant\n%q", again, body+extra)
	}
}

func TestAdminRulePagesForbidden(t *testing.T) {
	a := newApp(t)
	for _, who := range []string{"clerk", "secretary", "auditor"} {
		c := a.login(who)
		for _, p := range []string{"/admin/calendar", "/admin/settings", "/admin/calendar.csv"} {
			if st, _ := c.fetch(p); st != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", who, p, st)
			}
		}
		if r := c.post("/admin/calendar", url.Values{"day": {"2026-03-10"}, "kind": {"off"}}); r.status != http.StatusForbidden {
			t.Errorf("%s adding a holiday: %d", who, r.status)
		}
		if r := c.post("/admin/settings", url.Values{"min_comment_days": {"40"}}); r.status != http.StatusForbidden {
			t.Errorf("%s saving settings: %d", who, r.status)
		}
	}
}
