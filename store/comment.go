package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"juece/store/textclean"
	"juece/workflow"
)

const commentColumns = commentFields + ` FROM comments`

const commentFields = `id, ref, source, author, contact, body, received_at, disposition, reason, coalesce(disposed_by, 0)`

// scanComment reads a row of commentFields, then any more columns into more.
func scanComment(r rowScanner, more ...any) (workflow.Comment, error) {
	var x workflow.Comment
	var received int64
	err := r.Scan(append([]any{&x.ID, &x.Ref, &x.Source, &x.Author, &x.Contact, &x.Body, &received, &x.Disposition, &x.Reason, &x.DisposedBy}, more...)...)
	x.ReceivedAt = fromMS(received)
	return x, err
}

func loadComments(ctx context.Context, q querier, decisionID int64) ([]workflow.Comment, error) {
	return collect(ctx, q, func(r rowScanner) (workflow.Comment, error) { return scanComment(r) }, "SELECT "+commentColumns+" WHERE decision_id = ? ORDER BY id", decisionID)
}

// commentRef is the reference number a commenter is given: YJ, the year (in Shanghai) and
// the comment's id, e.g. YJ2026-000123.
func commentRef(at time.Time, id int64) string {
	return fmt.Sprintf("YJ%d-%06d", at.In(workflow.Shanghai).Year(), id)
}

// AddComment records an opinion received from the public, from the portal or entered from
// a letter. It assigns the reference number, sets ReceivedAt to at when it is zero, and
// returns the comment as stored. A comment given with a disposition counts as disposed by a.
func (tx *Tx) AddComment(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, c workflow.Comment) (workflow.Comment, error) {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		var err error
		c, err = tx.insertComment(ctx, a, at, d.ID, c, receiptHashes{})
		if err != nil {
			return Event{}, err
		}
		return commentEvent(c), nil
	})
	if err != nil {
		return workflow.Comment{}, err
	}
	d.Comments = append(d.Comments, c)
	return c, nil
}

// insertComment stores c as a comment on decision decisionID: it assigns the next id and the
// reference number, sets ReceivedAt to at when it is zero, and counts a comment given with a
// disposition as disposed by a. It writes no history event; the callers do. A comment from
// the portal carries the hashes of its receipt.
func (tx *Tx) insertComment(ctx context.Context, a workflow.Actor, at time.Time, decisionID int64, c workflow.Comment, r receiptHashes) (workflow.Comment, error) {
	// The writer is the only connection, so the next id cannot be taken meanwhile; the
	// reference needs it before the insert.
	if err := tx.tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) + 1 FROM comments").Scan(&c.ID); err != nil {
		return workflow.Comment{}, fmt.Errorf("store: add comment to decision %d: %w", decisionID, err)
	}
	c.Ref = commentRef(at, c.ID)
	if c.ReceivedAt.IsZero() {
		c.ReceivedAt = at
	}
	var disposedBy any
	var disposedAt int64
	c.DisposedBy = 0
	if c.Disposition != workflow.DispositionNone {
		c.DisposedBy, disposedAt = a.UserID, ms(at)
		if a.UserID != 0 {
			disposedBy = a.UserID
		}
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO comments (id, decision_id, ref, source, author, contact, body,
		received_at, disposition, reason, disposed_by, disposed_at, form_token, code_hash, group_key) VALUES (`+placeholders(15)+`)`,
		c.ID, decisionID, c.Ref, c.Source, c.Author, c.Contact, c.Body, ms(c.ReceivedAt), string(c.Disposition), c.Reason,
		disposedBy, disposedAt, r.formToken, r.code, textclean.GroupKey(c.Body))
	if err != nil {
		return workflow.Comment{}, fmt.Errorf("store: add comment %s to decision %d: %w", c.Ref, decisionID, err)
	}
	return c, nil
}

// commentEvent is the history event of a stored comment. The body and contact stay in the
// comment: the history carries no personal data.
func commentEvent(c workflow.Comment) Event {
	fields := []field{
		{"编号", c.Ref},
		{workflow.LabelOf(string(workflow.RecComment), "source"), c.Source},
		{workflow.LabelOf(string(workflow.RecComment), "author"), c.Author},
		{workflow.LabelOf(string(workflow.RecComment), "body"), showLong(c.Body)},
		{"收到时间", showTime(c.ReceivedAt)},
	}
	if c.Disposition != workflow.DispositionNone {
		fields = append(fields, field{workflow.LabelOf(string(workflow.RecDisposition), "disposition"), c.Disposition.Label()}, field{workflow.LabelOf(string(workflow.RecDisposition), "reason"), c.Reason})
	}
	return Event{Action: "add_comment", Summary: "登记公众意见 " + c.Ref, Changes: diffFields(nil, fields)}
}

// DisposeComment records what was done with comment commentID of d (采纳 / 部分采纳 / 未采纳)
// and why. A comment of another decision is ErrNotFound.
func (tx *Tx) DisposeComment(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, commentID int64, disp workflow.Disposition, reason string) error {
	if disp == workflow.DispositionNone {
		return fmt.Errorf("store: dispose comment %d of decision %d: no disposition given", commentID, d.ID)
	}
	var c workflow.Comment
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		var err error
		c, err = scanComment(tx.tx.QueryRowContext(ctx, "SELECT "+commentColumns+" WHERE id = ? AND decision_id = ?", commentID, d.ID))
		if err != nil {
			return Event{}, fmt.Errorf("store: comment %d of decision %d: %w", commentID, d.ID, notFound(err))
		}
		before := []field{{workflow.LabelOf(string(workflow.RecDisposition), "disposition"), c.Disposition.Label()}, {workflow.LabelOf(string(workflow.RecDisposition), "reason"), c.Reason}}
		after := []field{{workflow.LabelOf(string(workflow.RecDisposition), "disposition"), disp.Label()}, {workflow.LabelOf(string(workflow.RecDisposition), "reason"), reason}}
		var by any = sql.NullInt64{Int64: a.UserID, Valid: a.UserID != 0}
		_, err = tx.tx.ExecContext(ctx, "UPDATE comments SET disposition = ?, reason = ?, disposed_by = ?, disposed_at = ? WHERE id = ?",
			string(disp), reason, by, ms(at), commentID)
		if err != nil {
			return Event{}, fmt.Errorf("store: dispose comment %d of decision %d: %w", commentID, d.ID, err)
		}
		return Event{Action: "dispose_comment", Summary: "处理公众意见 " + c.Ref + "：" + disp.Label(),
			Changes: diffFields(before, after)}, nil
	})
	if err != nil {
		return err
	}
	for i := range d.Comments {
		if d.Comments[i].ID == commentID {
			d.Comments[i].Disposition, d.Comments[i].Reason, d.Comments[i].DisposedBy = disp, reason, a.UserID
		}
	}
	return nil
}
