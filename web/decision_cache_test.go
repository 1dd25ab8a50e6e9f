package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"juece/store"
	"juece/workflow"
)

// mainOf is the page's <main> as served, and the CSRF token of its forms.
func mainOf(t *testing.T, c *client, id int64) (string, string) {
	t.Helper()
	st, doc := c.get(fmt.Sprintf("/decisions/%d", id))
	if st != http.StatusOK {
		t.Fatalf("GET decision %d: %d", id, st)
	}
	html, err := doc.Find("main").Html()
	if err != nil {
		t.Fatal(err)
	}
	// The session's token is the logout form's, drawn with the frame; every form of the main
	// part must carry the same.
	token, _ := doc.Find(`header form[action="/logout"] input[name="_csrf"]`).Attr("value")
	forms := doc.Find(`main input[name="_csrf"]`)
	if token == "" || forms.Length() == 0 {
		t.Fatalf("decision %d: no session token (%q) or no form in the page", id, token)
	}
	forms.Each(func(_ int, in *goquery.Selection) {
		if v, _ := in.Attr("value"); v != token {
			t.Fatalf("decision %d: a form carries the token %q, the session's is %q", id, v, token)
		}
	})
	return html, token
}

// A kept page is served to another user of the same role and unit with that user's own CSRF
// token and name, and never to a user of another role or unit.
func TestKeptDecisionPageIsTheViewersOwn(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	id := clerk.createDecision("城市公共交通票价调整方案")
	clerk.get(fmt.Sprintf("/decisions/%d", id)) // shows the flash: drawn, not kept

	// Two reviewers of the legal office: the first renders and keeps, the second is served it.
	rev, legal := a.login("reviewer"), a.login("legalhead")
	revMain, revToken := mainOf(t, rev, id)
	legalMain, legalToken := mainOf(t, legal, id)
	if revToken == "" || legalToken == "" || revToken == legalToken {
		t.Fatalf("CSRF tokens: reviewer %q, legal head %q: want two different tokens", revToken, legalToken)
	}
	if strings.Contains(legalMain, revToken) {
		t.Fatal("the legal head's page carries the reviewer's CSRF token")
	}
	if strings.ReplaceAll(revMain, revToken, "T") != strings.ReplaceAll(legalMain, legalToken, "T") {
		t.Fatal("two reviewers of the same unit see different main parts of the same decision")
	}
	_, doc := legal.get(fmt.Sprintf("/decisions/%d", id))
	if who := doc.Find(".who").Text(); !strings.Contains(who, "赵刚") || strings.Contains(who, "王静") {
		t.Fatalf("the legal head's page names %q", who)
	}

	// The clerk's page (kept after the reviewers') has the forms of the unit that registered it.
	clerkMain, _ := mainOf(t, clerk, id)
	proposalForm := fmt.Sprintf(`action="/decisions/%d/proposal#form-proposal"`, id)
	if !strings.Contains(clerkMain, proposalForm) {
		t.Fatal("the clerk's page has no form to edit the proposal")
	}
	if strings.Contains(revMain, proposalForm) || strings.Contains(clerkMain, revToken) || strings.Contains(clerkMain, legalToken) {
		t.Fatal("a page kept for one role was served to another")
	}
	if again, tok := mainOf(t, rev, id); strings.Contains(again, proposalForm) || tok != revToken {
		t.Fatal("the reviewer was served the clerk's page")
	}

	// An auditor, drafter of nothing like the reviewers, gets the auditors' section; the
	// reviewers never do.
	audMain, _ := mainOf(t, a.login("auditor"), id)
	if !strings.Contains(audMain, `id="audit"`) {
		t.Fatal("the auditor's page has no audit section")
	}
	if again, _ := mainOf(t, legal, id); strings.Contains(again, `id="audit"`) {
		t.Fatal("the legal head was served the auditor's page")
	}

	// A kept page is kept by the browser only to be revalidated (decision_etag.go,
	// docs/capacity.md): private, never in a shared cache, asked for every time.
	res, err := legal.http.Get(legal.app.srv.URL + fmt.Sprintf("/decisions/%d", id))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if cc := res.Header.Get("Cache-Control"); res.StatusCode != http.StatusOK || cc != "private, no-cache" {
		t.Fatalf("kept decision page: %d, Cache-Control %q, want private, no-cache", res.StatusCode, cc)
	}

	// A clerk of another unit gets no page at all, kept or not.
	if st, _ := a.login("clerk2").get(fmt.Sprintf("/decisions/%d", id)); st != http.StatusNotFound {
		t.Fatalf("clerk of another unit: %d, want 404", st)
	}
}

// The next page after a write by anyone, to the decision or to what its page shows from
// elsewhere, shows the write.
func TestKeptDecisionPageAfterWrites(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	id := clerk.createDecision("城市公共交通票价调整方案")
	rev := a.login("reviewer")
	mainOf(t, rev, id)
	if m, _ := mainOf(t, rev, id); !strings.Contains(m, "城市公共交通票价调整方案") {
		t.Fatal("the page does not show the title")
	}

	// The clerk's own write: the clerk's next page shows it, and so does the reviewer's.
	clerk.mustSend(id, "/proposal", proposalForm("城市公共交通票价调整方案（修订）"))
	clerk.get(fmt.Sprintf("/decisions/%d", id)) // the flash
	if m, _ := mainOf(t, clerk, id); !strings.Contains(m, "（修订）") {
		t.Fatal("the clerk's page after the clerk's own edit shows the old title")
	}
	if m, _ := mainOf(t, rev, id); !strings.Contains(m, "（修订）") {
		t.Fatal("the reviewer's kept page was served after the clerk's edit")
	}

	// A write that names no decision but changes what its page shows: the title of the
	// catalog item the decision carries out.
	ctx := context.Background()
	sys := workflow.Actor{Name: "测试", Role: workflow.RoleAdmin}
	var item int64
	err := a.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		item, err = tx.AddCatalogItem(ctx, sys, a.clock.Now(), store.CatalogItem{Year: 2026, Title: "公交票价改革",
			UnitID: a.units["市发展和改革委员会"], Planned: "2026年第三季度"})
		if err != nil {
			return err
		}
		return tx.LinkCatalogItem(ctx, sys, a.clock.Now(), a.decision(id), item)
	})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := mainOf(t, rev, id); !strings.Contains(m, "公交票价改革") {
		t.Fatal("the page does not show the linked catalog item")
	}
	err = a.db.InTx(ctx, func(tx *store.Tx) error {
		return tx.UpdateCatalogItem(ctx, sys, a.clock.Now(), item, 1, "公交票价与线网改革", a.units["市发展和改革委员会"], "2026年第三季度")
	})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := mainOf(t, rev, id); !strings.Contains(m, "公交票价与线网改革") {
		t.Fatal("the kept page was served after the catalog item it shows was renamed")
	}

	// Time moves the page on: the hours in the stage.
	for range 6 { // in steps the session's idle limit lets pass
		a.clock.Add(25 * time.Minute)
		mainOf(t, rev, id)
	}
	if m, _ := mainOf(t, rev, id); !strings.Contains(m, "已 2 小时") {
		t.Fatalf("two and a half hours later the page does not say so: %q", snippet(m, "已 "))
	}
}

func snippet(s, at string) string {
	i := strings.Index(s, at)
	if i < 0 {
		return ""
	}
	return s[i:min(len(s), i+40)]
}
