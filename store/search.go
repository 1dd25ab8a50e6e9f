package store

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"juece/workflow"
)

// SnippetOpen and SnippetClose surround each match in SearchHit.Snippet. They are control
// characters no form lets through unnoticed, so the view can split on them and escape the text
// between them like any other user text.
const (
	SnippetOpen  = "\x02"
	SnippetClose = "\x03"
)

// Search kinds: what a SearchHit was found in (the kind column of search_index).
const (
	SearchDecision    = "decision"    // 决策事项: title and proposal
	SearchRevision    = "revision"    // 草案
	SearchComment     = "comment"     // 公众意见 and its handling
	SearchOpinion     = "opinion"     // 会议发言
	SearchMeeting     = "meeting"     // 会议记录
	SearchExpert      = "expert"      // 专家意见
	SearchReview      = "review"      // 合法性审查意见
	SearchHearing     = "hearing"     // 听证记录
	SearchPublication = "publication" // 公布的决定：文号、正文和解读
)

// SearchHit is one record that matched a full-text search, with the decision it belongs to.
type SearchHit struct {
	DecisionID int64
	Title      string // the decision's title
	State      workflow.State
	UnitName   string
	Kind       string // one of the Search… kinds
	Snippet    string // plain text around the match; matches between SnippetOpen and SnippetClose
}

// Search limits.
const (
	searchMaxLimit    = 50 // hits per search at most
	searchPerDecision = 3  // hits of one decision at most, so one busy decision does not fill the page
	searchScan        = 5  // candidate rows read per hit asked for, before the per-decision cut
	snippetContext    = 20 // runes either side of a match in a LIKE-fallback snippet
	snippetTokens     = 40 // FTS5 snippet length (the trigram tokenizer counts about one per character)
)

// Search finds q in decisions and their records (drafts, public comments, meeting opinions and
// minutes, expert opinions, legality reviews, hearing records): only decisions of unit unitID,
// or of every unit when unitID is 0 — the caller decides what the user may see. Queries of
// three or more characters use the trigram index, newest record first; shorter ones go through
// the trigrams they begin (searchScan). q is always
// searched for as a literal string: quotes and FTS5 operators in it have no meaning.
func (db *DB) Search(ctx context.Context, q string, unitID int64, limit int) ([]SearchHit, error) {
	q = normalizeQuery(q)
	if q == "" {
		return nil, nil
	}
	if limit <= 0 || limit > searchMaxLimit {
		limit = searchMaxLimit
	}
	// The same query from the same scope finds the same until the next write (memo.go).
	hits, err := remembered(ctx, db, fmt.Sprintf("search %d %d %s", unitID, limit, q), func() ([]SearchHit, error) {
		if len([]rune(q)) >= 3 {
			return db.searchFTS(ctx, q, unitID, limit)
		}
		return db.searchScan(ctx, q, unitID, limit)
	})
	if err != nil {
		return nil, fmt.Errorf("store: search %q unit %d: %w", q, unitID, err)
	}
	return slices.Clone(hits), nil
}

// yearBrackets is a year in any of the brackets people type into a document number (文号):
// [2026], 【2026】, (2026), （2026）, 〔2026〕.
var yearBrackets = regexp.MustCompile(`[\[【(（〔［]\s*(\d{4})\s*[\]】)）〕］]`)

// normalizeQuery is a query as searched for: control characters as spaces, trimmed, and a
// year in brackets written as document numbers are (澜政发〔2026〕22号), as the index holds
// them (store/migrations/051_search_publications.sql).
func normalizeQuery(q string) string {
	q = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, q))
	return yearBrackets.ReplaceAllString(q, "〔$1〕")
}

// SearchCountMax is where SearchCount stops counting: a count above it says only that there
// are more, so that a common term costs a bounded time. The count is kept until the next
// write (memo.go).
const SearchCountMax = 1000

// SearchCount is how many records Search finds for q without its limits — every matching
// record, not only the first few of each decision — up to SearchCountMax+1.
func (db *DB) SearchCount(ctx context.Context, q string, unitID int64) (int, error) {
	q = normalizeQuery(q)
	if q == "" {
		return 0, nil
	}
	n, err := remembered(ctx, db, fmt.Sprintf("search count %d %s", unitID, q), func() (int, error) {
		return db.searchCount(ctx, q, unitID)
	})
	if err != nil {
		return 0, fmt.Errorf("store: count %q unit %d: %w", q, unitID, err)
	}
	return n, nil
}

