package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"juece/workflow"
)

// The public draw of hearing participants (workflow/draw.go, docs/hearing-draw.md).

// signupRef is the receipt number of a sign-up: BM, the year, the id.
func signupRef(at time.Time, id int64) string {
	return fmt.Sprintf("BM%d-%06d", at.In(workflow.Shanghai).Year(), id)
}

func loadDraw(ctx context.Context, q querier, decisionID int64) (*workflow.HearingDraw, error) {
	var d workflow.HearingDraw
	var closes, committed, drawn int64
	err := q.QueryRowContext(ctx, `SELECT id, signup_closes_on, seed, seed_hash, committed_at, drawn_at, witnesses, list_digest
		FROM hearing_draws WHERE decision_id = ?`, decisionID).Scan(&d.ID, &closes, &d.Seed, &d.SeedHash, &committed, &drawn,
		&d.Witnesses, &d.ListDigest)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: draw of decision %d: %w", decisionID, err)
	}
	d.SignupClosesOn, d.CommittedAt, d.DrawnAt = fromMS(closes), fromMS(committed), fromMS(drawn)
	if !d.Drawn() {
		d.Seed = "" // the seed stays secret until the draw, from every reader
	}
	d.Quotas, err = collect(ctx, q, func(r rowScanner) (workflow.Quota, error) {
		var x workflow.Quota
		return x, r.Scan(&x.Category, &x.Seats)
	}, "SELECT category, seats FROM hearing_quotas WHERE draw_id = ? ORDER BY position", d.ID)
	if err != nil {
		return nil, fmt.Errorf("store: quotas of decision %d: %w", decisionID, err)
	}
	d.Signups, err = collect(ctx, q, func(r rowScanner) (workflow.HearingSignup, error) {
		var x workflow.HearingSignup
		var at, withdrawn int64
		err := r.Scan(&x.ID, &x.Ref, &x.Name, &x.Category, &x.Organisation, &x.Contact, &x.Interest, &at, &x.Rank,
			&withdrawn, &x.WithdrawnReason)
		x.SignedUpAt, x.WithdrawnAt = fromMS(at), fromMS(withdrawn)
		return x, err
	}, `SELECT id, ref, name, category, organisation, contact, interest, created_at, rank, withdrawn_at, withdrawn_reason
		FROM hearing_signups WHERE decision_id = ? ORDER BY ref`, decisionID)
	if err != nil {
		return nil, fmt.Errorf("store: sign-ups of decision %d: %w", decisionID, err)
	}
	return &d, nil
}

// HearingDraw loads decision decisionID's draw with its sign-ups; nil when none was set up.
func (db *DB) HearingDraw(ctx context.Context, decisionID int64) (*workflow.HearingDraw, error) {
	return loadDraw(ctx, db.read, decisionID)
}

// HearingDraw is HearingDraw inside the write transaction.
func (tx *Tx) HearingDraw(ctx context.Context, decisionID int64) (*workflow.HearingDraw, error) {
	return loadDraw(ctx, tx.tx, decisionID)
}

func quotaText(qs []workflow.Quota) string {
	var parts []string
	for _, q := range qs {
		parts = append(parts, fmt.Sprintf("%s %d 名", q.Category, q.Seats))
	}
	return strings.Join(parts, "，")
}

// DrawMethod is the selection method the commitment publishes (条例第16条: published ahead).
func DrawMethod(closesOn time.Time, qs []workflow.Quota, seedHash string) string {
	return fmt.Sprintf("公开报名、按类别名额公开随机抽选。报名截止日：%s（含当日）。名额：%s。"+
		"抽选种子的 SHA-256 值（抽选时公开种子，任何人可核验）：%s。抽选方法见平台公布的《听证参加人公开抽选算法》，"+
		"依据种子和公布的报名名单可以重算抽选结果；各类别未入选者按抽选顺序依次候补。",
		closesOn.In(workflow.Shanghai).Format("2006年1月2日"), quotaText(qs), seedHash)
}

