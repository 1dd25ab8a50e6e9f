package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"juece/workflow"
)

// searchFor runs a search as c and returns the page.
func (c *client) searchFor(q string) (int, *goquery.Document) {
	c.t.Helper()
	return c.get("/search?" + url.Values{"q": {q}}.Encode())
}

// hitTitles lists the decision titles of a results page, one per hit.
func hitTitles(doc *goquery.Document) []string {
	var out []string
	doc.Find(".search-hit a").Each(func(_ int, s *goquery.Selection) { out = append(out, s.Text()) })
	return out
}

func TestSearch(t *testing.T) {
	a := newApp(t)
	clerk, clerk2 := a.login("clerk"), a.login("clerk2")
	fare := clerk.createDecision("调整城市公交票价")
	clerk2.createDecision("老旧小区改造")

	// The empty query shows the form alone; the nav has the entry.
	st, doc := clerk.get("/search")
	if st != http.StatusOK {
		t.Fatalf("GET /search: %d", st)
	}
	if doc.Find(`form[role="search"] input[name="q"]`).Length() != 1 || doc.Find(`label[for="search-q"]`).Text() != "检索内容" {
		t.Errorf("no labelled search field")
	}
	if strings.TrimSpace(doc.Find(`form[role="search"] button`).Text()) != "检索" {
		t.Errorf("no 检索 button")
	}
	if doc.Find(".search-hit, .empty").Length() != 0 {
		t.Errorf("empty query shows results")
	}
	if doc.Find(`nav a[href="/search"]`).Text() != "全文检索" || doc.Find(`nav a[href="/search"][aria-current="page"]`).Length() != 1 {
		t.Errorf("nav has no current 全文检索 entry")
	}

	// Three or more characters: the index; the match is marked in the snippet.
	st, doc = clerk.searchFor("票价结构")
	if st != http.StatusOK {
		t.Fatalf("search: %d", st)
	}
	if got := hitTitles(doc); len(got) != 1 || got[0] != "调整城市公交票价" {
		t.Fatalf("clerk 票价结构: hits %v", got)
	}
	hit := doc.Find(".search-hit").First()
	if href, _ := hit.Find("a").Attr("href"); href != "/decisions/"+itoa(fare) {
		t.Errorf("hit links to %q", href)
	}
	if m := hit.Find(".snippet mark"); m.Length() != 1 || m.Text() != "票价结构" {
		t.Errorf("snippet %q: marks %d %q", hit.Find(".snippet").Text(), m.Length(), m.Text())
	}
	if !strings.Contains(hit.Find(".snippet").Text(), "票价结构不合理") {
		t.Errorf("snippet %q lacks the text around the match", hit.Find(".snippet").Text())
	}
	text := strings.Join(strings.Fields(hit.Text()), " ")
	for _, want := range []string{"决策事项", "市发展和改革委员会", workflow.Proposed.Label()} {
		if !strings.Contains(text, want) {
			t.Errorf("hit %q lacks %q", text, want)
		}
	}

	// One and two characters: the fallback.
	for _, q := range []string{"阶梯", "梯"} {
		_, doc = clerk.searchFor(q)
		if got := hitTitles(doc); len(got) != 1 {
			t.Errorf("clerk %s: hits %v", q, got)
		}
		if m := doc.Find(".snippet mark").Text(); m != q {
			t.Errorf("clerk %s: marked %q", q, m)
		}
	}

	// A clerk of another unit does not see it (both proposals have the same text); a
	// reviewer does.
	for _, q := range []string{"城市公交", "公交", "交"} {
		_, doc = clerk2.searchFor(q)
		if got := hitTitles(doc); len(got) != 0 {
			t.Errorf("clerk2 %s: sees %v", q, got)
		}
		if want := "未找到与“" + q + "”相关的内容"; strings.TrimSpace(doc.Find(".empty").Text()) != want {
			t.Errorf("clerk2 %s: %q, want %q", q, doc.Find(".empty").Text(), want)
		}
	}
	for _, q := range []string{"老旧小区", "票价结构", "阶梯"} {
		_, doc = clerk2.searchFor(q)
		if got := hitTitles(doc); len(got) != 1 || got[0] != "老旧小区改造" {
			t.Errorf("clerk2 %s: %v", q, got)
		}
	}
	for _, who := range []string{"reviewer", "secretary", "auditor"} {
		_, doc = a.login(who).searchFor("城市公交")
		if got := hitTitles(doc); len(got) != 1 || got[0] != "调整城市公交票价" {
			t.Errorf("%s: hits %v", who, got)
		}
	}

	// Admins see no decisions; nobody logged in is sent to log in.
	admin := a.login("admin")
	if st, _ := admin.searchFor("票价"); st != http.StatusForbidden {
		t.Errorf("admin: %d", st)
	}
	if _, doc := admin.get("/admin/users"); doc.Find(`a[href="/search"]`).Length() != 0 {
		t.Errorf("admin nav has 全文检索")
	}
	res := a.anon().do(mustRequest(t, a.srv.URL+"/search?q=%E7%A5%A8%E4%BB%B7"))
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/login") {
		t.Errorf("anonymous: %d %q", res.status, res.location)
	}

	// Query syntax is searched for as text and never an error.
	for _, q := range []string{`"票价" OR *`, `"`, `票价 NOT 公交`, `*`, `NEAR(a b)`, "%", "_"} {
		st, doc := clerk.searchFor(q)
		if st != http.StatusOK {
			t.Errorf("%q: %d", q, st)
		}
		if got := hitTitles(doc); len(got) != 0 {
			t.Errorf("%q: hits %v", q, got)
		}
	}
	// Too long a query is refused with the reason next to the field.
	st, doc = clerk.searchFor(strings.Repeat("票", 101))
	if st != http.StatusUnprocessableEntity || !strings.Contains(doc.Find(".field-error").Text(), "不超过 100 字") {
		t.Errorf("long query: %d %q", st, doc.Find(".field-error").Text())
	}
	if v, _ := doc.Find(`input[name="q"]`).Attr("aria-invalid"); v != "true" {
		t.Errorf("long query: field not marked invalid")
	}
}

