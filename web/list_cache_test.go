package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// listOf is c's list page at path as served: its <main>, its rows' text and the frame's name
// and CSRF token.
func listOf(t *testing.T, c *client, path string) (main string, rows []string, who, token string) {
	t.Helper()
	st, doc := c.get(path)
	if st != http.StatusOK {
		t.Fatalf("GET %s: %d", path, st)
	}
	main, err := doc.Find("main").Html()
	if err != nil {
		t.Fatal(err)
	}
	doc.Find("main table.list tbody tr").Each(func(_ int, tr *goquery.Selection) {
		rows = append(rows, strings.Join(strings.Fields(tr.Text()), " "))
	})
	token, _ = doc.Find(`header form[action="/logout"] input[name="_csrf"]`).Attr("value")
	return main, rows, doc.Find(".who").Text(), token
}

// shows reports whether a row of rows names title.
func shows(rows []string, title string) bool {
	for _, r := range rows {
		if strings.Contains(r, title) {
			return true
		}
	}
	return false
}

// A kept list is served again the same, each time in its viewer's own frame; users of
// another role or unit never get it.
func TestKeptListsAreTheViewersOwn(t *testing.T) {
	a := newApp(t)
	clerk, clerk2 := a.login("clerk"), a.login("clerk2")
	mine := clerk.createDecision("城市公共交通票价调整方案")
	theirs := clerk2.createDecision("老旧小区改造实施方案")
	if mine == theirs {
		t.Fatal("one decision")
	}

	for _, path := range []string{"/", "/decisions", "/decisions?state=proposed&page=1"} {
		first, rows, _, _ := listOf(t, clerk, path)
		again, _, _, _ := listOf(t, clerk, path)
		if first != again {
			t.Fatalf("%s served twice differs", path)
		}
		if !shows(rows, "城市公共交通票价调整方案") || shows(rows, "老旧小区改造实施方案") {
			t.Fatalf("%s of the clerk: %q", path, rows)
		}
		_, rows2, who2, _ := listOf(t, clerk2, path)
		if !shows(rows2, "老旧小区改造实施方案") || shows(rows2, "城市公共交通票价调整方案") || !strings.Contains(who2, "李华") {
			t.Fatalf("%s of the other unit's clerk (%q): %q", path, who2, rows2)
		}
		_, rows, _, _ = listOf(t, clerk, path)
		if shows(rows, "老旧小区改造实施方案") {
			t.Fatalf("%s: the clerk was served the other unit's list", path)
		}
	}

	// The secretary's worklist has both proposals to decide on; the reviewers', nothing. Two
	// reviewers share one part, each in their own frame.
	if _, rows, _, _ := listOf(t, a.login("secretary"), "/"); !shows(rows, "城市公共交通票价调整方案") || !shows(rows, "老旧小区改造实施方案") {
		t.Fatalf("the secretary's worklist: %q", rows)
	}
	rev, legal := a.login("reviewer"), a.login("legalhead")
	revMain, revRows, revWho, revToken := listOf(t, rev, "/")
	legalMain, _, legalWho, legalToken := listOf(t, legal, "/")
	if len(revRows) != 0 || revMain != legalMain || !strings.Contains(revWho, "王静") || !strings.Contains(legalWho, "赵刚") ||
		revToken == "" || revToken == legalToken || strings.Contains(legalMain, revToken) {
		t.Fatalf("reviewers' worklists: rows %q, %q and %q, tokens %q and %q", revRows, revWho, legalWho, revToken, legalToken)
	}
	// The secretary's decision list offers the units to filter by; the clerk's does not.
	sec := a.login("secretary")
	secMain, _, _, _ := listOf(t, sec, "/decisions")
	clerkMain, _, _, _ := listOf(t, clerk, "/decisions")
	if !strings.Contains(secMain, `name="unit"`) || strings.Contains(clerkMain, `name="unit"`) ||
		strings.Contains(secMain, "登记决策建议") == strings.Contains(clerkMain, "登记决策建议") {
		t.Fatal("the secretary and the clerk got each other's decision list")
	}
}

// After a write that changes a row, the next list shows it, to the writer and to everyone;
// and the hours a row has waited move with the clock.
func TestKeptListsAfterWrites(t *testing.T) {
	a := newApp(t)
	clerk, sec := a.login("clerk"), a.login("secretary")
	id := clerk.createDecision("城市公共交通票价调整方案")
	filtered := "/decisions?state=proposed"
	for _, c := range []*client{clerk, sec} {
		for _, path := range []string{"/", "/decisions", filtered} {
			if _, rows, _, _ := listOf(t, c, path); !shows(rows, "城市公共交通票价调整方案") {
				t.Fatalf("%s before the edit: %q", path, rows)
			}
		}
	}

	// The clerk's own edit of the title.
	clerk.mustSend(id, "/proposal", proposalForm("城市公共交通票价调整方案（修订）"))
	for _, c := range []*client{clerk, sec} {
		for _, path := range []string{"/", "/decisions", filtered} {
			if _, rows, _, _ := listOf(t, c, path); !shows(rows, "（修订）") {
				t.Fatalf("%s after the edit: %q", path, rows)
			}
		}
	}

	// The secretary's transition: out of the secretary's worklist and the filter, into the
	// drafting stage on the clerk's.
	sec.mustSend(id, "/start", url.Values{"decided_on": {a.day(0)}, "basis": {"常务会议纪要"}})
	if _, rows, _, _ := listOf(t, sec, "/"); shows(rows, "（修订）") {
		t.Fatalf("the secretary's worklist after the start: %q", rows)
	}
	if _, rows, _, _ := listOf(t, sec, filtered); shows(rows, "（修订）") {
		t.Fatalf("the proposals after the start: %q", rows)
	}
	_, rows, _, _ := listOf(t, clerk, "/")
	if !shows(rows, "起草") {
		t.Fatalf("the clerk's worklist after the start: %q", rows)
	}
	if !strings.Contains(rows[0], "0 小时") {
		t.Fatalf("waited, just started: %q", rows[0])
	}
	for range 3 { // a request every 20 minutes keeps the session
		a.clock.Add(20 * time.Minute)
		_, rows, _, _ = listOf(t, clerk, "/")
	}
	if !strings.Contains(rows[0], "1 小时") {
		t.Fatalf("waited, an hour later: %q", rows[0])
	}
}
