package web_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"juece/store"
	"juece/workflow"
)

func TestAuditLogAndCases(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	id := clerk.createDecision("城市公共交通票价调整方案")
	a.login("secretary").mustSend(id, "/start", url.Values{"decided_on": {a.day(0)}, "basis": {"常务会议纪要"}})
	clerk.mustSend(id, "/revisions", url.Values{"body": {"第一条 甲\n第二条 乙"}})
	clerk.mustSend(id, "/revisions", url.Values{"body": {"第一条 甲\n第二条 乙（修改）"}})

	for _, who := range []string{"clerk", "reviewer", "secretary", "admin"} {
		if st, _ := a.login(who).get("/audit"); st != http.StatusForbidden {
			t.Errorf("%s on /audit: want 403, got %d", who, st)
		}
	}
	aud := a.login("auditor")
	st, doc := aud.get("/audit")
	if st != http.StatusOK || doc.Find("table.list tbody tr").Length() < 4 {
		t.Fatalf("audit log: %d, %d rows", st, doc.Find("table.list tbody tr").Length())
	}
	_, doc = aud.get("/audit?action=start")
	if rows := doc.Find("table.list tbody tr"); rows.Length() != 1 || !strings.Contains(rows.Text(), "决定启动") {
		t.Fatalf("filter by action: %d rows: %s", rows.Length(), rows.Text())
	}
	_, doc = aud.get("/audit?action=drop+table")
	if doc.Find("table.list tbody tr").Length() < 4 {
		t.Fatal("a filter value outside the allow-list should be ignored")
	}

	// The draft diff marks what changed.
	_, doc = aud.get("/decisions/" + itoa(id) + "/diff")
	if doc.Find(".diff .del").Text() == "" || !strings.Contains(doc.Find(".diff .ins").Text(), "乙（修改）") ||
		doc.Find(".diff .ins strong.chg").Text() != "（修改）" {
		t.Fatalf("diff: %s", doc.Find(".diff").Text())
	}

	// A case stands in the decision's history and leaves the decision's version alone.
	version, events := a.decision(id).Version, a.eventCount(id)
	r := aud.post("/decisions/"+itoa(id)+"/cases", url.Values{"kind": {"violate_procedure"}, "persons": {"张某（市发展改革委副主任）"},
		"facts": {"未经听证即提交讨论"}, "status": {"open"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("add case: %d %s", r.status, r.text())
	}
	if a.decision(id).Version != version || a.eventCount(id) != events+1 {
		t.Fatal("recording a case must add one history event and change no decision")
	}
	_, doc = aud.get("/decisions/" + itoa(id))
	if !strings.Contains(doc.Find("#audit").Text(), "未经听证即提交讨论") {
		t.Fatal("the case is not shown")
	}
	cases, err := a.db.Cases(t.Context(), id)
	if err != nil || len(cases) != 1 {
		t.Fatalf("cases: %v %d", err, len(cases))
	}
	path := "/decisions/" + itoa(id) + "/cases/" + itoa(cases[0].ID)
	if r := aud.post(path, url.Values{"handling": {"已约谈"}, "status": {"investigating"}, "case_version": {"1"}}); r.status != http.StatusSeeOther {
		t.Fatalf("update case: %d", r.status)
	}
	if r := aud.post(path, url.Values{"handling": {"旧表单"}, "status": {"closed"}, "case_version": {"1"}}); r.status != http.StatusConflict {
		t.Fatalf("stale case update: want 409, got %d", r.status)
	}
	if r := clerk.post("/decisions/"+itoa(id)+"/cases", url.Values{"kind": {"other"}, "persons": {"x"}, "facts": {"x"}, "status": {"open"}}); r.status != http.StatusForbidden {
		t.Fatalf("clerk recording a case: want 403, got %d", r.status)
	}
}

func TestAuditVerifyButton(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	id := clerk.createDecision("城市公共交通票价调整方案")
	aud := a.login("auditor")
	r := aud.post("/audit/verify", url.Values{})
	if r.status != http.StatusOK || !strings.Contains(r.doc.Find(".alert-ok").Text(), "办理记录完整") {
		t.Fatalf("verify on an intact history: %d %s", r.status, r.doc.Find(".alert").Text())
	}
	r = aud.post("/audit/checkpoint", url.Values{})
	if r.status != http.StatusOK || !strings.Contains(r.doc.Find(".alert-ok").Text(), "已签署检查点") {
		t.Fatalf("checkpoint on demand: %d %s", r.status, r.doc.Find(".alert").Text())
	}
	// Someone with the database file rewrites an event behind juece's back.
	raw, err := sql.Open("sqlite", a.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var seq int64
	if err := raw.QueryRow("SELECT seq FROM events WHERE decision_id = ? ORDER BY seq LIMIT 1", id).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DROP TRIGGER events_no_update", "UPDATE events SET summary = '被改动的记录' WHERE seq = " + itoa(seq)} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	r = aud.post("/audit/verify", url.Values{})
	if r.status != http.StatusConflict || !strings.Contains(r.doc.Find(".alert-error").Text(), "第 "+itoa(seq)+" 号事件") {
		t.Fatalf("verify on a tampered history: %d %s", r.status, r.doc.Find(".alert").Text())
	}
	if st, _ := clerk.get("/audit"); st != http.StatusForbidden {
		t.Fatal("a clerk reached the audit log")
	}
}

// TestAnomaliesPaged checks the anomalies a page of decisions at a time, with links between.
func TestAnomaliesPaged(t *testing.T) {
	a := newApp(t)
	for i := range 205 {
		a.register(fmt.Sprintf("第%d号决策建议", i+1), "clerk", workflow.CategoryOther)
	}
	aud := a.login("auditor")
	status, doc := aud.get("/audit/anomalies")
	if status != http.StatusOK {
		t.Fatalf("anomalies: %d", status)
	}
	if got := strings.Join(strings.Fields(doc.Find("#anomalies-scope").Text()), ""); !strings.Contains(got, "第1—200件决策事项（共205件）") {
		t.Errorf("first page scope: %q", got)
	}
	next, _ := doc.Find(`a[rel="next"]`).Attr("href")
	if next != "/audit/anomalies?page=2" || doc.Find(`a[rel="prev"]`).Length() != 0 {
		t.Fatalf("first page links: next %q, prev %d", next, doc.Find(`a[rel="prev"]`).Length())
	}
	_, doc = aud.get(next)
	if got := strings.Join(strings.Fields(doc.Find("#anomalies-scope").Text()), ""); !strings.Contains(got, "第201—205件") {
		t.Errorf("second page scope: %q", got)
	}
	if doc.Find(`a[rel="next"]`).Length() != 0 || doc.Find(`a[rel="prev"]`).Length() != 1 {
		t.Error("second page links")
	}
}

// TestCheckpointAfterWrites: once 100 events have gathered, from any caller — here written
// straight through the store, as a CLI command does — the signer leaves a signed checkpoint of
// the history up to the last write, and a write through the server counts the same way.
func TestCheckpointAfterWrites(t *testing.T) {
	a := newApp(t)
	dir := store.CheckpointDir(filepath.Dir(a.db.Path()))
	for i := range 60 { // two events each: registered, withdrawn
		id := a.register(fmt.Sprintf("第%d号决策建议", i+1), "clerk", workflow.CategoryOther)
		a.moveNow(id, "clerk", workflow.Withdraw, workflow.Withdrawn, "情况变化")
	}
	a.login("clerk").createDecision("城市公共交通票价调整方案")
	a.web.Wait()
	cps, err := store.ReadCheckpoints(dir)
	if err != nil || len(cps) == 0 {
		t.Fatalf("after the writes: %d checkpoints, %v", len(cps), err)
	}
	// Signed once 100 events had gathered (the signer runs beside the writes, so on a busy
	// machine a write or two more may be in the first), fewer than 100 follow the latest one,
	// and each vouches for the history as it is.
	head, err := a.db.VerifyChain(context.Background(), cps)
	if err != nil {
		t.Fatal(err)
	}
	if last := cps[len(cps)-1]; cps[0].Size < store.CheckpointEvery || cps[0].Size > store.CheckpointEvery+10 ||
		head.Seq-last.Size >= store.CheckpointEvery {
		t.Errorf("checkpoints %d…%d, head %d", cps[0].Size, last.Size, head.Seq)
	}
}
