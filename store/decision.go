package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"juece/workflow"
)

// NewDecision is what registering a proposal (决策建议, 条例第10条) asks for.
type NewDecision struct {
	Title    string
	Category workflow.Category
	UnitID   int64 // lead undertaking unit (承办单位)
	Proposal workflow.Proposal
}

// CreateDecision registers a proposal: the decision starts in state proposed at version 1.
// Later writes to it in the same transaction do not raise the version again.
func (tx *Tx) CreateDecision(ctx context.Context, a workflow.Actor, at time.Time, nd NewDecision) (int64, error) {
	var unitName string
	if err := tx.tx.QueryRowContext(ctx, "SELECT name FROM units WHERE id = ?", nd.UnitID).Scan(&unitName); err != nil {
		return 0, fmt.Errorf("store: create decision %q: unit %d: %w", nd.Title, nd.UnitID, notFound(err))
	}
	p := nd.Proposal
	var id int64
	err := tx.savepoint(ctx, func() error {
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO decisions
			(title, category, state, unit_id, proposer_kind, proposer, problem, reasons, legal_basis, solution,
			 necessity, decision_organ, responsible_leader, co_units, state_since, created_by, created_at, updated_at, version`+
			moreColumns(proposalForm)+`) VALUES (`+placeholders(19)+moreMarks(proposalForm)+`)`,
			slices.Concat([]any{nd.Title, string(nd.Category), string(workflow.Proposed), nd.UnitID, string(p.Kind), p.Proposer, p.Problem,
				p.Reasons, p.LegalBasis, p.Solution, p.Necessity, p.DecisionOrgan, p.ResponsibleLeader, p.CoUnits,
				ms(at), a.UserID, ms(at), ms(at), 1}, moreArgs(proposalForm, p.More))...)
		if err != nil {
			return fmt.Errorf("store: create decision %q: %w", nd.Title, err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("store: create decision %q: %w", nd.Title, err)
		}
		changes := diffFields(nil, append([]field{{"承办单位", unitName}}, proposalFields(nd.Title, nd.Category, p)...))
		return tx.addEvent(ctx, a, at, Event{DecisionID: id, Action: "create", ToState: workflow.Proposed,
			Summary: "登记决策建议：" + nd.Title, Changes: changes})
	})
	if err != nil {
		return 0, err
	}
	if tx.bumped == nil {
		tx.bumped = map[int64]bool{}
	}
	tx.bumped[id] = true
	return id, nil
}

// Decision loads the full snapshot of a decision inside the write transaction, so that the
// gates and the writes see the same data.
func (tx *Tx) Decision(ctx context.Context, id int64) (*workflow.Decision, error) {
	return loadDecision(ctx, tx.tx, id, AllParts)
}

// DecisionParts is Decision with only some of the records: for a check that needs few of them.
func (tx *Tx) DecisionParts(ctx context.Context, id int64, parts Parts) (*workflow.Decision, error) {
	return loadDecision(ctx, tx.tx, id, parts)
}

// Decision loads the full snapshot of a decision from one read transaction, for pages.
func (db *DB) Decision(ctx context.Context, id int64) (*workflow.Decision, error) {
	return db.DecisionParts(ctx, id, AllParts)
}

// DecisionParts loads the decision row and the records named by parts, from one read
// transaction: a public page needs its notice and drafts, not every comment ever sent.
// It is served from the kept snapshots (store/snapshot.go) when the decision has not changed
// since one was loaded; the caller gets its own copy either way.
func (db *DB) DecisionParts(ctx context.Context, id int64, parts Parts) (d *workflow.Decision, err error) {
	key := snapshotKey{id, parts}
	c, err := readCounter(ctx, db.read, id) // alone: a kept snapshot needs no transaction
	if err != nil {
		return nil, err
	}
	if d = db.snapshots.get(key, c); d != nil {
		return d, nil
	}
	err = db.readTx(ctx, func(q querier) error {
		c, err := readCounter(ctx, q, id) // again, in the transaction the decision is read in
		if err != nil {
			return err
		}
		if d, err = loadDecision(ctx, q, id, parts); err != nil {
			return err
		}
		db.snapshots.put(key, c, d)
		return nil
	})
	return d, err
}

// Parts names the kinds of records a decision is loaded with.
type Parts uint32

// The kinds of records; AllParts is the full snapshot the gates need.
const (
	PartRevisions Parts = 1 << iota
	PartDisputes
	PartMethods
	PartNotice
	PartComments
	PartExperts
	PartHearing
	PartRisk
	PartSubmissions
	PartReviews
	PartMeetings
	PartPublication
	PartReports
	PartEvaluation
	PartCorrections // voids and late entries
	PartWithdrawals
	PartFlagChanges
	PartDraftNotes
	PartFairCompetition
	PartDraw
	PartMilestones
	AllParts Parts = 1<<iota - 1
)

// loadDecision reads the decision row and the records of parts.
func loadDecision(ctx context.Context, q querier, id int64, parts Parts) (*workflow.Decision, error) {
	d, err := loadDecisionRow(ctx, q, id)
	if err != nil {
		return nil, err
	}
	steps := []struct {
		part Parts
		what string
		load func() error
	}{
		{PartRevisions, "revisions", func() (err error) { d.Revisions, err = loadRevisions(ctx, q, id); return }},
		{PartDisputes, "disputes", func() (err error) { d.Disputes, err = loadDisputes(ctx, q, id); return }},
		{PartMethods, "methods", func() (err error) { d.Methods, err = loadMethods(ctx, q, id); return }},
		{PartNotice, "notice", func() (err error) { d.Notice, err = loadNotice(ctx, q, id); return }},
		{PartComments, "comments", func() (err error) { d.Comments, err = loadComments(ctx, q, id); return }},
		{PartExperts, "experts", func() (err error) { d.Experts, err = loadExperts(ctx, q, id); return }},
		{PartHearing, "hearing", func() (err error) { d.Hearing, err = loadHearing(ctx, q, id); return }},
		{PartRisk, "risk", func() (err error) { d.Risk, err = loadRisk(ctx, q, id); return }},
		{PartSubmissions, "submissions", func() (err error) { d.Submissions, err = loadSubmissions(ctx, q, id); return }},
		{PartReviews, "reviews", func() (err error) { d.Reviews, err = loadReviews(ctx, q, id); return }},
		{PartMeetings, "meetings", func() (err error) { d.Meetings, err = loadMeetings(ctx, q, id); return }},
		{PartPublication, "publication", func() (err error) { d.Publication, err = loadPublication(ctx, q, id); return }},
		{PartReports, "reports", func() (err error) { d.Reports, err = loadReports(ctx, q, id); return }},
		{PartEvaluation, "evaluation", func() (err error) { d.Evaluation, err = loadEvaluation(ctx, q, id); return }},
		{PartDraftNotes, "draft notes", func() (err error) { d.DraftNotes, err = loadDraftNotes(ctx, q, id); return }},
		{PartFlagChanges, "flag changes", func() (err error) { d.FlagChanges, err = loadFlagChanges(ctx, q, id); return }},
		{PartWithdrawals, "withdrawals", func() (err error) { d.Withdrawals, err = loadWithdrawals(ctx, q, id); return }},
		{PartCorrections, "corrections", func() (err error) { d.Voids, d.LateEntries, err = loadCorrections(ctx, q, id); return }},
		{PartFairCompetition, "fair competition review", func() (err error) { d.FairCompetition, err = loadFairCompetition(ctx, q, id); return }},
		{PartDraw, "hearing draw", func() (err error) { d.Draw, err = loadDraw(ctx, q, id); return }},
		{PartMilestones, "milestones", func() (err error) { d.Milestones, err = milestones(ctx, q, id); return }},
	}
	for _, s := range steps {
		if parts&s.part == 0 {
			continue
		}
		if err := s.load(); err != nil {
			return nil, fmt.Errorf("store: decision %d %s: %w", id, s.what, err)
		}
	}
	if d.Kind == workflow.KindNormative {
		if d.Normative, err = loadNormative(ctx, q, id); err != nil {
			return nil, err
		}
	}
	dropVoided(d)
	return d, nil
}

// loadDecisionRow reads the decisions row alone: the proposal, flags, start, exceptions,
// feedback and Party-committee report it holds.
func loadDecisionRow(ctx context.Context, q querier, id int64) (*workflow.Decision, error) {
	var d workflow.Decision
	var p = &d.Proposal
	var f = &d.Flags
	var startOn, feedbackOn, partyOn, since, created int64
	var start workflow.StartRecord
	var feedback workflow.Feedback
	var party workflow.PartyReport
	moreProposal, fillProposal := moreScan(proposalForm, &p.More)
	moreStart, fillStart := moreScan(startForm, &start.More)
	moreFeedback, fillFeedback := moreScan(feedbackForm, &feedback.More)
	moreParty, fillParty := moreScan(partyForm, &party.More)
	err := q.QueryRowContext(ctx, `SELECT d.id, d.title, d.category, d.state, d.unit_id, u.name, d.version,
		d.proposer_kind, d.proposer, d.problem, d.reasons, d.legal_basis, d.solution, d.necessity,
		d.decision_organ, d.responsible_leader, d.co_units,
		d.affects_interests, d.not_disclosed, d.not_disclosed_reason, d.technical, d.stability_risk,
		d.hearing_required, d.hearing_chosen, d.market_activity,
		d.start_decided_on, d.start_basis, d.start_by, d.hearing_skip_reason, d.risk_skip_reason,
		d.feedback_published_on, d.feedback_channel, d.feedback_summary, d.party_reported_on, d.party_report_note,
		d.state_since, d.created_by, d.created_at, coalesce(d.catalog_item_id, 0), d.kind`+
		moreColumnsOf("d", proposalForm)+moreColumnsOf("d", startForm)+moreColumnsOf("d", feedbackForm)+moreColumnsOf("d", partyForm)+`
		FROM decisions d JOIN units u ON u.id = d.unit_id WHERE d.id = ?`, id).Scan(append([]any{
		&d.ID, &d.Title, &d.Category, &d.State, &d.UnitID, &d.UnitName, &d.Version,
		&p.Kind, &p.Proposer, &p.Problem, &p.Reasons, &p.LegalBasis, &p.Solution, &p.Necessity,
		&p.DecisionOrgan, &p.ResponsibleLeader, &p.CoUnits,
		&f.AffectsInterests, &f.NotDisclosed, &f.NotDisclosedReason, &f.Technical, &f.StabilityRisk,
		&f.HearingRequired, &f.HearingChosen, &f.MarketActivity,
		&startOn, &start.Basis, &start.By, &d.HearingSkip, &d.RiskSkip,
		&feedbackOn, &feedback.Channel, &feedback.Summary, &partyOn, &party.Note,
		&since, &d.CreatedBy, &created, &d.CatalogItem, &d.Kind}, slices.Concat(moreProposal, moreStart, moreFeedback, moreParty)...)...)
	fillProposal()
	fillStart()
	fillFeedback()
	fillParty()
	if err != nil {
		return nil, fmt.Errorf("store: decision %d: %w", id, notFound(err))
	}
	d.StateSince, d.CreatedAt = fromMS(since), fromMS(created)
	if startOn != 0 {
		start.DecidedOn = fromMS(startOn)
		d.Start = &start
	}
	if feedbackOn != 0 {
		feedback.PublishedOn = fromMS(feedbackOn)
		d.Feedback = &feedback
	}
	if partyOn != 0 {
		party.ReportedOn = fromMS(partyOn)
		d.PartyReport = &party
	}
	return &d, nil
}

// transition moves the decision to state to by event ev, after workflow allowed it. The
// reason is the written reason an exception, a withdrawal or a refusal needs; for
// SkipHearing and SkipRisk it is also kept on the decision for auditors.
func (tx *Tx) transition(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, ev workflow.Event, to workflow.State, reason string) error {
	from := d.State
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		set := "state = ?, state_since = ?"
		args := []any{string(to), ms(at)}
		changes := []Change{{Field: "阶段", Before: from.Label(), After: to.Label()}}
		switch ev {
		case workflow.SkipHearing:
			set += ", hearing_skip_reason = ?"
			args = append(args, reason)
			changes = append(changes, diffFields([]field{{"不举行听证的理由", d.HearingSkip}}, []field{{"不举行听证的理由", reason}})...)
		case workflow.SkipRisk:
			set += ", risk_skip_reason = ?"
			args = append(args, reason)
			changes = append(changes, diffFields([]field{{"无需风险评估的理由", d.RiskSkip}}, []field{{"无需风险评估的理由", reason}})...)
		}
		res, err := tx.tx.ExecContext(ctx, "UPDATE decisions SET "+set+" WHERE id = ? AND state = ?",
			append(args, d.ID, string(from))...)
		if err != nil {
			return Event{}, fmt.Errorf("store: decision %d %s %s→%s: %w", d.ID, ev, from, to, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return Event{}, fmt.Errorf("store: decision %d %s %s→%s: %w", d.ID, ev, from, to, err)
		}
		if n == 0 {
			return Event{}, fmt.Errorf("store: decision %d %s: no longer in state %s: %w", d.ID, ev, from, ErrConflict)
		}
		summary := ev.Label()
		if reason != "" {
			summary += "：" + reason
		}
		return Event{Action: string(ev), FromState: from, ToState: to, Summary: summary, Changes: changes}, nil
	})
	if err != nil {
		return err
	}
	d.State, d.StateSince = to, at
	switch ev {
	case workflow.SkipHearing:
		d.HearingSkip = reason
	case workflow.SkipRisk:
		d.RiskSkip = reason
	}
	return nil
}

// proposalFields shows the proposal as the history does.
func proposalFields(title string, cat workflow.Category, p workflow.Proposal) []field {
	return append([]field{
		{workflow.LabelOf(string(workflow.RecProposal), "title"), title},
		{workflow.LabelOf(string(workflow.RecProposal), "category"), cat.Label()},
		{workflow.LabelOf(string(workflow.RecProposal), "proposer_kind"), p.Kind.Label()},
		{workflow.LabelOf(string(workflow.RecProposal), "proposer"), p.Proposer},
		{workflow.LabelOf(string(workflow.RecProposal), "problem"), p.Problem},
		{workflow.LabelOf(string(workflow.RecProposal), "reasons"), p.Reasons},
		{workflow.LabelOf(string(workflow.RecProposal), "legal_basis"), p.LegalBasis},
		{workflow.LabelOf(string(workflow.RecProposal), "solution"), p.Solution},
		{workflow.LabelOf(string(workflow.RecProposal), "necessity"), p.Necessity},
		{workflow.LabelOf(string(workflow.RecProposal), "decision_organ"), p.DecisionOrgan},
		{workflow.LabelOf(string(workflow.RecProposal), "responsible_leader"), p.ResponsibleLeader},
		{workflow.LabelOf(string(workflow.RecProposal), "co_units"), p.CoUnits},
	}, moreFields(proposalForm, p.More)...)
}

// UpdateProposal edits the title, category and proposal record.
func (tx *Tx) UpdateProposal(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, title string, cat workflow.Category, p workflow.Proposal) error {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		old, err := loadDecisionRow(ctx, tx.tx, d.ID)
		if err != nil {
			return Event{}, err
		}
		_, err = tx.tx.ExecContext(ctx, `UPDATE decisions SET title = ?, category = ?, proposer_kind = ?, proposer = ?,
			problem = ?, reasons = ?, legal_basis = ?, solution = ?, necessity = ?, decision_organ = ?,
			responsible_leader = ?, co_units = ?`+moreSets(proposalForm)+` WHERE id = ?`,
			slices.Concat([]any{title, string(cat), string(p.Kind), p.Proposer, p.Problem, p.Reasons, p.LegalBasis, p.Solution,
				p.Necessity, p.DecisionOrgan, p.ResponsibleLeader, p.CoUnits}, moreArgs(proposalForm, p.More), []any{d.ID})...)
		if err != nil {
			return Event{}, fmt.Errorf("store: update proposal of decision %d: %w", d.ID, err)
		}
		return Event{Action: "update_proposal", Summary: "修改决策建议",
			Changes: diffFields(proposalFields(old.Title, old.Category, old.Proposal), proposalFields(title, cat, p))}, nil
	})
	if err != nil {
		return err
	}
	d.Title, d.Category, d.Proposal = title, cat, p
	return nil
}

// flagsFields shows the flags as the history does.
func flagsFields(f workflow.Flags) []field {
	return []field{
		{workflow.LabelOf(string(workflow.RecFlags), "affects_interests"), showBool(f.AffectsInterests)},
		{workflow.LabelOf(string(workflow.RecFlags), "not_disclosed"), showBool(f.NotDisclosed)},
		{workflow.LabelOf(string(workflow.RecFlags), "not_disclosed_reason"), f.NotDisclosedReason},
		{workflow.LabelOf(string(workflow.RecFlags), "technical"), showBool(f.Technical)},
		{workflow.LabelOf(string(workflow.RecFlags), "stability_risk"), showBool(f.StabilityRisk)},
		{workflow.LabelOf(string(workflow.RecFlags), "hearing_required"), showBool(f.HearingRequired)},
		{workflow.LabelOf(string(workflow.RecFlags), "hearing_chosen"), showBool(f.HearingChosen)},
		{workflow.LabelOf(string(workflow.RecFlags), "market_activity"), showBool(f.MarketActivity)},
	}
}

// UpdateFlags edits the properties that decide which later gates apply.
func (tx *Tx) UpdateFlags(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, f workflow.Flags) error {
	return tx.updateFlags(ctx, a, at, d, f, nil)
}

// updateFlags edits the flags; a change after drafting (ch not nil) is kept with its reasons in
// flag_changes and its event says them.
func (tx *Tx) updateFlags(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, f workflow.Flags, ch *workflow.FlagChange) error {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		old, err := loadDecisionRow(ctx, tx.tx, d.ID)
		if err != nil {
			return Event{}, err
		}
		_, err = tx.tx.ExecContext(ctx, `UPDATE decisions SET affects_interests = ?, not_disclosed = ?,
			not_disclosed_reason = ?, technical = ?, stability_risk = ?, hearing_required = ?, hearing_chosen = ?,
			market_activity = ? WHERE id = ?`,
			b2i(f.AffectsInterests), b2i(f.NotDisclosed), f.NotDisclosedReason, b2i(f.Technical),
			b2i(f.StabilityRisk), b2i(f.HearingRequired), b2i(f.HearingChosen), b2i(f.MarketActivity), d.ID)
		if err != nil {
			return Event{}, fmt.Errorf("store: update flags of decision %d: %w", d.ID, err)
		}
		e := Event{Action: "edit_flags", Summary: "修改决策属性", Changes: diffFields(flagsFields(old.Flags), flagsFields(f))}
		if ch == nil {
			return e, nil
		}
		before, _ := json.Marshal(old.Flags)
		after, _ := json.Marshal(f)
		_, err = tx.tx.ExecContext(ctx, `INSERT INTO flag_changes (decision_id, before, after, reason, legal_agreement, changed_at, changed_by)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, d.ID, string(before), string(after), ch.Reason, ch.LegalAgreement, ms(at), a.UserID)
		if err != nil {
			return Event{}, fmt.Errorf("store: flag change of decision %d: %w", d.ID, err)
		}
		e.Summary = "起草阶段后变更决策属性：" + ch.Reason
		e.Changes = append(e.Changes, diffFields(nil, []field{
			{workflow.LabelOf(string(workflow.RecFlags), "change_reason"), ch.Reason},
			{workflow.LabelOf(string(workflow.RecFlags), "legal_agreement"), ch.LegalAgreement}})...)
		return e, nil
	})
	if err != nil {
		return err
	}
	if ch != nil {
		ch.Before, ch.After, ch.At, ch.By = d.Flags, f, at, a.UserID
		d.FlagChanges = append(d.FlagChanges, *ch)
	}
	d.Flags = f
	return nil
}

