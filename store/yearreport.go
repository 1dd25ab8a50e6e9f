package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"juece/workflow"
)

// YearReportFacts gathers what workflow.BuildYearReport counts for the year [from, cutoff): every
// decision registered before the cutoff with its stays from the history, the reviews signed and
// the accountability cases recorded in the year. One read transaction, so the figures agree.
func (db *DB) YearReportFacts(ctx context.Context, from, cutoff time.Time) (facts []workflow.ReportFacts,
	reviews []workflow.ReportReview, cases []workflow.ReportCase, err error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("store: year report: %w", err)
	}
	defer tx.Rollback()
	end, start := ms(cutoff), ms(from)

	facts, err = collect(ctx, tx, func(r rowScanner) (workflow.ReportFacts, error) {
		var f workflow.ReportFacts
		var comment, hearing, experts int
		var levels [5]string
		var ends, held, published int64
		err := r.Scan(&f.ID, &f.Unit, &f.Category, &comment, &hearing, &experts, &f.RiskSkipped,
			&levels[0], &levels[1], &levels[2], &levels[3], &levels[4], &ends, &held, &published)
		f.NoticeEnds, f.HearingOn, f.PublishedOn = fromMS(ends), fromMS(held), fromMS(published)
		f.CommentNotice, f.HearingHeld, f.ExpertOpinions = comment > 0, hearing > 0, experts > 0
		for _, l := range levels { // the assessment's level is its highest dimension's
			if slices.Index(workflow.Levels, workflow.Level(l)) > slices.Index(workflow.Levels, f.RiskLevel) {
				f.RiskLevel = workflow.Level(l)
			}
		}
		return f, err
	}, `SELECT d.id, u.name, d.category,
			EXISTS (SELECT 1 FROM comment_notices n WHERE n.decision_id = d.id AND n.published_on < ?1),
			EXISTS (SELECT 1 FROM hearings h WHERE h.decision_id = d.id AND h.held_on > 0 AND h.held_on < ?1),
			EXISTS (SELECT 1 FROM expert_opinions x WHERE x.decision_id = d.id AND x.signed = 1 AND x.created_at < ?1),
			d.risk_skip_reason != '',
			coalesce(r.stability_level, ''), coalesce(r.safety_level, ''), coalesce(r.environment_level, ''),
			coalesce(r.economy_level, ''), coalesce(r.other_level, ''),
			coalesce((SELECT ends_on FROM comment_notices WHERE decision_id = d.id), 0),
			coalesce((SELECT held_on FROM hearings WHERE decision_id = d.id), 0),
			coalesce((SELECT published_on FROM publications WHERE decision_id = d.id), 0)
		FROM decisions d JOIN units u ON u.id = d.unit_id
		LEFT JOIN risk_assessments r ON r.decision_id = d.id AND r.assessed_on > 0 AND r.assessed_on < ?1
		WHERE d.created_at < ?1 AND d.kind = 'major' ORDER BY d.id`, end) // normative documents have their own section
	if err != nil {
		return nil, nil, nil, fmt.Errorf("store: year report decisions: %w", err)
	}

	// The stays, from the registration and every state change before the cutoff.
	index := make(map[int64]int, len(facts))
	for i, f := range facts {
		index[f.ID] = i
	}
	rows, err := tx.QueryContext(ctx, `SELECT decision_id, at, to_state FROM events
		WHERE decision_id IS NOT NULL AND to_state != '' AND at < ? ORDER BY decision_id, id`, end)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("store: year report history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, at int64
		var st string
		if err := rows.Scan(&id, &at, &st); err != nil {
			return nil, nil, nil, fmt.Errorf("store: year report history: %w", err)
		}
		i, ok := index[id]
		if !ok {
			continue
		}
		f := &facts[i]
		t := fromMS(at)
		if n := len(f.Spans); n > 0 {
			f.Spans[n-1].To = t
		}
		f.Spans = append(f.Spans, workflow.Span{State: workflow.State(st), From: t})
	}
	if err := rows.Err(); err != nil {
		return nil, nil, nil, fmt.Errorf("store: year report history: %w", err)
	}

	reviews, err = collect(ctx, tx, func(r rowScanner) (workflow.ReportReview, error) {
		var rv workflow.ReportReview
		return rv, r.Scan(&rv.Conclusion)
	}, "SELECT conclusion FROM legality_reviews WHERE signed_at >= ? AND signed_at < ?", start, end)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("store: year report reviews: %w", err)
	}
	cases, err = collect(ctx, tx, func(r rowScanner) (workflow.ReportCase, error) {
		var c workflow.ReportCase
		return c, r.Scan(&c.Kind, &c.Status)
	}, "SELECT kind, status FROM accountability_cases WHERE created_at >= ? AND created_at < ?", start, end)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("store: year report cases: %w", err)
	}
	return facts, reviews, cases, nil
}

// FirstDecisionYear is the year (in Shanghai) the first decision was registered, 0 when there is none.
func (db *DB) FirstDecisionYear(ctx context.Context) (int, error) {
	var first int64
	if err := db.read.QueryRowContext(ctx, "SELECT coalesce(min(created_at), 0) FROM decisions").Scan(&first); err != nil {
		return 0, fmt.Errorf("store: first decision: %w", err)
	}
	if first == 0 {
		return 0, nil
	}
	return fromMS(first).In(workflow.Shanghai).Year(), nil
}
