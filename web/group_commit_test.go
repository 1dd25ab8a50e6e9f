package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"juece/store"
	"juece/workflow"
)

// TestConcurrentTransitionsThroughTheRouter: transitions posted at once by several sessions,
// which the writer may commit together, are each answered for themselves — every decision is
// suspended with its one event, and of two tabs posting the same form at the same version one
// gets the redirect and the other the conflict — and the history's chain verifies.
func TestConcurrentTransitionsThroughTheRouter(t *testing.T) {
	a := newApp(t)
	const n = 8
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = a.seedPublished("城市公共交通票价调整方案（第" + strconv.Itoa(i+1) + "批）")
		a.now(ids[i], func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
			return tx.SetStateForTest(ctx, a.users["secretary"].Actor(), at, d, workflow.Implement, workflow.Implementation, "")
		})
	}
	type post struct {
		c       *client
		id      int64
		version string
		status  int
	}
	var posts []*post
	for _, id := range ids {
		c := a.login("secretary")
		posts = append(posts, &post{c: c, id: id, version: c.version(id)})
	}
	before := map[int64]int{}
	for _, id := range ids {
		before[id] = a.eventCount(id)
	}
	// A second tab on the first decision, with the same version.
	twin := a.login("secretary")
	posts = append(posts, &post{c: twin, id: ids[0], version: twin.version(ids[0])})

	var wg sync.WaitGroup
	for _, p := range posts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.status = p.c.post("/decisions/"+itoa(p.id)+"/events/suspend",
				url.Values{"version": {p.version}, "reason": {"依法暂停执行，待复核"}}).status
		}()
	}
	wg.Wait()

	statuses := map[int]int{}
	for _, p := range posts[1:n] {
		if p.status != http.StatusSeeOther {
			t.Errorf("decision %d: %d, want 303", p.id, p.status)
		}
	}
	statuses[posts[0].status]++
	statuses[posts[n].status]++
	if statuses[http.StatusSeeOther] != 1 || statuses[http.StatusConflict] != 1 {
		t.Errorf("the two tabs on decision %d: %d and %d, want one 303 and one 409", ids[0], posts[0].status, posts[n].status)
	}
	for _, id := range ids {
		if d := a.decision(id); d.State != workflow.Suspended {
			t.Errorf("decision %d: %s, want %s", id, d.State, workflow.Suspended)
		}
		if got := a.eventCount(id); got != before[id]+1 {
			t.Errorf("decision %d: %d events after, %d before: want one more", id, got, before[id])
		}
	}
	if _, err := a.db.VerifyChain(context.Background(), nil); err != nil {
		t.Errorf("chain: %v", err)
	}
}
