package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

func loadWithdrawals(ctx context.Context, q querier, decisionID int64) ([]workflow.WithdrawalRequest, error) {
	return collect(ctx, q, func(r rowScanner) (workflow.WithdrawalRequest, error) {
		var w workflow.WithdrawalRequest
		var at, settled, withdrawn int64
		err := r.Scan(&w.ID, &w.Reason, &at, &w.RequestedBy, &settled, &w.SettledBy, &withdrawn, &w.Answer)
		w.RequestedAt, w.SettledAt, w.Withdrawn = fromMS(at), fromMS(settled), withdrawn != 0
		return w, err
	}, `SELECT id, reason, requested_at, requested_by, settled_at, settled_by, withdrawn, answer
		FROM withdrawal_requests WHERE decision_id = ? ORDER BY id`, decisionID)
}

// requestWithdrawal records the undertaking unit's request to withdraw, with its event.
func (tx *Tx) requestWithdrawal(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, reason string) (int64, error) {
	var id int64
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO withdrawal_requests (decision_id, reason, requested_at, requested_by)
			VALUES (?, ?, ?, ?)`, d.ID, reason, ms(at), a.UserID)
		if err != nil {
			return Event{}, fmt.Errorf("store: withdrawal request of decision %d: %w", d.ID, err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return Event{}, err
		}
		return Event{Action: "request_withdrawal", Summary: "申请撤回：" + reason,
			Changes: diffFields(nil, []field{{workflow.LabelOf(string(workflow.RecWithdrawal), "reason"), reason}})}, nil
	})
	if err != nil {
		return 0, err
	}
	d.Withdrawals = append(d.Withdrawals, workflow.WithdrawalRequest{ID: id, Reason: reason, RequestedAt: at, RequestedBy: a.UserID})
	return id, nil
}

// settleWithdrawal settles the pending request: by withdrawing the decision (written with the
// withdraw event) or by declining it, with its own event.
func (tx *Tx) settleWithdrawal(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, withdrawn bool, answer string) error {
	p := d.PendingWithdrawal()
	if p == nil {
		return nil
	}
	update := func() error {
		_, err := tx.tx.ExecContext(ctx, `UPDATE withdrawal_requests SET settled_at = ?, settled_by = ?, withdrawn = ?, answer = ?
			WHERE id = ? AND settled_at = 0`, ms(at), a.UserID, b2i(withdrawn), answer, p.ID)
		if err != nil {
			return fmt.Errorf("store: settle withdrawal request %d: %w", p.ID, err)
		}
		return nil
	}
	if withdrawn {
		if err := update(); err != nil {
			return err
		}
	} else {
		err := tx.change(ctx, a, at, d, func() (Event, error) {
			if err := update(); err != nil {
				return Event{}, err
			}
			return Event{Action: "decline_withdrawal", Summary: "不同意撤回：" + answer,
				Changes: diffFields(nil, []field{{workflow.LabelOf(workflow.FormDeclineWithdrawal, "reason"), answer}})}, nil
		})
		if err != nil {
			return err
		}
	}
	p.SettledAt, p.SettledBy, p.Withdrawn, p.Answer = at, a.UserID, withdrawn, answer
	return nil
}
