package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"juece/store"
	"juece/workflow"
)

// TestDoubleSubmit fires the same transition on the same version 2 to 10 times at once, through
// the router over HTTP on the SQLite file, 100 times: exactly one request may win (303 to the
// decision), every other one must get the conflict page (409), and the decision must carry
// exactly one new history event and one new version.
func TestDoubleSubmit(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	const trials = 100

	// The decisions are seeded in one transaction: 100 fsyncs would cost more than the test.
	clerk := a.users["clerk"].Actor()
	ids := make([]int64, trials)
	err := a.db.InTx(ctx, func(tx *store.Tx) error {
		for i := range ids {
			var err error
			ids[i], err = tx.CreateDecision(ctx, clerk, a.clock.Now(), store.NewDecision{Title: "重复提交试验 " + strconv.Itoa(i),
				Category: workflow.Category("public_service"), UnitID: a.units["市发展和改革委员会"],
				Proposal: workflow.Proposal{Kind: "department", Proposer: "市交通运输局", Problem: "问题", DecisionOrgan: "市人民政府"}})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Two browsers of the same secretary (who withdraws for the deciding organ): a double click in
	// one, a second tab or machine in the other.
	browsers := []*client{a.login("secretary"), a.login("secretary")}
	requests, conflicts := 0, 0
	for i, id := range ids {
		n := 2 + i%9 // 2…10 submits, each count about equally often
		before := a.decision(id)
		events := a.eventCount(id)
		form := url.Values{"reason": {"同意承办单位的撤回申请：调整工作安排"}, "version": {strconv.FormatInt(before.Version, 10)}}
		path := a.srv.URL + "/decisions/" + itoa(id) + "/events/" + string(workflow.Withdraw)

		type result struct {
			status   int
			location string
			body     string
		}
		results := make([]result, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for j := range n {
			c := browsers[j%len(browsers)]
			body := url.Values{"_csrf": {c.csrf}}
			for k, v := range form {
				body[k] = v
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest(http.MethodPost, path, strings.NewReader(body.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				<-start // all requests leave together
				res, err := c.http.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				results[j] = result{res.StatusCode, res.Header.Get("Location"), string(b)}
			}()
		}
		close(start)
		wg.Wait()
		if t.Failed() {
			t.FailNow()
		}

		won := 0
		for _, r := range results {
			switch r.status {
			case http.StatusSeeOther:
				won++
				if r.location != "/decisions/"+itoa(id)+"#main" {
					t.Fatalf("trial %d: the winner was sent to %q", i, r.location)
				}
			case http.StatusConflict:
				conflicts++
				if !strings.Contains(r.body, "在您填写期间") || !strings.Contains(r.body, "未保存任何内容") {
					t.Fatalf("trial %d: a 409 that is not the conflict page:\n%s", i, r.body)
				}
			default:
				t.Fatalf("trial %d: status %d:\n%s", i, r.status, r.body)
			}
		}
		requests += n
		if won != 1 {
			t.Fatalf("trial %d: %d of %d submits succeeded, want exactly 1", i, won, n)
		}
		after := a.decision(id)
		if after.State != workflow.Withdrawn || after.Version != before.Version+1 {
			t.Fatalf("trial %d: state %s version %d, want %s version %d", i, after.State, after.Version, workflow.Withdrawn, before.Version+1)
		}
		if got := a.eventCount(id); got != events+1 {
			t.Fatalf("trial %d: %d new history events, want 1", i, got-events)
		}
	}
	if conflicts != requests-trials {
		t.Fatalf("%d conflicts of %d requests", conflicts, requests)
	}
	t.Logf("double submit: %d trials, %d requests, %d succeeded, %d conflicts", trials, requests, trials, conflicts)
}
