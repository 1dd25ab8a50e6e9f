package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"juece/workflow"
)

// NormVersion is one version of a normative document: a published document of the chain of
// documents that superseded one another (normative_files.supersedes).
type NormVersion struct {
	ID          int64
	Number      string
	Title       string
	PublishedOn time.Time
	Status      workflow.Validity
	Supersedes  int64 // the version before it; 0 for the first
}

// SupersedeTarget finds the published document numbered number, which a new version is to
// replace: its id (0 when the register has none) and the number of the document that already
// replaced it ("" when none).
func (db *DB) SupersedeTarget(ctx context.Context, number string) (id int64, supersededBy string, err error) {
	number = strings.TrimSpace(number)
	if number == "" {
		return 0, "", nil
	}
	err = db.read.QueryRowContext(ctx, `SELECT n.decision_id, coalesce((SELECT x.number FROM normative_files x
		WHERE x.supersedes = n.decision_id AND x.number <> '' ORDER BY x.decision_id LIMIT 1), '')
		FROM normative_files n WHERE n.number = ?`, number).Scan(&id, &supersededBy)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("store: document %s: %w", number, err)
	}
	return id, supersededBy, nil
}

// NormativeVersions lists every published version of document id, oldest first: the documents
// it superseded, and those that superseded it, however many times over.
func (db *DB) NormativeVersions(ctx context.Context, id int64) ([]NormVersion, error) {
	out, err := collect(ctx, db.read, func(r rowScanner) (NormVersion, error) {
		var v NormVersion
		var published int64
		var status string
		err := r.Scan(&v.ID, &v.Number, &v.Title, &published, &status, &v.Supersedes)
		v.PublishedOn, v.Status = fromMS(published), workflow.Validity(status)
		return v, err
	}, `WITH RECURSIVE
		back(id) AS (SELECT ? UNION SELECT n.supersedes FROM normative_files n JOIN back ON n.decision_id = back.id WHERE n.supersedes <> 0),
		ahead(id) AS (SELECT ? UNION SELECT n.decision_id FROM normative_files n JOIN ahead ON n.supersedes = ahead.id)
		SELECT n.decision_id, n.number, d.title, n.published_on, n.status, n.supersedes
		FROM normative_files n JOIN decisions d ON d.id = n.decision_id
		WHERE n.number <> '' AND n.decision_id IN (SELECT id FROM back UNION SELECT id FROM ahead)
		ORDER BY n.published_on, n.decision_id`, id, id)
	if err != nil {
		return nil, fmt.Errorf("store: versions of document %d: %w", id, err)
	}
	return out, nil
}
