package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestFormsAnswer: a refused form comes back with 错误 in the title and an error summary that
// links to each wrong field; a save answers with a banner on the page it leads to, once.
func TestFormsAnswer(t *testing.T) {
	a := newApp(t)
	id, clerk := a.inConsultation(t, "城市公共交通票价调整方案")
	r := clerk.send(id, "/methods", url.Values{"held_on": {a.day(0)}})
	if r.status != http.StatusUnprocessableEntity || !strings.HasPrefix(r.doc.Find("title").Text(), "错误：") {
		t.Fatalf("refused form: %d, title %q", r.status, r.doc.Find("title").Text())
	}
	summary := r.doc.Find(".error-summary")
	if summary.Length() != 1 || summary.Find(`a[href="#method-method"]`).Length() != 1 ||
		summary.Find(`a[href="#method-participants"]`).Length() != 1 || summary.AttrOr("tabindex", "") != "-1" {
		t.Fatalf("the error summary does not link the wrong fields: %s", summary.Text())
	}
	clerk.mustSend(id, "/methods", url.Values{"method": {"symposium"}, "held_on": {a.day(0)}, "participants": {"居民代表"}, "summary": {"赞成"}})
	_, doc := clerk.get("/decisions/" + itoa(id))
	if got := doc.Find("#flash").Text(); !strings.Contains(got, "已保存：听取意见方式") {
		t.Fatalf("no answer after the save: %q", got)
	}
	if _, doc := clerk.get("/decisions/" + itoa(id)); doc.Find("#flash").Length() != 0 {
		t.Error("the answer is shown again on reload")
	}
}
