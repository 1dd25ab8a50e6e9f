package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"juece/store"
	"juece/workflow"
)

// TestAdminDutiesAndCalendar: a reviewer or the legal office's head outside the legal office
// is refused when created and pointed out when found; the head flags show in the account list;
// from October the admin is told when next year's holidays are not entered.
func TestAdminDutiesAndCalendar(t *testing.T) {
	a := newApp(t)
	admin := a.login("admin")
	add := url.Values{"username": {"reviewer9"}, "display_name": {"孙审"}, "unit": {itoa(a.units["市发展和改革委员会"])},
		"role": {string(workflow.RoleReviewer)}, "password": {"a-long-password-1"}}
	r := admin.post("/admin/users", add)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Find("#add-unit-err").Text(), "司法局") {
		t.Fatalf("a reviewer in an undertaking unit: want 422 next to the unit, got %d: %s", r.status, r.text())
	}
	add.Set("role", string(workflow.RoleClerk))
	add.Set("legal_head", "1")
	if r := admin.post("/admin/users", add); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("the legal office's head in an undertaking unit: want 422, got %d", r.status)
	}
	add.Set("unit", itoa(a.units["市司法局"]))
	add.Set("role", string(workflow.RoleReviewer))
	if r := admin.post("/admin/users", add); r.status != http.StatusSeeOther {
		t.Fatalf("a reviewer in the legal office: %d %s", r.status, r.text())
	}

	// An account from before the check, in the wrong unit.
	err := a.db.InTx(t.Context(), func(tx *store.Tx) error {
		_, err := tx.CreateUser(t.Context(), a.users["admin"].Actor(), a.clock.Now(), store.User{Username: "oldreviewer",
			DisplayName: "钱旧", UnitID: a.units["市住房和城乡建设局"], Role: workflow.RoleReviewer, PasswordHash: "x"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	st, doc := admin.get("/admin/users")
	warnings := doc.Find("#duty-warnings").Text()
	if st != http.StatusOK || !strings.Contains(warnings, "oldreviewer") || strings.Contains(warnings, "reviewer9") ||
		doc.Find("#calendar-missing").Length() != 0 {
		t.Fatalf("account list: %d, warnings %q", st, warnings)
	}
	heads := map[string]string{}
	doc.Find("table.list tbody tr").Each(func(_ int, row *goquery.Selection) {
		heads[row.Find("code").First().Text()] = row.Find("td.heads").Text()
	})
	if heads["legalhead"] != "法制机构负责人" || heads["reviewer"] != "" {
		t.Fatalf("head flags: %v", heads)
	}

	a.clock.Add(time.Date(2026, 10, 15, 9, 0, 0, 0, workflow.Shanghai).Sub(a.clock.Now()))
	admin = a.login("admin")
	if _, doc := admin.get("/admin/users"); !strings.Contains(doc.Find("#calendar-missing").Text(), "2027") {
		t.Fatalf("October without next year's calendar: no banner")
	}
	if r := admin.post("/admin/calendar", url.Values{"day": {"2027-01-01"}, "kind": {"off"}, "name": {"元旦"}}); r.status != http.StatusSeeOther {
		t.Fatalf("enter a 2027 holiday: %d %s", r.status, r.text())
	}
	if _, doc := admin.get("/admin/users"); doc.Find("#calendar-missing").Length() != 0 {
		t.Fatal("the banner stays after next year's calendar was entered")
	}
}

// TestReviewerWorklistShowsTheLimit: a reviewer's worklist gives, besides the earliest meeting
// date (a minimum), the review stage's own limit, labelled as the limit.
func TestReviewerWorklistShowsTheLimit(t *testing.T) {
	a := newApp(t)
	id := a.seedInReview("城市公共交通票价调整方案")
	st, doc := a.login("reviewer").get("/")
	row := doc.Find(`tr:has(a[href="/decisions/` + itoa(id) + `"]) td.due`).Text()
	if st != http.StatusOK || !strings.Contains(row, "最早可提请集体讨论") || !strings.Contains(row, "本阶段期限") {
		t.Fatalf("reviewer's worklist: %d, due %q", st, row)
	}
	_, doc = a.login("reviewer").get("/decisions/" + itoa(id))
	if due := doc.Find(".due").First().Text(); !strings.Contains(due, "本阶段期限") {
		t.Fatalf("decision page in review: due %q", due)
	}
}

// TestDocPrefixesSetting: the admin sets the city's document number prefixes with the other
// settings; a year or number typed among them is refused next to the field.
func TestDocPrefixesSetting(t *testing.T) {
	a := newApp(t)
	admin := a.login("admin")
	_, doc := admin.get("/admin/settings")
	form := url.Values{}
	doc.Find(`form[action="/admin/settings"] input`).Each(func(_ int, in *goquery.Selection) {
		if name := in.AttrOr("name", ""); name != "_csrf" && name != "" {
			form.Set(name, in.AttrOr("value", ""))
		}
	})
	form.Set("doc_prefixes", "澜政发〔2026〕")
	if r := admin.post("/admin/settings", form); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.doc.Find("#settings-doc_prefixes-err").Text(), "只填代字") {
		t.Fatalf("a year among the prefixes: %d %s", r.status, r.text())
	}
	form.Set("doc_prefixes", "澜政发、澜政规，澜政发")
	if r := admin.post("/admin/settings", form); r.status != http.StatusSeeOther {
		t.Fatalf("save prefixes: %d %s", r.status, r.text())
	}
	if _, doc := admin.get("/admin/settings"); doc.Find(`input[name="doc_prefixes"]`).AttrOr("value", "") != "澜政发、澜政规" {
		t.Fatalf("prefixes shown: %q", doc.Find(`input[name="doc_prefixes"]`).AttrOr("value", ""))
	}
}
