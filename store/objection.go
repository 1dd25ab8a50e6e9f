package store

import (
	"context"
	"crypto/subtle"
	"fmt"
	"strings"
	"time"

	"juece/workflow"
)

// Objections to published normative documents (异议, 规划三(三)3): written from the portal as
// public comments are (addPublicObjection: the row and its event by the public actor, the
// decision's version untouched), with a receipt; answered by the legal office through Apply
// (workflow.AnswerObjection).

const objectionFields = `id, ref, author, contact, provision, body, received_at, outcome, reply, published, replied_at, replied_by`

func scanObjection(r rowScanner, more ...any) (workflow.Objection, error) {
	var x workflow.Objection
	var received, published, replied, by int64
	var outcome, reply string
	err := r.Scan(append([]any{&x.ID, &x.Ref, &x.Author, &x.Contact, &x.Provision, &x.Body, &received, &outcome, &reply, &published, &replied, &by}, more...)...)
	x.ReceivedAt = fromMS(received)
	if replied != 0 {
		x.Reply = &workflow.ObjectionReply{Outcome: workflow.ObjectionOutcome(outcome), Text: reply, Published: published != 0, At: fromMS(replied), By: by}
	}
	return x, err
}

func loadObjections(ctx context.Context, q querier, decisionID int64) ([]workflow.Objection, error) {
	out, err := collect(ctx, q, func(r rowScanner) (workflow.Objection, error) { return scanObjection(r) },
		"SELECT "+objectionFields+" FROM objections WHERE decision_id = ? ORDER BY id", decisionID)
	if err != nil {
		return nil, fmt.Errorf("store: objections to %d: %w", decisionID, err)
	}
	return out, nil
}

// objectionRef is the reference number an objector is given: YY (异议), the year in Shanghai
// and the objection's id, e.g. YY2026-000012.
func objectionRef(at time.Time, id int64) string {
	return fmt.Sprintf("YY%d-%06d", at.In(workflow.Shanghai).Year(), id)
}

