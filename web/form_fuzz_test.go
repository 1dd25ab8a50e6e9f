package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"juece/store"
	"juece/web"
	"juece/workflow"
)

// fuzzRoute is a form the fuzzer posts to: the path (":id" stands for the decision), who
// posts it, and the state its decision is kept in.
type fuzzRoute struct {
	path  string
	user  string // "" is a citizen without an account
	state workflow.State
	id    int64
}

// fuzzRoutes are the posted forms that web turns into records, events and settings.
var fuzzRoutes = []fuzzRoute{
	{path: "/decisions", user: "clerk"},
	{path: "/decisions/:id/proposal", user: "clerk", state: workflow.Drafting},
	{path: "/decisions/:id/flags", user: "clerk", state: workflow.Drafting},
	{path: "/decisions/:id/revisions", user: "clerk", state: workflow.Drafting},
	{path: "/decisions/:id/disputes", user: "clerk", state: workflow.Drafting},
	{path: "/decisions/:id/start", user: "secretary", state: workflow.Proposed},
	{path: "/decisions/:id/catalog", user: "clerk", state: workflow.Proposed},
	{path: "/decisions/:id/methods", user: "clerk", state: workflow.Consultation},
	{path: "/decisions/:id/notice", user: "clerk", state: workflow.Consultation},
	{path: "/decisions/:id/comments", user: "clerk", state: workflow.Consultation},
	{path: "/decisions/:id/comments/1/disposition", user: "clerk", state: workflow.Consultation},
	{path: "/decisions/:id/feedback", user: "clerk", state: workflow.Consultation},
	{path: "/decisions/:id/experts", user: "clerk", state: workflow.Consultation},
	{path: "/decisions/:id/events/skip_hearing", user: "clerk", state: workflow.Consultation},
	{path: "/decisions/:id/hearing", user: "clerk", state: workflow.Hearing},
	{path: "/decisions/:id/participants", user: "clerk", state: workflow.Hearing},
	{path: "/decisions/:id/risk", user: "clerk", state: workflow.RiskAssessment},
	{path: "/decisions/:id/submissions", user: "clerk", state: workflow.LegalityReview},
	{path: "/decisions/:id/submissions/return", user: "reviewer", state: workflow.LegalityReview},
	{path: "/decisions/:id/review", user: "reviewer", state: workflow.LegalityReview},
	{path: "/decisions/:id/meetings", user: "secretary", state: workflow.CollectiveDiscussion},
	{path: "/decisions/:id/opinions", user: "secretary", state: workflow.CollectiveDiscussion},
	{path: "/decisions/:id/head-decision", user: "secretary", state: workflow.CollectiveDiscussion},
	{path: "/decisions/:id/party-report", user: "secretary", state: workflow.Published},
	{path: "/decisions/:id/publication", user: "secretary", state: workflow.Published},
	{path: "/decisions/:id/reports", user: "clerk", state: workflow.Implementation},
	{path: "/decisions/:id/events/suspend", user: "secretary", state: workflow.Implementation},
	{path: "/decisions/:id/evaluation", user: "clerk", state: workflow.PostEvaluation},
	{path: "/decisions/:id/withdrawal", user: "clerk", state: workflow.Drafting},
	{path: "/decisions/:id/events/withdraw", user: "secretary", state: workflow.Drafting},
	{path: "/decisions/:id/cases", user: "auditor", state: workflow.Implementation},
	{path: "/catalog", user: "secretary"},
	{path: "/admin/settings", user: "admin"},
	{path: "/admin/calendar", user: "admin"},
	{path: "/public/consultations/:id", user: "", state: workflow.Consultation},
}

