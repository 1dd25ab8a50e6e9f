package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"juece/store"
	"juece/workflow"
)

// TestImplementationTracker: the clerk's milestones and public reports appear on the portal,
// internal reports never; citizens send opinions on implementation with a receipt; when they
// reach the setting's number, the clerk's and the secretary's pages propose a post-evaluation.
func TestImplementationTracker(t *testing.T) {
	a := newApp(t)
	id := a.seedPublished("城市公共交通票价调整方案")
	err := a.db.InTx(t.Context(), func(tx *store.Tx) error {
		d, err := tx.Decision(t.Context(), id)
		if err != nil {
			return err
		}
		return move(t.Context(), tx, a.users["clerk"].Actor(), a.clock.Now(), d, workflow.Implement, workflow.Implementation)
	})
	if err != nil {
		t.Fatal(err)
	}
	clerk, sec, admin := a.login("clerk"), a.login("secretary"), a.login("admin")
	path := "/public/decisions/" + itoa(id)

	clerk.mustSend(id, "/milestones", url.Values{"title": {"完成票价系统改造"}, "planned_on": {a.day(30)}, "status": {"in_progress"}})
	ms, _ := a.db.Milestones(t.Context(), id)
	if len(ms) != 1 {
		t.Fatalf("milestones: %+v", ms)
	}
	mpath := "/milestones/" + itoa(ms[0].ID)
	if r := clerk.send(id, mpath, url.Values{"status": {"done"}, "note": {"已上线"}}); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.text(), "请填写完成日期") {
		t.Fatalf("done without a date: %d", r.status)
	}
	if r := clerk.send(id, mpath, url.Values{"status": {"done"}, "done_on": {a.day(1)}}); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("done tomorrow: %d", r.status)
	}
	clerk.mustSend(id, mpath, url.Values{"status": {"done"}, "done_on": {a.day(0)}, "note": {"新票价系统已上线"}})
	clerk.mustSend(id, "/reports", url.Values{"kind": {"progress"}, "executing_unit": {"市交通运输局"}, "body": {"公开进展：已完成票价系统改造"},
		"reported_on": {a.day(0)}, "public": {"1"}})
	clerk.mustSend(id, "/reports", url.Values{"kind": {"problem"}, "executing_unit": {"市交通运输局"}, "body": {"内部问题：财政补贴尚未到位"},
		"reported_on": {a.day(0)}})
	if r := clerk.send(id, "/reports", url.Values{"kind": {"opinion"}, "executing_unit": {"市交通运输局"}, "body": {"市民来信"},
		"reported_on": {a.day(0)}, "public": {"1"}}); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("a public letter made public: %d", r.status)
	}

	st, doc := a.anon().get(path)
	tracker := doc.Find("#tracker").Text()
	if st != http.StatusOK || !strings.Contains(tracker, "完成票价系统改造") || !strings.Contains(tracker, "已完成") ||
		!strings.Contains(tracker, "新票价系统已上线") || !strings.Contains(tracker, "公开进展") || strings.Contains(doc.Text(), "内部问题") ||
		doc.Find(`form[action="`+path+`/opinions"]`).Length() != 1 {
		t.Fatalf("the portal's tracker: %d: %s", st, tracker)
	}

	// Two opinions are the threshold here.
	form := url.Values{"min_comment_days": {"30"}, "min_review_workdays": {"7"}, "hearing_materials_days": {"7"},
		"post_eval_months": {"12"}, "stage_overdue_days": {"90"}, "late_entry_days": {"15"}, "remind_workdays": {"3"},
		"post_eval_opinions": {"2"}}
	if r := admin.post("/admin/settings", form); r.status != http.StatusSeeOther {
		t.Fatalf("settings: %d %s", r.status, r.text())
	}
	citizen := a.anon()
	citizen.get(path)
	version, events := a.decision(id).Version, a.eventCount(id)
	r := citizen.post(path+"/opinions", url.Values{"body": {"建议延长末班车时间"}, "author": {"周小燕"}, "contact": {"13500005555"}})
	ref := strings.TrimSpace(r.doc.Find(".receipt-ref").Text())
	if r.status != http.StatusOK || !strings.HasPrefix(ref, "ZX2026-") {
		t.Fatalf("opinion: %d %q: %s", r.status, ref, r.text())
	}
	if r := citizen.post(path+"/opinions", url.Values{"body": {" "}}); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("an empty opinion: %d", r.status)
	}
	if d := a.decision(id); d.Version != version || a.eventCount(id) != events+1 {
		t.Fatalf("an opinion: version %d → %d, events %d → %d", version, d.Version, events, a.eventCount(id))
	}
	if _, doc := clerk.get("/decisions/" + itoa(id)); doc.Find(".suggest-evaluation").Length() != 0 ||
		!strings.Contains(doc.Find(".opinions").Text(), "13500005555") {
		t.Fatal("one opinion: the clerk's page already proposes an evaluation, or lacks the opinion")
	}
	a.clock.Add(time.Minute)
	if r := citizen.post(path+"/opinions", url.Values{"body": {"建议增加换乘优惠"}}); r.status != http.StatusOK {
		t.Fatalf("second opinion: %d", r.status)
	}
	for name, c := range map[string]*client{"clerk": clerk, "secretary": sec} {
		if _, doc := c.get("/decisions/" + itoa(id)); !strings.Contains(doc.Find(".suggest-evaluation").Text(), "条例第36条") {
			t.Errorf("%s's page does not propose a post-evaluation after two opinions", name)
		}
	}
	if _, doc := a.anon().get(path); strings.Contains(doc.Text(), "周小燕") || strings.Contains(doc.Text(), "13500005555") {
		t.Fatal("the portal names who sent an opinion")
	}
	// Once the decision is under evaluation, the form is gone and the page is cacheable again.
	err = a.db.InTx(t.Context(), func(tx *store.Tx) error {
		d, err := tx.Decision(t.Context(), id)
		if err != nil {
			return err
		}
		return move(t.Context(), tx, a.users["clerk"].Actor(), a.clock.Now(), d, workflow.Evaluate, workflow.PostEvaluation)
	})
	if err != nil {
		t.Fatal(err)
	}
	if cc := cacheControl(t, a, path); cc != "public, max-age=60" {
		t.Fatalf("Cache-Control after implementation: %q", cc)
	}
	if r := citizen.post(path+"/opinions", url.Values{"body": {"迟到的意见"}}); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("an opinion after implementation: %d", r.status)
	}
}