func loadFlagChanges(ctx context.Context, q querier, decisionID int64) ([]workflow.FlagChange, error) {
	return collect(ctx, q, func(r rowScanner) (workflow.FlagChange, error) {
		var c workflow.FlagChange
		var before, after string
		var at int64
		if err := r.Scan(&before, &after, &c.Reason, &c.LegalAgreement, &at, &c.By); err != nil {
			return c, err
		}
		c.At = fromMS(at)
		if err := json.Unmarshal([]byte(before), &c.Before); err != nil {
			return c, err
		}
		return c, json.Unmarshal([]byte(after), &c.After)
	}, `SELECT before, after, reason, legal_agreement, changed_at, changed_by FROM flag_changes WHERE decision_id = ? ORDER BY id`, decisionID)
}

func startFields(s *workflow.StartRecord) []field {
	if s == nil {
		return nil
	}
	return append([]field{{workflow.LabelOf(string(workflow.RecStart), "decided_on"), showDate(s.DecidedOn)}, {workflow.LabelOf(string(workflow.RecStart), "basis"), s.Basis}, {"记录人", s.By}},
		moreFields(startForm, s.More)...)
}

// SetStart records (or corrects) the decision organ's decision to start (决定启动, 条例第11条).
// The decision counts as started once DecidedOn is set.
func (tx *Tx) SetStart(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, s workflow.StartRecord) error {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		old, err := loadDecisionRow(ctx, tx.tx, d.ID)
		if err != nil {
			return Event{}, err
		}
		_, err = tx.tx.ExecContext(ctx, "UPDATE decisions SET start_decided_on = ?, start_basis = ?, start_by = ?"+moreSets(startForm)+" WHERE id = ?",
			slices.Concat([]any{ms(s.DecidedOn), s.Basis, s.By}, moreArgs(startForm, s.More), []any{d.ID})...)
		if err != nil {
			return Event{}, fmt.Errorf("store: set start of decision %d: %w", d.ID, err)
		}
		summary := "记录决定启动"
		if old.Start != nil {
			summary = "修改决定启动记录"
		}
		return Event{Action: "set_start", Summary: summary, Changes: diffFields(startFields(old.Start), startFields(&s))}, nil
	})
	if err != nil {
		return err
	}
	if s.DecidedOn.IsZero() {
		d.Start = nil
	} else {
		d.Start = &s
	}
	return nil
}