func (db *DB) searchCount(ctx context.Context, q string, unitID int64) (int, error) {
	if len([]rune(q)) < 3 {
		rows, err := db.shortRows(ctx, q, unitID, SearchCountMax+1)
		return min(len(rows), SearchCountMax+1), err
	}
	query := `SELECT 1 FROM search_index s JOIN decisions d ON d.id = s.decision_id WHERE search_index MATCH ?`
	args := []any{ftsPhrase(q)}
	if unitID != 0 {
		query += " AND d.unit_id = ?"
		args = append(args, unitID)
	}
	var n int
	err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM ("+query+" LIMIT ?)", append(args, SearchCountMax+1)...).Scan(&n)
	return n, err
}

// ftsPhrase quotes q as one FTS5 phrase, so nothing the user typed is read as query syntax.
func ftsPhrase(q string) string {
	return `"` + strings.ReplaceAll(q, `"`, `""`) + `"`
}

// searchFTS answers a query of three or more characters from the trigram index.
func (db *DB) searchFTS(ctx context.Context, q string, unitID int64, limit int) ([]SearchHit, error) {
	query := `SELECT s.decision_id, d.title, d.state, u.name, s.kind,
		snippet(search_index, -1, ?, ?, '…', ?)
		FROM search_index s JOIN decisions d ON d.id = s.decision_id JOIN units u ON u.id = d.unit_id
		WHERE search_index MATCH ?`
	args := []any{SnippetOpen, SnippetClose, snippetTokens, ftsPhrase(q)}
	if unitID != 0 {
		query += " AND d.unit_id = ?"
		args = append(args, unitID)
	}
	// Newest records first: the index then stops at the limit instead of ranking every match
	// (a phrase common in meeting minutes matches tens of thousands of rows).
	query += " ORDER BY s.rowid DESC LIMIT ?"
	args = append(args, limit*searchScan)
	rows, err := collect(ctx, db.read, func(r rowScanner) (SearchHit, error) {
		var h SearchHit
		err := r.Scan(&h.DecisionID, &h.Title, &h.State, &h.UnitName, &h.Kind, &h.Snippet)
		return h, err
	}, query, args...)
	if err != nil {
		return nil, err
	}
	return capHits(rows, limit), nil
}

// ShortQueryRecords is how many of the newest indexed records a short query looks through when
// it begins too many trigrams to ask the index for them all (a common single character).
const ShortQueryRecords = 100_000

// Short queries (store/migrations/009_search_short.sql).
const (
	shortTermsMax    = 300         // trigrams one query may stand for
	shortTermsKept   = time.Minute // how long a query's trigrams are kept
	shortTermsMemory = 1_000       // queries whose trigrams are kept at most
)

// shortRecentScan is how many of the newest records a short query also scans, for trigrams
// newer than its kept list (a variable so that tests can make the index answer alone).
var shortRecentScan = 500

// shortTerms keeps, per query, the indexed trigrams that start with it, for a minute.
type shortTerms struct {
	mu sync.Mutex
	m  map[string]shortTermsEntry
}

type shortTermsEntry struct {
	terms []string
	fits  bool
	at    time.Time
}

// termsStarting lists the index's trigrams that start with q (lower case, as indexed); nil and
// false when there are more than shortTermsMax.
func (db *DB) termsStarting(ctx context.Context, q string) ([]string, bool, error) {
	db.shortTerms.mu.Lock()
	e, ok := db.shortTerms.m[q]
	db.shortTerms.mu.Unlock()
	if ok && time.Since(e.at) < shortTermsKept {
		return e.terms, e.fits, nil
	}
	r := []rune(q)
	hi := string(r[:len(r)-1]) + string(r[len(r)-1]+1)
	terms, err := collect(ctx, db.read, func(r rowScanner) (string, error) {
		var t string
		return t, r.Scan(&t)
	}, "SELECT term FROM search_terms WHERE term >= ? AND term < ? LIMIT ?", q, hi, shortTermsMax+1)
	if err != nil {
		return nil, false, err
	}
	fits := len(terms) <= shortTermsMax
	if !fits {
		terms = nil
	}
	db.shortTerms.mu.Lock()
	if len(db.shortTerms.m) >= shortTermsMemory {
		clear(db.shortTerms.m)
	}
	db.shortTerms.m[q] = shortTermsEntry{terms: terms, fits: fits, at: time.Now()}
	db.shortTerms.mu.Unlock()
	return terms, fits, nil
}

