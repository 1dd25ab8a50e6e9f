package web_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"juece/store"
	"juece/workflow"
)

// recompute is an implementation of the draw written from the published algorithm
// (/public/draw-method, docs/hearing-draw.md) alone: it shares no code with juece's. It returns,
// per category, the receipt numbers in drawn order.
func recompute(seed string, entries [][2]string) map[string][]string {
	hexsum := func(s string) string { return fmt.Sprintf("%x", sha256.Sum256([]byte(s))) }
	sorted := append([][2]string(nil), entries...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i][0] < sorted[j][0] })
	var list string
	for _, e := range sorted {
		list += e[0] + "\t" + e[1] + "\n"
	}
	digest := hexsum(list)
	type keyed struct{ key, ref string }
	byCat := map[string][]keyed{}
	for _, e := range sorted {
		byCat[e[1]] = append(byCat[e[1]], keyed{hexsum(seed + "\n" + digest + "\n" + e[0]), e[0]})
	}
	out := map[string][]string{}
	for cat, ks := range byCat {
		sort.Slice(ks, func(i, j int) bool {
			if ks[i].key != ks[j].key {
				return ks[i].key < ks[j].key
			}
			return ks[i].ref < ks[j].ref
		})
		for _, k := range ks {
			out[cat] = append(out[cat], k.ref)
		}
	}
	return out
}

// seedHearing is a decision at its hearing stage whose notice is published today, the hearing
// in 20 days.
func (a *app) seedHearing(title string) int64 {
	clerk := a.users["clerk"].Actor()
	return a.seedDecision(title, func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		today := workflow.Day(at)
		if err := move(ctx, tx, clerk, at, d, workflow.ToHearing, workflow.Hearing); err != nil {
			return err
		}
		return tx.SaveHearing(ctx, clerk, at, d, workflow.HearingRecord{NoticePublishedOn: today, NoticeChannel: "门户网站",
			HeldOn: today.AddDate(0, 0, 20), Place: "市政府第二会议室"})
	})
}