func feedbackFields(f *workflow.Feedback) []field {
	if f == nil {
		return nil
	}
	return append([]field{{workflow.LabelOf(string(workflow.RecFeedback), "published_on"), showDate(f.PublishedOn)}, {workflow.LabelOf(string(workflow.RecFeedback), "channel"), f.Channel}, {workflow.LabelOf(string(workflow.RecFeedback), "summary"), f.Summary}},
		moreFields(feedbackForm, f.More)...)
}

// SaveFeedback records the published account of how comments were adopted (条例第15条).
// It counts as published once PublishedOn is set.
func (tx *Tx) SaveFeedback(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, f workflow.Feedback) error {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		old, err := loadDecisionRow(ctx, tx.tx, d.ID)
		if err != nil {
			return Event{}, err
		}
		_, err = tx.tx.ExecContext(ctx, `UPDATE decisions SET feedback_published_on = ?, feedback_channel = ?,
			feedback_summary = ?`+moreSets(feedbackForm)+` WHERE id = ?`,
			slices.Concat([]any{ms(f.PublishedOn), f.Channel, f.Summary}, moreArgs(feedbackForm, f.More), []any{d.ID})...)
		if err != nil {
			return Event{}, fmt.Errorf("store: save feedback of decision %d: %w", d.ID, err)
		}
		summary := "记录意见采纳情况反馈"
		if old.Feedback != nil {
			summary = "修改意见采纳情况反馈"
		}
		return Event{Action: "save_feedback", Summary: summary, Changes: diffFields(feedbackFields(old.Feedback), feedbackFields(&f))}, nil
	})
	if err != nil {
		return err
	}
	if f.PublishedOn.IsZero() {
		d.Feedback = nil
	} else {
		d.Feedback = &f
	}
	return nil
}

