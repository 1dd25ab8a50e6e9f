package web_test

// Hostile text (issue 15, item 3): NUL, control characters, bare CR, NFD and bidi controls in
// every kind of text field, staff and public, are cleaned at the edge or refused at the field,
// and never stored; every CSV export is formula-safe.

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"juece/workflow"
)

// hostileText reads testdata/hostile.txt: the texts to be cleaned, then those to be refused.
func hostileText(t *testing.T) (clean, refused []string) {
	t.Helper()
	f, err := os.Open("testdata/hostile.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bidi := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if l == "# bidi" {
			bidi = true
		}
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		s, err := strconv.Unquote(l)
		if err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		if bidi {
			refused = append(refused, s)
		} else {
			clean = append(clean, s)
		}
	}
	if len(clean) < 5 || len(refused) < 3 {
		t.Fatalf("corpus too small: %d, %d", len(clean), len(refused))
	}
	return clean, refused
}

// badRune says whether r must never be stored: a control character but newline and tab, a C1
// control, or a bidi embedding, override or isolate.
func badRune(r rune) bool {
	return (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r < 0xa0) ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// jsonControl finds a control character escaped in JSON (the history's changes).
var jsonControl = regexp.MustCompile(`\\u00[01][0-9a-fA-F]|\\u007[fF]|\\u00[89][0-9a-fA-F]|\\r|\\u202[a-eA-E]|\\u206[6-9]`)

// storedProblems scans every text cell of every table for what must never be stored.
func storedProblems(t *testing.T, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%VIRTUAL%'`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for tables.Next() {
		var n string
		tables.Scan(&n)
		names = append(names, n)
	}
	tables.Close()
	var out []string
	cells := 0
	for _, table := range names {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				s, ok := v.(string)
				if !ok {
					continue
				}
				cells++
				switch {
				case strings.ContainsFunc(s, badRune):
					out = append(out, fmt.Sprintf("%s.%s: %q", table, cols[i], s))
				case jsonControl.MatchString(s):
					out = append(out, fmt.Sprintf("%s.%s (escaped): %q", table, cols[i], s))
				case !norm.NFC.IsNormalString(s):
					out = append(out, fmt.Sprintf("%s.%s not NFC: %q", table, cols[i], s))
				}
			}
		}
		rows.Close()
	}
	if cells < 100 {
		t.Fatalf("only %d text cells scanned", cells)
	}
	return out
}

