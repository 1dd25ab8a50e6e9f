package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"juece/store"
	"juece/web"
	"juece/workflow"
)

// portal reads the public portal and its API over HTTP, as a citizen's browser and program do.
type portal struct {
	t   *testing.T
	url string
}

func (p portal) get(path string, hdr ...string) (int, http.Header, []byte) {
	p.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, p.url+path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	return res.StatusCode, res.Header, b
}

func (p portal) page(path string) (int, *goquery.Document) {
	p.t.Helper()
	st, _, b := p.get(path)
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(b))
	if err != nil {
		p.t.Fatal(err)
	}
	return st, doc
}

func (p portal) json(path string, v any) int {
	p.t.Helper()
	st, h, b := p.get(path)
	if st == http.StatusOK && !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
		p.t.Fatalf("GET %s: Content-Type %q", path, h.Get("Content-Type"))
	}
	if err := json.Unmarshal(b, v); err != nil {
		p.t.Fatalf("GET %s: %d: %v: %s", path, st, err, b)
	}
	return st
}

type record map[string]any

func (r record) id() int64 { return int64(r["decision_id"].(float64)) }

// apiAll reads every page of an API list, a few rows a page so that paging is exercised.
func (p portal) apiAll(name string) []record {
	p.t.Helper()
	var all []record
	path := "/api/v1/public/" + name + "?per_page=3"
	for pages := 0; path != ""; pages++ {
		var got struct {
			Total int      `json:"total"`
			Next  *string  `json:"next"`
			Data  []record `json:"data"`
		}
		if st := p.json(path, &got); st != http.StatusOK || pages > 1000 {
			p.t.Fatalf("GET %s: %d", path, st)
		}
		all = append(all, got.Data...)
		path = ""
		if got.Next != nil {
			path = *got.Next
		} else if len(all) != got.Total {
			p.t.Fatalf("%s: read %d rows of a total of %d", name, len(all), got.Total)
		}
	}
	return all
}