func partyReportFields(r *workflow.PartyReport) []field {
	if r == nil {
		return nil
	}
	return append([]field{{workflow.LabelOf(string(workflow.RecPartyReport), "reported_on"), showDate(r.ReportedOn)}, {workflow.LabelOf(string(workflow.RecPartyReport), "note"), r.Note}},
		moreFields(partyForm, r.More)...)
}

// SavePartyReport records the report to the Party committee of the same level (条例第31条).
// It counts as reported once ReportedOn is set.
func (tx *Tx) SavePartyReport(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, r workflow.PartyReport) error {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		old, err := loadDecisionRow(ctx, tx.tx, d.ID)
		if err != nil {
			return Event{}, err
		}
		_, err = tx.tx.ExecContext(ctx, "UPDATE decisions SET party_reported_on = ?, party_report_note = ?"+moreSets(partyForm)+" WHERE id = ?",
			slices.Concat([]any{ms(r.ReportedOn), r.Note}, moreArgs(partyForm, r.More), []any{d.ID})...)
		if err != nil {
			return Event{}, fmt.Errorf("store: save party report of decision %d: %w", d.ID, err)
		}
		summary := "记录向同级党委请示报告"
		if old.PartyReport != nil {
			summary = "修改向同级党委请示报告记录"
		}
		return Event{Action: "save_party_report", Summary: summary,
			Changes: diffFields(partyReportFields(old.PartyReport), partyReportFields(&r))}, nil
	})
	if err != nil {
		return err
	}
	if r.ReportedOn.IsZero() {
		d.PartyReport = nil
	} else {
		d.PartyReport = &r
	}
	return nil
}

