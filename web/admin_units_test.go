package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAdminUnits: the admin adds a unit with its kind, which the account form then offers and
// the history records; the same name again is refused next to the field; nobody else may.
func TestAdminUnits(t *testing.T) {
	a := newApp(t)
	admin := a.login("admin")
	admin.get("/admin/units")
	if r := admin.post("/admin/units", url.Values{"name": {"市交通运输局"}, "kind": {"undertaking"}}); r.status != http.StatusSeeOther || r.location != "/admin/units?done=1" {
		t.Fatalf("add a unit: %d to %q: %s", r.status, r.location, r.text())
	}
	st, doc := admin.get("/admin/units?done=1")
	if st != http.StatusOK || !strings.Contains(doc.Find("#unit-list").Text(), "市交通运输局") || !strings.Contains(doc.Find(".alert-ok").Text(), "单位已新增") {
		t.Fatalf("units page: %d %q", st, doc.Find("main").Text())
	}
	if _, doc := admin.get("/admin/users"); doc.Find(`select[name="unit"] option:contains("市交通运输局")`).Length() != 1 {
		t.Fatal("the account form does not offer the new unit")
	}
	r := admin.post("/admin/units", url.Values{"name": {"市交通运输局"}, "kind": {"legal"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Find("#unit-name-err").Text(), "已有同名单位") ||
		!strings.HasPrefix(r.doc.Find("title").Text(), "错误") {
		t.Fatalf("the same name again: %d %q", r.status, r.text())
	}
	if r := admin.post("/admin/units", url.Values{"name": {"市统计局"}, "kind": {"ministry"}}); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("an unknown kind: %d", r.status)
	}
	if r := a.login("clerk").post("/admin/units", url.Values{"name": {"市统计局"}, "kind": {"undertaking"}}); r.status != http.StatusForbidden {
		t.Fatalf("a clerk adding a unit: %d", r.status)
	}
	if _, err := a.db.UnitByName(t.Context(), "市统计局"); err == nil {
		t.Fatal("a refused unit was stored")
	}
	if _, doc := a.login("auditor").get("/audit"); !strings.Contains(doc.Find("main").Text(), "新增单位：市交通运输局") {
		t.Fatal("the new unit is not in the history")
	}
}
