package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

func scanReview(r rowScanner) (workflow.Review, error) {
	var x workflow.Review
	var signed int64
	more, fill := moreScan(workflow.FormReview, &x.More)
	err := r.Scan(append([]any{&x.ID, &x.SubmissionID, &x.RevisionID, &x.ReviewerID, &x.ReviewerName, &x.Conclusion, &x.Authority,
		&x.Procedure, &x.Substance, &x.Advisers, &x.LegalRisk, &signed}, more...)...)
	fill()
	x.SignedAt = fromMS(signed)
	return x, err
}

func loadReviews(ctx context.Context, q querier, decisionID int64) ([]workflow.Review, error) {
	return collect(ctx, q, scanReview, `SELECT id, submission_id, revision_id, reviewer_id, reviewer_name, conclusion,
		authority, procedure, substance, advisers, legal_risk, signed_at`+moreColumns(workflow.FormReview)+`
		FROM legality_reviews WHERE decision_id = ? ORDER BY id`, decisionID)
}

// AddReview records a signed legality review (合法性审查意见, 条例第27—28条); it is never changed
// afterwards. The reviewer is a, signing at at; the name is kept as it was at signing. A zero
// SubmissionID names the current submission (ErrNotFound if none); a zero RevisionID the
// submission's draft. A submission or revision of another decision is ErrNotFound.
func (tx *Tx) AddReview(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, r workflow.Review) (int64, error) {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		var s workflow.ReviewSubmission
		var err error
		if r.SubmissionID == 0 {
			s, err = tx.currentSubmission(ctx, d.ID)
		} else {
			s, err = scanSubmission(tx.tx.QueryRowContext(ctx, "SELECT "+submissionColumns()+" WHERE id = ? AND decision_id = ?",
				r.SubmissionID, d.ID))
			if err != nil {
				err = fmt.Errorf("store: submission %d of decision %d: %w", r.SubmissionID, d.ID, notFound(err))
			}
		}
		if err != nil {
			return Event{}, err
		}
		r.SubmissionID = s.ID
		if r.RevisionID == 0 {
			r.RevisionID = s.RevisionID
		}
		no, err := tx.revisionNo(ctx, d.ID, r.RevisionID)
		if err != nil {
			return Event{}, err
		}
		r.ReviewerID, r.ReviewerName, r.SignedAt = a.UserID, a.Name, at
		if r.ReviewerName == "" {
			if err := tx.tx.QueryRowContext(ctx, "SELECT display_name FROM users WHERE id = ?", a.UserID).Scan(&r.ReviewerName); err != nil {
				return Event{}, fmt.Errorf("store: reviewer %d: %w", a.UserID, notFound(err))
			}
		}
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO legality_reviews (decision_id, submission_id, revision_id,
			reviewer_id, reviewer_name, conclusion, authority, procedure, substance, advisers, legal_risk, signed_at`+
			moreColumns(workflow.FormReview)+`) VALUES (`+placeholders(12)+moreMarks(workflow.FormReview)+`)`,
			append([]any{d.ID, r.SubmissionID, r.RevisionID, r.ReviewerID, r.ReviewerName, string(r.Conclusion), r.Authority,
				r.Procedure, r.Substance, r.Advisers, r.LegalRisk, ms(at)}, moreArgs(workflow.FormReview, r.More)...)...)
		if err != nil {
			return Event{}, fmt.Errorf("store: add review of decision %d: %w", d.ID, err)
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return Event{}, fmt.Errorf("store: add review of decision %d: %w", d.ID, err)
		}
		return Event{Action: "sign_review", Summary: "签署合法性审查意见：" + r.Conclusion.Label(), Changes: diffFields(nil, append([]field{
			{workflow.LabelOf(workflow.FormReview, "conclusion"), r.Conclusion.Label()},
			{"审查草案", revisionLabel(no)},
			{"审查人", r.ReviewerName},
			{workflow.LabelOf(workflow.FormReview, "authority"), r.Authority},
			{workflow.LabelOf(workflow.FormReview, "procedure"), r.Procedure},
			{workflow.LabelOf(workflow.FormReview, "substance"), r.Substance},
			{workflow.LabelOf(workflow.FormReview, "advisers"), r.Advisers},
			{workflow.LabelOf(workflow.FormReview, "legal_risk"), r.LegalRisk},
			{"签署时间", showTime(at)},
		}, moreFields(workflow.FormReview, r.More)...))}, nil
	})
	if err != nil {
		return 0, err
	}
	// The web handler appends the review being signed to d.Reviews for workflow's gates
	// before it is stored; that pending copy (ID 0) is replaced, not repeated.
	if n := len(d.Reviews); n > 0 && d.Reviews[n-1].ID == 0 {
		d.Reviews[n-1] = r
	} else {
		d.Reviews = append(d.Reviews, r)
	}
	return r.ID, nil
}
