package store

import (
	"context"
	"fmt"
	"strings"

	"juece/workflow"
)

// CitedDocs finds the published normative documents whose numbers d's records cite in their
// legal basis or text (workflow.(*Decision).Uses), for the anomaly "used after annulment". It
// reads outside the decision's snapshot: another document's status moves the answer.
// workflow.UseAnomalies reads them.
func (db *DB) CitedDocs(ctx context.Context, d *workflow.Decision) ([]workflow.CitedDoc, error) {
	var texts []string
	for _, u := range d.Uses() {
		if strings.TrimSpace(u.Text) != "" {
			texts = append(texts, u.Text)
		}
	}
	if len(texts) == 0 {
		return nil, nil
	}
	all := strings.Join(texts, "\n")
	out, err := collect(ctx, db.read, func(r rowScanner) (workflow.CitedDoc, error) {
		var c workflow.CitedDoc
		var published, statusAt, reviewedAt int64
		var status, conclusion string
		err := r.Scan(&c.DecisionID, &c.Number, &c.Title, &published, &status, &statusAt, &conclusion, &reviewedAt)
		c.PublishedOn, c.Status, c.StatusAt = fromMS(published), workflow.Validity(status), fromMS(statusAt)
		if workflow.FilingConclusion(conclusion) == workflow.FilingAnnul {
			c.AnnulledAt = fromMS(reviewedAt)
		}
		return c, err
	}, `SELECT n.decision_id, n.number, d.title, n.published_on, n.status, n.status_at, n.review_conclusion, n.reviewed_at
		FROM normative_files n JOIN decisions d ON d.id = n.decision_id
		WHERE n.number <> '' AND n.decision_id <> ? AND instr(?, n.number) > 0 ORDER BY n.decision_id`, d.ID, all)
	if err != nil {
		return nil, fmt.Errorf("store: documents cited by decision %d: %w", d.ID, err)
	}
	return out, nil
}
