package web_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"juece/store/notify"
	"juece/web"
	"juece/workflow"
)

// TestUrgeReachesTheUnit: the secretary urges (催办) a decision: a history event that leaves
// the version alone, a message to the unit's clerk — counted unread in the header, read in
// the message centre — and, as the clerk chose, a post to the group robot.
func TestUrgeReachesTheUnit(t *testing.T) {
	a := newApp(t)
	var mu sync.Mutex
	var posted []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m struct{ Text struct{ Content string } }
		json.NewDecoder(r.Body).Decode(&m)
		mu.Lock()
		posted = append(posted, m.Text.Content)
		mu.Unlock()
		w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
	}))
	defer hook.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	n := notify.New(a.db, notify.Config{WebhookURL: hook.URL, BaseURL: "https://juece.gov.example"}, log, a.clock.Now)
	a.srv.Close()
	a.srv = httptest.NewServer(web.New(a.db, web.Options{Now: a.clock.Now, Logger: log, Notifier: n}))
	t.Cleanup(a.srv.Close)

	id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
	clerk, clerk2, sec := a.login("clerk"), a.login("clerk2"), a.login("secretary")

	// The clerk asks for the robot; a bad address is refused next to the field, kept as typed.
	r := clerk.post("/account/notifications", url.Values{"email": {"不是邮箱"}, "by_email": {"1"}, "by_webhook": {"1"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Find(".has-error").Text(), "有效的电子邮箱") ||
		r.doc.Find(`input[name="email"]`).AttrOr("value", "") != "不是邮箱" {
		t.Fatalf("bad e-mail: %d", r.status)
	}
	if r := clerk.post("/account/notifications", url.Values{"email": {"zhangming@fgw.example"}, "by_webhook": {"1"}}); r.status != http.StatusSeeOther {
		t.Fatalf("notification settings: %d: %s", r.status, r.text())
	}

	if r := clerk.send(id, "/urge", url.Values{"message": {"自己催自己"}}); r.status != http.StatusForbidden {
		t.Fatalf("a clerk urging: %d", r.status)
	}
	if r := sec.send(id, "/urge", url.Values{"message": {" "}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Find("#urge .has-error").Text(), "催办意见") {
		t.Fatalf("an empty urge: %d", r.status)
	}
	version, events := a.decision(id).Version, a.eventCount(id)
	sec.mustSend(id, "/urge", url.Values{"message": {"请于本周内完成意见处理并反馈"}})
	if d := a.decision(id); d.Version != version || a.eventCount(id) != events+1 {
		t.Fatalf("urge: version %d → %d, events %d → %d", version, d.Version, events, a.eventCount(id))
	}
	hist, _ := a.db.History(t.Context(), id)
	if last := hist[len(hist)-1]; last.Action != "urge" || last.UserName != "陈芳" || !strings.Contains(last.Changes[0].After, "本周内") {
		t.Fatalf("the urge's event: %+v", last)
	}

	_, doc := clerk.get("/")
	if got := strings.TrimSpace(doc.Find(".unread-count").Text()); got != "1" {
		t.Fatalf("the clerk's header counts %q unread", got)
	}
	if _, doc := clerk2.get("/"); doc.Find(".unread-count").Length() != 0 {
		t.Fatal("the other unit's clerk was urged")
	}
	_, doc = clerk.get("/messages")
	if text := doc.Find(".messages").Text(); !strings.Contains(text, "催办") || !strings.Contains(text, "请于本周内完成意见处理并反馈") || !strings.Contains(text, "陈芳") {
		t.Fatalf("message centre: %s", text)
	}
	action, _ := doc.Find(".messages form").Attr("action")
	if r := clerk.post(action, url.Values{}); r.status != http.StatusSeeOther || r.location != "/decisions/"+itoa(id) {
		t.Fatalf("reading the message: %d %q", r.status, r.location)
	}
	if _, doc := clerk.get("/"); doc.Find(".unread-count").Length() != 0 {
		t.Fatal("still unread after reading")
	}
	if r := clerk2.post(action, url.Values{}); r.status != http.StatusNotFound {
		t.Fatalf("reading another's message: %d", r.status)
	}

	// The urge went to the robot, once.
	if sent, err := n.Deliver(t.Context()); err != nil || sent != 1 {
		t.Fatalf("deliveries: %d, %v", sent, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(posted) != 1 || !strings.Contains(posted[0], "张明") || !strings.Contains(posted[0], "https://juece.gov.example/decisions/"+itoa(id)) {
		t.Fatalf("robot got %q", posted)
	}
}