// commitDraw sets up decision d's draw (workflow.SetUpDraw): the sign-up's last day and the
// seats per category, and a random seed of which only the hash is shown until the draw. The
// hearing's selection method becomes the draw's, published today. Once committed, none of it
// changes (one draw per decision).
func (tx *Tx) commitDraw(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, closesOn time.Time, quotas []workflow.Quota) error {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return fmt.Errorf("store: draw seed: %w", err)
	}
	seed := hex.EncodeToString(raw)
	hash := workflow.SeedHash(seed)
	method := DrawMethod(closesOn, quotas, hash)
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO hearing_draws (decision_id, signup_closes_on, seed, seed_hash, committed_at)
			VALUES (?, ?, ?, ?, ?)`, d.ID, ms(closesOn), seed, hash, ms(at))
		if err != nil {
			return Event{}, fmt.Errorf("store: commit draw of decision %d: %w", d.ID, err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return Event{}, err
		}
		for i, q := range quotas {
			if _, err := tx.tx.ExecContext(ctx, "INSERT INTO hearing_quotas (draw_id, position, category, seats) VALUES (?, ?, ?, ?)",
				id, i+1, q.Category, q.Seats); err != nil {
				return Event{}, fmt.Errorf("store: quota %s of decision %d: %w", q.Category, d.ID, err)
			}
		}
		old := d.Hearing
		if _, err := tx.tx.ExecContext(ctx, "UPDATE hearings SET selection_method = ?, selection_published_on = ? WHERE decision_id = ?",
			method, ms(workflow.Day(at)), d.ID); err != nil {
			return Event{}, fmt.Errorf("store: selection method of decision %d: %w", d.ID, err)
		}
		return Event{Action: "commit_draw", Summary: "公布听证参加人公开抽选办法和抽选种子的哈希值",
			Changes: diffFields([]field{{hearingLabel("selection_method"), old.SelectionMethod}, {hearingLabel("selection_published_on"), showDate(old.SelectionPublishedOn)}},
				[]field{{hearingLabel("selection_method"), method}, {hearingLabel("selection_published_on"), showDate(workflow.Day(at))},
					{workflow.LabelOf(string(workflow.RecDraw), "signup_closes_on"), showDate(closesOn)}, {"各类别名额", quotaText(quotas)}, {"抽选种子哈希值", hash}})}, nil
	})
	if err != nil {
		return err
	}
	if d.Hearing, err = loadHearing(ctx, tx.tx, d.ID); err != nil {
		return err
	}
	return tx.keepDraw(ctx, d)
}

// keepDraw reads d's draw again after a write, so that d stays as stored.
func (tx *Tx) keepDraw(ctx context.Context, d *workflow.Decision) error {
	draw, err := loadDraw(ctx, tx.tx, d.ID)
	if err != nil {
		return err
	}
	d.Draw = draw
	return nil
}

// AddHearingSignup records a citizen's sign-up from the portal and gives it its receipt
// number. Like a public comment it does not raise the decision's version; its event names the
// public. The caller checks that the sign-up is open.
func (tx *Tx) AddHearingSignup(ctx context.Context, at time.Time, decisionID int64, s workflow.HearingSignup) (workflow.HearingSignup, error) {
	s.SignedUpAt = at
	err := tx.savepoint(ctx, func() error {
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO hearing_signups (decision_id, ref, name, category, organisation, contact, interest, created_at)
			VALUES (?, '', ?, ?, ?, ?, ?, ?)`, decisionID, s.Name, s.Category, s.Organisation, s.Contact, s.Interest, ms(at))
		if err != nil {
			return fmt.Errorf("store: sign-up for decision %d: %w", decisionID, err)
		}
		if s.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		s.Ref = signupRef(at, s.ID)
		// The receipt number is made of the id, known only once the row is in.
		if _, err := tx.tx.ExecContext(ctx, "UPDATE hearing_signups SET ref = ? WHERE id = ?", s.Ref, s.ID); err != nil {
			return fmt.Errorf("store: sign-up %d ref: %w", s.ID, err)
		}
		return tx.addEvent(ctx, PublicActor, at, Event{DecisionID: decisionID, Action: "hearing_signup",
			Summary: "公众报名参加听证：" + s.Ref,
			Changes: diffFields(nil, []field{{"报名编号", s.Ref}, {"姓名", s.Name}, {"类别", s.Category}, {"单位或身份", s.Organisation}})})
	})
	if err != nil {
		return workflow.HearingSignup{}, err
	}
	return s, nil
}