// AddPublicObjection records an objection sent from the portal with form token token (its
// receipt code is ReceiptCode(token)) to normative document decisionID, with its event by the
// public actor. The event names the objection, the provision and its text, not the objector.
func (tx *Tx) AddPublicObjection(ctx context.Context, at time.Time, decisionID int64, o workflow.Objection, token string) (workflow.Objection, error) {
	if token == "" {
		return workflow.Objection{}, fmt.Errorf("store: objection to decision %d: no form token", decisionID)
	}
	r := receiptOf(token)
	o.ReceivedAt, o.Reply = at, nil
	err := tx.savepoint(ctx, func() error {
		if err := tx.tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) + 1 FROM objections").Scan(&o.ID); err != nil {
			return fmt.Errorf("store: objection to decision %d: %w", decisionID, err)
		}
		o.Ref = objectionRef(at, o.ID)
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO objections (id, decision_id, ref, author, contact, provision, body, received_at,
			form_token, code_hash) VALUES (`+placeholders(10)+`)`,
			o.ID, decisionID, o.Ref, o.Author, o.Contact, o.Provision, o.Body, ms(at), r.formToken, r.code)
		if err != nil {
			return fmt.Errorf("store: objection %s to decision %d: %w", o.Ref, decisionID, err)
		}
		return tx.addEvent(ctx, PublicActor, at, Event{DecisionID: decisionID, Action: "objection",
			Summary: "收到对规范性文件的异议 " + o.Ref, Changes: diffFields(nil, []field{
				{"编号", o.Ref}, {"异议的条款", o.Provision}, {"异议内容", showLong(o.Body)}, {"收到时间", showTime(at)}})})
	})
	if err != nil {
		return workflow.Objection{}, err
	}
	return o, nil
}

// ObjectionByFormToken finds the objection sent to decision decisionID with form token token;
// ErrNotFound when there is none.
func (tx *Tx) ObjectionByFormToken(ctx context.Context, decisionID int64, token string) (workflow.Objection, error) {
	o, err := scanObjection(tx.tx.QueryRowContext(ctx, "SELECT "+objectionFields+" FROM objections WHERE decision_id = ? AND form_token = ?",
		decisionID, hashOf("form", token)))
	if err != nil {
		return workflow.Objection{}, fmt.Errorf("store: objection by form token on decision %d: %w", decisionID, notFound(err))
	}
	return o, nil
}

// ObjectionByReceipt finds the objection whose reference number is ref and whose receipt code
// is code (as typed), with its document's id. A wrong code answers exactly like an unknown
// reference: ErrNotFound.
func (db *DB) ObjectionByReceipt(ctx context.Context, ref, code string) (int64, workflow.Objection, error) {
	var decisionID int64
	var stored string
	o, err := scanObjection(db.read.QueryRowContext(ctx, "SELECT "+objectionFields+", decision_id, code_hash FROM objections WHERE ref = ?",
		strings.ToUpper(strings.TrimSpace(ref))), &decisionID, &stored)
	if err != nil {
		return 0, workflow.Objection{}, fmt.Errorf("store: objection by receipt %q: %w", ref, notFound(err))
	}
	want := hashOf("code", NormalizeReceiptCode(code))
	if subtle.ConstantTimeCompare([]byte(stored), []byte(want)) != 1 {
		return 0, workflow.Objection{}, fmt.Errorf("store: objection by receipt %q: %w", ref, ErrNotFound)
	}
	return decisionID, o, nil
}

func (tx *Tx) answerObjection(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, c *workflow.AnswerObjection) (Event, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE objections SET outcome = ?, reply = ?, published = ?, replied_at = ?, replied_by = ?
		WHERE id = ? AND decision_id = ? AND replied_at = 0`, string(c.Outcome), c.Text, b2i(c.Publish), ms(at), a.UserID, c.ObjectionID, d.ID)
	if err != nil {
		return Event{}, fmt.Errorf("store: reply to objection %d: %w", c.ObjectionID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Event{}, fmt.Errorf("store: reply to objection %d: %w", c.ObjectionID, ErrNotFound)
	}
	var ref string
	if err := tx.tx.QueryRowContext(ctx, "SELECT ref FROM objections WHERE id = ?", c.ObjectionID).Scan(&ref); err != nil {
		return Event{}, err
	}
	published := "不公开"
	if c.Publish {
		published = "在文件库公开"
	}
	return Event{Action: "objection_reply", Summary: "答复异议 " + ref + "：" + c.Outcome.Label(), Changes: diffFields(nil, []field{
		{"异议编号", ref}, {"处理结果", c.Outcome.Label()}, {"答复内容和理由", c.Text}, {"是否公开", published}})}, nil
}

// PendingObjection is an unanswered objection as the legal office's queue lists it.
type PendingObjection struct {
	DecisionID int64
	Title      string
	Number     string
	Ref        string
	Provision  string
	ReceivedAt time.Time
}

// PendingObjections lists the objections not yet answered, the oldest first.
func (db *DB) PendingObjections(ctx context.Context) ([]PendingObjection, error) {
	out, err := collect(ctx, db.read, func(r rowScanner) (PendingObjection, error) {
		var x PendingObjection
		var received int64
		err := r.Scan(&x.DecisionID, &x.Title, &x.Number, &x.Ref, &x.Provision, &received)
		x.ReceivedAt = fromMS(received)
		return x, err
	}, `SELECT o.decision_id, d.title, n.number, o.ref, o.provision, o.received_at
		FROM objections o JOIN decisions d ON d.id = o.decision_id JOIN normative_files n ON n.decision_id = d.id
		WHERE o.replied_at = 0 ORDER BY o.received_at, o.id`)
	if err != nil {
		return nil, fmt.Errorf("store: pending objections: %w", err)
	}
	return out, nil
}

// ObjectionsReceived lists the objections received in [from, to), for the yearly report: each
// with its reply when answered, without the objector.
func (db *DB) ObjectionsReceived(ctx context.Context, from, to time.Time) ([]workflow.Objection, error) {
	out, err := collect(ctx, db.read, func(r rowScanner) (workflow.Objection, error) { return scanObjection(r) },
		"SELECT "+objectionFields+" FROM objections WHERE received_at >= ? AND received_at < ? ORDER BY id", ms(from), ms(to))
	if err != nil {
		return nil, fmt.Errorf("store: objections received: %w", err)
	}
	for i := range out {
		out[i].Author, out[i].Contact = "", ""
	}
	return out, nil
}
