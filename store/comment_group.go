package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"juece/store/textclean"
	"juece/workflow"
)

// fillGroupKeys computes the group key of every comment stored before the key existed
// (migration 055). The key is derived from the body and not recorded, so no event is written.
func (db *DB) fillGroupKeys(ctx context.Context) error {
	return db.inTx(ctx, txMigrate, func(tx *Tx) error {
		type row struct {
			id   int64
			body string
		}
		rows, err := collect(ctx, tx.tx, func(r rowScanner) (row, error) {
			var x row
			return x, r.Scan(&x.id, &x.body)
		}, "SELECT id, body FROM comments WHERE group_key IS NULL")
		if err != nil {
			return fmt.Errorf("store: comments without a group key: %w", err)
		}
		for _, x := range rows {
			if _, err := tx.tx.ExecContext(ctx, "UPDATE comments SET group_key = ? WHERE id = ?", textclean.GroupKey(x.body), x.id); err != nil {
				return fmt.Errorf("store: group key of comment %d: %w", x.id, err)
			}
		}
		return nil
	})
}

// notVoided leaves out the comments voided with a trace, as the decision's lists do.
const notVoided = " AND id NOT IN (SELECT record_id FROM voids WHERE record = '" + string(workflow.RecComment) + "')"

// CommentsPerPage is how many groups (or a group's comments) the comments page shows at once.
const CommentsPerPage = 50

// CommentFilter is what the comments page of a consultation shows.
type CommentFilter struct {
	Status string // "" every comment, "pending", "disposed", or one workflow.Disposition
	Source string // "" every source
	Group  int64  // not 0: the comments of the group of this comment, one by one
	Page   int    // from 1
}

// CommentGroup is a set of identical or near-identical comments (one group key) under a filter.
type CommentGroup struct {
	First        workflow.Comment // the earliest
	Count        int
	PendingIDs   []int64                // its comments awaiting a disposition, in order
	Dispositions []workflow.Disposition // the dispositions its other comments got
}

// CommentPage is one page of a consultation's comments, grouped unless a group is opened.
type CommentPage struct {
	Groups    []CommentGroup // a group's comments, when one is opened, each as a group of one
	Total     int            // groups under the filter (comments, when a group is opened)
	Comments  int            // comments under the filter
	Pending   int            // every pending comment of the consultation
	All       int            // every comment of the consultation
	ByStatus  map[string]int // every comment of the consultation by disposition ("" pending)
	Sources   []string       // the sources its comments came from, most frequent first
	BySource  map[string]int
	GroupText string // the opened group's first comment's body
}

