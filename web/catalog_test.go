package web_test

import (
	"context"
	"fmt"
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

	// Not without the Party committee's agreement (条例第3条), which is kept as typed.
	r := sec.post("/catalog/publish", url.Values{"year": {"2026"}, "document": {"市委办公室函〔2026〕15号"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "条例第3条") ||
		r.doc.Find(`input[name="document"]`).AttrOr("value", "") != "市委办公室函〔2026〕15号" {
		t.Fatalf("publish without the agreement's date: %d: %s", r.status, r.text())
	}
	if st, _ := anon.get("/public/catalog?year=2026"); st != http.StatusNotFound {
		t.Fatalf("a refused publication published: %d", st)
	}
	// Published: the portal shows the catalog with stage labels only.
	if r := sec.post("/catalog/publish", url.Values{"year": {"2026"}, "agreed_on": {a.day(0)}, "document": {"市委办公室函〔2026〕15号"}}); r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d: %s", r.status, r.text())
	}
	st, doc := anon.get("/public/catalog?year=2026")
	if st != http.StatusOK {
		t.Fatalf("public catalog after publishing: %d", st)
	}
	text := strings.Join(strings.Fields(doc.Find("main").Text()), " ")
	for _, want := range []string{"城市公共交通票价调整", "老旧小区改造三年行动计划", workflow.Proposed.Label(), "未启动", "2026年第三季度", "市委办公室函〔2026〕15号"} {
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

// TestCatalogAdjustments: after publication, items are added, changed and removed with a reason;
// the portal keeps showing the published catalog until the adjustments are published with the
// Party committee's agreement, then shows them with their reasons.
func TestCatalogAdjustments(t *testing.T) {
	a := newApp(t)
	sec, anon := a.login("secretary"), a.anon()
	unit := strconv.FormatInt(a.units["市发展和改革委员会"], 10)
	for _, title := range []string{"城市公共交通票价调整", "老旧小区改造三年行动计划"} {
		if r := sec.post("/catalog", url.Values{"year": {"2026"}, "title": {title}, "unit_id": {unit}, "planned": {"2026年第三季度"}}); r.status != http.StatusSeeOther {
			t.Fatalf("add %s: %d", title, r.status)
		}
	}
	agree := url.Values{"year": {"2026"}, "agreed_on": {a.day(0)}, "document": {"市委办公室函〔2026〕15号"}}
	if r := sec.post("/catalog/publish", agree); r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d: %s", r.status, r.text())
	}
	items, _ := a.db.CatalogItems(t.Context(), 2026)

	// Adding after publication needs a reason.
	if r := sec.post("/catalog", url.Values{"year": {"2026"}, "title": {"城市供水价格调整"}, "unit_id": {unit}}); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.doc.Find(".has-error").Text(), "调整理由") {
		t.Fatalf("an addition without a reason: %d", r.status)
	}
	if r := sec.post("/catalog", url.Values{"year": {"2026"}, "title": {"城市供水价格调整"}, "unit_id": {unit}, "reason": {"供水成本监审结论要求年内调价"}}); r.status != http.StatusSeeOther {
		t.Fatalf("an addition with its reason: %d: %s", r.status, r.text())
	}
	adjust := func(id int64, form url.Values) response {
		t.Helper()
		return sec.post(fmt.Sprintf("/catalog/items/%d/adjustments", id), form)
	}
	if r := adjust(items[0].ID, url.Values{"kind": {"change"}, "title": {"城市公共交通票价和换乘优惠调整"}, "unit_id": {unit}, "planned": {"2026年第四季度"}}); r.status != http.StatusUnprocessableEntity ||
		r.doc.Find(`input[name="title"][value="城市公共交通票价和换乘优惠调整"]`).Length() != 1 {
		t.Fatalf("a change without a reason: %d", r.status)
	}
	if r := adjust(items[0].ID, url.Values{"kind": {"change"}, "title": {"城市公共交通票价和换乘优惠调整"}, "unit_id": {unit}, "planned": {"2026年第四季度"},
		"reason": {"合并换乘优惠政策一并决策"}}); r.status != http.StatusSeeOther {
		t.Fatalf("a change: %d: %s", r.status, r.text())
	}
	if r := adjust(items[0].ID, url.Values{"kind": {"remove"}, "reason": {"再调整"}}); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("a second pending adjustment of one item: %d", r.status)
	}
	if r := adjust(items[1].ID, url.Values{"kind": {"remove"}, "reason": {"已并入城市更新专项规划"}}); r.status != http.StatusSeeOther {
		t.Fatalf("a removal: %d", r.status)
	}
	_, doc := anon.get("/public/catalog?year=2026")
	text := doc.Find("main").Text()
	if !strings.Contains(text, "城市公共交通票价调整") || strings.Contains(text, "换乘优惠调整") || !strings.Contains(text, "老旧小区改造") ||
		strings.Contains(text, "城市供水价格调整") || strings.Contains(text, "合并换乘优惠") {
		t.Fatalf("the portal shows adjustments before they are published: %s", text)
	}

	agree.Set("document", "市委办公室函〔2026〕31号")
	if r := sec.post("/catalog/publish", agree); r.status != http.StatusSeeOther {
		t.Fatalf("publish the adjustments: %d: %s", r.status, r.text())
	}
	_, doc = anon.get("/public/catalog?year=2026")
	table := doc.Find("#catalog-items").Text()
	adjustments := doc.Find("#catalog-adjustments").Text()
	if !strings.Contains(table, "城市公共交通票价和换乘优惠调整") || strings.Contains(table, "老旧小区改造") || !strings.Contains(table, "城市供水价格调整") ||
		!strings.Contains(adjustments, "合并换乘优惠政策一并决策") || !strings.Contains(adjustments, "已并入城市更新专项规划") ||
		!strings.Contains(adjustments, "供水成本监审结论要求年内调价") || !strings.Contains(adjustments, "市委办公室函〔2026〕31号") ||
		!strings.Contains(doc.Find(".publications").Text(), "市委办公室函〔2026〕15号") {
		t.Fatalf("the portal after the adjustments: %s | %s", table, adjustments)
	}
	if r := sec.post("/catalog/publish", agree); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("publishing with nothing pending: %d", r.status)
	}
	if _, doc := sec.get("/catalog?year=2026"); !strings.Contains(doc.Find("#catalog-items").Text(), "已移出") {
		t.Fatal("the staff's catalog does not mark the removed item")
	}
}
