package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

// The public implementation tracker (workflow/implementation.go): milestones and the public's
// opinions on implementation. The reports the clerk marks public are in report.go.

// milestone is the form of a milestone of the implementation.
const milestone = string(workflow.RecMilestone)

func milestoneFields(m workflow.Milestone) []field {
	add := func(name string) string { return workflow.LabelOf(string(workflow.RecMilestone), name) }
	upd := func(name string) string { return workflow.LabelOf(workflow.FormMilestoneUpdate, name) }
	return append([]field{{add("title"), m.Title}, {add("planned_on"), showDate(m.PlannedOn)}, {add("status"), m.Status.Label()},
		{upd("done_on"), showDate(m.DoneOn)}, {upd("note"), m.Note}}, moreFields(milestone, m.More)...)
}

// Milestones lists decision decisionID's milestones by planned date.
func (db *DB) Milestones(ctx context.Context, decisionID int64) ([]workflow.Milestone, error) {
	return milestones(ctx, db.read, decisionID)
}

func milestones(ctx context.Context, q querier, decisionID int64) ([]workflow.Milestone, error) {
	out, err := collect(ctx, q, func(r rowScanner) (workflow.Milestone, error) {
		var m workflow.Milestone
		var planned, done int64
		more, fill := moreScan(milestone, &m.More)
		err := r.Scan(append([]any{&m.ID, &m.Title, &planned, &m.Status, &done, &m.Note}, more...)...)
		fill()
		m.PlannedOn, m.DoneOn = fromMS(planned), fromMS(done)
		return m, err
	}, "SELECT id, title, planned_on, status, done_on, note"+moreColumns(milestone)+" FROM milestones WHERE decision_id = ? ORDER BY planned_on, id", decisionID)
	if err != nil {
		return nil, fmt.Errorf("store: milestones of decision %d: %w", decisionID, err)
	}
	return out, nil
}

// addMilestone adds a milestone to decision d (workflow.AddMilestone).
func (tx *Tx) addMilestone(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, m workflow.Milestone) (int64, error) {
	var id int64
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO milestones (decision_id, title, planned_on, status, done_on, note, created_at`+moreColumns(milestone)+`)
			VALUES (?, ?, ?, ?, ?, ?, ?`+moreMarks(milestone)+`)`, append([]any{d.ID, m.Title, ms(m.PlannedOn), string(m.Status), ms(m.DoneOn), m.Note, ms(at)},
			moreArgs(milestone, m.More)...)...)
		if err != nil {
			return Event{}, fmt.Errorf("store: add milestone to decision %d: %w", d.ID, err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return Event{}, err
		}
		return Event{Action: "add_milestone", Summary: "新增执行节点：" + m.Title, Changes: diffFields(nil, milestoneFields(m))}, nil
	})
	if err != nil {
		return 0, err
	}
	return id, tx.keepMilestones(ctx, d)
}

// keepMilestones reads d's milestones again after a write, so that d stays as stored.
func (tx *Tx) keepMilestones(ctx context.Context, d *workflow.Decision) error {
	ms, err := milestones(ctx, tx.tx, d.ID)
	if err != nil {
		return err
	}
	d.Milestones = ms
	return nil
}

// updateMilestone records where milestone id of decision d stands now (workflow.UpdateMilestone).
func (tx *Tx) updateMilestone(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, id int64, status workflow.MilestoneStatus, doneOn time.Time, note string) error {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		all, err := milestones(ctx, tx.tx, d.ID)
		if err != nil {
			return Event{}, err
		}
		var old *workflow.Milestone
		for i := range all {
			if all[i].ID == id {
				old = &all[i]
			}
		}
		if old == nil {
			return Event{}, fmt.Errorf("store: milestone %d of decision %d: %w", id, d.ID, ErrNotFound)
		}
		nw := *old
		nw.Status, nw.DoneOn, nw.Note = status, doneOn, note
		if _, err := tx.tx.ExecContext(ctx, "UPDATE milestones SET status = ?, done_on = ?, note = ? WHERE id = ?",
			string(status), ms(doneOn), note, id); err != nil {
			return Event{}, fmt.Errorf("store: update milestone %d: %w", id, err)
		}
		return Event{Action: "update_milestone", Summary: "更新执行节点：" + old.Title,
			Changes: diffFields(milestoneFields(*old), milestoneFields(nw))}, nil
	})
	if err != nil {
		return err
	}
	return tx.keepMilestones(ctx, d)
}

// opinionRef is the receipt number of an opinion on implementation: ZX, the year, the id.
func opinionRef(at time.Time, id int64) string {
	return fmt.Sprintf("ZX%d-%06d", at.In(workflow.Shanghai).Year(), id)
}

// AddImplementationOpinion records an opinion the public sent on the portal about decision
// decisionID's implementation (条例第35条) and gives it its receipt number. Like a public comment
// it leaves the decision's version alone; its event names the public.
func (tx *Tx) AddImplementationOpinion(ctx context.Context, at time.Time, decisionID int64, o workflow.ImplementationOpinion) (workflow.ImplementationOpinion, error) {
	o.ReceivedAt = at
	err := tx.savepoint(ctx, func() error {
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO implementation_opinions (decision_id, ref, author, contact, body, received_at)
			VALUES (?, '', ?, ?, ?, ?)`, decisionID, o.Author, o.Contact, o.Body, ms(at))
		if err != nil {
			return fmt.Errorf("store: opinion on decision %d: %w", decisionID, err)
		}
		if o.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		o.Ref = opinionRef(at, o.ID)
		if _, err := tx.tx.ExecContext(ctx, "UPDATE implementation_opinions SET ref = ? WHERE id = ?", o.Ref, o.ID); err != nil {
			return fmt.Errorf("store: opinion %d ref: %w", o.ID, err)
		}
		return tx.addEvent(ctx, PublicActor, at, Event{DecisionID: decisionID, Action: "implementation_opinion",
			Summary: "公众对决策执行提出意见：" + o.Ref,
			Changes: diffFields(nil, []field{{"意见编号", o.Ref}, {"提出人", o.Author}, {"意见内容", o.Body}})})
	})
	if err != nil {
		return workflow.ImplementationOpinion{}, err
	}
	return o, nil
}

// ImplementationOpinions lists the public's opinions on decision decisionID's implementation,
// the newest first.
func (db *DB) ImplementationOpinions(ctx context.Context, decisionID int64) ([]workflow.ImplementationOpinion, error) {
	out, err := collect(ctx, db.read, func(r rowScanner) (workflow.ImplementationOpinion, error) {
		var o workflow.ImplementationOpinion
		var at int64
		err := r.Scan(&o.ID, &o.Ref, &o.Author, &o.Contact, &o.Body, &at)
		o.ReceivedAt = fromMS(at)
		return o, err
	}, "SELECT id, ref, author, contact, body, received_at FROM implementation_opinions WHERE decision_id = ? ORDER BY id DESC", decisionID)
	if err != nil {
		return nil, fmt.Errorf("store: opinions on decision %d: %w", decisionID, err)
	}
	return out, nil
}
