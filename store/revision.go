package store

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"
	"unicode/utf8"

	"juece/workflow"
)

// revision is the form of a draft.
const revision = string(workflow.RecRevision)

func scanRevision(r rowScanner) (workflow.Revision, error) {
	var x workflow.Revision
	var created int64
	more, fill := moreScan(revision, &x.More)
	err := r.Scan(append([]any{&x.ID, &x.No, &x.Body, &x.Options, &x.Note, &x.CreatedBy, &created}, more...)...)
	fill()
	x.CreatedAt = fromMS(created)
	return x, err
}

func loadRevisions(ctx context.Context, q querier, decisionID int64) ([]workflow.Revision, error) {
	return collect(ctx, q, scanRevision, `SELECT id, no, body, options, note, created_by, created_at`+moreColumns(revision)+`
		FROM draft_revisions WHERE decision_id = ? ORDER BY no`, decisionID)
}

// AddRevision saves a new draft (决策草案) as the next revision; every save is kept (条例第12条).
// No, CreatedBy and CreatedAt are assigned.
func (tx *Tx) AddRevision(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, r workflow.Revision) (int64, error) {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		if err := tx.tx.QueryRowContext(ctx, "SELECT coalesce(max(no), 0) + 1 FROM draft_revisions WHERE decision_id = ?",
			d.ID).Scan(&r.No); err != nil {
			return Event{}, fmt.Errorf("store: add revision to decision %d: %w", d.ID, err)
		}
		r.CreatedBy, r.CreatedAt = a.UserID, at
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO draft_revisions (decision_id, no, body, options, note, created_by, created_at`+moreColumns(revision)+`)
			VALUES (?, ?, ?, ?, ?, ?, ?`+moreMarks(revision)+`)`, append([]any{d.ID, r.No, r.Body, r.Options, r.Note, r.CreatedBy, ms(at)},
			moreArgs(revision, r.More)...)...)
		if err != nil {
			return Event{}, fmt.Errorf("store: add revision %d to decision %d: %w", r.No, d.ID, err)
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return Event{}, fmt.Errorf("store: add revision %d to decision %d: %w", r.No, d.ID, err)
		}
		return Event{Action: "add_revision", Summary: fmt.Sprintf("保存草案第%d稿", r.No), Changes: diffFields(nil, append([]field{
			{"稿次", revisionLabel(r.No)},
			{workflow.LabelOf(string(workflow.RecRevision), "body"), showLong(r.Body)},
			{workflow.LabelOf(string(workflow.RecRevision), "options"), showLong(r.Options)},
			{workflow.LabelOf(string(workflow.RecRevision), "note"), r.Note},
		}, moreFields(revision, r.More)...))}, nil
	})
	if err != nil {
		return 0, err
	}
	d.Revisions = append(d.Revisions, r)
	return r.ID, nil
}

// revisionLabel shows a revision number as 第3稿.
func revisionLabel(no int) string {
	if no == 0 {
		return ""
	}
	return fmt.Sprintf("第%d稿", no)
}

// revisionNo is the number of revision revisionID of decision decisionID; ErrNotFound when
// it is not one of that decision's revisions.
func (tx *Tx) revisionNo(ctx context.Context, decisionID, revisionID int64) (int, error) {
	var no int
	err := tx.tx.QueryRowContext(ctx, "SELECT no FROM draft_revisions WHERE id = ? AND decision_id = ?",
		revisionID, decisionID).Scan(&no)
	if err != nil {
		return 0, fmt.Errorf("store: revision %d of decision %d: %w", revisionID, decisionID, notFound(err))
	}
	return no, nil
}

// currentRevisionID is the id of the decision's latest revision; ErrNotFound when it has none.
func (tx *Tx) currentRevisionID(ctx context.Context, decisionID int64) (int64, error) {
	var id int64
	err := tx.tx.QueryRowContext(ctx, "SELECT id FROM draft_revisions WHERE decision_id = ? ORDER BY no DESC LIMIT 1",
		decisionID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: current revision of decision %d: %w", decisionID, notFound(err))
	}
	return id, nil
}

// showLong shows a long text in the history by its length and a short fingerprint, so that
// an edit is visible without copying the text into every event; "" stays "".
func showLong(s string) string {
	if s == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(s))
	return fmt.Sprintf("（%d字，摘要%x）", utf8.RuneCountInString(s), sum[:4])
}

func loadDraftNotes(ctx context.Context, q querier, decisionID int64) ([]workflow.DraftChangeNote, error) {
	return collect(ctx, q, func(r rowScanner) (workflow.DraftChangeNote, error) {
		var n workflow.DraftChangeNote
		var at int64
		err := r.Scan(&n.RevisionID, &n.NoticeRevisionID, &n.Reason, &at, &n.By)
		n.At = fromMS(at)
		return n, err
	}, `SELECT revision_id, notice_revision_id, reason, noted_at, noted_by FROM draft_change_notes WHERE decision_id = ? ORDER BY id`, decisionID)
}

// noteDraftChange records why the changed draft needs no new consultation, with its event.
func (tx *Tx) noteDraftChange(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, c *workflow.NoteDraftChange) (int64, error) {
	var id int64
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		from, err := tx.revisionNo(ctx, d.ID, c.NoticeRevisionID)
		if err != nil {
			return Event{}, err
		}
		to, err := tx.revisionNo(ctx, d.ID, c.RevisionID)
		if err != nil {
			return Event{}, err
		}
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO draft_change_notes (decision_id, revision_id, notice_revision_id, reason, noted_at, noted_by)
			VALUES (?, ?, ?, ?, ?, ?)`, d.ID, c.RevisionID, c.NoticeRevisionID, c.Reason, ms(at), a.UserID)
		if err != nil {
			return Event{}, fmt.Errorf("store: draft change note of decision %d: %w", d.ID, err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return Event{}, err
		}
		return Event{Action: "note_draft_change", Summary: fmt.Sprintf("说明征求意见后草案修改（%s→%s）无须重新征求意见：%s", revisionLabel(from), revisionLabel(to), c.Reason),
			Changes: diffFields(nil, []field{{"公开征求意见稿", revisionLabel(from)}, {"修改后草案", revisionLabel(to)},
				{workflow.LabelOf(string(workflow.RecDraftChange), "reason"), c.Reason}})}, nil
	})
	if err != nil {
		return 0, err
	}
	d.DraftNotes = append(d.DraftNotes, workflow.DraftChangeNote{RevisionID: c.RevisionID, NoticeRevisionID: c.NoticeRevisionID,
		Reason: c.Reason, At: at, By: a.UserID})
	return id, nil
}
