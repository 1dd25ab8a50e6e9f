package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

// participant is the form of a hearing participant; hearing the hearing's.
const participant, hearing = string(workflow.RecParticipant), string(workflow.RecHearing)

func loadHearing(ctx context.Context, q querier, decisionID int64) (*workflow.HearingRecord, error) {
	list, err := collect(ctx, q, func(r rowScanner) (workflow.HearingRecord, error) {
		var x workflow.HearingRecord
		var notice, held, selection, list, materials int64
		more, fill := moreScan(hearing, &x.More)
		err := r.Scan(append([]any{&x.ID, &notice, &x.NoticeChannel, &held, &x.Place, &x.SelectionMethod, &selection, &list,
			&materials, &x.RecordSigned, &x.RecordSummary, &x.OpinionsHandling}, more...)...)
		fill()
		x.NoticePublishedOn, x.HeldOn, x.SelectionPublishedOn = fromMS(notice), fromMS(held), fromMS(selection)
		x.ListPublishedOn, x.MaterialsDeliveredOn = fromMS(list), fromMS(materials)
		return x, err
	}, `SELECT id, notice_published_on, notice_channel, held_on, place, selection_method, selection_published_on,
		list_published_on, materials_delivered_on, record_signed, record_summary, opinions_handling`+moreColumns(hearing)+`
		FROM hearings WHERE decision_id = ?`, decisionID)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	h := &list[0]
	h.Participants, err = collect(ctx, q, func(r rowScanner) (workflow.HearingParticipant, error) {
		var p workflow.HearingParticipant
		more, fill := moreScan(participant, &p.More)
		err := r.Scan(append([]any{&p.ID, &p.Name, &p.Category, &p.Organisation}, more...)...)
		fill()
		return p, err
	}, "SELECT id, name, category, organisation"+moreColumns(participant)+" FROM hearing_participants WHERE hearing_id = ? ORDER BY id", h.ID)
	if err != nil {
		return nil, err
	}
	return h, nil
}

func hearingFields(h *workflow.HearingRecord) []field {
	if h == nil {
		return nil
	}
	return append([]field{
		{workflow.LabelOf(string(workflow.RecHearing), "notice_published_on"), showDate(h.NoticePublishedOn)},
		{workflow.LabelOf(string(workflow.RecHearing), "notice_channel"), h.NoticeChannel},
		{workflow.LabelOf(string(workflow.RecHearing), "held_on"), showDate(h.HeldOn)},
		{workflow.LabelOf(string(workflow.RecHearing), "place"), h.Place},
		{workflow.LabelOf(string(workflow.RecHearing), "selection_method"), h.SelectionMethod},
		{workflow.LabelOf(string(workflow.RecHearing), "selection_published_on"), showDate(h.SelectionPublishedOn)},
		{workflow.LabelOf(string(workflow.RecHearing), "list_published_on"), showDate(h.ListPublishedOn)},
		{workflow.LabelOf(string(workflow.RecHearing), "materials_delivered_on"), showDate(h.MaterialsDeliveredOn)},
		{workflow.LabelOf(string(workflow.RecHearing), "record_signed"), showBool(h.RecordSigned)},
		{workflow.LabelOf(string(workflow.RecHearing), "record_summary"), h.RecordSummary},
		{workflow.LabelOf(string(workflow.RecHearing), "opinions_handling"), h.OpinionsHandling},
	}, moreFields(hearing, h.More)...)
}

