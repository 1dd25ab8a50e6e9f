package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

// meeting is the form of a collective discussion; opinion of a member's opinion at it.
const meeting, opinion = string(workflow.RecMeeting), string(workflow.RecOpinion)

const meetingColumns = `id, kind, number, held_on, attendees, legal_head_attended, pack_draft, pack_public_report,
	pack_expert_report, pack_risk_report, pack_legality, pack_other, head_decision, departure_reason, decided_at`

func scanMeeting(r rowScanner) (workflow.Meeting, error) {
	var x workflow.Meeting
	var held, decided int64
	more, fill := moreScan(meeting, &x.More)
	err := r.Scan(append([]any{&x.ID, &x.Kind, &x.Number, &held, &x.Attendees, &x.LegalHeadAttended, &x.PackDraft,
		&x.PackPublicReport, &x.PackExpertReport, &x.PackRiskReport, &x.PackLegality, &x.PackOther, &x.Head,
		&x.DepartureReason, &decided}, more...)...)
	fill()
	x.HeldOn, x.DecidedAt = fromMS(held), fromMS(decided)
	return x, err
}

// meetingOpinion is an opinion with the meeting it was given at.
type meetingOpinion struct {
	meetingID int64
	workflow.MeetingOpinion
}

func loadMeetings(ctx context.Context, q querier, decisionID int64) ([]workflow.Meeting, error) {
	meetings, err := collect(ctx, q, scanMeeting, "SELECT "+meetingColumns+moreColumns(meeting)+" FROM meetings WHERE decision_id = ? ORDER BY id", decisionID)
	if err != nil || len(meetings) == 0 {
		return meetings, err
	}
	opinions, err := collect(ctx, q, func(r rowScanner) (meetingOpinion, error) {
		var o meetingOpinion
		more, fill := moreScan(opinion, &o.More)
		err := r.Scan(append([]any{&o.meetingID, &o.ID, &o.Seq, &o.Speaker, &o.Position, &o.IsHead, &o.Stance, &o.Text}, more...)...)
		fill()
		return o, err
	}, `SELECT o.meeting_id, o.id, o.seq, o.speaker, o.position, o.is_head, o.stance, o.text`+moreColumnsOf("o", opinion)+`
		FROM meeting_opinions o JOIN meetings m ON m.id = o.meeting_id
		WHERE m.decision_id = ? ORDER BY o.meeting_id, o.seq`, decisionID)
	if err != nil {
		return nil, err
	}
	index := make(map[int64]int, len(meetings))
	for i, m := range meetings {
		index[m.ID] = i
	}
	for _, o := range opinions {
		m := &meetings[index[o.meetingID]]
		m.Opinions = append(m.Opinions, o.MeetingOpinion)
	}
	return meetings, nil
}