// csvAll downloads a data set as CSV: its rows by column name.
func (p portal) csvAll(name string) []map[string]string {
	p.t.Helper()
	st, h, b := p.get("/public/data/" + name + ".csv")
	if st != http.StatusOK || h.Get("Content-Type") != "text/csv; charset=utf-8" || !bytes.HasPrefix(b, []byte("\ufeff")) {
		p.t.Fatalf("%s.csv: %d %q", name, st, h.Get("Content-Type"))
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		p.t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, col := range rows[0] {
			m[col] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// TestOpenDataVisibilityMatchesPortal seeds the demo and, on two days, walks every decision
// through the portal's pages and through the API and the downloads: each shows a decision, a
// comment notice, a hearing, a participant list or a comment exactly when the other does.
func TestOpenDataVisibilityMatchesPortal(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "juece.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 26, 15, 30, 0, 0, workflow.Shanghai)
	if ok, err := seedDemo(ctx, db, now); err != nil || !ok {
		t.Fatalf("seed: %v %v", ok, err)
	}
	clock := now
	h := web.New(db, web.Options{Now: func() time.Time { return clock }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	srv := httptest.NewServer(h)
	defer h.Wait()
	defer srv.Close()
	p := portal{t: t, url: srv.URL}
	rows, _, err := db.Decisions(ctx, store.DecisionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// Who sent each comment: contacts, and names that the published texts do not happen to use.
	var contacts, authors []string
	var published strings.Builder
	for _, r := range rows {
		d, err := db.Decision(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range d.Comments {
			published.WriteString(c.Body + c.Reason)
			if len([]rune(c.Contact)) >= 5 {
				contacts = append(contacts, c.Contact)
			}
			if len([]rune(c.Author)) >= 3 {
				authors = append(authors, c.Author)
			}
		}
		for _, x := range d.Revisions {
			published.WriteString(x.Body + x.Options)
		}
		if d.Feedback != nil {
			published.WriteString(d.Feedback.Summary)
		}
		if d.Publication != nil {
			published.WriteString(d.Publication.Text + d.Publication.Explanation)
		}
		if d.Notice != nil {
			published.WriteString(d.Notice.Explanation)
		}
	}
	for _, a := range authors {
		if !strings.Contains(published.String(), a) {
			contacts = append(contacts, a)
		}
	}
	// A published catalog of this year, one item carried out by a demo decision.
	err = db.InTx(ctx, func(tx *store.Tx) error {
		sec := workflow.Actor{Name: "测试", Role: workflow.RoleSecretary}
		for _, title := range []string{"城市公共交通票价调整", "老旧小区改造三年行动"} {
			if _, err := tx.AddCatalogItem(ctx, sec, now, store.CatalogItem{Year: 2026, Title: title, UnitID: rows[0].UnitID, Planned: "2026年第四季度", Reason: "年中新增"}); err != nil {
				return err
			}
		}
		if _, err := tx.AddCatalogItem(ctx, sec, now, store.CatalogItem{Year: 2027, Title: "尚未公布的目录事项", UnitID: rows[0].UnitID}); err != nil {
			return err
		}
		_, err := tx.PublishCatalog(ctx, sec, now, 2026, store.PartyAgreement{AgreedOn: now, Document: "市委办公室函〔2026〕15号"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(contacts) == 0 {
		t.Fatal("the demo's comments name nobody: the leak check would prove nothing")
	}

	for _, day := range []int{0, 45} {
		clock = now.AddDate(0, 0, day)
		seen := map[string]int{}
		lists := map[string][]record{}
		csvs := map[string][]map[string]string{}
		for _, name := range []string{"decisions", "consultations", "hearings", "comments", "catalogs"} {
			lists[name], csvs[name] = p.apiAll(name), p.csvAll(name)
			if len(lists[name]) != len(csvs[name]) {
				t.Errorf("day %d: %s: %d rows in the API, %d in the CSV", day, name, len(lists[name]), len(csvs[name]))
			}
			for _, name := range []string{name + ".json"} {
				var whole struct{ Data []record }
				p.json("/public/data/"+name, &whole)
				if n := len(whole.Data); n != len(csvs[strings.TrimSuffix(name, ".json")]) {
					t.Errorf("day %d: %s has %d rows", day, name, n)
				}
			}
		}
		listed := func(name string, id int64) bool {
			return slices.ContainsFunc(lists[name], func(r record) bool { return r.id() == id })
		}
		inCSV := func(name string, id int64) bool {
			return slices.ContainsFunc(csvs[name], func(r map[string]string) bool { return r["decision_id"] == strconv.FormatInt(id, 10) })
		}
		ids := []int64{999999}
		for _, r := range rows {
			ids = append(ids, r.ID)
		}
		for _, id := range ids {
			for _, kind := range []string{"decisions", "consultations", "hearings"} {
				st, doc := p.page(fmt.Sprintf("/public/%s/%d", kind, id))
				var api record
				ast := p.json(fmt.Sprintf("/api/v1/public/%s/%d", kind, id), &api)
				shown := st == http.StatusOK
				if st != http.StatusOK && st != http.StatusNotFound || ast != st || listed(kind, id) != shown || inCSV(kind, id) != shown {
					t.Errorf("day %d, %s %d: page %d, API %d, listed %v, in the CSV %v", day, kind, id, st, ast, listed(kind, id), inCSV(kind, id))
				}
				if !shown {
					continue
				}
				seen[kind]++
				// The comments the page shows are those the API shows and the comments data set holds:
				// the page shows a group of identical comments by its first one, with its count.
				if kind != "hearings" {
					var pageRefs, apiRefs, setRefs []string
					onPage := 0
					doc.Find(".public-comments > li").Each(func(_ int, s *goquery.Selection) {
						pageRefs = append(pageRefs, strings.TrimSpace(s.Find(".ref").Text()))
						n := 1
						if c := s.Find(".count").Text(); c != "" {
							fmt.Sscanf(c, "相同或相近意见 %d 条", &n)
						}
						onPage += n
					})
					if cs, ok := api["comments"].([]any); ok {
						for _, c := range cs {
							apiRefs = append(apiRefs, c.(map[string]any)["ref"].(string))
						}
					}
					for _, c := range lists["comments"] {
						if c.id() == id {
							setRefs = append(setRefs, c["ref"].(string))
						}
					}
					slices.Sort(apiRefs)
					slices.Sort(setRefs)
					for _, ref := range pageRefs {
						if _, found := slices.BinarySearch(apiRefs, ref); !found {
							t.Errorf("day %d, %s %d: comment %s on the page, not in the API %v", day, kind, id, ref, apiRefs)
						}
					}
					if onPage != len(apiRefs) || (onPage > 0 && !slices.Equal(apiRefs, setRefs)) {
						t.Errorf("day %d, %s %d: %d comments on the page %v, in the API %v, in the data set %v", day, kind, id, onPage, pageRefs, apiRefs, setRefs)
					}
					seen[kind+" comments"] += onPage
				}
				// The implementation tracker: the same milestones and public reports.
				if kind == "decisions" {
					var pageMs, apiMs []string
					doc.Find("table.milestones tbody tr td:first-child").Each(func(_ int, s *goquery.Selection) {
						pageMs = append(pageMs, strings.TrimSpace(s.Text()))
					})
					for _, x := range api["milestones"].([]any) {
						apiMs = append(apiMs, x.(map[string]any)["title"].(string))
					}
					var pageReports, apiReports []string
					doc.Find(".public-reports li .pre").Each(func(_ int, s *goquery.Selection) {
						pageReports = append(pageReports, strings.TrimSpace(s.Text()))
					})
					for _, x := range api["reports"].([]any) {
						apiReports = append(apiReports, x.(map[string]any)["body"].(string))
					}
					if !slices.Equal(pageMs, apiMs) || !slices.Equal(pageReports, apiReports) {
						t.Errorf("day %d, decision %d: milestones %v / %v, reports %v / %v (page / API)", day, id, pageMs, apiMs, pageReports, apiReports)
					}
					seen["milestones"] += len(pageMs)
				}
				// The participants the page lists are those the API lists.
				if kind == "hearings" {
					var pageNames, apiNames []string
					doc.Find("table.participants tbody tr td:first-child").Each(func(_ int, s *goquery.Selection) {
						pageNames = append(pageNames, strings.TrimSpace(s.Text()))
					})
					for _, x := range api["participants"].([]any) {
						apiNames = append(apiNames, x.(map[string]any)["name"].(string))
					}
					// And the draw: the same sign-ups and the same drawn list.
					var pageDraw, apiDraw []string
					doc.Find("#draw td.ref").Each(func(_ int, s *goquery.Selection) { pageDraw = append(pageDraw, s.Text()) })
					if draw, ok := api["draw"].(map[string]any); ok {
						for _, x := range draw["list"].([]any) {
							apiDraw = append(apiDraw, x.(map[string]any)["ref"].(string))
						}
						for _, x := range draw["entries"].([]any) {
							apiDraw = append(apiDraw, x.(map[string]any)["ref"].(string))
						}
						seen["draws"]++
					}
					if !slices.Equal(pageDraw, apiDraw) {
						t.Errorf("day %d, hearing %d: the draw on the page %v, in the API %v", day, id, pageDraw, apiDraw)
					}
					if !slices.Equal(pageNames, apiNames) {
						t.Errorf("day %d, hearing %d: participants on the page %v, in the API %v", day, id, pageNames, apiNames)
					}
					seen["participants"] += len(pageNames)
				}
			}
		}
		t.Logf("day %d: shown %v", day, seen)
		// Every comment of the data set is shown on a page of its decision.
		if n := seen["decisions comments"] + seen["consultations comments"]; n < len(lists["comments"]) {
			t.Errorf("day %d: the comments data set has %d rows, the pages show %d", day, len(lists["comments"]), n)
		}
		for _, what := range []string{"decisions", "consultations", "hearings", "consultations comments", "participants", "draws", "milestones"} {
			if seen[what] == 0 {
				t.Errorf("day %d: no %s shown: the walk proves little", day, what)
			}
		}
		if seen["decisions"] == len(rows) || seen["consultations"] == len(rows) {
			t.Errorf("day %d: every decision is public: the walk proves little", day)
		}

		// The catalogs: each published year's page lists what the data set holds for it.
		years := map[string][]string{}
		for _, it := range lists["catalogs"] {
			y := strconv.Itoa(int(it["year"].(float64)))
			years[y] = append(years[y], it["title"].(string))
		}
		for y, titles := range years {
			_, doc := p.page("/public/catalog?year=" + y)
			text := doc.Find("main").Text()
			for _, title := range titles {
				if !strings.Contains(text, title) {
					t.Errorf("day %d: catalog %s lacks %q", day, y, title)
				}
			}
		}
		if !slices.Contains(years["2026"], "老旧小区改造三年行动") || years["2027"] != nil || slices.Contains(years["2026"], "城区农贸市场摊位费收费标准调整") {
			t.Errorf("day %d: published catalogs %v: want this test's items and the demo's published ones, never 2027's nor a removed one", day, years)
		}
	}

	// Nothing names who sent a comment.
	for _, path := range []string{"/public/data/comments.csv", "/public/data/comments.json", "/public/data/consultations.json",
		"/api/v1/public/comments?per_page=200", "/public/data/decisions.json"} {
		_, _, b := p.get(path)
		for _, c := range contacts {
			if bytes.Contains(b, []byte(c)) {
				t.Errorf("%s names a commenter: %q", path, c)
			}
		}
		if bytes.Contains(b, []byte(`"author"`)) || bytes.Contains(b, []byte(`"contact"`)) {
			t.Errorf("%s has an author or contact field", path)
		}
	}
}

// TestOpenDataCaching: the API and downloads carry an ETag that a conditional request
// confirms, and which changes with a write or a new day.
func TestOpenDataCaching(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "juece.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 26, 15, 30, 0, 0, workflow.Shanghai)
	if ok, err := seedDemo(ctx, db, now); err != nil || !ok {
		t.Fatalf("seed: %v %v", ok, err)
	}
	clock := now
	h := web.New(db, web.Options{Now: func() time.Time { return clock }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	srv := httptest.NewServer(h)
	defer h.Wait()
	defer srv.Close()
	p := portal{t: t, url: srv.URL}
	for _, path := range []string{"/api/v1/public/decisions", "/public/data/comments.csv"} {
		st, hdr, _ := p.get(path)
		tag := hdr.Get("ETag")
		if st != http.StatusOK || tag == "" || hdr.Get("Cache-Control") != "public, max-age=60" || len(hdr.Values("Set-Cookie")) != 0 {
			t.Fatalf("GET %s: %d, ETag %q, Cache-Control %q, cookies %v", path, st, tag, hdr.Get("Cache-Control"), hdr.Values("Set-Cookie"))
		}
		if st, _, b := p.get(path, "If-None-Match", tag); st != http.StatusNotModified || len(b) != 0 {
			t.Fatalf("GET %s with its ETag: %d, %d bytes", path, st, len(b))
		}
		clock = clock.AddDate(0, 0, 1)
		if st, _, _ := p.get(path, "If-None-Match", tag); st != http.StatusOK {
			t.Fatalf("GET %s the next day with the old ETag: %d", path, st)
		}
		clock = now
	}
	_, hdr, _ := p.get("/api/v1/public/consultations")
	tag := hdr.Get("ETag")
	// A citizen's comment is a write: the old copy is stale.
	var open struct{ Data []record }
	p.json("/api/v1/public/consultations", &open)
	var id int64
	for _, r := range open.Data {
		if r["open"] == true {
			id = r.id()
		}
	}
	if id == 0 {
		t.Fatal("the demo has no open consultation")
	}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.AddPublicComment(ctx, now, id, workflow.Comment{Body: "缓存测试意见"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if st, _, _ := p.get("/api/v1/public/consultations", "If-None-Match", tag); st != http.StatusOK {
		t.Fatalf("after a write, the old ETag: %d", st)
	}

	// Bad paging is refused in JSON; the OpenAPI document describes every list.
	var e struct{ Error string }
	if st := p.json("/api/v1/public/decisions?per_page=1000", &e); st != http.StatusBadRequest || !strings.Contains(e.Error, "per_page") {
		t.Fatalf("per_page=1000: %d %q", st, e.Error)
	}
	if st := p.json("/api/v1/public/decisions/abc", &e); st != http.StatusNotFound || e.Error == "" {
		t.Fatalf("a bad id: %d %q", st, e.Error)
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	p.json("/api/v1/public/openapi.json", &doc)
	for _, path := range []string{"/api/v1/public/decisions", "/api/v1/public/decisions/{id}", "/api/v1/public/comments",
		"/api/v1/public/consultations", "/api/v1/public/hearings", "/api/v1/public/catalogs"} {
		if doc.Paths[path]["get"] == nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
			t.Errorf("the OpenAPI document (%s) lacks GET %s", doc.OpenAPI, path)
		}
	}
	st, page := p.page("/public/data")
	if st != http.StatusOK || page.Find(`a[href="/public/data/comments.csv"]`).Length() != 1 ||
		!strings.Contains(page.Find("#licence").Text(), "CC BY 4.0") || page.Find("#comments table.schema tbody tr").Length() != 7 {
		t.Fatalf("/public/data: %d, or a download, the licence or the comments' schema is missing", st)
	}
}