func TestHearingDrawReproducible(t *testing.T) {
	a := newApp(t)
	id := a.seedHearing("城市燃气价格调整方案")
	clerk := a.login("clerk")
	path := "/public/hearings/" + itoa(id)

	// Before the method is published: no sign-up.
	if _, doc := a.anon().get(path); doc.Find("#draw").Length() != 0 {
		t.Fatal("a sign-up section before the draw's method was published")
	}
	// Refusals keep what was typed and say why next to the field.
	r := clerk.send(id, "/draw/setup", url.Values{"signup_closes_on": {a.day(20)}, "seats_0": {"2"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Find(".has-error").Text(), "早于听证日期") ||
		r.doc.Find(`input[name="seats_0"]`).AttrOr("value", "") != "2" {
		t.Fatalf("closing on the hearing day: %d: %s", r.status, r.text())
	}
	if r := clerk.send(id, "/draw/setup", url.Values{"signup_closes_on": {a.day(5)}}); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.text(), "至少为一个类别设定名额") {
		t.Fatalf("no seats: %d", r.status)
	}
	if r := clerk.send(id, "/draw/setup", url.Values{"signup_closes_on": {a.day(5)}, "seats_0": {"两"}}); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("seats not a number: %d", r.status)
	}
	if d := a.decision(id); d.Hearing.SelectionMethod != "" {
		t.Fatal("a refused setup changed the hearing")
	}
	events := a.eventCount(id)
	// 利害关系人 (the first category) 3 seats, 群众代表 1 seat.
	clerk.mustSend(id, "/draw/setup", url.Values{"signup_closes_on": {a.day(5)}, "seats_0": {"3"}, "seats_6": {"1"}})
	if n := a.eventCount(id); n != events+1 {
		t.Fatalf("setting up the draw wrote %d events", n-events)
	}
	if r := clerk.send(id, "/draw/setup", url.Values{"signup_closes_on": {a.day(6)}, "seats_0": {"9"}}); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("a second setup: %d", r.status)
	}
	d := a.decision(id)
	st, doc := a.anon().get(path)
	hash := strings.TrimSpace(doc.Find(".seed-hash").Text())
	if st != http.StatusOK || len(hash) != 64 || !strings.Contains(d.Hearing.SelectionMethod, hash) ||
		!strings.Contains(doc.Find("main").Text(), hash) || doc.Find(`form[action="`+path+`/signups"]`).Length() != 1 {
		t.Fatalf("the hearing page after setup: %d, hash %q, method %q", st, hash, d.Hearing.SelectionMethod)
	}

	// Citizens sign up on the portal; the version does not move, each is an event of the public.
	version := d.Version
	citizen := a.anon()
	citizen.get(path)
	var refs []string
	signup := func(name, cat string) string {
		t.Helper()
		r := citizen.post(path+"/signups", url.Values{"name": {name}, "category": {cat}, "organisation": {"燃气用户"},
			"contact": {"1390000" + strconv.Itoa(1000+len(refs))}, "interest": {"本市居民，使用管道燃气"}})
		ref := strings.TrimSpace(r.doc.Find(".receipt-ref").Text())
		if r.status != http.StatusOK || !strings.HasPrefix(ref, "BM2026-") {
			t.Fatalf("sign-up of %s: %d %q: %s", name, r.status, ref, r.text())
		}
		refs = append(refs, ref)
		return ref
	}
	if r := citizen.post(path+"/signups", url.Values{"name": {"赵一"}, "category": {"专家"}, "contact": {"1"}, "interest": {"无"}}); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.doc.Find(".has-error").Text(), "报名类别") || r.doc.Find(`input[name="name"]`).AttrOr("value", "") != "赵一" {
		t.Fatalf("a category without seats: %d", r.status)
	}
	names := []string{"钱二", "孙三", "李四", "周五", "吴六", "郑七", "王八", "冯九", "陈十", "褚十一", "卫十二", "蒋十三"}
	for i, n := range names {
		if i > 0 && i%5 == 0 {
			a.clock.Add(11 * time.Minute) // the portal's brake: 5 a client in 10 minutes
		}
		cat := "利害关系人"
		if i%4 == 3 {
			cat = "群众代表"
		}
		signup(n, cat)
	}
	if d := a.decision(id); d.Version != version {
		t.Fatalf("sign-ups raised the version %d → %d", version, d.Version)
	}
	hist, _ := a.db.History(t.Context(), id)
	if last := hist[len(hist)-1]; last.Action != "hearing_signup" || last.UserID != 0 {
		t.Fatalf("the last event is %+v", last)
	}

	// One withdraws before the draw: left out of it.
	draw, err := a.db.HearingDraw(t.Context(), id)
	if err != nil || len(draw.Signups) != len(names) || draw.Seed != "" {
		t.Fatalf("stored draw before drawing: %v, %d sign-ups, seed %q", err, len(draw.Signups), draw.Seed)
	}
	clerk = a.login("clerk")
	clerk.mustSend(id, fmt.Sprintf("/signups/%d/withdrawal", draw.Signups[1].ID), url.Values{"reason": {"本人书面申请退出"}})

	// Not before the sign-up has closed.
	if r := clerk.send(id, "/draw", url.Values{"witnesses": {"公证员 甲"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "截止后方可抽选") {
		t.Fatalf("drawing while the sign-up is open: %d: %s", r.status, r.text())
	}
	a.clock.Add(6 * 24 * time.Hour)
	if r := citizen.post(path+"/signups", url.Values{"name": {"迟到"}, "category": {"利害关系人"}, "contact": {"1"}, "interest": {"无"}}); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("a sign-up after the last day: %d", r.status)
	}
	clerk = a.login("clerk")
	if r := clerk.send(id, "/draw", url.Values{"witnesses": {" "}}); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("a draw without witnesses: %d", r.status)
	}
	clerk.mustSend(id, "/draw", url.Values{"witnesses": {"公证员 郭明；市人大代表 林芳；报名群众代表 钱二"}})
	if r := clerk.send(id, "/draw", url.Values{"witnesses": {"再抽一次"}}); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("a second draw: %d", r.status)
	}

	// What the portal publishes is enough to recompute the list.
	_, doc = a.anon().get(path)
	seed := strings.TrimSpace(doc.Find(".seed").Text())
	if fmt.Sprintf("%x", sha256.Sum256([]byte(seed))) != hash {
		t.Fatalf("the revealed seed %q does not match the hash %s published ahead", seed, hash)
	}
	var entries [][2]string
	doc.Find("table.signup-list tbody tr").Each(func(_ int, s *goquery.Selection) {
		entries = append(entries, [2]string{strings.TrimSpace(s.Find(".ref").Text()), strings.TrimSpace(s.Find(".category").Text())})
	})
	if len(entries) != len(names)-1 {
		t.Fatalf("%d published entries, want %d (one withdrew)", len(entries), len(names)-1)
	}
	type row struct{ cat, ref, name, status string }
	var published []row
	doc.Find("table.standings tbody tr").Each(func(_ int, s *goquery.Selection) {
		td := s.Find("td")
		published = append(published, row{strings.TrimSpace(td.Eq(0).Text()), strings.TrimSpace(s.Find(".ref").Text()),
			strings.TrimSpace(s.Find(".name").Text()), strings.TrimSpace(s.Find(".status").Text())})
	})
	want := recompute(seed, entries)
	var expect []row
	for _, q := range []struct {
		cat   string
		seats int
	}{{"利害关系人", 3}, {"群众代表", 1}} {
		for i, ref := range want[q.cat] {
			status := "入选"
			if i >= q.seats {
				status = fmt.Sprintf("候补第 %d 位", i-q.seats+1)
			}
			expect = append(expect, row{q.cat, ref, "", status})
		}
	}
	if len(published) != len(expect) {
		t.Fatalf("published %d drawn, recomputed %d", len(published), len(expect))
	}
	for i := range expect {
		if published[i].cat != expect[i].cat || published[i].ref != expect[i].ref || published[i].status != expect[i].status || published[i].name == "" {
			t.Fatalf("row %d: published %+v, recomputed %+v", i+1, published[i], expect[i])
		}
	}
	// The API publishes the same draw.
	var api struct {
		Draw struct {
			Seed    string `json:"seed"`
			Entries []struct {
				Ref string `json:"ref"`
			} `json:"entries"`
			List []struct {
				Ref    string `json:"ref"`
				Status string `json:"status"`
			} `json:"list"`
		} `json:"draw"`
	}
	if st := a.apiGet("/api/v1/public/hearings/"+itoa(id), &api); st != http.StatusOK || api.Draw.Seed != seed ||
		len(api.Draw.Entries) != len(entries) || len(api.Draw.List) != len(expect) {
		t.Fatalf("API hearing: %d %+v", st, api.Draw)
	}
	for i := range expect {
		if api.Draw.List[i].Ref != expect[i].ref || api.Draw.List[i].Status != expect[i].status {
			t.Fatalf("API row %d: %+v, recomputed %+v", i+1, api.Draw.List[i], expect[i])
		}
	}
	if html, _ := doc.Html(); strings.Contains(html, "13900001000") || strings.Contains(html, "使用管道燃气") {
		t.Fatal("the portal shows a contact or a declaration of interest")
	}

	// A changed sign-up list changes the draw: one entry fewer, or one more.
	for name, changed := range map[string][][2]string{"one fewer": entries[1:], "one more": append(append([][2]string{}, entries...), [2]string{"BM2026-999999", "利害关系人"})} {
		other := recompute(seed, changed)
		same := true
		for i, ref := range other["利害关系人"] {
			if i >= len(want["利害关系人"]) || want["利害关系人"][i] != ref {
				same = false
			}
		}
		if name == "one fewer" && len(other["利害关系人"]) == len(want["利害关系人"]) {
			t.Fatalf("removing an entry left %d", len(other["利害关系人"]))
		}
		if same && name == "one more" {
			t.Fatalf("%s: the same order %v", name, other["利害关系人"])
		}
		// The entries both lists share are ordered differently: every key depends on the whole list.
		var a1, a2 []string
		for _, ref := range want["利害关系人"] {
			if contains(other["利害关系人"], ref) {
				a1 = append(a1, ref)
			}
		}
		for _, ref := range other["利害关系人"] {
			if contains(want["利害关系人"], ref) {
				a2 = append(a2, ref)
			}
		}
		if strings.Join(a1, ",") == strings.Join(a2, ",") {
			t.Fatalf("%s: the shared entries keep their order %v: the list does not weigh in", name, a1)
		}
	}

	// A seated participant withdraws: the first reserve takes the seat.
	seated := published[0]
	reserve := published[3]
	draw, _ = a.db.HearingDraw(t.Context(), id)
	var sid int64
	for _, s := range draw.Signups {
		if s.Ref == seated.ref {
			sid = s.ID
		}
	}
	clerk.mustSend(id, fmt.Sprintf("/signups/%d/withdrawal", sid), url.Values{"reason": {"因病无法参加"}})
	_, doc = a.anon().get(path)
	statuses := map[string]string{}
	doc.Find("table.standings tbody tr").Each(func(_ int, s *goquery.Selection) {
		statuses[strings.TrimSpace(s.Find(".ref").Text())] = strings.TrimSpace(s.Find(".status").Text())
	})
	if statuses[seated.ref] != "已退出" || statuses[reserve.ref] != "入选" {
		t.Fatalf("after a withdrawal: %s is %q, reserve %s is %q", seated.ref, statuses[seated.ref], reserve.ref, statuses[reserve.ref])
	}
	actions := map[string]int{}
	hist, _ = a.db.History(t.Context(), id)
	for _, e := range hist {
		actions[e.Action]++
	}
	if actions["commit_draw"] != 1 || actions["run_draw"] != 1 || actions["withdraw_signup"] != 2 || actions["hearing_signup"] != len(names) {
		t.Fatalf("history: %v", actions)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