// runDraw draws decision d's hearing participants (workflow.RunDraw, which checked that the
// sign-up has closed and the draw is still to be made): the seed is revealed, each category's
// sign-ups get their place in the drawn order, and the witnesses are recorded.
func (tx *Tx) runDraw(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, witnesses string) error {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		draw, err := loadDraw(ctx, tx.tx, d.ID)
		if err != nil {
			return Event{}, err
		}
		if draw == nil || draw.Drawn() {
			return Event{}, fmt.Errorf("store: draw of decision %d: none to run: %w", d.ID, ErrConflict)
		}
		if err := tx.tx.QueryRowContext(ctx, "SELECT seed FROM hearing_draws WHERE id = ?", draw.ID).Scan(&draw.Seed); err != nil {
			return Event{}, err
		}
		entries := draw.Entries()
		draw.ListDigest = workflow.ListDigest(entries)
		drawn := workflow.Draw(draw.Seed, entries, draw.Quotas)
		rank := map[string]int{}
		for _, x := range drawn {
			rank[x.Ref] = x.Rank
			if _, err := tx.tx.ExecContext(ctx, "UPDATE hearing_signups SET rank = ? WHERE decision_id = ? AND ref = ?", x.Rank, d.ID, x.Ref); err != nil {
				return Event{}, fmt.Errorf("store: draw of decision %d: %w", d.ID, err)
			}
		}
		for i := range draw.Signups {
			draw.Signups[i].Rank = rank[draw.Signups[i].Ref]
		}
		draw.DrawnAt, draw.Witnesses = at, witnesses
		if _, err := tx.tx.ExecContext(ctx, "UPDATE hearing_draws SET drawn_at = ?, witnesses = ?, list_digest = ? WHERE id = ?",
			ms(at), witnesses, draw.ListDigest, draw.ID); err != nil {
			return Event{}, fmt.Errorf("store: draw of decision %d: %w", d.ID, err)
		}
		var seated []string
		for _, st := range draw.Standings() {
			if st.Status == workflow.SeatTaken {
				seated = append(seated, st.Signup.Ref+" "+st.Signup.Name+"（"+st.Signup.Category+"）")
			}
		}
		return Event{Action: "run_draw", Summary: fmt.Sprintf("公开抽选听证参加人：%d 人报名，%d 人入选", len(entries), len(seated)),
			Changes: diffFields(nil, []field{{"抽选种子", draw.Seed}, {"报名名单摘要值", draw.ListDigest}, {workflow.LabelOf(workflow.FormDrawRun, "witnesses"), witnesses},
				{"入选名单", strings.Join(seated, "；")}})}, nil
	})
	if err != nil {
		return err
	}
	return tx.keepDraw(ctx, d)
}

// withdrawSignup records that a sign-up is withdrawn (workflow.WithdrawSignup), with the
// reason: before the draw it is left out of it; after, its seat goes to the next reserve of its
// category.
func (tx *Tx) withdrawSignup(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, signupID int64, reason string) error {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		var ref, name string
		var withdrawn int64
		err := tx.tx.QueryRowContext(ctx, "SELECT ref, name, withdrawn_at FROM hearing_signups WHERE id = ? AND decision_id = ?",
			signupID, d.ID).Scan(&ref, &name, &withdrawn)
		if err != nil {
			return Event{}, fmt.Errorf("store: sign-up %d of decision %d: %w", signupID, d.ID, notFound(err))
		}
		if withdrawn != 0 {
			return Event{}, fmt.Errorf("store: sign-up %d already withdrawn: %w", signupID, ErrConflict)
		}
		if _, err := tx.tx.ExecContext(ctx, "UPDATE hearing_signups SET withdrawn_at = ?, withdrawn_reason = ? WHERE id = ?",
			ms(at), reason, signupID); err != nil {
			return Event{}, fmt.Errorf("store: withdraw sign-up %d: %w", signupID, err)
		}
		return Event{Action: "withdraw_signup", Summary: "听证报名退出：" + ref + " " + name,
			Changes: diffFields(nil, []field{{workflow.LabelOf(workflow.FormSignupWithdrawal, "reason"), reason}})}, nil
	})
	if err != nil {
		return err
	}
	return tx.keepDraw(ctx, d)
}

func hearingLabel(name string) string { return workflow.LabelOf(string(workflow.RecHearing), name) }