// searchScan answers a one- or two-character query, which the trigram index cannot match
// directly: as the trigrams that start with it (every indexed text ends with a newline, so
// each occurrence begins one), newest first, together with the newest records scanned
// directly, which may hold trigrams newer than the kept list. A query that starts too many
// trigrams scans the newest ShortQueryRecords records instead.
func (db *DB) searchScan(ctx context.Context, q string, unitID int64, limit int) ([]SearchHit, error) {
	hits, err := db.shortRows(ctx, q, unitID, limit*searchScan)
	if err != nil {
		return nil, err
	}
	return capHits(hits, limit), nil
}

// shortRows are the records a short query finds, newest first, each once: at most n of each
// way of finding them, every one when n is -1.
func (db *DB) shortRows(ctx context.Context, q string, unitID int64, n int) ([]SearchHit, error) {
	lq := strings.ToLower(q)
	terms, fits, err := db.termsStarting(ctx, lq)
	if err != nil {
		return nil, err
	}
	type row struct {
		rowid int64
		hit   SearchHit
	}
	scan := func(r rowScanner) (row, error) {
		var x row
		var title, body string
		err := r.Scan(&x.rowid, &x.hit.DecisionID, &x.hit.Title, &x.hit.State, &x.hit.UnitName, &x.hit.Kind, &title, &body)
		title, body = strings.TrimRight(title, "\n"), strings.TrimRight(body, "\n") // the index's end marks
		// The body is where the substance is; the title (a decision's own, a speaker, a
		// meeting number) only when the body does not have it.
		if x.hit.Snippet = markAround(body, q, snippetContext); x.hit.Snippet == "" {
			x.hit.Snippet = markAround(title, q, snippetContext)
		}
		return x, err
	}
	const cols = `SELECT s.rowid, s.decision_id, d.title, d.state, u.name, s.kind, s.title, s.body FROM `
	const join = ` JOIN decisions d ON d.id = s.decision_id JOIN units u ON u.id = d.unit_id`
	const contains = ` (instr(lower(s.title), ?) > 0 OR instr(lower(s.body), ?) > 0)`
	unit, unitArgs := "", []any{}
	if unitID != 0 {
		unit, unitArgs = " AND d.unit_id = ?", []any{unitID}
	}
	recent := shortRecentScan
	if !fits {
		recent = ShortQueryRecords
	}
	rows, err := collect(ctx, db.read, scan, cols+fmt.Sprintf(`(SELECT rowid, decision_id, kind, title, body
		FROM search_index ORDER BY rowid DESC LIMIT %d) s`, recent)+join+" WHERE"+contains+unit+
		fmt.Sprintf(" ORDER BY s.rowid DESC LIMIT %d", n), append([]any{lq, lq}, unitArgs...)...)
	if err != nil {
		return nil, err
	}
	if len(terms) > 0 {
		quoted := make([]string, len(terms))
		for i, t := range terms {
			quoted[i] = ftsPhrase(t)
		}
		indexed, err := collect(ctx, db.read, scan, cols+"search_index s"+join+" WHERE search_index MATCH ? AND"+contains+unit+
			fmt.Sprintf(" ORDER BY s.rowid DESC LIMIT %d", n), append([]any{strings.Join(quoted, " OR "), lq, lq}, unitArgs...)...)
		if err != nil {
			return nil, err
		}
		rows = append(rows, indexed...)
	}
	// Newest first, each record once.
	slices.SortFunc(rows, func(a, b row) int { return cmp.Compare(b.rowid, a.rowid) })
	rows = slices.CompactFunc(rows, func(a, b row) bool { return a.rowid == b.rowid })
	hits := make([]SearchHit, 0, len(rows))
	for _, r := range rows {
		hits = append(hits, r.hit)
	}
	return hits, nil
}

