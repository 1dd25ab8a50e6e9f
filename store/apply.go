package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

// Apply applies one command to decision id, whose form was filled in at version. In one write
// transaction it loads the decision once, checks the version, asks workflow.Decide, and writes
// the record and the state change, each with its hash-chained history event; the due date is
// computed again at commit. It returns the decision as it is afterwards. A refused command is a
// *workflow.GateError or *workflow.NotAllowedError, a stale version ErrConflict; either way
// nothing is written.
func (db *DB) Apply(ctx context.Context, id, version int64, a workflow.Actor, at time.Time, cmd workflow.Command) (*workflow.Decision, error) {
	var out *workflow.Decision
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.Apply(ctx, id, version, a, at, cmd)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Apply is DB.Apply within a transaction that may apply other commands too (the seeders load
// many decisions in one). It is the only code that changes a decision's state.
func (tx *Tx) Apply(ctx context.Context, id, version int64, a workflow.Actor, at time.Time, cmd workflow.Command) (*workflow.Decision, error) {
	d, err := tx.Decision(ctx, id)
	if err != nil {
		return nil, err
	}
	if d.Version != version {
		return nil, fmt.Errorf("store: decision %d is at version %d, the form at %d: %w", id, d.Version, version, ErrConflict)
	}
	env, err := tx.rules(ctx)
	if err != nil {
		return nil, err
	}
	env.Now = at
	to, err := workflow.Decide(d, cmd, a, env)
	if err != nil {
		return nil, err
	}
	late := workflow.LateEntryOf(d, cmd, env)
	recordID, err := tx.write(ctx, a, at, d, cmd)
	if err != nil {
		return nil, err
	}
	if late != nil {
		late.RecordID = recordID
		if err := tx.addLateEntry(ctx, a, at, d, *late); err != nil {
			return nil, err
		}
	}
	if ev := cmd.Fires(); ev != "" {
		if ev == workflow.Withdraw { // the withdrawal settles the unit's request, if it asked: written with the transition's event
			if err := tx.settleWithdrawal(ctx, a, at, d, true, cmd.Input().Reason); err != nil {
				return nil, err
			}
		}
		if err := tx.transition(ctx, a, at, d, ev, to, cmd.Input().Reason); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// write writes the record of a command that workflow allowed; id is the new row of a record
// that is added (0 for one kept in one copy).
func (tx *Tx) write(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, cmd workflow.Command) (id int64, err error) {
	switch c := cmd.(type) {
	case *workflow.EditProposal:
		err = tx.UpdateProposal(ctx, a, at, d, c.Title, c.Category, c.Proposal)
	case *workflow.SaveFlags:
		var ch *workflow.FlagChange
		if c.AfterDrafting(d) {
			ch = &workflow.FlagChange{Reason: c.Reason, LegalAgreement: c.LegalAgreement}
		}
		err = tx.updateFlags(ctx, a, at, d, c.Flags, ch)
	case *workflow.AddRevision:
		id, err = tx.AddRevision(ctx, a, at, d, c.Revision)
	case *workflow.AddDispute:
		id, err = tx.AddDispute(ctx, a, at, d, c.Dispute)
	case *workflow.AddMethod:
		id, err = tx.AddMethod(ctx, a, at, d, c.Method)
	case *workflow.SaveNotice:
		err = tx.SaveNotice(ctx, a, at, d, c.Notice)
	case *workflow.AddComment:
		var added workflow.Comment
		added, err = tx.AddComment(ctx, a, at, d, c.Comment)
		id = added.ID
	case *workflow.DisposeComment:
		err = tx.DisposeComment(ctx, a, at, d, c.CommentID, c.Disposition, c.Reason)
	case *workflow.DisposeComments:
		err = tx.disposeComments(ctx, a, at, d, c.CommentIDs, c.Disposition, c.Reason)
	case *workflow.SaveFeedback:
		err = tx.SaveFeedback(ctx, a, at, d, c.Feedback)
	case *workflow.AddExpert:
		id, err = tx.AddExpert(ctx, a, at, d, c.Opinion)
	case *workflow.SaveHearing:
		err = tx.SaveHearing(ctx, a, at, d, c.Hearing)
	case *workflow.AddParticipant:
		id, err = tx.AddParticipant(ctx, a, at, d, c.Participant)
	case *workflow.SaveRisk:
		err = tx.SaveRisk(ctx, a, at, d, c.Report)
	case *workflow.AddSubmission:
		id, err = tx.AddSubmission(ctx, a, at, d, c.Submission)
	case *workflow.ReturnSubmission:
		err = tx.ReturnSubmission(ctx, a, at, d, c.Reason)
	case *workflow.AddMeeting:
		id, err = tx.AddMeeting(ctx, a, at, d, c.Meeting)
	case *workflow.AddOpinion:
		id, err = tx.AddOpinion(ctx, a, at, d, c.MeetingID, c.Opinion)
	case *workflow.SavePartyReport:
		err = tx.SavePartyReport(ctx, a, at, d, c.Report)
	case *workflow.SavePublication:
		err = tx.SavePublication(ctx, a, at, d, c.Publication)
	case *workflow.AddReport:
		id, err = tx.AddReport(ctx, a, at, d, c.Report)
	case *workflow.SaveEvaluation:
		err = tx.SaveEvaluation(ctx, a, at, d, c.Evaluation)
	case *workflow.StartDecision:
		err = tx.SetStart(ctx, a, at, d, c.Start)
	case *workflow.SignReview:
		id, err = tx.AddReview(ctx, a, at, d, c.Review)
	case *workflow.DecideAtMeeting:
		err = tx.SetHeadDecision(ctx, a, at, d, c.MeetingID, c.Head, c.Reason)
	case *workflow.AttachFile:
		if c.Keep != nil {
			if err = c.Keep(); err != nil {
				return 0, err
			}
		}
		_, err = tx.AddAttachment(ctx, a, at, d, Attachment{Kind: c.Kind, Label: c.Label, SHA256: c.SHA256, Size: c.Size, ContentType: c.ContentType})
	case *workflow.LinkCatalog:
		err = tx.LinkCatalogItem(ctx, a, at, d, c.ItemID)
	case *workflow.RequestWithdrawal:
		id, err = tx.requestWithdrawal(ctx, a, at, d, c.Reason)
	case *workflow.DeclineWithdrawal:
		err = tx.settleWithdrawal(ctx, a, at, d, false, c.Reason)
	case *workflow.NoteDraftChange:
		id, err = tx.noteDraftChange(ctx, a, at, d, c)
	case *workflow.VoidRecord:
		err = tx.voidRecord(ctx, a, at, d, c)
	case *workflow.SetUpDraw:
		err = tx.commitDraw(ctx, a, at, d, c.ClosesOn, c.Quotas)
	case *workflow.RunDraw:
		err = tx.runDraw(ctx, a, at, d, c.Witnesses)
	case *workflow.WithdrawSignup:
		err = tx.withdrawSignup(ctx, a, at, d, c.SignupID, c.Reason)
	case *workflow.SaveFairCompetition:
		err = tx.saveFairCompetition(ctx, a, at, d, c.Review)
	case *workflow.AddMilestone:
		id, err = tx.addMilestone(ctx, a, at, d, c.Milestone)
	case *workflow.UpdateMilestone:
		err = tx.updateMilestone(ctx, a, at, d, c.ID, c.Status, c.DoneOn, c.Note)
	case *workflow.RequestOpinion, *workflow.ReplyOpinion, *workflow.Coordinate, *workflow.Rule,
		*workflow.PublishNormative, *workflow.FileNormative, *workflow.SetValidity, *workflow.ReviewFiling,
		*workflow.RecordCleanup, *workflow.AnswerObjection:
		id, err = tx.writeNormative(ctx, a, at, d, cmd)
	case *workflow.FireEvent:
		// the event alone
	default:
		err = fmt.Errorf("store: no writer for command %T", cmd)
	}
	return id, err
}
