package store

import (
	"slices"
	"sort"
	"testing"

	"juece/workflow"
)

// moreTables is the table of each record that takes added fields (workflow.MoreFields).
var moreTables = map[string]string{
	notice: "comment_notices", method: "consultation_methods", expert: "expert_opinions", dispute: "disputes",
	report: "implementation_reports", participant: "hearing_participants", hearing: "hearings", risk: "risk_assessments",
	publication: "publications", evaluation: "evaluations", fairComp: "fair_competition_reviews", meeting: "meetings",
	proposalForm: "decisions", startForm: "decisions", feedbackForm: "decisions", partyForm: "decisions",
	opinion: "meeting_opinions", workflow.FormReview: "legality_reviews", submission: "review_submissions",
	revision: "draft_revisions", milestone: "milestones",
}

// TestAddedFieldsOfEveryRecord adds a field to every form's description and its column to every
// record's table, as a migration would, then writes each record with it: it is stored and
// loaded again, its event carries it with its label (and a kept record's change, before and
// after), and the chain and the recorded rows verify.
func TestAddedFieldsOfEveryRecord(t *testing.T) {
	const name, label = "extra_note", "附记"
	f := newDecisionFixture(t)
	var taking []string
	for form := range workflow.Forms {
		old := workflow.Forms[form]
		t.Cleanup(func() { workflow.Forms[form] = old })
		workflow.Forms[form] = append(slices.Clone(old), workflow.Field{Name: name, Label: label, Kind: workflow.KindLine})
		if len(workflow.MoreFields(form)) > 0 {
			taking = append(taking, form)
		}
	}
	var listed []string
	for form, table := range moreTables {
		listed = append(listed, form)
		if _, err := f.db.write.ExecContext(f.ctx, `ALTER TABLE `+table+` ADD COLUMN `+moreColumn(form, name)+` TEXT NOT NULL DEFAULT ''`); err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(taking)
	sort.Strings(listed)
	if !slices.Equal(taking, listed) {
		t.Fatalf("the forms that take added fields are %v; this test knows the tables of %v", taking, listed)
	}
	if err := f.db.ensureRecording(f.ctx); err != nil { // what the next start does after a migration
		t.Fatal(err)
	}

	id := f.create("关于调整城市公共交通票价的决策", f.unit)
	v := func(form string) workflow.Values { return workflow.Values{name: "附记：" + form} }
	var meetingID int64
	writes := []struct {
		form  string
		write func(tx *Tx, d *workflow.Decision) error
	}{
		{proposalForm, func(tx *Tx, d *workflow.Decision) error {
			p := d.Proposal
			p.More = v(proposalForm)
			return tx.UpdateProposal(f.ctx, f.clerk, f.at(), d, d.Title, d.Category, p)
		}},
		{startForm, func(tx *Tx, d *workflow.Decision) error {
			return tx.SetStart(f.ctx, f.secretary, f.at(), d, workflow.StartRecord{DecidedOn: day(3, 3), Basis: "常务会议", More: v(startForm)})
		}},
		{revision, func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddRevision(f.ctx, f.clerk, f.at(), d, workflow.Revision{Body: "正文", More: v(revision)})
			return err
		}},
		{dispute, func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddDispute(f.ctx, f.clerk, f.at(), d, workflow.Dispute{Department: "市财政局", More: v(dispute)})
			return err
		}},
		{fairComp, func(tx *Tx, d *workflow.Decision) error {
			return tx.saveFairCompetition(f.ctx, f.clerk, f.at(), d, workflow.FairCompetitionReview{ReviewedOn: day(3, 5),
				Conclusion: workflow.FairCompetitionConclusions[0], More: v(fairComp)})
		}},
		{method, func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddMethod(f.ctx, f.clerk, f.at(), d, workflow.ConsultationMethod{Method: workflow.MethodPoll, HeldOn: day(3, 9), More: v(method)})
			return err
		}},
		{notice, func(tx *Tx, d *workflow.Decision) error {
			return tx.SaveNotice(f.ctx, f.clerk, f.at(), d, workflow.CommentNotice{Channel: "网站", StartsOn: day(3, 10), More: v(notice)})
		}},
		{feedbackForm, func(tx *Tx, d *workflow.Decision) error {
			return tx.SaveFeedback(f.ctx, f.clerk, f.at(), d, workflow.Feedback{PublishedOn: day(4, 12), More: v(feedbackForm)})
		}},
		{expert, func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddExpert(f.ctx, f.clerk, f.at(), d, workflow.ExpertOpinion{Name: "钱教授", More: v(expert)})
			return err
		}},
		{hearing, func(tx *Tx, d *workflow.Decision) error {
			return tx.SaveHearing(f.ctx, f.clerk, f.at(), d, workflow.HearingRecord{Place: "会议室", More: v(hearing)})
		}},
		{participant, func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddParticipant(f.ctx, f.clerk, f.at(), d, workflow.HearingParticipant{Name: "孙代表", More: v(participant)})
			return err
		}},
		{risk, func(tx *Tx, d *workflow.Decision) error {
			return tx.SaveRisk(f.ctx, f.clerk, f.at(), d, workflow.RiskReport{Controllable: true, More: v(risk)})
		}},
		{submission, func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddSubmission(f.ctx, f.clerk, f.at(), d, workflow.ReviewSubmission{LegalBasis: "法", More: v(submission)})
			return err
		}},
		{workflow.FormReview, func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddReview(f.ctx, f.reviewer, f.at(), d, workflow.Review{Conclusion: workflow.ConclusionLegal, More: v(workflow.FormReview)})
			return err
		}},
		{meeting, func(tx *Tx, d *workflow.Decision) (err error) {
			meetingID, err = tx.AddMeeting(f.ctx, f.secretary, f.at(), d, workflow.Meeting{Kind: workflow.MeetingStanding, Number: "第1次", More: v(meeting)})
			return err
		}},
		{opinion, func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddOpinion(f.ctx, f.secretary, f.at(), d, meetingID, workflow.MeetingOpinion{Speaker: "市长", Stance: workflow.StanceFor, More: v(opinion)})
			return err
		}},
		{partyForm, func(tx *Tx, d *workflow.Decision) error {
			return tx.SavePartyReport(f.ctx, f.secretary, f.at(), d, workflow.PartyReport{ReportedOn: day(5, 21), More: v(partyForm)})
		}},
		{publication, func(tx *Tx, d *workflow.Decision) error {
			return tx.SavePublication(f.ctx, f.secretary, f.at(), d, workflow.Publication{PublishedOn: day(5, 25), More: v(publication)})
		}},
		{report, func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddReport(f.ctx, f.clerk, f.at(), d, workflow.ImplementationReport{Kind: workflow.ReportProgress, More: v(report)})
			return err
		}},
		{milestone, func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.addMilestone(f.ctx, f.clerk, f.at(), d, workflow.Milestone{Title: "一期", Status: workflow.MilestoneStatuses[0], More: v(milestone)})
			return err
		}},
		{evaluation, func(tx *Tx, d *workflow.Decision) error {
			return tx.SaveEvaluation(f.ctx, f.clerk, f.at(), d, workflow.Evaluation{Conclusion: workflow.EvalContinue, More: v(evaluation)})
		}},
	}
	for _, w := range writes {
		if err := f.write(id, w.write); err != nil {
			t.Fatalf("%s: %v", w.form, err)
		}
		evs := f.history(id)
		if last := evs[len(evs)-1]; !slices.Contains(last.Changes, Change{Field: label, After: v(w.form)[name]}) {
			t.Errorf("%s: its event %s does not carry the added field: %+v", w.form, last.Action, last.Changes)
		}
	}
	if len(writes) != len(moreTables) {
		t.Fatalf("%d writes for %d records", len(writes), len(moreTables))
	}

	d := f.load(id)
	got := map[string]workflow.Values{
		revision: d.Revisions[0].More, dispute: d.Disputes[0].More, fairComp: d.FairCompetition.More,
		method: d.Methods[0].More, notice: d.Notice.More, expert: d.Experts[0].More, hearing: d.Hearing.More,
		participant: d.Hearing.Participants[0].More, risk: d.Risk.More, submission: d.Submissions[0].More,
		workflow.FormReview: d.Reviews[0].More, meeting: d.Meetings[0].More, opinion: d.Meetings[0].Opinions[0].More,
		publication: d.Publication.More, proposalForm: d.Proposal.More, startForm: d.Start.More, feedbackForm: d.Feedback.More, partyForm: d.PartyReport.More, report: d.Reports[0].More, milestone: d.Milestones[0].More, evaluation: d.Evaluation.More,
	}
	for form := range moreTables {
		if got[form][name] != v(form)[name] {
			t.Errorf("%s: loaded %q, want %q", form, got[form][name], v(form)[name])
		}
	}

	// A kept record changed in its added field alone: one change, before and after.
	err := f.write(id, func(tx *Tx, d *workflow.Decision) error {
		n := *d.Notice
		n.More = workflow.Values{name: "改后的附记"}
		return tx.SaveNotice(f.ctx, f.clerk, f.at(), d, n)
	})
	if err != nil {
		t.Fatal(err)
	}
	evs := f.history(id)
	if cs := evs[len(evs)-1].Changes; !slices.Equal(cs, []Change{{Field: label, Before: v(notice)[name], After: "改后的附记"}}) {
		t.Errorf("the notice's change is recorded as %+v", cs)
	}
	if _, err := f.db.VerifyChain(f.ctx, nil); err != nil {
		t.Fatalf("the chain does not verify: %v", err)
	}
	res, err := f.db.VerifyRecords(f.ctx)
	if err != nil || len(res.Bare) != 0 || res.Total > len(res.Problems) {
		t.Fatalf("the recorded rows: %+v %v", res, err)
	}
	for _, p := range res.Problems { // the fixture's units and users are written without events
		for _, table := range moreTables {
			if p.Table == table {
				t.Errorf("a record's row does not verify: %s", p)
			}
		}
	}
}
