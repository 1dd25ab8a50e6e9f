package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"juece/store"
	"juece/workflow"
)

// TestPublicCommentReceipt: a comment from the portal answers with a redirect to its receipt
// (reference number and code); the same form sent again answers with the same receipt and is
// stored once; the code looks the comment up later, showing its disposition and reason only
// from the day the feedback is published; a wrong code answers like an unknown number.
func TestPublicCommentReceipt(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
	path := "/public/consultations/" + itoa(id)
	citizen := a.anon()
	req, _ := http.NewRequest(http.MethodGet, a.srv.URL+path, nil)
	res, err := citizen.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("open consultation page: Cache-Control %q, want no-store (its form token is its own)", cc)
	}
	_, doc := citizen.get(path)
	token := doc.Find(`input[name="receipt_token"]`).AttrOr("value", "")
	if token == "" {
		t.Fatal("the comment form has no one-time token")
	}
	_, doc = citizen.get(path)
	if doc.Find(`input[name="receipt_token"]`).AttrOr("value", "") == token {
		t.Fatal("the page shown again has the same form token")
	}

	send := func(body string) reply {
		return citizen.exchange(http.MethodPost, path, strings.NewReader(url.Values{"_csrf": {citizen.csrf},
			"receipt_token": {token}, "body": {body}, "author": {"赵小六"}, "contact": {"13900002222"}}.Encode()),
			"application/x-www-form-urlencoded", nil)
	}
	first := send("建议增加夜间公交线路")
	loc := first.location()
	if first.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/public/receipts?") {
		t.Fatalf("comment: %d to %q, want 303 to its receipt", first.status, loc)
	}
	// A resend of the same form after the in-memory window, as after a lost answer: the same
	// receipt, one comment.
	a.clock.Add(20 * time.Minute)
	if again := send("建议增加夜间公交线路"); again.status != http.StatusSeeOther || again.location() != loc {
		t.Fatalf("the same form again: %d to %q, want %q", again.status, again.location(), loc)
	}
	if n := a.commentCount(id); n != 1 {
		t.Fatalf("%d comments stored, want 1", n)
	}

	u, _ := url.Parse(loc)
	ref, code := u.Query().Get("ref"), u.Query().Get("code")
	res, err = citizen.http.Get(a.srv.URL + loc)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("receipt page: %d, Cache-Control %q, Referrer-Policy %q", res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("Referrer-Policy"))
	}
	st, doc := citizen.get(loc)
	if st != http.StatusOK || doc.Find(".receipt-ref").Text() != ref || doc.Find(".receipt-code").Text() != code || len(code) != 9 ||
		!strings.Contains(doc.Find(".receipt-status").Text(), "待承办单位研究处理") || !strings.Contains(doc.Find("main").Text(), "建议增加夜间公交线路") {
		t.Fatalf("receipt page: %d %q %q: %s", st, ref, code, doc.Find("main").Text())
	}
	if html, _ := doc.Html(); strings.Contains(html, "赵小六") || strings.Contains(html, "13900002222") {
		t.Fatal("the receipt shows the commenter's name or contact")
	}

	// Another comment on a fresh page: its own receipt.
	_, doc = citizen.get(path)
	token = doc.Find(`input[name="receipt_token"]`).AttrOr("value", "")
	if other := send("建议票价分时段"); other.location() == loc || other.status != http.StatusSeeOther {
		t.Fatalf("another comment: %d to %q", other.status, other.location())
	}

	lookup := func(ref, code string) (int, string, string) {
		st, doc := a.anon().get("/public/receipts?" + url.Values{"ref": {ref}, "code": {code}}.Encode())
		return st, doc.Find("title").Text(), strings.Join(strings.Fields(doc.Find("main").Text()), " ")
	}
	// Typed later: lower case, without the dash, with spaces.
	if st, _, text := lookup(" "+strings.ToLower(ref)+" ", strings.ToLower(strings.ReplaceAll(code, "-", " "))); st != http.StatusOK || !strings.Contains(text, ref) {
		t.Fatalf("lookup as typed: %d %s", st, text)
	}
	wrong := "2222-2222"
	if wrong == code {
		wrong = "3333-3333"
	}
	for _, tc := range []struct{ ref, code string }{{ref, wrong}, {"YJ2026-999999", code}, {ref, ""}} {
		st, title, text := lookup(tc.ref, tc.code)
		if st != http.StatusNotFound || !strings.Contains(title, "错误") || strings.Contains(text, "建议增加夜间公交线路") ||
			!strings.Contains(text, "请") {
			t.Fatalf("lookup %q %q: %d %q %s", tc.ref, tc.code, st, title, text)
		}
	}
	if st, doc := a.anon().get("/public/receipts"); st != http.StatusOK || doc.Find(`form[method="get"] input[name="code"]`).Length() != 1 {
		t.Fatalf("the lookup form: %d", st)
	}

	// Disposed of, with the feedback to be published tomorrow: not yet shown; then shown.
	clerk := a.users["clerk"].Actor()
	err = a.db.InTx(t.Context(), func(tx *store.Tx) error {
		ctx, at := context.Background(), a.clock.Now()
		d, err := tx.Decision(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.DisposeComment(ctx, clerk, at, d, d.Comments[0].ID, workflow.DispositionPartly, "夜间线路纳入下一年度计划"); err != nil {
			return err
		}
		return tx.SaveFeedback(ctx, clerk, at, d, workflow.Feedback{PublishedOn: workflow.Day(at).AddDate(0, 0, 1),
			Channel: "市人民政府门户网站", Summary: "共收到意见2条"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, text := lookup(ref, code); strings.Contains(text, "夜间线路纳入下一年度计划") || strings.Contains(text, "部分采纳") {
		t.Fatalf("the disposition shown before the feedback is published: %s", text)
	}
	a.clock.Add(24 * time.Hour)
	if st, _, text := lookup(ref, code); st != http.StatusOK || !strings.Contains(text, "部分采纳") || !strings.Contains(text, "夜间线路纳入下一年度计划") {
		t.Fatalf("lookup after the feedback: %d %s", st, text)
	}
	if res, err := a.db.VerifyRecords(t.Context()); err != nil || res.Total != 0 || len(res.Bare) != 0 {
		t.Fatalf("records against the history: %+v %v", res, err)
	}
}
