package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"juece/workflow"
)

// demoPassword is the demo accounts' password (juece seed --demo).
const demoPassword = "juece-demo"

// tally is what one simulated user saw; the tallies are merged at the end.
type tally struct {
	requests     int
	statuses     map[int]int
	latency      map[string][]time.Duration // by kind of operation: read, comment, transition
	acks         []ack
	comments     []commentAck
	conflicts    int // 409: someone changed the decision first, as expected under contention
	refused      int // 422: the event no longer applies (another user moved the decision)
	serverErrors int // 5xx
	locked       int // answers that mention a locked or busy database
	netErrors    int
	sessionsLost int
	unexpected   []string // a few samples of answers no user should get
}

func newTally() *tally {
	return &tally{statuses: map[int]int{}, latency: map[string][]time.Duration{}}
}

func (t *tally) merge(o *tally) {
	t.requests += o.requests
	for k, v := range o.statuses {
		t.statuses[k] += v
	}
	for k, v := range o.latency {
		t.latency[k] = append(t.latency[k], v...)
	}
	t.acks = append(t.acks, o.acks...)
	t.comments = append(t.comments, o.comments...)
	t.conflicts += o.conflicts
	t.refused += o.refused
	t.serverErrors += o.serverErrors
	t.locked += o.locked
	t.netErrors += o.netErrors
	t.sessionsLost += o.sessionsLost
	for _, u := range o.unexpected {
		if len(t.unexpected) < 10 {
			t.unexpected = append(t.unexpected, u)
		}
	}
}

// lockedDB says whether an answer shows a database lock error to the user.
func lockedDB(body string) bool {
	return strings.Contains(body, "database is locked") || strings.Contains(body, "SQLITE_BUSY")
}

// worker is one simulated user: a browser logged in (or not) as one account.
type worker struct {
	id   int
	user string
	c    *client
	rng  *rand.Rand
	t    *tally
	n    int // writes sent, for unique tokens
}

// token is unique to this worker's next write: it is how the checker finds the write again.
func (w *worker) token() string {
	w.n++
	return fmt.Sprintf("soak-u%03d-%d", w.id, w.n)
}

// note records an answer; want lists the statuses a user may normally get for it.
func (w *worker) note(kind, what string, r response, want ...int) {
	w.t.requests++
	w.t.statuses[r.status]++
	w.t.latency[kind] = append(w.t.latency[kind], r.took)
	if r.status >= 500 {
		w.t.serverErrors++
	}
	if lockedDB(r.body) {
		w.t.locked++
	}
	if !slices.Contains(want, r.status) && len(w.t.unexpected) < 10 {
		w.t.unexpected = append(w.t.unexpected, fmt.Sprintf("%s: %d %s", what, r.status, r.location))
	}
}

// netError counts a failed request (the server is down, or being killed).
func (w *worker) netError(err error) error {
	if err == errSessionLost {
		w.t.sessionsLost++
	} else {
		w.t.netErrors++
	}
	return err
}

// read loads a page as any user does.
func (w *worker) read(ctx context.Context, path string) error {
	r, err := w.c.get(ctx, path)
	if err != nil {
		return w.netError(err)
	}
	if r.status == http.StatusSeeOther && strings.HasPrefix(r.location, "/login") {
		w.t.sessionsLost++
	}
	w.note("read", "GET "+path, r, http.StatusOK)
	return nil
}

// createDecision registers a decision proposal as a clerk; it returns the new decision's id
// when the server acknowledged it, else 0.
func (w *worker) createDecision(ctx context.Context) (int64, error) {
	tok := w.token()
	title := "压力测试决策事项 " + tok
	r, err := w.c.post(ctx, "/decisions", url.Values{
		"title": {title}, "category": {string(workflow.CategoryOther)},
		"proposer_kind": {string(workflow.ProposerDepartment)}, "proposer": {"市发展和改革委员会"},
		"problem": {"检验系统在并发与崩溃下的持久性。"}, "reasons": {"压力测试"}, "legal_basis": {"《重大行政决策程序暂行条例》"},
		"solution": {"无"}, "necessity": {"必要"}, "decision_organ": {"江澜市人民政府"}, "responsible_leader": {"测试副市长"},
	})
	if err != nil {
		return 0, w.netError(err)
	}
	w.note("transition", "create decision", r, http.StatusSeeOther)
	id, ok := strings.CutPrefix(r.location, "/decisions/")
	n, perr := strconv.ParseInt(id, 10, 64)
	if r.status != http.StatusSeeOther || !ok || perr != nil {
		return 0, nil
	}
	w.t.acks = append(w.t.acks, ack{decision: n, action: "create", token: title})
	return n, nil
}