// DecisionRow is a decision as lists show it.
type DecisionRow struct {
	ID         int64
	Title      string
	Category   workflow.Category
	State      workflow.State
	UnitID     int64
	UnitName   string
	StateSince time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Version    int64
	DueOn      time.Time // the current stage's due date (workflow.Due), zero when it has none
	LimitOn    time.Time // the date after which the stage is overdue (workflow.Limit)
	Kind       workflow.Kind
}

// DecisionFilter narrows the decision list; zero fields do not filter.
type DecisionFilter struct {
	State  workflow.State
	UnitID int64
	Year   int    // year of created_at in Shanghai
	Query  string // the title contains it
	Kind   workflow.Kind
	Limit  int // 0: no limit
	Offset int
}

const decisionRowColumns = `d.id, d.title, d.category, d.state, d.unit_id, u.name, d.state_since, d.created_at,
	d.updated_at, d.version, max(d.due_on, 0), max(d.limit_on, 0), d.kind FROM decisions d JOIN units u ON u.id = d.unit_id`

func scanDecisionRow(r rowScanner) (DecisionRow, error) {
	var x DecisionRow
	var since, created, updated, due, limit int64
	err := r.Scan(&x.ID, &x.Title, &x.Category, &x.State, &x.UnitID, &x.UnitName, &since, &created, &updated, &x.Version, &due, &limit, &x.Kind)
	x.StateSince, x.CreatedAt, x.UpdatedAt, x.DueOn, x.LimitOn = fromMS(since), fromMS(created), fromMS(updated), fromMS(due), fromMS(limit)
	return x, err
}