func TestSearchEscapes(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	title := `<script>alert("x")</script><b>公交</b>`
	clerk.createDecision(title)
	for _, q := range []string{"<script>", "alert", "公交", "<b"} {
		req := mustRequest(t, a.srv.URL+"/search?"+url.Values{"q": {q}}.Encode())
		raw := clerk.raw(req)
		if strings.Contains(raw, "<script>alert") || strings.Contains(raw, "<b>公交") {
			t.Errorf("%q: the title reaches the page unescaped", q)
		}
		_, doc := clerk.searchFor(q)
		if doc.Find("main script, main b").Length() != 0 {
			t.Errorf("%q: the title became elements", q)
		}
		if got := hitTitles(doc); len(got) != 1 || got[0] != title {
			t.Errorf("%q: hits %q", q, got)
		}
		marks := doc.Find(".snippet mark")
		if marks.Length() == 0 {
			t.Errorf("%q: nothing marked in %q", q, doc.Find(".snippet").Text())
		}
		marks.Each(func(_ int, m *goquery.Selection) {
			if !strings.EqualFold(m.Text(), q) {
				t.Errorf("%q: marked %q", q, m.Text())
			}
		})
		if !strings.Contains(doc.Find(".snippet").Text(), q) {
			t.Errorf("%q: snippet %q", q, doc.Find(".snippet").Text())
		}
	}
	// The query itself is shown escaped too.
	q := `<img src=x onerror=alert(1)>`
	raw := clerk.raw(mustRequest(t, a.srv.URL+"/search?"+url.Values{"q": {q}}.Encode()))
	if strings.Contains(raw, "<img") {
		t.Errorf("the query reaches the page unescaped")
	}
	if !strings.Contains(raw, "&lt;img") {
		t.Errorf("the query is not shown")
	}
}

func mustRequest(t *testing.T, u string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// raw is the body of a GET as sent, before any parsing.
func (c *client) raw(req *http.Request) string {
	c.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	var b strings.Builder
	if _, err := io.Copy(&b, res.Body); err != nil {
		c.t.Fatal(err)
	}
	return b.String()
}

// TestSearchDocNumberAndTotal: the document number of a published decision is found however
// its year's brackets are typed, and "共 N 条" counts every matching record, not the hits shown.
func TestSearchDocNumberAndTotal(t *testing.T) {
	a := newApp(t)
	id := a.seedPublished("城市公共交通票价调整方案")
	sec := a.login("secretary")
	for _, q := range []string{"江政发〔2026〕12号", "江政发[2026]12号", "江政发【2026】12号"} {
		st, doc := sec.searchFor(q)
		hit := doc.Find(".search-hit").First()
		if st != http.StatusOK || doc.Find(".search-hit").Length() != 1 || hit.Find("a").AttrOr("href", "") != "/decisions/"+itoa(id) ||
			!strings.Contains(hit.Find(".kind").Text(), "公布的决定") || !strings.Contains(doc.Find(`[role="status"]`).Text(), "共 1 条") {
			t.Fatalf("search %q: %d %q", q, st, doc.Find("main").Text())
		}
	}
	cons := a.seedConsultation("城市公交线网调整方案", workflow.Flags{AffectsInterests: true})
	citizen := a.anon()
	citizen.get("/public/consultations/" + itoa(cons))
	for i := range 5 {
		if r := citizen.post("/public/consultations/"+itoa(cons), url.Values{"body": {"夜班公交延长意见" + itoa(int64(i))}}); r.status != http.StatusOK {
			t.Fatalf("comment %d: %d", i, r.status)
		}
	}
	st, doc := sec.searchFor("夜班公交")
	if status := doc.Find(`[role="status"]`).Text(); st != http.StatusOK || doc.Find(".search-hit").Length() != 3 ||
		!strings.Contains(status, "共 5 条") || !strings.Contains(status, "显示最新的 3 条") {
		t.Fatalf("five comments of one decision: %d hits, %q", doc.Find(".search-hit").Length(), status)
	}
}