// capHits keeps at most searchPerDecision hits of each decision, in order, and limit in all.
func capHits(rows []SearchHit, limit int) []SearchHit {
	seen := map[int64]int{}
	var out []SearchHit
	for _, h := range rows {
		if seen[h.DecisionID] >= searchPerDecision {
			continue
		}
		seen[h.DecisionID]++
		out = append(out, h)
		if len(out) == limit {
			break
		}
	}
	return out
}

// markAround is the text around the first match of q in s (compared case-blind), around
// runes either side, with every match inside marked by SnippetOpen and SnippetClose and "…"
// where the text was cut. It is "" when s does not contain q.
func markAround(s, q string, around int) string {
	text, needle := []rune(s), foldRunes([]rune(q))
	folded := foldRunes(text)
	at := indexRunes(folded, needle, 0)
	if at < 0 || len(needle) == 0 {
		return ""
	}
	from := max(at-around, 0)
	to := min(at+len(needle)+around, len(text))
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	for i := from; i < to; {
		if i+len(needle) <= to && slices.Equal(folded[i:i+len(needle)], needle) {
			b.WriteString(SnippetOpen + string(text[i:i+len(needle)]) + SnippetClose)
			i += len(needle)
			continue
		}
		b.WriteRune(text[i])
		i++
	}
	if to < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// foldRunes lower-cases each rune; one rune stays one rune, so indexes carry over.
func foldRunes(rs []rune) []rune {
	out := make([]rune, len(rs))
	for i, r := range rs {
		out[i] = unicode.ToLower(r)
	}
	return out
}

// indexRunes is the index of the first needle in s at or after from, or -1.
func indexRunes(s, needle []rune, from int) int {
	for i := from; i+len(needle) <= len(s); i++ {
		if slices.Equal(s[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}

// PauseSearch drops the triggers that keep the search index, for a bulk load (juece seed):
// SQLite flushes the full-text index at every statement of a transaction that touches it,
// which makes loading many records slow. It returns the triggers' SQL for ResumeSearch.
func (tx *Tx) PauseSearch(ctx context.Context) ([]string, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master
		WHERE type = 'trigger' AND name GLOB 'search_*' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: pause search: %w", err)
	}
	var names, triggers []string
	for rows.Next() {
		var name, sql string
		if err := rows.Scan(&name, &sql); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: pause search: %w", err)
		}
		names, triggers = append(names, name), append(triggers, sql)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: pause search: %w", err)
	}
	for _, name := range names {
		if _, err := tx.tx.raw.ExecContext(ctx, `DROP TRIGGER "`+name+`"`); err != nil {
			return nil, fmt.Errorf("store: pause search: %w", err)
		}
	}
	return triggers, nil
}

// ResumeSearch puts back the triggers PauseSearch dropped and indexes every record again, with
// the statements the latest search migration rebuilt the index with.
func (tx *Tx) ResumeSearch(ctx context.Context, triggers []string) error {
	for _, sql := range triggers {
		if _, err := tx.tx.raw.ExecContext(ctx, sql); err != nil {
			return fmt.Errorf("store: resume search: %w", err)
		}
	}
	// The first deletes, then indexes all the kinds of 009; the second the publications.
	for _, m := range []struct{ file, marker string }{
		{"migrations/009_search_short.sql", "-- Index everything again, each text with its newline."},
		{"migrations/051_search_publications.sql", "-- Index the publications."},
	} {
		migration, err := migrationFiles.ReadFile(m.file)
		if err != nil {
			return err
		}
		_, backfill, ok := strings.Cut(string(migration), m.marker)
		if !ok {
			return fmt.Errorf("store: resume search: no backfill in %s", m.file)
		}
		if _, err := tx.tx.raw.ExecContext(ctx, backfill); err != nil {
			return fmt.Errorf("store: resume search: %w", err)
		}
	}
	// One merged index reads faster than the segments a load leaves behind.
	if _, err := tx.tx.raw.ExecContext(ctx, "INSERT INTO search_index(search_index) VALUES ('optimize')"); err != nil {
		return fmt.Errorf("store: resume search: %w", err)
	}
	return nil
}
