package store

import (
	"context"
	"fmt"
	"strings"

	"juece/workflow"
)

// rules are the settings and the calendar the due dates are computed with: kept by the DB
// between transactions, read afresh by one that changes them.
func (tx *Tx) rules(ctx context.Context) (workflow.Env, error) {
	if r := tx.db.rules.Load(); r != nil && !tx.rulesChanged {
		return *r, nil
	}
	settings, err := loadSettings(ctx, tx.tx)
	if err != nil {
		return workflow.Env{}, err
	}
	cal, err := loadCalendar(ctx, tx.tx)
	if err != nil {
		return workflow.Env{}, err
	}
	env := workflow.Env{Settings: settings, Calendar: cal}
	if !tx.rulesChanged {
		tx.db.rules.Store(&env)
	}
	return env, nil
}

// Rules are the settings and the working-day calendar in force, from the one cache the store
// keeps: a transaction that changes them drops it when it ends.
func (db *DB) Rules(ctx context.Context) (workflow.Env, error) {
	if r := db.rules.Load(); r != nil {
		return *r, nil
	}
	gen := db.rulesGen.Load()
	var env workflow.Env
	err := db.readTx(ctx, func(q querier) error {
		settings, err := loadSettings(ctx, q)
		if err != nil {
			return err
		}
		cal, err := loadCalendar(ctx, q)
		if err != nil {
			return err
		}
		env = workflow.Env{Settings: settings, Calendar: cal}
		return nil
	})
	if err != nil {
		return workflow.Env{}, err
	}
	if db.rulesGen.Load() == gen { // no change committed meanwhile: what was read is current
		db.rules.CompareAndSwap(nil, &env)
	}
	return env, nil
}

// finalStates lists workflow's final states for SQL: 'closed', 'rejected', ….
var finalStates = func() string {
	var out []string
	for _, st := range workflow.States {
		if st.Final() {
			out = append(out, "'"+string(st)+"'")
		}
	}
	return strings.Join(out, ", ")
}()

// markDue marks every decision not yet finished for computing again: the settings or the
// calendar that its dates depend on changed.
func (tx *Tx) markDue(ctx context.Context) error {
	tx.rulesChanged = true
	_, err := tx.tx.ExecContext(ctx, `UPDATE decisions SET due_on = -1 WHERE state NOT IN (`+finalStates+`)`)
	if err != nil {
		return fmt.Errorf("store: mark due dates: %w", err)
	}
	return nil
}

// refreshDue computes the due date and limit of every marked decision, from the few records
// they depend on and the settings and calendar as this transaction sees them.
func (tx *Tx) refreshDue(ctx context.Context) error {
	type pending struct {
		id int64
		d  workflow.Decision
	}
	list, err := collect(ctx, tx.tx, func(r rowScanner) (pending, error) {
		var p pending
		var state, kind, number string
		var since, ends, held, published, submitted, returned, normPublished, filed int64
		err := r.Scan(&p.id, &state, &since, &ends, &held, &published, &submitted, &returned, &kind, &number, &normPublished, &filed)
		p.d = workflow.Decision{State: workflow.State(state), StateSince: fromMS(since), Kind: workflow.Kind(kind)}
		// a normative document's clocks are its own procedure's: the review's, the filing's
		if p.d.Kind == workflow.KindNormative {
			p.d.Normative = &workflow.NormativeFile{}
			if number != "" {
				p.d.Normative.Doc = &workflow.NormativeDoc{Number: number, PublishedOn: fromMS(normPublished)}
				if filed != 0 {
					p.d.Normative.Doc.Filing = &workflow.Filing{FiledOn: fromMS(filed)}
				}
			}
		}
		if ends != 0 {
			p.d.Notice = &workflow.CommentNotice{EndsOn: fromMS(ends)}
		}
		if held != 0 {
			p.d.Hearing = &workflow.HearingRecord{HeldOn: fromMS(held)}
		}
		if published != 0 {
			p.d.Publication = &workflow.Publication{PublishedOn: fromMS(published)}
		}
		if submitted != 0 {
			p.d.Submissions = []workflow.ReviewSubmission{{SubmittedOn: fromMS(submitted), ReturnedOn: fromMS(returned)}}
		}
		return p, err
	}, `SELECT d.id, d.state, d.state_since,
			coalesce((SELECT ends_on FROM comment_notices WHERE decision_id = d.id), 0),
			coalesce((SELECT held_on FROM hearings WHERE decision_id = d.id), 0),
			coalesce((SELECT published_on FROM publications WHERE decision_id = d.id), 0),
			coalesce(s.submitted_on, 0), coalesce(s.returned_on, 0),
			d.kind, coalesce(n.number, ''), coalesce(n.published_on, 0), coalesce(n.filed_on, 0)
		FROM decisions d
		LEFT JOIN review_submissions s ON s.id = (SELECT max(id) FROM review_submissions WHERE decision_id = d.id)
		LEFT JOIN normative_files n ON n.decision_id = d.id
		WHERE d.due_on = -1`)
	if err != nil {
		return fmt.Errorf("store: due dates: %w", err)
	}
	if len(list) == 0 {
		return nil
	}
	env, err := tx.rules(ctx)
	if err != nil {
		return err
	}
	for _, p := range list {
		due, _ := workflow.Due(&p.d, env)
		limit, _ := workflow.Limit(&p.d, env)
		if _, err := tx.tx.ExecContext(ctx, "UPDATE decisions SET due_on = ?, limit_on = ? WHERE id = ?",
			ms(due), ms(limit), p.id); err != nil {
			return fmt.Errorf("store: due date of decision %d: %w", p.id, err)
		}
	}
	return nil
}
