package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// searchLimit is the most hits a search shows.
const searchLimit = 20 // a page one reads; a longer query narrows it

// search is 全文检索: GET /search?q=…. It searches only what the user may see — a clerk their
// own unit's decisions, reviewers, the secretary and auditors every decision (as mayView) —
// and is refused to admins, who see no decisions at all.
func (s *Server) search(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	if u.Role == workflow.RoleAdmin {
		return errForbidden
	}
	r := readForm(c, "search")
	q := r.short("q", "检索内容", false, 100)
	p := views.SearchPage{Page: page(c, "全文检索", "search"), Form: r.f,
		Scope: "检索所有决策事项的名称、建议内容、草案、公众意见、专家意见、听证记录、审查意见、会议记录、会议发言和公布的决定（含文号），最新的在前；一至两个字也可检索。"}
	var unitID int64
	if u.Role == workflow.RoleClerk {
		unitID = u.UnitID // a clerk sees only their own unit's decisions
		p.Scope = strings.Replace(p.Scope, "所有决策事项", "本单位决策事项", 1)
	}
	if q == "" || r.f.HasErrors() {
		status := http.StatusOK
		if r.f.HasErrors() {
			status = http.StatusUnprocessableEntity
		}
		return render(c, status, views.Search(p))
	}
	if len([]rune(q)) == 1 {
		p.ShortOnly = store.ShortQueryRecords // when the character begins too many indexed trigrams
	}
	hits, err := s.db.Search(c.Request().Context(), q, unitID, searchLimit)
	if err != nil {
		return err
	}
	p.Query, p.CountedTo = q, store.SearchCountMax
	if p.Total, err = s.db.SearchCount(c.Request().Context(), q, unitID); err != nil {
		return err
	}
	for _, h := range hits {
		p.Items = append(p.Items, views.SearchItem{DecisionID: h.DecisionID, Title: h.Title, State: h.State,
			Unit: h.UnitName, Kind: views.SearchKindLabel(h.Kind), Snippet: snippetParts(h.Snippet)})
	}
	return render(c, http.StatusOK, views.Search(p))
}

// snippetParts splits a store snippet on its match markers into plain runs of text, so that the
// view marks the matches and escapes everything, the matches included. A stray marker (one in
// the stored text itself) only switches marking on or off; it never reaches the page.
func snippetParts(snippet string) []views.SnippetPart {
	var parts []views.SnippetPart
	match := false
	for snippet != "" {
		next := store.SnippetOpen
		if match {
			next = store.SnippetClose
		}
		i := strings.IndexAny(snippet, store.SnippetOpen+store.SnippetClose)
		if i < 0 {
			i = len(snippet)
		}
		if i > 0 {
			parts = append(parts, views.SnippetPart{Text: snippet[:i], Match: match})
		}
		if i == len(snippet) {
			break
		}
		if snippet[i:i+1] == next {
			match = !match
		}
		snippet = snippet[i+1:]
	}
	return parts
}