// fire loads the decision's page and, if it offers ev, fires it with a reason carrying a
// token; a 303 back to the decision is the acknowledgement.
func (w *worker) fire(ctx context.Context, id int64, pick func(offered []string) string) error {
	path := fmt.Sprintf("/decisions/%d", id)
	r, err := w.c.page(ctx, path)
	if err != nil {
		return w.netError(err)
	}
	w.note("transition", "GET "+path, r, http.StatusOK)
	ev := pick(pageEvents(r.body))
	if r.status != http.StatusOK || ev == "" {
		return nil
	}
	tok := w.token()
	// confirm=yes: the events that end a decision first ask for a confirmation (web/confirm.go).
	form := url.Values{"version": {strconv.FormatInt(formVersion(r.body), 10)}, "reason": {"压力测试 " + tok}, "confirm": {"yes"}}
	target := fmt.Sprintf("/decisions/%d/events/%s", id, ev)
	a := ack{decision: id, action: ev, token: tok}
	if ev == string(workflow.Start) {
		// Start carries the government's start record and is fired from its own form.
		target = fmt.Sprintf("/decisions/%d/start", id)
		form = url.Values{"version": form["version"], "decided_on": {time.Now().In(workflow.Shanghai).Format("2006-01-02")},
			"basis": {"市政府常务会议纪要 " + tok}}
		a.token = "" // the start event's summary is fixed; start happens once per decision
	}
	r, err = w.c.post(ctx, target, form)
	if err != nil {
		return w.netError(err)
	}
	w.note("transition", "POST "+target, r, http.StatusSeeOther, http.StatusConflict, http.StatusUnprocessableEntity)
	switch {
	case r.status == http.StatusSeeOther && strings.SplitN(r.location, "#", 2)[0] == path: // to the page's top (#main)
		w.t.acks = append(w.t.acks, a)
	case r.status == http.StatusConflict:
		w.t.conflicts++
	case r.status == http.StatusUnprocessableEntity:
		w.t.refused++
	}
	return nil
}

// offered picks one of evs that the page offers, or "".
func (w *worker) offered(evs ...string) func([]string) string {
	return func(page []string) string {
		var ok []string
		for _, ev := range evs {
			if slices.Contains(page, ev) {
				ok = append(ok, ev)
			}
		}
		if len(ok) == 0 {
			return ""
		}
		return ok[w.rng.IntN(len(ok))]
	}
}

// comment sends a comment to an open consultation through the public portal; the receipt with
// its reference number is the acknowledgement.
func (w *worker) comment(ctx context.Context, id int64) error {
	path := fmt.Sprintf("/public/consultations/%d", id)
	tok := w.token()
	r, err := w.c.post(ctx, path, url.Values{"body": {"压力测试意见：建议加快实施。" + tok}, "author": {"测试市民"}, "website": {""}})
	if err != nil {
		return w.netError(err)
	}
	// The portal answers a comment with a redirect to its receipt, which names the reference.
	w.note("comment", "POST "+path, r, http.StatusSeeOther)
	if r.status != http.StatusSeeOther {
		return nil
	}
	if u, err := url.Parse(r.location); err == nil && u.Path == "/public/receipts" && u.Query().Get("ref") != "" {
		w.t.comments = append(w.t.comments, commentAck{decision: id, ref: u.Query().Get("ref"), token: tok})
	}
	return nil
}

// requestWithdrawal asks, as the clerk, to withdraw decision id (the government office decides):
// the request is a history event carrying the token.
func (w *worker) requestWithdrawal(ctx context.Context, id int64) error {
	path := fmt.Sprintf("/decisions/%d", id)
	r, err := w.c.page(ctx, path)
	if err != nil {
		return w.netError(err)
	}
	w.note("transition", "GET "+path, r, http.StatusOK)
	if r.status != http.StatusOK || !strings.Contains(r.body, path+"/withdraw") {
		return nil
	}
	tok := w.token()
	r, err = w.c.post(ctx, path+"/withdrawal", url.Values{"version": {strconv.FormatInt(formVersion(r.body), 10)},
		"reason": {"压力测试 " + tok}})
	if err != nil {
		return w.netError(err)
	}
	w.note("transition", "POST "+path+"/withdrawal", r, http.StatusSeeOther, http.StatusConflict, http.StatusUnprocessableEntity)
	switch {
	case r.status == http.StatusSeeOther && strings.HasPrefix(r.location, path):
		w.t.acks = append(w.t.acks, ack{decision: id, action: "request_withdrawal", token: tok})
	case r.status == http.StatusConflict:
		w.t.conflicts++
	case r.status == http.StatusUnprocessableEntity:
		w.t.refused++
	}
	return nil
}