// decisions lists the decisions matching f, newest first, with the number of all matching
// decisions (for paging).
func (db *DB) decisions(ctx context.Context, f DecisionFilter) ([]DecisionRow, int, error) {
	var where []string
	var args []any
	if f.State != "" {
		where, args = append(where, "d.state = ?"), append(args, string(f.State))
	}
	if f.UnitID != 0 {
		where, args = append(where, "d.unit_id = ?"), append(args, f.UnitID)
	}
	if f.Kind != "" {
		where, args = append(where, "d.kind = ?"), append(args, string(f.Kind))
	}
	if f.Year != 0 {
		from := time.Date(f.Year, 1, 1, 0, 0, 0, 0, workflow.Shanghai)
		where = append(where, "d.created_at >= ? AND d.created_at < ?")
		args = append(args, ms(from), ms(from.AddDate(1, 0, 0)))
	}
	if f.Query != "" {
		where, args = append(where, "instr(d.title, ?) > 0"), append(args, f.Query)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = -1
	}
	rtx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, fmt.Errorf("store: decisions %+v: begin: %w", f, err)
	}
	defer rtx.Rollback()
	var total int
	if err := rtx.QueryRowContext(ctx, "SELECT count(*) FROM decisions d"+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: decisions %+v: count: %w", f, err)
	}
	rows, err := collect(ctx, rtx, scanDecisionRow, "SELECT "+decisionRowColumns+cond+
		" ORDER BY d.created_at DESC, d.id DESC LIMIT ? OFFSET ?", append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: decisions %+v: %w", f, err)
	}
	return rows, total, nil
}

