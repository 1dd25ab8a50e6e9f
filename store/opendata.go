package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

// Open data (政务公开数据): the lists behind the portal's downloads and its public API. Each
// query selects exactly what the portal's pages show, by the same rules (web/public.go): a date
// counts once its day (Asia/Shanghai) has come, so "on or before today" is "before tomorrow".

// OpenPage asks for rows Offset to Offset+Limit of a list.
type OpenPage struct {
	Offset, Limit int
}

// idPage runs the count and the id query of a list with the same conditions.
func (db *DB) idPage(ctx context.Context, what, from string, order string, pg OpenPage, args ...any) ([]int64, int, error) {
	var total int
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) "+from, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: %s: %w", what, err)
	}
	ids, err := collect(ctx, db.read, func(r rowScanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, "SELECT d.id "+from+" ORDER BY "+order+" LIMIT ? OFFSET ?", append(args, pg.Limit, pg.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: %s: %w", what, err)
	}
	return ids, total, nil
}

// publishedWhere is the portal's rule for a published decision (条例第32条): in a public state,
// with a publication dated on or before today. Its arguments come from publishedArgs.
var publishedWhere = `d.kind = 'major' AND d.state IN (` + placeholders(len(PublicStates)) + `) AND p.published_on > 0 AND p.published_on < ?`

func publishedArgs(tomorrow int64) []any {
	args := []any{}
	for _, s := range PublicStates {
		args = append(args, string(s))
	}
	return append(args, tomorrow)
}

// noticeWhere is the portal's rule for a public comment notice: published on or before today,
// the matter not withheld by law, and the draft it puts out stored with the decision.
const noticeWhere = `d.not_disclosed = 0 AND n.published_on > 0 AND n.published_on < ?
	AND EXISTS (SELECT 1 FROM draft_revisions r WHERE r.id = n.revision_id AND r.decision_id = d.id)`

func tomorrowMS(today time.Time) int64 { return ms(workflow.Day(today).AddDate(0, 0, 1)) }

// PublishedDecisionIDs pages through the decisions published by today, the latest first.
func (db *DB) PublishedDecisionIDs(ctx context.Context, today time.Time, pg OpenPage) ([]int64, int, error) {
	return db.idPage(ctx, "published decisions", `FROM decisions d JOIN publications p ON p.decision_id = d.id
		WHERE `+publishedWhere, "p.published_on DESC, d.id DESC", pg, publishedArgs(tomorrowMS(today))...)
}

// PublicConsultationIDs pages through the decisions whose comment notice is public by today,
// whatever their state since, the latest notice first.
func (db *DB) PublicConsultationIDs(ctx context.Context, today time.Time, pg OpenPage) ([]int64, int, error) {
	return db.idPage(ctx, "public consultations", `FROM decisions d JOIN comment_notices n ON n.decision_id = d.id
		WHERE `+noticeWhere, "n.published_on DESC, d.id DESC", pg, tomorrowMS(today))
}

// PublicHearingIDs pages through the decisions whose hearing notice is public by today,
// whatever their state since, the latest notice first.
func (db *DB) PublicHearingIDs(ctx context.Context, today time.Time, pg OpenPage) ([]int64, int, error) {
	return db.idPage(ctx, "public hearings", `FROM decisions d JOIN hearings h ON h.decision_id = d.id
		WHERE d.not_disclosed = 0 AND h.notice_published_on > 0 AND h.notice_published_on < ?`,
		"h.notice_published_on DESC, d.id DESC", pg, tomorrowMS(today))
}

// OpenComment is a comment as the portal publishes it: what was said and how it was handled,
// never who said it nor how to reach them.
type OpenComment struct {
	Ref           string
	DecisionID    int64
	DecisionTitle string
	Body          string
	Disposition   workflow.Disposition
	Reason        string
}

// PublicComments pages through the comments the portal shows, by decision and reference: those
// of a decision that may be disclosed and is published, or whose feedback on the adoption of
// comments has been published with its notice public (whatever became of the decision); not
// those voided with a trace, which no page shows either.
func (db *DB) PublicComments(ctx context.Context, today time.Time, pg OpenPage) ([]OpenComment, int, error) {
	t := tomorrowMS(today)
	from := `FROM comments c JOIN decisions d ON d.id = c.decision_id
		LEFT JOIN publications p ON p.decision_id = d.id LEFT JOIN comment_notices n ON n.decision_id = d.id
		WHERE d.not_disclosed = 0 AND c.id NOT IN (SELECT record_id FROM voids WHERE record = '` + string(workflow.RecComment) + `') AND ((` + publishedWhere + `)
		  OR (d.feedback_published_on > 0 AND d.feedback_published_on < ? AND ` + noticeWhere + `))`
	args := append(publishedArgs(t), t, t)
	var total int
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) "+from, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: public comments: %w", err)
	}
	rows, err := collect(ctx, db.read, func(r rowScanner) (OpenComment, error) {
		var x OpenComment
		return x, r.Scan(&x.Ref, &x.DecisionID, &x.DecisionTitle, &x.Body, &x.Disposition, &x.Reason)
	}, "SELECT c.ref, d.id, d.title, c.body, c.disposition, c.reason "+from+" ORDER BY d.id, c.id LIMIT ? OFFSET ?",
		append(args, pg.Limit, pg.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: public comments: %w", err)
	}
	return rows, total, nil
}

// PublishedCatalogItems pages through the published items of every year's catalog, the
// latest year first, by 序号; an item whose removal was published is left out.
func (db *DB) PublishedCatalogItems(ctx context.Context, pg OpenPage) ([]CatalogItem, int, error) {
	var total int
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM catalog_items WHERE published_on != 0 AND removed_on = 0").Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: published catalogs: %w", err)
	}
	items, err := collect(ctx, db.read, scanCatalogItem, catalogSelect+` WHERE c.published_on != 0 AND c.removed_on = 0
		ORDER BY c.year DESC, c.seq LIMIT ? OFFSET ?`, pg.Limit, pg.Offset)
	if err != nil {
		return nil, 0, fmt.Errorf("store: published catalogs: %w", err)
	}
	return items, total, nil
}
