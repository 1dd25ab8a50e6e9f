package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"juece/web"
)

// TestBarePageOnlyWithTheFlag: the benchmark's ceiling page shows any decision to anyone, so
// a server without --bench-ceiling does not have it; with it, it shows the decision's title
// and its five latest events.
func TestBarePageOnlyWithTheFlag(t *testing.T) {
	a := newApp(t)
	id := a.seedPublished("城市公共交通票价调整方案")
	path := "/bench/bare/" + itoa(id)
	if st, _ := a.anon().get(path); st != http.StatusNotFound {
		t.Fatalf("GET %s without the flag: %d, want 404", path, st)
	}
	h := web.New(a.db, web.Options{Now: a.clock.Now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), BenchCeiling: true})
	srv := httptest.NewServer(h)
	t.Cleanup(h.Wait)
	t.Cleanup(srv.Close)
	res, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	doc, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	events, err := a.db.History(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	last := events[len(events)-1]
	if res.StatusCode != http.StatusOK || doc.Find("h1").Text() != "城市公共交通票价调整方案" || doc.Find("li").Length() != 5 ||
		!strings.Contains(doc.Find("li").First().Text(), last.Summary) {
		t.Fatalf("GET %s with the flag: %d, h1 %q, %d events, first %q (want %q first)", path, res.StatusCode,
			doc.Find("h1").Text(), doc.Find("li").Length(), doc.Find("li").First().Text(), last.Summary)
	}
	if res, _ := http.Get(srv.URL + "/bench/bare/999999"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("GET a missing decision's bare page: %d", res.StatusCode)
	}

	// The write groups' counts, which the benchmark reports for its transitions.
	if st, _ := a.anon().get("/bench/writes"); st != http.StatusNotFound {
		t.Fatalf("GET /bench/writes without the flag: %d, want 404", st)
	}
	writes := func() (w struct{ Groups, Writes, Largest int64 }) {
		t.Helper()
		res, err := http.Get(srv.URL + "/bench/writes")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if err := json.NewDecoder(res.Body).Decode(&w); err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("GET /bench/writes: %d %v", res.StatusCode, err)
		}
		return w
	}
	before := writes()
	a.seedPublished("老旧小区改造三年行动计划")
	after := writes()
	if after.Writes <= before.Writes || after.Groups <= before.Groups || after.Largest < 1 {
		t.Fatalf("/bench/writes before %+v, after writing %+v: want both counts up", before, after)
	}
}