// FuzzFormPost posts arbitrary form bodies to every form through the router: whatever is
// posted, the server must not panic or fail with a 5xx, must answer in valid UTF-8, and every
// refusal must be a page with a message (class alert-error), not a bare status.
func FuzzFormPost(f *testing.F) {
	a := newApp(f)
	ctx := context.Background()
	h := web.New(a.db, web.Options{Now: a.clock.Now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})

	// One decision per state, in the clerk's unit, moved there without the gates.
	ids := map[workflow.State]int64{}
	clerk := a.users["clerk"].Actor()
	for _, r := range fuzzRoutes {
		if r.state == "" || ids[r.state] != 0 {
			continue
		}
		state := r.state
		if state == workflow.Consultation {
			ids[state] = a.seedConsultation("征求意见中的事项", workflow.Flags{AffectsInterests: true})
			a.seedComment(ids[state])
			continue
		}
		ids[state] = a.seedDecision("处于"+state.Label()+"阶段的事项", func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
			if state == workflow.Proposed {
				return nil
			}
			return move(ctx, tx, clerk, at, d, workflow.Start, state)
		})
	}
	routes := make([]fuzzRoute, len(fuzzRoutes))
	for i, r := range fuzzRoutes {
		r.id = ids[r.state]
		r.path = strings.Replace(r.path, ":id", itoa(r.id), 1)
		routes[i] = r
	}
	// The browsers: one session per account, and a citizen with the anonymous CSRF cookie.
	browsers := map[string]*client{}
	for _, r := range routes {
		if _, ok := browsers[r.user]; ok {
			continue
		}
		if r.user == "" {
			c := a.anon()
			c.get(r.path)
			browsers[""] = c
		} else {
			browsers[r.user] = a.login(r.user)
		}
	}
	base, _ := url.Parse(a.srv.URL)

	f.Add(uint8(0), "title=新事项&category=public_service&proposer_kind=department&proposer=市交通运输局&problem=问题")
	f.Add(uint8(1), "title=&category=bogus&proposer_kind=&co_units=%E3%80%81")
	f.Add(uint8(5), "decided_on=2026-02-30&basis=会议")
	f.Add(uint8(5), "decided_on=99999-01-01&basis=%zz")
	f.Add(uint8(8), "channel=网站&starts_on=2026-03-10&ends_on=2026-03-01&link=javascript:alert(1)")
	f.Add(uint8(10), "disposition=adopted&reason=合理&version=abc")
	f.Add(uint8(13), "reason="+strings.Repeat("长", 2001))
	f.Add(uint8(16), "stability_level=high&stability_analysis=&third_party=on&assessed_on=1989-12-31")
	f.Add(uint8(19), "conclusion=legal&password=x&authority=有权;procedure=合法")
	f.Add(uint8(21), "speaker=市长&is_head=1&stance=for&meeting_id=-1&seq=99999999999999999999")
	f.Add(uint8(22), "meeting_id=1&head=approve&version=-1")
	f.Add(uint8(31), "working_days_notice=0&consultation_days=-5")
	f.Add(uint8(32), "day=2026-13-01&kind=holiday&name=\x00\xff")
	f.Add(uint8(33), "body=建议&author=市民&contact=13900001111")
	f.Add(uint8(3), "body=%FF%FE草案&note=%C0")
	f.Add(uint8(9), "body=%FF&author=%FF&source=letter")
	f.Add(uint8(33), "body=%FF%FF建议")
	f.Add(uint8(0), "title=%FF&category=public_service&proposer_kind=department&proposer=x&problem=y")
	f.Add(uint8(26), "reason=紧急情况&version=0")

	f.Fuzz(func(t *testing.T, route uint8, body string) {
		r := routes[int(route)%len(routes)]
		c := browsers[r.user]
		form := "_csrf=" + url.QueryEscape(c.csrf) + "&" + body
		if r.id != 0 {
			// The version goes last: a version in the fuzzer's body comes first and wins.
			d, err := a.db.Decision(ctx, r.id)
			if err != nil {
				t.Fatal(err)
			}
			form += "&version=" + strconv.FormatInt(d.Version, 10)
		}
		req := httptest.NewRequest(http.MethodPost, r.path, strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, ck := range c.http.Jar.Cookies(base) {
			req.AddCookie(ck)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req) // in the test's goroutine: a panic fails the test
		out := rec.Body.String()
		switch {
		case rec.Code >= 500:
			t.Fatalf("POST %s %q: %d\n%s", r.path, body, rec.Code, out)
		case !utf8.ValidString(out):
			t.Fatalf("POST %s %q: the answer is not valid UTF-8", r.path, body)
		case rec.Code >= 400 && !strings.Contains(out, "alert-error"):
			t.Fatalf("POST %s %q: %d without a message\n%s", r.path, body, rec.Code, out)
		}
		// An accepted event moved the decision on: put it back for the next input.
		if r.id != 0 {
			if err := a.db.InTx(ctx, func(tx *store.Tx) error {
				d, err := tx.Decision(ctx, r.id)
				if err != nil || d.State == r.state {
					return err
				}
				return move(ctx, tx, clerk, a.clock.Now(), d, workflow.Resume, r.state)
			}); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// seedComment records a letter's comment on decision id, so that a disposition has something
// to dispose of.
func (a *app) seedComment(id int64) {
	a.t.Helper()
	ctx := context.Background()
	err := a.db.InTx(ctx, func(tx *store.Tx) error {
		d, err := tx.Decision(ctx, id)
		if err != nil {
			return err
		}
		_, err = tx.AddComment(ctx, a.users["clerk"].Actor(), a.clock.Now(), d, workflow.Comment{Body: "建议延长公示期", Author: "市民", Source: "信函"})
		return err
	})
	if err != nil {
		a.t.Fatal(err)
	}
}

// TestFormNotUTF8 shows the finding FuzzFormPost made: text that is not UTF-8 was stored in
// records (and shown back as garbage) while the history kept it as U+FFFD. Now it is refused
// with a message and nothing is written.
func TestFormNotUTF8(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	id := clerk.createDecision("城市公共交通票价调整方案")
	version, events := a.decision(id).Version, a.eventCount(id)
	r := clerk.send(id, "/proposal", url.Values{"title": {"票价\xff方案"}, "category": {"public_service"},
		"proposer_kind": {"department"}, "proposer": {"市交通运输局"}, "problem": {"问题"}})
	if r.status != http.StatusBadRequest || !strings.Contains(r.doc.Find(".alert-error").Text(), "不是 UTF-8 编码") {
		t.Fatalf("a title that is not UTF-8: %d: %s", r.status, r.text())
	}
	if d := a.decision(id); d.Version != version || d.Title != "城市公共交通票价调整方案" || a.eventCount(id) != events {
		t.Fatalf("something was written: version %d→%d, title %q", version, d.Version, d.Title)
	}
	if st, _ := clerk.get("/search?q=%FF"); st != http.StatusBadRequest {
		t.Fatalf("a query that is not UTF-8: %d", st)
	}
}