func TestHostileTextNeverStored(t *testing.T) {
	a := newApp(t)
	clean, refused := hostileText(t)
	pub := a.seedConsultation("公开征求意见：老旧小区改造三年行动计划", workflow.Flags{AffectsInterests: true})
	citizen := a.anon()
	citizen.get("/public/consultations/" + itoa(pub))
	clerk, sec := a.login("clerk"), a.login("secretary")
	admin := a.login("admin")
	unit := itoa(a.units["市发展和改革委员会"])

	// Cleaned: through the staff forms (read by the form reader, and a transition's reason read
	// without it), the portal, the account and the calendar forms.
	var ids []int64
	for i, s := range clean {
		form := proposalForm("事项" + s)
		for _, k := range []string{"proposer", "problem", "reasons", "legal_basis", "solution", "necessity", "co_units"} {
			form.Set(k, s)
		}
		r := clerk.post("/decisions", form)
		if r.status != http.StatusSeeOther {
			t.Fatalf("decision with %q: %d %s", s, r.status, r.text())
		}
		id := mustID(t, r.location)
		ids = append(ids, id)
		sec.mustSend(id, "/start", url.Values{"decided_on": {a.day(0)}, "basis": {"会议纪要" + s}})
		clerk.mustSend(id, "/revisions", url.Values{"body": {"第一条" + s}, "note": {s}})
		clerk.mustSend(pub, "/comments", url.Values{"source": {"信函"}, "author": {s}, "body": {"意见" + s}, "received_on": {a.day(0)}})
		if i%4 == 3 {
			a.clock.Add(11 * time.Minute) // the portal's limit per address
		}
		if r := citizen.post("/public/consultations/"+itoa(pub), url.Values{"body": {"市民意见" + s}, "author": {s}, "contact": {s}}); r.status != http.StatusOK {
			t.Fatalf("public comment with %q: %d %s", s, r.status, r.text())
		}
		r = admin.post("/admin/users", url.Values{"username": {fmt.Sprintf("hostile%d", i)}, "display_name": {"姓名" + s},
			"unit": {unit}, "role": {"clerk"}, "password": {testPassword}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("account named %q: %d %s", s, r.status, r.text())
		}
		if r := admin.post("/admin/calendar", url.Values{"day": {fmt.Sprintf("2027-05-%02d", i+1)}, "kind": {"off"}, "name": {s}}); r.status != http.StatusSeeOther {
			t.Fatalf("calendar day named %q: %d %s", s, r.status, r.text())
		}
	}
	clerk.mustSend(ids[0], "/withdrawal", url.Values{"reason": {clean[0] + clean[3]}})

	// What was typed is what is stored, cleaned: NUL gone, CR a newline, NFC.
	d := a.decision(ids[0])
	if d.Title != "事项标题含空字符" || d.Proposal.Problem != "标题含空字符" {
		t.Errorf("title %q, problem %q", d.Title, d.Proposal.Problem)
	}
	if d := a.decision(ids[3]); d.Title != "事项回车\n换行\n混用\n结束" || d.Revisions[0].Body != "第一条回车\n换行\n混用\n结束" {
		t.Errorf("CR: title %q, body %q", d.Title, d.Revisions[0].Body)
	}
	if d := a.decision(ids[5]); d.Proposal.Problem != "组合字符 café 与 é" {
		t.Errorf("NFC: %q", d.Proposal.Problem)
	}
	// The page's <title> carries no NUL.
	res, err := clerk.http.Get(a.srv.URL + "/decisions/" + itoa(ids[0]))
	if err != nil {
		t.Fatal(err)
	}
	var body strings.Builder
	bufio.NewReader(res.Body).WriteTo(&body)
	res.Body.Close()
	if strings.ContainsRune(body.String(), 0) || !strings.Contains(body.String(), "<title>事项标题含空字符") {
		t.Errorf("decision page: NUL in the page or the title missing")
	}

	// Refused at the field, with what was typed (minus the controls) kept, nothing written.
	before := a.commentCount(pub)
	for _, s := range refused {
		r := clerk.post("/decisions", proposalForm(s))
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "改变文字显示方向") {
			t.Errorf("title %q: %d %s", s, r.status, r.text())
			continue
		}
		if v, _ := r.doc.Find(`input[name="title"]`).Attr("value"); strings.ContainsFunc(v, badRune) || v == "" {
			t.Errorf("title %q: the form keeps %q", s, v)
		}
		a.clock.Add(11 * time.Minute)
		r = citizen.post("/public/consultations/"+itoa(pub), url.Values{"body": {"市民意见" + s}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "改变文字显示方向") ||
			r.doc == nil || !strings.Contains(r.doc.Find(`textarea[name="body"]`).Text(), "市民意见") {
			t.Errorf("public comment %q: %d %s", s, r.status, r.text())
		}
	}
	if n := a.commentCount(pub); n != before {
		t.Errorf("refused comments were stored: %d → %d", before, n)
	}
	admin = a.login("admin") // the other session has been idle too long
	r := admin.uploadCSV("/admin/calendar/import", "cal.csv", "day,kind,name\n2027-06-01,off,"+refused[0]+"\n")
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "第 2 行") {
		t.Errorf("calendar import with bidi: %d %s", r.status, r.text())
	}

	for _, p := range storedProblems(t, a.db.Path()) {
		t.Error("stored:", p)
	}
}

// TestCalendarCSVFormulaSafe: a holiday named like a formula, typed or imported, is exported as
// text a spreadsheet does not evaluate, and the export imports back to the same name.
func TestCalendarCSVFormulaSafe(t *testing.T) {
	a := newApp(t)
	admin := a.login("admin")
	const formula = `=HYPERLINK("http://evil.example","点击")`
	if r := admin.post("/admin/calendar", url.Values{"day": {"2027-05-03"}, "kind": {"off"}, "name": {formula}}); r.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.status, r.text())
	}
	if r := admin.uploadCSV("/admin/calendar/import", "cal.csv", "day,kind,name\n2027-05-04,off,@SUM(1+1)\n2027-05-05,off,+1\n"); r.status != http.StatusSeeOther {
		t.Fatalf("import: %d %s", r.status, r.text())
	}
	_, body := admin.fetch("/admin/calendar.csv")
	for _, want := range []string{`2027-05-03,off,"'=HYPERLINK(""http://evil.example"",""点击"")"`, "2027-05-04,off,'@SUM(1+1)", "2027-05-05,off,'+1"} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("export lacks %s:\n%s", want, body)
		}
	}
	if r := admin.uploadCSV("/admin/calendar/import", "cal.csv", body); r.status != http.StatusSeeOther {
		t.Fatalf("re-import: %d %s", r.status, r.text())
	}
	days, err := a.db.CalendarDays(context.Background(), 2027)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, d := range days {
		names[d.Day] = d.Name
	}
	if names["2027-05-03"] != formula || names["2027-05-04"] != "@SUM(1+1)" {
		t.Errorf("round trip: %q", names)
	}
}
