package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

func scanSubmission(r rowScanner) (workflow.ReviewSubmission, error) {
	var x workflow.ReviewSubmission
	var submitted, returned int64
	more, fill := moreScan(submission, &x.More)
	err := r.Scan(append([]any{&x.ID, &x.RevisionID, &x.LegalBasis, &x.Procedures, &submitted, &x.SubmittedBy, &returned, &x.ReturnReason},
		more...)...)
	fill()
	x.SubmittedOn, x.ReturnedOn = fromMS(submitted), fromMS(returned)
	return x, err
}

// submission is the form of the submission for legality review.
const submission = string(workflow.RecSubmission)

// submissionColumns are what scanSubmission reads, with the table.
func submissionColumns() string {
	return `id, revision_id, legal_basis, procedures, submitted_on, submitted_by, returned_on, return_reason` +
		moreColumns(submission) + ` FROM review_submissions`
}

func loadSubmissions(ctx context.Context, q querier, decisionID int64) ([]workflow.ReviewSubmission, error) {
	return collect(ctx, q, scanSubmission, "SELECT "+submissionColumns()+" WHERE decision_id = ? ORDER BY id", decisionID)
}

// AddSubmission records the submission for legality review (送请合法性审查, 条例第26条), which
// starts the review clock. SubmittedBy is a; a zero SubmittedOn is at; a zero RevisionID
// names the current draft. A revision of another decision is ErrNotFound.
func (tx *Tx) AddSubmission(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, s workflow.ReviewSubmission) (int64, error) {
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		var err error
		if s.RevisionID == 0 {
			if s.RevisionID, err = tx.currentRevisionID(ctx, d.ID); err != nil {
				return Event{}, err
			}
		}
		no, err := tx.revisionNo(ctx, d.ID, s.RevisionID)
		if err != nil {
			return Event{}, err
		}
		if s.SubmittedOn.IsZero() {
			s.SubmittedOn = at
		}
		s.SubmittedBy, s.ReturnedOn, s.ReturnReason = a.UserID, time.Time{}, ""
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO review_submissions (decision_id, revision_id, legal_basis,
			procedures, submitted_on, submitted_by`+moreColumns(submission)+`) VALUES (?, ?, ?, ?, ?, ?`+moreMarks(submission)+`)`,
			append([]any{d.ID, s.RevisionID, s.LegalBasis, s.Procedures, ms(s.SubmittedOn), s.SubmittedBy},
				moreArgs(submission, s.More)...)...)
		if err != nil {
			return Event{}, fmt.Errorf("store: add submission of decision %d: %w", d.ID, err)
		}
		if s.ID, err = res.LastInsertId(); err != nil {
			return Event{}, fmt.Errorf("store: add submission of decision %d: %w", d.ID, err)
		}
		return Event{Action: "add_submission", Summary: "送请合法性审查（草案" + revisionLabel(no) + "）",
			Changes: diffFields(nil, append([]field{
				{"送审草案", revisionLabel(no)},
				{workflow.LabelOf(string(workflow.RecSubmission), "legal_basis"), s.LegalBasis},
				{workflow.LabelOf(string(workflow.RecSubmission), "procedures"), s.Procedures},
				{"送审日期", showDate(s.SubmittedOn)},
			}, moreFields(submission, s.More)...))}, nil
	})
	if err != nil {
		return 0, err
	}
	d.Submissions = append(d.Submissions, s)
	return s.ID, nil
}

// ReturnSubmission sends the current submission (the latest, if not already sent back) back
// for missing material; ErrNotFound when there is none.
func (tx *Tx) ReturnSubmission(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, reason string) error {
	var s workflow.ReviewSubmission
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		var err error
		s, err = tx.currentSubmission(ctx, d.ID)
		if err != nil {
			return Event{}, err
		}
		_, err = tx.tx.ExecContext(ctx, "UPDATE review_submissions SET returned_on = ?, return_reason = ? WHERE id = ?",
			ms(at), reason, s.ID)
		if err != nil {
			return Event{}, fmt.Errorf("store: return submission %d of decision %d: %w", s.ID, d.ID, err)
		}
		summary := "退回补充材料"
		if reason != "" {
			summary += "：" + reason
		}
		return Event{Action: "return_submission", Summary: summary, Changes: diffFields(nil, []field{
			{"退回时间", showTime(at)},
			{workflow.LabelOf(string(workflow.RecReturn), "reason"), reason},
		})}, nil
	})
	if err != nil {
		return err
	}
	for i := range d.Submissions {
		if d.Submissions[i].ID == s.ID {
			d.Submissions[i].ReturnedOn, d.Submissions[i].ReturnReason = at, reason
		}
	}
	return nil
}

// currentSubmission is the decision's latest submission if it was not sent back;
// ErrNotFound otherwise.
func (tx *Tx) currentSubmission(ctx context.Context, decisionID int64) (workflow.ReviewSubmission, error) {
	s, err := scanSubmission(tx.tx.QueryRowContext(ctx, "SELECT "+submissionColumns()+
		" WHERE decision_id = ? ORDER BY id DESC LIMIT 1", decisionID))
	if err == nil && !s.ReturnedOn.IsZero() {
		err = ErrNotFound
	}
	if err != nil {
		return s, fmt.Errorf("store: current submission of decision %d: %w", decisionID, notFound(err))
	}
	return s, nil
}