// CommentPage reads the page of decision decisionID's comments that f asks for, in one snapshot.
func (db *DB) CommentPage(ctx context.Context, decisionID int64, f CommentFilter) (CommentPage, error) {
	p := CommentPage{ByStatus: map[string]int{}, BySource: map[string]int{}}
	if f.Page < 1 {
		f.Page = 1
	}
	err := db.readTx(ctx, func(q querier) error {
		// Most consultations have no voided comment: then no row needs the test.
		var voided bool
		if err := q.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM voids WHERE decision_id = ? AND record = ?)", decisionID, string(workflow.RecComment)).Scan(&voided); err != nil {
			return err
		}
		live := ""
		if voided {
			live = notVoided
		}
		rows, err := q.QueryContext(ctx, "SELECT disposition, source, count(*) FROM comments WHERE decision_id = ?"+live+" GROUP BY disposition, source", decisionID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var disp, source string
			var n int
			if err := rows.Scan(&disp, &source, &n); err != nil {
				rows.Close()
				return err
			}
			p.ByStatus[disp] += n
			p.BySource[source] += n
			p.All += n
		}
		if err := rows.Close(); err != nil {
			return err
		}
		p.Pending = p.ByStatus[""]
		for s := range p.BySource {
			p.Sources = append(p.Sources, s)
		}
		slices.SortFunc(p.Sources, func(a, b string) int {
			if d := p.BySource[b] - p.BySource[a]; d != 0 {
				return d
			}
			return strings.Compare(a, b)
		})

		where, args := "decision_id = ?"+live, []any{decisionID}
		switch f.Status {
		case "":
		case "pending":
			where += " AND disposition = ''"
		case "disposed":
			where += " AND disposition <> ''"
		default:
			where, args = where+" AND disposition = ?", append(args, f.Status)
		}
		if f.Source != "" {
			where, args = where+" AND source = ?", append(args, f.Source)
		}
		offset := (f.Page - 1) * CommentsPerPage
		if f.Group != 0 {
			return p.readGroup(ctx, q, decisionID, f.Group, where, args, offset)
		}
		// The page's groups, the largest first, with the totals (index comments_group).
		type head struct {
			key   sql.NullString
			first int64
			count int
		}
		var keys []any
		heads, err := collect(ctx, q, func(r rowScanner) (head, error) {
			var h head
			return h, r.Scan(&h.key, &h.first, &h.count, &p.Total, &p.Comments)
		}, `SELECT group_key, min(id), count(*), count(*) OVER (), sum(count(*)) OVER ()
			FROM comments WHERE `+where+` GROUP BY group_key ORDER BY count(*) DESC, min(id) LIMIT ? OFFSET ?`,
			append(args, CommentsPerPage, offset)...)
		if err != nil {
			return err
		}
		if len(heads) == 0 && offset > 0 { // a page past the last: the totals alone
			if err := q.QueryRowContext(ctx, "SELECT count(*), coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM comments WHERE "+where+" GROUP BY group_key)", args...).
				Scan(&p.Total, &p.Comments); err != nil {
				return err
			}
		}
		firstIDs := make([]any, len(heads))
		byKey := make(map[string]*CommentGroup, len(heads))
		p.Groups = make([]CommentGroup, len(heads))
		for i, h := range heads {
			firstIDs[i] = h.first
			p.Groups[i] = CommentGroup{First: workflow.Comment{ID: h.first}, Count: h.count}
			byKey[h.key.String] = &p.Groups[i]
			if h.key.Valid {
				keys = append(keys, h.key.String)
			}
		}
		// Their handling: the dispositions in each group, then the pending comments' ids, one
		// row per group (the same index, in its order).
		if len(keys) > 0 {
			in := " AND group_key IN (" + placeholders(len(keys)) + ")"
			inArgs := append(slices.Clone(args), keys...)
			type part struct {
				key  string
				disp workflow.Disposition
				ids  string
			}
			parts, err := collect(ctx, q, func(r rowScanner) (part, error) {
				var x part
				return x, r.Scan(&x.key, &x.disp)
			}, "SELECT group_key, disposition FROM comments WHERE "+where+in+" AND disposition <> '' GROUP BY group_key, disposition", inArgs...)
			if err != nil {
				return err
			}
			for _, x := range parts {
				g := byKey[x.key]
				g.Dispositions = append(g.Dispositions, x.disp)
			}
			pending, err := collect(ctx, q, func(r rowScanner) (part, error) {
				var x part
				return x, r.Scan(&x.key, &x.ids)
			}, "SELECT group_key, group_concat(id) FROM comments WHERE "+where+in+" AND disposition = '' GROUP BY group_key", inArgs...)
			if err != nil {
				return err
			}
			for _, x := range pending {
				g := byKey[x.key]
				if g.PendingIDs, err = parseIDs(x.ids); err != nil {
					return err
				}
			}
		}
		firsts, err := commentsByID(ctx, q, firstIDs)
		if err != nil {
			return err
		}
		for i := range p.Groups {
			p.Groups[i].First = firsts[p.Groups[i].First.ID]
			slices.Sort(p.Groups[i].Dispositions)
		}
		return nil
	})
	if err != nil {
		return CommentPage{}, fmt.Errorf("store: comments of decision %d: %w", decisionID, err)
	}
	return p, nil
}

// readGroup reads one page of the comments that share comment first's group key, under where.
func (p *CommentPage) readGroup(ctx context.Context, q querier, decisionID, first int64, where string, args []any, offset int) error {
	var key sql.NullString
	err := q.QueryRowContext(ctx, "SELECT group_key, body FROM comments WHERE id = ? AND decision_id = ?"+notVoided, first, decisionID).Scan(&key, &p.GroupText)
	if err != nil {
		return notFound(err)
	}
	where, args = where+" AND group_key IS ?", append(args, key)
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM comments WHERE "+where, args...).Scan(&p.Total); err != nil {
		return err
	}
	p.Comments = p.Total
	members, err := collect(ctx, q, func(r rowScanner) (workflow.Comment, error) { return scanComment(r) },
		"SELECT "+commentColumns+" WHERE "+where+" ORDER BY id LIMIT ? OFFSET ?", append(args, CommentsPerPage, offset)...)
	if err != nil {
		return err
	}
	for _, c := range members {
		g := CommentGroup{First: c, Count: 1}
		if c.Disposition == workflow.DispositionNone {
			g.PendingIDs = []int64{c.ID}
		} else {
			g.Dispositions = []workflow.Disposition{c.Disposition}
		}
		p.Groups = append(p.Groups, g)
	}
	return nil
}