// worklist lists up to limit decisions in any of states (of one unit, or of all units when unitID
// is 0), the nearest due date first, with the number there are in all.
func (db *DB) worklist(ctx context.Context, states []workflow.State, unitID int64, limit int) (rows []DecisionRow, total int, err error) {
	if len(states) == 0 {
		return nil, 0, nil
	}
	args := make([]any, 0, len(states)+2)
	for _, s := range states {
		args = append(args, string(s))
	}
	cond := " WHERE d.state IN (" + placeholders(len(states)) + ")"
	if unitID != 0 {
		cond += " AND d.unit_id = ?"
		args = append(args, unitID)
	}
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM decisions d"+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: worklist %v unit %d: %w", states, unitID, err)
	}
	// Nearest due date first, read in order from the index until the page is full (named: the
	// planner, knowing nothing of how rare a role's stages are, would read every row of them and
	// sort); then those without one, longest waiting first.
	index := "decisions_due"
	if unitID != 0 {
		index = "decisions_unit_due"
	}
	const order = " ORDER BY d.due_on, d.state_since, d.id"
	rows, err = collect(ctx, db.read, scanDecisionRow, "SELECT "+decisionRowColumns+
		" JOIN (SELECT d.id FROM decisions d INDEXED BY "+index+cond+" AND d.due_on > 0"+order+" LIMIT ?) page ON page.id = d.id"+order,
		append(args, limit)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: worklist %v unit %d: %w", states, unitID, err)
	}
	if len(rows) < limit {
		rest, err := collect(ctx, db.read, scanDecisionRow, "SELECT "+decisionRowColumns+cond+
			" AND d.due_on <= 0 ORDER BY d.state_since, d.id LIMIT ?", append(args, limit-len(rows))...)
		if err != nil {
			return nil, 0, fmt.Errorf("store: worklist %v unit %d: %w", states, unitID, err)
		}
		rows = append(rows, rest...)
	}
	return rows, total, nil
}

// Overdue lists the decisions whose current stage passed its limit before the day of now,
// by unit, longest overdue first.
func (db *DB) Overdue(ctx context.Context, now time.Time) ([]DecisionRow, error) {
	rows, err := collect(ctx, db.read, scanDecisionRow, "SELECT "+decisionRowColumns+
		" WHERE d.limit_on > 0 AND d.limit_on < ? ORDER BY u.name, d.limit_on, d.id", ms(workflow.Day(now)))
	if err != nil {
		return nil, fmt.Errorf("store: overdue: %w", err)
	}
	return rows, nil
}

// DecisionUnit is the lead unit of a decision: a cheap check of who may see or edit it.
func (db *DB) DecisionUnit(ctx context.Context, id int64) (int64, error) {
	var unit int64
	err := db.read.QueryRowContext(ctx, "SELECT unit_id FROM decisions WHERE id = ?", id).Scan(&unit)
	if err != nil {
		return 0, fmt.Errorf("store: unit of decision %d: %w", id, notFound(err))
	}
	return unit, nil
}