// SaveHearing records the hearing (听证, 条例第16—18条), or replaces the fields of the one the
// decision has. Participants are left as they are: AddParticipant adds them.
func (tx *Tx) SaveHearing(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, h workflow.HearingRecord) error {
	var participants []workflow.HearingParticipant
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		old, err := loadHearing(ctx, tx.tx, d.ID)
		if err != nil {
			return Event{}, fmt.Errorf("store: hearing of decision %d: %w", d.ID, err)
		}
		args := []any{ms(h.NoticePublishedOn), h.NoticeChannel, ms(h.HeldOn), h.Place, h.SelectionMethod,
			ms(h.SelectionPublishedOn), ms(h.ListPublishedOn), ms(h.MaterialsDeliveredOn), b2i(h.RecordSigned),
			h.RecordSummary, h.OpinionsHandling}
		args = append(args, moreArgs(hearing, h.More)...)
		summary := "记录听证"
		var before []field
		if old == nil {
			res, err := tx.tx.ExecContext(ctx, `INSERT INTO hearings (notice_published_on, notice_channel, held_on, place,
				selection_method, selection_published_on, list_published_on, materials_delivered_on, record_signed,
				record_summary, opinions_handling`+moreColumns(hearing)+`, decision_id, created_at) VALUES (`+placeholders(11)+moreMarks(hearing)+`, ?, ?)`,
				append(args, d.ID, ms(at))...)
			if err != nil {
				return Event{}, fmt.Errorf("store: save hearing of decision %d: %w", d.ID, err)
			}
			if h.ID, err = res.LastInsertId(); err != nil {
				return Event{}, fmt.Errorf("store: save hearing of decision %d: %w", d.ID, err)
			}
		} else {
			before, summary, h.ID, participants = hearingFields(old), "修改听证记录", old.ID, old.Participants
			_, err := tx.tx.ExecContext(ctx, `UPDATE hearings SET notice_published_on = ?, notice_channel = ?, held_on = ?,
				place = ?, selection_method = ?, selection_published_on = ?, list_published_on = ?,
				materials_delivered_on = ?, record_signed = ?, record_summary = ?, opinions_handling = ?`+moreSets(hearing)+`
				WHERE decision_id = ?`, append(args, d.ID)...)
			if err != nil {
				return Event{}, fmt.Errorf("store: save hearing of decision %d: %w", d.ID, err)
			}
		}
		return Event{Action: "save_hearing", Summary: summary, Changes: diffFields(before, hearingFields(&h))}, nil
	})
	if err != nil {
		return err
	}
	h.Participants = participants
	d.Hearing = &h
	return nil
}

// AddParticipant adds a person taking part in the hearing, creating an empty hearing record
// first when the decision has none.
func (tx *Tx) AddParticipant(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, p workflow.HearingParticipant) (int64, error) {
	var created bool
	var hearingID int64
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		err := tx.tx.QueryRowContext(ctx, "SELECT id FROM hearings WHERE decision_id = ?", d.ID).Scan(&hearingID)
		if isNoRows(err) {
			res, err := tx.tx.ExecContext(ctx, "INSERT INTO hearings (decision_id, created_at) VALUES (?, ?)", d.ID, ms(at))
			if err != nil {
				return Event{}, fmt.Errorf("store: create hearing of decision %d: %w", d.ID, err)
			}
			if hearingID, err = res.LastInsertId(); err != nil {
				return Event{}, fmt.Errorf("store: create hearing of decision %d: %w", d.ID, err)
			}
			created = true
		} else if err != nil {
			return Event{}, fmt.Errorf("store: hearing of decision %d: %w", d.ID, err)
		}
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO hearing_participants (hearing_id, name, category, organisation`+moreColumns(participant)+`, created_at)
			VALUES (?, ?, ?, ?`+moreMarks(participant)+`, ?)`, append(append([]any{hearingID, p.Name, p.Category, p.Organisation},
			moreArgs(participant, p.More)...), ms(at))...)
		if err != nil {
			return Event{}, fmt.Errorf("store: add participant %q to decision %d: %w", p.Name, d.ID, err)
		}
		if p.ID, err = res.LastInsertId(); err != nil {
			return Event{}, fmt.Errorf("store: add participant %q to decision %d: %w", p.Name, d.ID, err)
		}
		return Event{Action: "add_participant", Summary: "登记听证参加人：" + p.Name, Changes: diffFields(nil, append([]field{
			{workflow.LabelOf(string(workflow.RecParticipant), "name"), p.Name},
			{workflow.LabelOf(string(workflow.RecParticipant), "category"), p.Category},
			{workflow.LabelOf(string(workflow.RecParticipant), "organisation"), p.Organisation},
		}, moreFields(participant, p.More)...))}, nil
	})
	if err != nil {
		return 0, err
	}
	if created || d.Hearing == nil {
		d.Hearing = &workflow.HearingRecord{ID: hearingID}
	}
	d.Hearing.Participants = append(d.Hearing.Participants, p)
	return p.ID, nil
}