// AddMeeting records a collective discussion (集体讨论, 条例第29—30条) and its agenda package.
// Opinions and the head's decision are not taken from m: AddOpinion and SetHeadDecision
// record them as the meeting goes.
func (tx *Tx) AddMeeting(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, m workflow.Meeting) (int64, error) {
	m.Opinions, m.Head, m.DepartureReason, m.DecidedAt = nil, workflow.HeadNone, "", time.Time{}
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO meetings (decision_id, kind, number, held_on, attendees,
			legal_head_attended, pack_draft, pack_public_report, pack_expert_report, pack_risk_report, pack_legality,
			pack_other`+moreColumns(meeting)+`, created_at) VALUES (`+placeholders(12)+moreMarks(meeting)+`, ?)`,
			append(append([]any{d.ID, string(m.Kind), m.Number, ms(m.HeldOn), m.Attendees, b2i(m.LegalHeadAttended), b2i(m.PackDraft),
				b2i(m.PackPublicReport), b2i(m.PackExpertReport), b2i(m.PackRiskReport), b2i(m.PackLegality), m.PackOther},
				moreArgs(meeting, m.More)...), ms(at))...)
		if err != nil {
			return Event{}, fmt.Errorf("store: add meeting %q to decision %d: %w", m.Number, d.ID, err)
		}
		if m.ID, err = res.LastInsertId(); err != nil {
			return Event{}, fmt.Errorf("store: add meeting %q to decision %d: %w", m.Number, d.ID, err)
		}
		return Event{Action: "add_meeting", Summary: "记录集体讨论会议：" + m.Kind.Label() + " " + m.Number,
			Changes: diffFields(nil, append([]field{
				{workflow.LabelOf(string(workflow.RecMeeting), "kind"), m.Kind.Label()},
				{workflow.LabelOf(string(workflow.RecMeeting), "number"), m.Number},
				{workflow.LabelOf(string(workflow.RecMeeting), "held_on"), showDate(m.HeldOn)},
				{workflow.LabelOf(string(workflow.RecMeeting), "attendees"), m.Attendees},
				{workflow.LabelOf(string(workflow.RecMeeting), "legal_head_attended"), showBool(m.LegalHeadAttended)},
				{workflow.LabelOf(string(workflow.RecMeeting), "pack_other"), m.PackOther},
			}, moreFields(meeting, m.More)...))}, nil
	})
	if err != nil {
		return 0, err
	}
	d.Meetings = append(d.Meetings, m)
	return m.ID, nil
}

// meetingHead is the head's decision so far at meeting meetingID of decision decisionID;
// ErrNotFound when the meeting is not one of that decision's.
func (tx *Tx) meetingHead(ctx context.Context, decisionID, meetingID int64) (workflow.HeadDecision, error) {
	var h workflow.HeadDecision
	err := tx.tx.QueryRowContext(ctx, "SELECT head_decision FROM meetings WHERE id = ? AND decision_id = ?",
		meetingID, decisionID).Scan(&h)
	if err != nil {
		return h, fmt.Errorf("store: meeting %d of decision %d: %w", meetingID, decisionID, notFound(err))
	}
	return h, nil
}

// AddOpinion records a member's opinion at meeting meetingID of d as the next in speaking
// order; it is never edited afterwards (条例第38条). A meeting of another decision is
// ErrNotFound; a meeting whose head has already decided is ErrConflict.
func (tx *Tx) AddOpinion(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, meetingID int64, o workflow.MeetingOpinion) (int64, error) {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		head, err := tx.meetingHead(ctx, d.ID, meetingID)
		if err != nil {
			return Event{}, err
		}
		if head != workflow.HeadNone {
			return Event{}, fmt.Errorf("store: add opinion to meeting %d of decision %d: the head has decided: %w",
				meetingID, d.ID, ErrConflict)
		}
		if err := tx.tx.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) + 1 FROM meeting_opinions WHERE meeting_id = ?",
			meetingID).Scan(&o.Seq); err != nil {
			return Event{}, fmt.Errorf("store: add opinion to meeting %d: %w", meetingID, err)
		}
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO meeting_opinions (meeting_id, seq, speaker, position, is_head,
			stance, text`+moreColumns(opinion)+`, created_at) VALUES (?, ?, ?, ?, ?, ?, ?`+moreMarks(opinion)+`, ?)`,
			append(append([]any{meetingID, o.Seq, o.Speaker, o.Position, b2i(o.IsHead), string(o.Stance), o.Text},
				moreArgs(opinion, o.More)...), ms(at))...)
		if err != nil {
			return Event{}, fmt.Errorf("store: add opinion of %q to meeting %d: %w", o.Speaker, meetingID, err)
		}
		if o.ID, err = res.LastInsertId(); err != nil {
			return Event{}, fmt.Errorf("store: add opinion of %q to meeting %d: %w", o.Speaker, meetingID, err)
		}
		return Event{Action: "add_opinion", Summary: fmt.Sprintf("记录会议发言：%s（%s）", o.Speaker, o.Stance.Label()),
			Changes: diffFields(nil, append([]field{
				{"发言顺序", fmt.Sprint(o.Seq)},
				{workflow.LabelOf(string(workflow.RecOpinion), "speaker"), o.Speaker},
				{workflow.LabelOf(string(workflow.RecOpinion), "position"), o.Position},
				{workflow.LabelOf(string(workflow.RecOpinion), "is_head"), showBool(o.IsHead)},
				{workflow.LabelOf(string(workflow.RecOpinion), "stance"), o.Stance.Label()},
				{workflow.LabelOf(string(workflow.RecOpinion), "text"), o.Text},
			}, moreFields(opinion, o.More)...))}, nil
	})
	if err != nil {
		return 0, err
	}
	for i := range d.Meetings {
		if d.Meetings[i].ID == meetingID {
			d.Meetings[i].Opinions = append(d.Meetings[i].Opinions, o)
		}
	}
	return o.ID, nil
}

// SetHeadDecision records the head's decision at meeting meetingID of d (条例第30条), with the
// reason when it departs from the majority. It is recorded once: a meeting already decided
// is ErrConflict; a meeting of another decision is ErrNotFound.
func (tx *Tx) SetHeadDecision(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, meetingID int64, h workflow.HeadDecision, departureReason string) error {
	if h == workflow.HeadNone {
		return fmt.Errorf("store: head decision at meeting %d of decision %d: no decision given", meetingID, d.ID)
	}
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		if _, err := tx.meetingHead(ctx, d.ID, meetingID); err != nil {
			return Event{}, err
		}
		res, err := tx.tx.ExecContext(ctx, `UPDATE meetings SET head_decision = ?, departure_reason = ?, decided_at = ?
			WHERE id = ? AND head_decision = ''`, string(h), departureReason, ms(at), meetingID)
		if err != nil {
			return Event{}, fmt.Errorf("store: head decision %s at meeting %d: %w", h, meetingID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return Event{}, fmt.Errorf("store: head decision %s at meeting %d: %w", h, meetingID, err)
		}
		if n == 0 {
			return Event{}, fmt.Errorf("store: head decision %s at meeting %d of decision %d: already decided: %w",
				h, meetingID, d.ID, ErrConflict)
		}
		return Event{Action: "head_decision", Summary: "记录行政首长决定：" + h.Label(), Changes: diffFields(nil, []field{
			{workflow.LabelOf(workflow.FormHead, "head"), h.Label()},
			{workflow.LabelOf(workflow.FormHead, "reason"), departureReason},
			{"决定时间", showTime(at)},
		})}, nil
	})
	if err != nil {
		return err
	}
	for i := range d.Meetings {
		if d.Meetings[i].ID == meetingID {
			d.Meetings[i].Head, d.Meetings[i].DepartureReason, d.Meetings[i].DecidedAt = h, departureReason, at
		}
	}
	return nil
}
