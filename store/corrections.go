package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"juece/workflow"
)

// loadCorrections reads the decision's voids and late entries.
func loadCorrections(ctx context.Context, q querier, decisionID int64) ([]workflow.Void, []workflow.LateEntry, error) {
	voids, err := collect(ctx, q, func(r rowScanner) (workflow.Void, error) {
		var v workflow.Void
		var rec string
		var at int64
		err := r.Scan(&rec, &v.RecordID, &v.Summary, &v.Reason, &at, &v.By)
		v.Record, v.At = workflow.Record(rec), fromMS(at)
		return v, err
	}, `SELECT record, record_id, summary, reason, voided_at, voided_by FROM voids WHERE decision_id = ? ORDER BY id`, decisionID)
	if err != nil {
		return nil, nil, err
	}
	late, err := collect(ctx, q, func(r rowScanner) (workflow.LateEntry, error) {
		var e workflow.LateEntry
		var rec string
		var on, at int64
		err := r.Scan(&rec, &e.RecordID, &on, &e.Reason, &at, &e.By)
		e.Record, e.DatedOn, e.At = workflow.Record(rec), fromMS(on), fromMS(at)
		return e, err
	}, `SELECT record, record_id, dated_on, reason, entered_at, entered_by FROM late_entries WHERE decision_id = ? ORDER BY id`, decisionID)
	if err != nil {
		return nil, nil, err
	}
	return voids, late, nil
}

// dropVoided leaves the voided records out of d's lists: the gates and the pages count only
// what stands. The voids themselves stay on d.Voids, shown struck through.
func dropVoided(d *workflow.Decision) {
	if len(d.Voids) == 0 {
		return
	}
	gone := map[workflow.Record]map[int64]bool{}
	for _, v := range d.Voids {
		if gone[v.Record] == nil {
			gone[v.Record] = map[int64]bool{}
		}
		gone[v.Record][v.RecordID] = true
	}
	d.Revisions = slices.DeleteFunc(d.Revisions, func(x workflow.Revision) bool { return gone[workflow.RecRevision][x.ID] })
	d.Disputes = slices.DeleteFunc(d.Disputes, func(x workflow.Dispute) bool { return gone[workflow.RecDispute][x.ID] })
	d.Methods = slices.DeleteFunc(d.Methods, func(x workflow.ConsultationMethod) bool { return gone[workflow.RecMethod][x.ID] })
	d.Comments = slices.DeleteFunc(d.Comments, func(x workflow.Comment) bool { return gone[workflow.RecComment][x.ID] })
	d.Experts = slices.DeleteFunc(d.Experts, func(x workflow.ExpertOpinion) bool { return gone[workflow.RecExpert][x.ID] })
	if d.Hearing != nil {
		d.Hearing.Participants = slices.DeleteFunc(d.Hearing.Participants, func(x workflow.HearingParticipant) bool {
			return gone[workflow.RecParticipant][x.ID]
		})
	}
	d.Meetings = slices.DeleteFunc(d.Meetings, func(x workflow.Meeting) bool { return gone[workflow.RecMeeting][x.ID] })
	for i := range d.Meetings {
		d.Meetings[i].Opinions = slices.DeleteFunc(d.Meetings[i].Opinions, func(x workflow.MeetingOpinion) bool {
			return gone[workflow.RecOpinion][x.ID]
		})
	}
	d.Reports = slices.DeleteFunc(d.Reports, func(x workflow.ImplementationReport) bool { return gone[workflow.RecReport][x.ID] })
}

// voidRecord records that a record is voided, with its event.
func (tx *Tx) voidRecord(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, c *workflow.VoidRecord) error {
	summary := c.Summary(d)
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO voids (decision_id, record, record_id, summary, reason, voided_at, voided_by)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, d.ID, string(c.Record), c.ID, summary, c.Reason, ms(at), a.UserID)
		if err != nil {
			return Event{}, fmt.Errorf("store: void %s %d of decision %d: %w", c.Record, c.ID, d.ID, err)
		}
		return Event{Action: "void_" + string(c.Record), Summary: "作废" + summary + "，理由：" + c.Reason,
			Changes: diffFields(nil, []field{{"作废的记录", summary}, {"作废理由", c.Reason}})}, nil
	})
	if err != nil {
		return err
	}
	d.Voids = append(d.Voids, workflow.Void{Record: c.Record, RecordID: c.ID, Summary: summary, Reason: c.Reason, At: at, By: a.UserID})
	dropVoided(d)
	return nil
}

// addLateEntry records that a record was entered after the fact, with its event.
func (tx *Tx) addLateEntry(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, e workflow.LateEntry) error {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO late_entries (decision_id, record, record_id, dated_on, reason, entered_at, entered_by)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, d.ID, string(e.Record), e.RecordID, ms(e.DatedOn), e.Reason, ms(at), a.UserID)
		if err != nil {
			return Event{}, fmt.Errorf("store: late entry of %s of decision %d: %w", e.Record, d.ID, err)
		}
		return Event{Action: "late_entry", Summary: "补录" + e.Record.Label() + "（所载日期" + showDate(e.DatedOn) + "）：" + e.Reason,
			Changes: diffFields(nil, []field{{"补录的记录", e.Record.Label()}, {"所载日期", showDate(e.DatedOn)}, {"补录理由", e.Reason}})}, nil
	})
	if err != nil {
		return err
	}
	e.At, e.By = at, a.UserID
	d.LateEntries = append(d.LateEntries, e)
	return nil
}
