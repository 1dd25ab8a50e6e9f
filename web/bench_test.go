package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"juece/store"
	"juece/workflow"
)

// BenchmarkDecisionPage serves a published decision's page with every stage recorded, through
// the router: session, loading, gates for the checklist and buttons, rendering.
func BenchmarkDecisionPage(b *testing.B) {
	a := newApp(b)
	id := a.seedPublished("城市公共交通票价调整方案")
	c := a.login("secretary")
	path := "/decisions/" + itoa(id)
	b.ReportAllocs()
	for b.Loop() {
		if status, _ := c.fetch(path); status != http.StatusOK {
			b.Fatalf("%s: %d", path, status)
		}
	}
}

// BenchmarkTransitionPost fires a transition end to end: the POST with its session and CSRF
// token, the gates, the write with its history event, and the redirect. The decision is
// suspended and resumed in turn; the version comes from the previous answer's page.
func BenchmarkTransitionPost(b *testing.B) {
	a := newApp(b)
	id := a.seedPublished("城市公共交通票价调整方案")
	a.now(id, func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		return tx.SetStateForTest(ctx, a.users["secretary"].Actor(), at, d, workflow.Implement, workflow.Implementation, "")
	})
	c := a.login("secretary")
	version := c.version(id)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		ev := "suspend"
		if n%2 == 1 {
			ev = "resume"
		}
		n++
		r := c.post("/decisions/"+itoa(id)+"/events/"+ev, url.Values{"reason": {"依法暂停执行"}, "version": {version}})
		if r.status != http.StatusSeeOther {
			b.Fatalf("%s: %d %s", ev, r.status, r.text())
		}
		b.StopTimer()
		version = itoa(a.decision(id).Version) // what the page the redirect leads to would carry
		b.StartTimer()
	}
}
