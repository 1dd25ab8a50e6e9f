package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

// PublicSource is the source of a comment submitted on the public portal.
const PublicSource = workflow.PublicCommentSource

// PublicActor is who the history names for a comment from the portal: the public, no account.
var PublicActor = workflow.Actor{Name: "社会公众（网上意见征集平台）"}

// AddPublicComment records a comment submitted on the public portal to decision decisionID.
// Unlike AddComment it does not raise the decision's version: a citizen commenting must not
// make a clerk's open form stale. The comment awaits its disposition whatever c says; it gets
// the reference number as AddComment gives it, and its history event names the public.
func (tx *Tx) AddPublicComment(ctx context.Context, at time.Time, decisionID int64, c workflow.Comment) (workflow.Comment, error) {
	return tx.addPublicComment(ctx, at, decisionID, c, receiptHashes{})
}

func (tx *Tx) addPublicComment(ctx context.Context, at time.Time, decisionID int64, c workflow.Comment, r receiptHashes) (workflow.Comment, error) {
	c.Source = PublicSource
	c.Disposition, c.Reason, c.ReceivedAt = workflow.DispositionNone, "", at
	err := tx.savepoint(ctx, func() error {
		var err error
		if c, err = tx.insertComment(ctx, PublicActor, at, decisionID, c, r); err != nil {
			return err
		}
		e := commentEvent(c)
		e.DecisionID = decisionID
		return tx.addEvent(ctx, PublicActor, at, e)
	})
	if err != nil {
		return workflow.Comment{}, err
	}
	return c, nil
}

// PublicRow is a decision as the public portal's lists show it.
type PublicRow struct {
	ID       int64
	Title    string
	UnitName string
	From     time.Time // consultation: first day; hearing: notice published; decision: published on
	To       time.Time // consultation: last day; hearing: the hearing date
	Place    string    // hearing: where
	Number   string    // decision: document number
}

// publicLimit caps the portal's lists.
const publicLimit = 50

// OpenConsultations lists the decisions whose public comment period covers today (a day,
// 00:00 Shanghai) and whose notice is published, the one closing soonest first. Decisions not
// to be disclosed by law never appear.
func (db *DB) OpenConsultations(ctx context.Context, today time.Time) ([]PublicRow, error) {
	rows, err := collect(ctx, db.read, func(r rowScanner) (PublicRow, error) {
		var x PublicRow
		var from, to int64
		err := r.Scan(&x.ID, &x.Title, &x.UnitName, &from, &to)
		x.From, x.To = fromMS(from), fromMS(to)
		return x, err
	}, `SELECT d.id, d.title, u.name, n.starts_on, n.ends_on
		FROM decisions d JOIN units u ON u.id = d.unit_id JOIN comment_notices n ON n.decision_id = d.id
		WHERE d.state = ? AND d.not_disclosed = 0 AND n.published_on > 0 AND n.published_on <= ?
		  AND n.starts_on <= ? AND n.ends_on >= ?
		ORDER BY n.ends_on, d.id LIMIT ?`,
		string(workflow.Consultation), ms(today), ms(today), ms(today), publicLimit)
	if err != nil {
		return nil, fmt.Errorf("store: open consultations: %w", err)
	}
	return rows, nil
}

// UpcomingHearings lists the decisions in the hearing stage whose hearing notice is
// published, the soonest hearing first.
func (db *DB) UpcomingHearings(ctx context.Context, today time.Time) ([]PublicRow, error) {
	rows, err := collect(ctx, db.read, func(r rowScanner) (PublicRow, error) {
		var x PublicRow
		var from, to int64
		err := r.Scan(&x.ID, &x.Title, &x.UnitName, &from, &to, &x.Place)
		x.From, x.To = fromMS(from), fromMS(to)
		return x, err
	}, `SELECT d.id, d.title, u.name, h.notice_published_on, h.held_on, h.place
		FROM decisions d JOIN units u ON u.id = d.unit_id JOIN hearings h ON h.decision_id = d.id
		WHERE d.state = ? AND d.not_disclosed = 0 AND h.notice_published_on > 0 AND h.notice_published_on <= ?
		  AND (h.held_on = 0 OR h.held_on >= ?)
		ORDER BY h.held_on = 0, h.held_on, d.id LIMIT ?`,
		string(workflow.Hearing), ms(today), ms(today), publicLimit)
	if err != nil {
		return nil, fmt.Errorf("store: upcoming hearings: %w", err)
	}
	return rows, nil
}

// PublicStates are the states in which a decision's publication may be shown to the public.
var PublicStates = []workflow.State{workflow.Published, workflow.Implementation, workflow.Suspended,
	workflow.PostEvaluation, workflow.Closed}

// PublishedDecisions lists the decisions published by today, the latest first.
func (db *DB) PublishedDecisions(ctx context.Context, today time.Time) ([]PublicRow, error) {
	args := []any{}
	for _, s := range PublicStates {
		args = append(args, string(s))
	}
	args = append(args, ms(today), publicLimit)
	rows, err := collect(ctx, db.read, func(r rowScanner) (PublicRow, error) {
		var x PublicRow
		var from int64
		err := r.Scan(&x.ID, &x.Title, &x.UnitName, &from, &x.Number)
		x.From = fromMS(from)
		return x, err
	}, `SELECT d.id, d.title, u.name, p.published_on, p.doc_number
		FROM publications p CROSS JOIN decisions d ON d.id = p.decision_id JOIN units u ON u.id = d.unit_id
		WHERE d.kind = 'major' AND d.state IN (`+placeholders(len(PublicStates))+`) AND p.published_on > 0 AND p.published_on <= ?
		ORDER BY p.published_on DESC, p.decision_id DESC LIMIT ?`, args...) // CROSS JOIN: from the newest publication on
	if err != nil {
		return nil, fmt.Errorf("store: published decisions: %w", err)
	}
	return rows, nil
}