// commentsByID reads the comments of ids.
func commentsByID(ctx context.Context, q querier, ids []any) (map[int64]workflow.Comment, error) {
	out := make(map[int64]workflow.Comment, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	cs, err := collect(ctx, q, func(r rowScanner) (workflow.Comment, error) { return scanComment(r) },
		"SELECT "+commentColumns+" WHERE id IN ("+placeholders(len(ids))+")", ids...)
	for _, c := range cs {
		out[c.ID] = c
	}
	return out, err
}

// parseIDs reads a comma-separated list of ids, sorted.
func parseIDs(s string) ([]int64, error) {
	parts := strings.Split(s, ",")
	out := make([]int64, 0, len(parts))
	for _, x := range parts {
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("store: comment id %q: %w", x, err)
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return out, nil
}

// disposeComments records one disposition with one reason for every comment of ids, all of
// them pending (workflow checked it on the transaction's decision), under ONE history event
// that lists them: a group of two thousand identical comments is one line of the history,
// while the event's rows still carry each comment's change for the chain and audit verify.
func (tx *Tx) disposeComments(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, ids []int64, disp workflow.Disposition, reason string) error {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	byID := make(map[int64]int, len(d.Comments))
	for i, c := range d.Comments {
		byID[c.ID] = i
	}
	refs := make([]string, 0, len(ids))
	for _, id := range ids {
		i, ok := byID[id]
		if !ok {
			return fmt.Errorf("store: comment %d of decision %d: %w", id, d.ID, ErrNotFound)
		}
		refs = append(refs, d.Comments[i].Ref)
	}
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		var by any = sql.NullInt64{Int64: a.UserID, Valid: a.UserID != 0}
		list, err := json.Marshal(ids)
		if err != nil {
			return Event{}, err
		}
		res, err := tx.tx.ExecContext(ctx, `UPDATE comments SET disposition = ?, reason = ?, disposed_by = ?, disposed_at = ?
			WHERE decision_id = ? AND disposition = '' AND id IN (SELECT value FROM json_each(?))`,
			string(disp), reason, by, ms(at), d.ID, string(list))
		if err != nil {
			return Event{}, fmt.Errorf("store: dispose %d comments of decision %d: %w", len(ids), d.ID, err)
		}
		if n, _ := res.RowsAffected(); n != int64(len(ids)) {
			return Event{}, fmt.Errorf("store: %d of %d comments of decision %d are not pending: %w", int64(len(ids))-n, len(ids), d.ID, ErrConflict)
		}
		label := func(name string) string { return workflow.LabelOf(string(workflow.RecDisposition), name) }
		return Event{Action: "dispose_comments", Summary: fmt.Sprintf("批量处理公众意见 %d 条：%s", len(ids), disp.Label()),
			Changes: []Change{
				{Field: "意见编号", After: refRanges(refs)},
				{Field: label("disposition"), Before: workflow.DispositionNone.Label(), After: disp.Label()},
				{Field: label("reason"), After: reason},
			}}, nil
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		c := &d.Comments[byID[id]]
		c.Disposition, c.Reason, c.DisposedBy = disp, reason, a.UserID
	}
	return nil
}

// refRanges lists reference numbers, runs of consecutive ones as first—last, so that a group
// of a thousand identical comments sent one after another reads as a few ranges.
func refRanges(refs []string) string {
	var out []string
	for i := 0; i < len(refs); {
		j := i
		for j+1 < len(refs) && nextRef(refs[j], refs[j+1]) {
			j++
		}
		switch {
		case j == i:
			out = append(out, refs[i])
		case j == i+1:
			out = append(out, refs[i], refs[j])
		default:
			out = append(out, refs[i]+"—"+refs[j])
		}
		i = j + 1
	}
	return strings.Join(out, "、")
}

// nextRef says whether b is the reference number right after a (YJ2026-000123, YJ2026-000124).
func nextRef(a, b string) bool {
	pa, na, ok1 := strings.Cut(a, "-")
	pb, nb, ok2 := strings.Cut(b, "-")
	if !ok1 || !ok2 || pa != pb {
		return false
	}
	x, err1 := strconv.Atoi(na)
	y, err2 := strconv.Atoi(nb)
	return err1 == nil && err2 == nil && y == x+1
}

// Comment reads comment id of decision decisionID; one of another decision is ErrNotFound.
func (db *DB) Comment(ctx context.Context, decisionID, id int64) (workflow.Comment, error) {
	c, err := scanComment(db.read.QueryRowContext(ctx, "SELECT "+commentColumns+" WHERE id = ? AND decision_id = ?"+notVoided, id, decisionID))
	if err != nil {
		return workflow.Comment{}, fmt.Errorf("store: comment %d of decision %d: %w", id, decisionID, notFound(err))
	}
	return c, nil
}
