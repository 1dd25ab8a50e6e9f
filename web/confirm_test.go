package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"juece/workflow"
)

// TestConfirmationPages: 不予启动 asks first — what will happen and the reason typed, nothing
// written; 返回修改 brings the decision page back with the reason as typed; 确认 fires the
// event. A form that would be refused (no reason, the wrong role) is refused at once, with
// no confirmation page.
func TestConfirmationPages(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	id := clerk.createDecision("城市公共交通票价调整方案")
	sec := a.login("secretary")
	events := a.eventCount(id)
	reason := "不属于本级政府重大行政决策事项目录范围"

	r := sec.send(id, "/events/decline", url.Values{"reason": {reason}})
	confirm := r.doc.Find("form.confirm-form")
	if r.status != http.StatusOK || confirm.Length() != 1 || !strings.Contains(r.text(), reason) || !strings.Contains(r.text(), "不能恢复") ||
		confirm.Find(`input[name="reason"]`).AttrOr("value", "") != reason || confirm.Find(`input[name="version"]`).Length() != 1 ||
		confirm.Find(`button[name="confirm"][value="yes"]`).Length() != 1 || confirm.Find(`button[name="confirm"][value="back"]`).Length() != 1 {
		t.Fatalf("decline: want its confirmation page, got %d: %s", r.status, r.text())
	}
	if d := a.decision(id); d.State != workflow.Proposed || a.eventCount(id) != events {
		t.Fatalf("the confirmation page changed the decision: %s, %d events", d.State, a.eventCount(id)-events)
	}
	if !strings.Contains(r.doc.Find("title").Text(), "确认不予启动") {
		t.Fatalf("title %q", r.doc.Find("title").Text())
	}

	back := sec.send(id, "/events/decline", url.Values{"reason": {reason}, "confirm": {"back"}})
	if back.status != http.StatusOK || back.doc.Find("form.confirm-form").Length() != 0 ||
		back.doc.Find(`form[action$="/events/decline#form-ev-decline"] textarea[name="reason"]`).Text() != reason {
		t.Fatalf("返回修改: want the decision page with the reason typed, got %d", back.status)
	}

	if r := sec.send(id, "/events/decline", url.Values{"reason": {" "}}); r.status != http.StatusUnprocessableEntity ||
		r.doc.Find("form.confirm-form").Length() != 0 || !strings.Contains(r.text(), "条例第11条") {
		t.Fatalf("decline without a reason: want 422 citing 条例第11条 at once, got %d", r.status)
	}
	if r := clerk.send(id, "/events/decline", url.Values{"reason": {reason}}); r.status != http.StatusForbidden {
		t.Fatalf("the clerk declining: want 403, got %d", r.status)
	}
	if a.eventCount(id) != events {
		t.Fatal("a refused or unconfirmed decline wrote an event")
	}

	sec.mustSend(id, "/events/decline", url.Values{"reason": {reason}, "confirm": {"yes"}})
	if d := a.decision(id); d.State != workflow.Declined {
		t.Fatalf("after 确认: %s", d.State)
	}
}
