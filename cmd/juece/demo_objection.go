package main

import (
	"fmt"
	"time"

	"juece/workflow"
)

// The demo's objections to published normative documents (异议, 规划三(三)3): sent from the
// portal with a receipt, as a citizen's are, and answered by the legal office through the
// same command as its page.

// object is an objection from the portal on day.
func (t *timeline) object(day int, author, contact, provision, body string) {
	t.add(step{day: day, who: "public", what: "公众提出异议",
		do: func(d *workflow.Decision, _ workflow.Actor, at time.Time) error {
			token := fmt.Sprintf("demo-objection-%d-%d", d.ID, day)
			_, err := t.s.tx.AddPublicObjection(t.s.ctx, at, d.ID,
				workflow.Objection{Author: author, Contact: contact, Provision: provision, Body: body}, token)
			return err
		}})
}

// answerObjection is the legal office's reply on day to the objection number i (0: the first).
func (t *timeline) answerObjection(day, i int, outcome workflow.ObjectionOutcome, text string, publish bool) {
	t.add(step{day: day, who: "reviewer", what: "答复异议",
		cmd: func(d *workflow.Decision) workflow.Command {
			return &workflow.AnswerObjection{ObjectionID: d.Normative.Objections[i].ID, Outcome: outcome, Text: text, Publish: publish}
		}})
}
