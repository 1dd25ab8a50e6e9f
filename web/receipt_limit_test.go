package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"juece/workflow"
)

// TestReceiptLookupLimit: the receipt code is short, so an address that misses ten times in
// ten minutes is told in words to wait (429, with Retry-After), even for the right code; a
// lookup that finds its comment does not count; ten minutes later the right code works again.
func TestReceiptLookupLimit(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
	citizen := a.anon()
	_, doc := citizen.get("/public/consultations/" + itoa(id))
	token := doc.Find(`input[name="receipt_token"]`).AttrOr("value", "")
	sent := citizen.exchange(http.MethodPost, "/public/consultations/"+itoa(id), strings.NewReader(url.Values{"_csrf": {citizen.csrf},
		"receipt_token": {token}, "body": {"建议增加夜间公交线路"}}.Encode()), "application/x-www-form-urlencoded", nil)
	u, err := url.Parse(sent.location())
	if err != nil || sent.status != http.StatusSeeOther {
		t.Fatalf("comment: %d to %q", sent.status, sent.location())
	}
	ref, code := u.Query().Get("ref"), u.Query().Get("code")
	wrong := "2222-2222"
	if wrong == code {
		wrong = "3333-3333"
	}
	lookup := func(code string) reply {
		return a.anon().exchange(http.MethodGet, "/public/receipts?"+url.Values{"ref": {ref}, "code": {code}}.Encode(), nil, "", nil)
	}
	// Finding the comment again and again costs nothing.
	for range 12 {
		if r := lookup(code); r.status != http.StatusOK {
			t.Fatalf("the right code: %d", r.status)
		}
	}
	for i := range 10 {
		if r := lookup(wrong); r.status != http.StatusNotFound {
			t.Fatalf("miss %d: %d, want 404", i+1, r.status)
		}
	}
	for _, c := range []string{wrong, code} {
		r := lookup(c)
		body := string(r.body)
		if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" ||
			!strings.Contains(body, "查询未找到的次数过多") || !strings.Contains(body, "<title>错误") ||
			strings.Contains(body, "建议增加夜间公交线路") || !strings.Contains(body, `value="`+ref+`"`) {
			t.Fatalf("after ten misses, code %q: %d, Retry-After %q: %s", c, r.status, r.header.Get("Retry-After"), body)
		}
	}
	a.clock.Add(10*time.Minute + time.Second)
	if r := lookup(code); r.status != http.StatusOK || !strings.Contains(string(r.body), "建议增加夜间公交线路") {
		t.Fatalf("ten minutes later, the right code: %d", r.status)
	}
}
