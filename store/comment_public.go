package store

import (
	"context"
	"database/sql"
	"fmt"

	"juece/workflow"
)

// PublicCommentGroup is a set of identical or near-identical comments (one group key) as the
// portal shows it: the earliest one's reference and text, how many, and how they were
// handled. It holds nothing of who sent them: their name and contact are never read.
type PublicCommentGroup struct {
	Ref      string // the earliest comment's
	Body     string
	Count    int
	Handling []PublicHandling // the most frequent first
}

// PublicHandling is one disposition with one reason given to Count comments of a group.
type PublicHandling struct {
	Disposition workflow.Disposition
	Reason      string
	Count       int
}

// PublicCommentPage is one page of a decision's comments on the portal, grouped.
type PublicCommentPage struct {
	Groups   []PublicCommentGroup
	Total    int // groups
	Comments int // comments
}

// PublicCommentGroups reads page n (from 1) of decision decisionID's comments as the portal
// shows them: grouped by the group key (the comments page's grouping), the largest group
// first, CommentsPerPage groups a page, with the true totals. Comments voided with a trace
// are left out. The caller decides whether the decision's comments may be shown at all.
func (db *DB) PublicCommentGroups(ctx context.Context, decisionID int64, n int) (PublicCommentPage, error) {
	var p PublicCommentPage
	if n < 1 {
		n = 1
	}
	err := db.readTx(ctx, func(q querier) error {
		var voided bool
		if err := q.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM voids WHERE decision_id = ? AND record = ?)", decisionID, string(workflow.RecComment)).Scan(&voided); err != nil {
			return err
		}
		where := "decision_id = ?"
		if voided {
			where += notVoided
		}
		type head struct {
			key   sql.NullString
			first int64
			count int
		}
		heads, err := collect(ctx, q, func(r rowScanner) (head, error) {
			var h head
			return h, r.Scan(&h.key, &h.first, &h.count, &p.Total, &p.Comments)
		}, `SELECT group_key, min(id), count(*), count(*) OVER (), sum(count(*)) OVER ()
			FROM comments WHERE `+where+` GROUP BY group_key ORDER BY count(*) DESC, min(id) LIMIT ? OFFSET ?`,
			decisionID, CommentsPerPage, (n-1)*CommentsPerPage)
		if err != nil {
			return err
		}
		if len(heads) == 0 { // no comment, or a page past the last: the totals alone
			return q.QueryRowContext(ctx, "SELECT count(*), coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM comments WHERE "+where+" GROUP BY group_key)", decisionID).
				Scan(&p.Total, &p.Comments)
		}
		p.Groups = make([]PublicCommentGroup, len(heads))
		firsts := make([]any, len(heads))
		byFirst := make(map[int64]*PublicCommentGroup, len(heads))
		byKey := make(map[string]*PublicCommentGroup, len(heads))
		var keys []any
		for i, h := range heads {
			p.Groups[i].Count = h.count
			firsts[i] = h.first
			byFirst[h.first] = &p.Groups[i]
			if h.key.Valid {
				byKey[h.key.String] = &p.Groups[i]
				keys = append(keys, h.key.String)
			}
		}
		rows, err := q.QueryContext(ctx, "SELECT id, ref, body FROM comments WHERE id IN ("+placeholders(len(firsts))+")", firsts...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var ref, body string
			if err := rows.Scan(&id, &ref, &body); err != nil {
				rows.Close()
				return err
			}
			byFirst[id].Ref, byFirst[id].Body = ref, body
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if len(keys) == 0 {
			return nil
		}
		type part struct {
			key string
			PublicHandling
		}
		parts, err := collect(ctx, q, func(r rowScanner) (part, error) {
			var x part
			return x, r.Scan(&x.key, &x.Disposition, &x.Reason, &x.Count)
		}, "SELECT group_key, disposition, reason, count(*) FROM comments WHERE "+where+" AND group_key IN ("+placeholders(len(keys))+
			") GROUP BY group_key, disposition, reason ORDER BY count(*) DESC, min(id)", append([]any{decisionID}, keys...)...)
		if err != nil {
			return err
		}
		for _, x := range parts {
			g := byKey[x.key]
			g.Handling = append(g.Handling, x.PublicHandling)
		}
		return nil
	})
	if err != nil {
		return PublicCommentPage{}, fmt.Errorf("store: public comments of decision %d, page %d: %w", decisionID, n, err)
	}
	return p, nil
}
