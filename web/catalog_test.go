package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"juece/workflow"
)

func TestCatalog(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	sec, clerk, anon := a.login("secretary"), a.login("clerk"), a.anon()
	ndrc, housing := a.units["市发展和改革委员会"], a.units["市住房和城乡建设局"]

	// A clerk may neither add items nor publish; an admin does not see the catalog.
	if r := clerk.post("/catalog", url.Values{"year": {"2026"}, "title": {"越权事项"}, "unit_id": {strconv.FormatInt(ndrc, 10)}}); r.status != http.StatusForbidden {
		t.Errorf("clerk adds an item: %d", r.status)
	}
	if r := clerk.post("/catalog/publish", url.Values{"year": {"2026"}}); r.status != http.StatusForbidden {
		t.Errorf("clerk publishes: %d", r.status)
	}
	if st, _ := a.login("admin").get("/catalog"); st != http.StatusForbidden {
		t.Errorf("admin GET /catalog: %d", st)
	}

	// The secretary adds two items.
	for _, it := range []struct {
		title string
		unit  int64
	}{{"城市公共交通票价调整", ndrc}, {"老旧小区改造三年行动计划", housing}} {
		r := sec.post("/catalog", url.Values{"year": {"2026"}, "title": {it.title}, "unit_id": {strconv.FormatInt(it.unit, 10)}, "planned": {"2026年第三季度"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("add %s: %d: %s", it.title, r.status, r.text())
		}
	}
	if r := sec.post("/catalog", url.Values{"year": {"2026"}, "title": {""}, "unit_id": {strconv.FormatInt(ndrc, 10)}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("empty title: %d", r.status)
	}
	items, err := a.db.CatalogItems(ctx, 2026)
	if err != nil || len(items) != 2 {
		t.Fatalf("items: %v, %v", items, err)
	}

	// Not yet published: the portal does not know the year.
	if st, _ := anon.get("/public/catalog?year=2026"); st != http.StatusNotFound {
		t.Errorf("public catalog before publishing: %d", st)
	}
	if _, doc := anon.get("/public"); doc.Find(`a[href="/public/catalog?year=2026"]`).Length() != 0 {
		t.Error("public home links to an unpublished catalog")
	}

	// The clerk links a decision to their unit's item, not to another unit's.
	id := clerk.createDecision("关于调整城市公共交通票价的决策")
	_, doc := clerk.get("/decisions/" + strconv.FormatInt(id, 10))
	opts := doc.Find(`select[name="catalog_item"] option[value!=""]`)
	if opts.Length() != 1 || !strings.Contains(opts.Text(), "城市公共交通票价调整") {
		t.Errorf("catalog options: %q", opts.Text())
	}
	if r := clerk.send(id, "/catalog", url.Values{"catalog_item": {strconv.FormatInt(items[1].ID, 10)}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("linking another unit's item: %d", r.status)
	}
	if r := a.login("clerk2").post("/decisions/"+strconv.FormatInt(id, 10)+"/catalog", url.Values{"version": {strconv.FormatInt(a.decision(id).Version, 10)}, "catalog_item": {strconv.FormatInt(items[0].ID, 10)}}); r.status != http.StatusNotFound {
		t.Errorf("another unit's clerk links: %d", r.status)
	}
	v, n := a.decision(id).Version, a.eventCount(id)
	clerk.mustSend(id, "/catalog", url.Values{"catalog_item": {strconv.FormatInt(items[0].ID, 10)}})
	d := a.decision(id)
	if d.CatalogItem != items[0].ID || d.Version != v+1 || a.eventCount(id) != n+1 {
		t.Errorf("after link: item %d version %d events %d; want %d, %d, %d", d.CatalogItem, d.Version, a.eventCount(id), items[0].ID, v+1, n+1)
	}
	if _, doc := clerk.get("/decisions/" + strconv.FormatInt(id, 10)); !strings.Contains(doc.Find("#catalog-link").Text(), "2026年第1项") {
		t.Errorf("decision page catalog link: %q", doc.Find("#catalog-link").Text())
	}

	// /catalog shows each item's progress.
	for _, who := range []string{"secretary", "clerk", "reviewer", "auditor"} {
		st, doc := a.login(who).get("/catalog?year=2026")
		if st != http.StatusOK {
			t.Fatalf("%s GET /catalog: %d", who, st)
		}
		rows := doc.Find("#catalog-items tbody tr")
		if rows.Length() != 2 {
			t.Fatalf("%s: %d rows", who, rows.Length())
		}
		if got := strings.TrimSpace(rows.Eq(0).Find("td.progress").Text()); got != workflow.Proposed.Label() {
			t.Errorf("%s: first item progress %q", who, got)
		}
		if got := strings.TrimSpace(rows.Eq(1).Find("td.progress").Text()); got != "未启动" {
			t.Errorf("%s: second item progress %q", who, got)
		}
		if hasForm := doc.Find(`form[method="post"][action="/catalog"]`).Length() > 0; hasForm != (who == "secretary") {
			t.Errorf("%s sees the add form: %v", who, hasForm)
		}
	}

	// Published: the portal shows the catalog with stage labels only.
	if r := sec.post("/catalog/publish", url.Values{"year": {"2026"}}); r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d: %s", r.status, r.text())
	}
	st, doc := anon.get("/public/catalog?year=2026")
	if st != http.StatusOK {
		t.Fatalf("public catalog after publishing: %d", st)
	}
	text := strings.Join(strings.Fields(doc.Find("main").Text()), " ")
	for _, want := range []string{"城市公共交通票价调整", "老旧小区改造三年行动计划", workflow.Proposed.Label(), "未启动", "2026年第三季度"} {
		if !strings.Contains(text, want) {
			t.Errorf("public catalog lacks %q: %s", want, text)
		}
	}
	if strings.Contains(text, "关于调整城市公共交通票价的决策") || doc.Find(`a[href^="/decisions/"]`).Length() != 0 {
		t.Error("public catalog shows the internal decision")
	}
	if _, doc := anon.get("/public"); doc.Find(`a[href="/public/catalog?year=2026"]`).Length() != 1 {
		t.Error("public home does not link to the published catalog")
	}
	if st, _ := anon.get("/public/catalog?year=2027"); st != http.StatusNotFound {
		t.Errorf("public catalog of an empty year: %d", st)
	}
}
