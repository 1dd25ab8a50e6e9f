package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"juece/workflow"
)

// Normative documents (行政规范性文件): decision rows of kind normative, with their register
// entry (normative_files), the departments asked (dept_requests) and the legal office's
// coordination (coordinations). Every write goes through Apply, like any record.

// NewNormative is what registering a normative document's drafting asks for.
type NewNormative struct {
	Title  string
	UnitID int64  // the drafting department, or the government office for the government's own
	Prefix string // the issuing body's 发文机关代字, e.g. 澜政规
	// AffectsRights: it directly affects the rights and duties of citizens, legal persons or
	// other organisations (规划三(三)1), so public comment is owed.
	AffectsRights bool
}

// CreateNormative registers the drafting of a normative document: a decision row of kind
// normative in state drafting, with its register entry, in one event.
func (tx *Tx) CreateNormative(ctx context.Context, a workflow.Actor, at time.Time, n NewNormative) (int64, error) {
	var unitName string
	if err := tx.tx.QueryRowContext(ctx, "SELECT name FROM units WHERE id = ?", n.UnitID).Scan(&unitName); err != nil {
		return 0, fmt.Errorf("store: create normative document %q: unit %d: %w", n.Title, n.UnitID, notFound(err))
	}
	var id int64
	err := tx.savepoint(ctx, func() error {
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO decisions (kind, title, category, state, unit_id, proposer_kind,
			proposer, affects_interests, state_since, created_by, created_at, updated_at, version)
			VALUES ('normative', ?, 'other', ?, ?, 'department', ?, ?, ?, ?, ?, ?, 1)`,
			n.Title, string(workflow.Drafting), n.UnitID, unitName, b2i(n.AffectsRights), ms(at), a.UserID, ms(at), ms(at))
		if err != nil {
			return fmt.Errorf("store: create normative document %q: %w", n.Title, err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		if _, err := tx.tx.ExecContext(ctx, "INSERT INTO normative_files (decision_id, prefix) VALUES (?, ?)", id, n.Prefix); err != nil {
			return fmt.Errorf("store: register normative document %q: %w", n.Title, err)
		}
		affects := "否"
		if n.AffectsRights {
			affects = "是"
		}
		return tx.addEvent(ctx, a, at, Event{DecisionID: id, Action: "create_normative", ToState: workflow.Drafting,
			Summary: "登记规范性文件起草：" + n.Title, Changes: diffFields(nil, []field{
				{"文件名称", n.Title}, {"起草单位", unitName}, {"发文机关代字", n.Prefix},
				{"直接涉及公民、法人或者其他组织的权利义务", affects}})})
	})
	if err != nil {
		return 0, err
	}
	if tx.bumped == nil {
		tx.bumped = map[int64]bool{}
	}
	tx.bumped[id] = true
	return id, nil
}

// loadNormative reads what a normative document holds beyond a major decision's records.
func loadNormative(ctx context.Context, q querier, id int64) (*workflow.NormativeFile, error) {
	n := &workflow.NormativeFile{}
	doc := &workflow.NormativeDoc{}
	var published, validUntil, filedOn, filingAt, reviewedAt, reviewedBy, cleanedAt int64
	var status, body, late, conclusion, reasons, outcome, cleanReason string
	err := q.QueryRowContext(ctx, `SELECT prefix, number, year, seq, published_on, valid_until, channels, link, text,
		status, status_note, filing_body, filed_on, filing_recorded_at, filing_late_reason,
		review_conclusion, review_reasons, reviewed_at, reviewed_by, cleanup_outcome, cleanup_reason, cleaned_at, supersedes
		FROM normative_files WHERE decision_id = ?`, id).Scan(&n.Prefix, &doc.Number, &doc.Year, &doc.Seq, &published,
		&validUntil, &doc.Channels, &doc.Link, &doc.Text, &status, &doc.StatusNote, &body, &filedOn, &filingAt, &late,
		&conclusion, &reasons, &reviewedAt, &reviewedBy, &outcome, &cleanReason, &cleanedAt, &doc.Supersedes)
	if err != nil {
		return nil, fmt.Errorf("store: normative document %d: %w", id, notFound(err))
	}
	if doc.Number != "" {
		doc.PublishedOn, doc.ValidUntil, doc.Status = fromMS(published), fromMS(validUntil), workflow.Validity(status)
		if cleanedAt != 0 {
			doc.Cleanup = &workflow.Cleanup{Outcome: workflow.CleanupOutcome(outcome), Reason: cleanReason, At: fromMS(cleanedAt)}
		}
		if filedOn != 0 {
			doc.Filing = &workflow.Filing{Body: body, FiledOn: fromMS(filedOn), RecordedAt: fromMS(filingAt), LateReason: late}
			if reviewedAt != 0 {
				doc.Filing.Review = &workflow.FilingReview{Conclusion: workflow.FilingConclusion(conclusion), Reasons: reasons,
					At: fromMS(reviewedAt), By: reviewedBy}
			}
		}
		n.Doc = doc
	}
	if n.Requests, err = collect(ctx, q, func(r rowScanner) (workflow.DeptRequest, error) {
		var x workflow.DeptRequest
		var due, sent, replied, by, agrees int64
		var opinion string
		err := r.Scan(&x.ID, &x.UnitID, &x.UnitName, &due, &sent, &x.SentBy, &replied, &by, &agrees, &opinion)
		x.DueOn, x.SentAt = fromMS(due), fromMS(sent)
		if replied != 0 {
			x.Reply = &workflow.DeptReply{Agrees: agrees != 0, Opinion: opinion, RepliedAt: fromMS(replied), RepliedBy: by}
		}
		return x, err
	}, `SELECT r.id, r.unit_id, u.name, r.due_on, r.sent_at, r.sent_by, r.replied_at, r.replied_by, r.agrees, r.opinion
		FROM dept_requests r JOIN units u ON u.id = r.unit_id WHERE r.decision_id = ? ORDER BY r.id`, id); err != nil {
		return nil, fmt.Errorf("store: departments asked on %d: %w", id, err)
	}
	if n.Coordination, err = collect(ctx, q, func(r rowScanner) (workflow.Coordination, error) {
		var x workflow.Coordination
		var at, ruled, agreed int64
		err := r.Scan(&x.ID, &x.RequestID, &x.Issues, &x.Views, &x.Proposal, &agreed, &at, &x.By, &x.Ruling, &x.RuledBy, &ruled, &x.RulingRec)
		x.Agreed, x.At, x.RuledAt = agreed != 0, fromMS(at), fromMS(ruled)
		return x, err
	}, `SELECT id, request_id, issues, views, proposal, agreed, at, by, ruling, ruled_by, ruled_at, ruling_recorded_by
		FROM coordinations WHERE decision_id = ? ORDER BY id`, id); err != nil {
		return nil, fmt.Errorf("store: coordination on %d: %w", id, err)
	}
	if n.Objections, err = loadObjections(ctx, q, id); err != nil {
		return nil, err
	}
	return n, nil
}

// writeNormative writes the record of a normative procedure's own command, with its event.
func (tx *Tx) writeNormative(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, cmd workflow.Command) (id int64, err error) {
	err = tx.change(ctx, a, at, d, func() (Event, error) {
		switch c := cmd.(type) {
		case *workflow.RequestOpinion:
			return tx.requestOpinion(ctx, a, at, d, c, &id)
		case *workflow.ReplyOpinion:
			return tx.replyOpinion(ctx, a, at, d, c)
		case *workflow.Coordinate:
			return tx.coordinate(ctx, a, at, d, c, &id)
		case *workflow.Rule:
			return tx.rule(ctx, a, at, d, c)
		case *workflow.PublishNormative:
			return tx.publishNormative(ctx, at, d, c)
		case *workflow.FileNormative:
			return tx.fileNormative(ctx, at, d, c)
		case *workflow.SetValidity:
			return tx.setValidity(ctx, at, d, c)
		case *workflow.ReviewFiling:
			return tx.reviewFiling(ctx, a, at, d, c)
		case *workflow.RecordCleanup:
			return tx.recordCleanup(ctx, at, d, c)
		case *workflow.AnswerObjection:
			return tx.answerObjection(ctx, a, at, d, c)
		}
		return Event{}, fmt.Errorf("store: no writer for command %T", cmd)
	})
	if err != nil {
		return 0, err
	}
	d.Normative, err = loadNormative(ctx, tx.tx, d.ID)
	return id, err
}

func (tx *Tx) requestOpinion(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, c *workflow.RequestOpinion, id *int64) (Event, error) {
	var unit string
	if err := tx.tx.QueryRowContext(ctx, "SELECT name FROM units WHERE id = ?", c.UnitID).Scan(&unit); err != nil {
		return Event{}, fmt.Errorf("store: unit %d: %w", c.UnitID, notFound(err))
	}
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO dept_requests (decision_id, unit_id, due_on, sent_at, sent_by) VALUES (?, ?, ?, ?, ?)`,
		d.ID, c.UnitID, ms(workflow.Day(c.DueOn)), ms(at), a.UserID)
	if err != nil {
		return Event{}, fmt.Errorf("store: ask %s on decision %d: %w", unit, d.ID, err)
	}
	if *id, err = res.LastInsertId(); err != nil {
		return Event{}, err
	}
	return Event{Action: "dept_request", Summary: "征求" + unit + "意见，" + showDate(c.DueOn) + "前回复",
		Changes: diffFields(nil, []field{{"征求意见部门", unit}, {"回复期限", showDate(c.DueOn)}})}, nil
}

func (tx *Tx) replyOpinion(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, c *workflow.ReplyOpinion) (Event, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE dept_requests SET replied_at = ?, replied_by = ?, agrees = ?, opinion = ?
		WHERE id = ? AND decision_id = ? AND replied_at = 0`, ms(at), a.UserID, b2i(c.Agrees), c.Opinion, c.RequestID, d.ID)
	if err != nil {
		return Event{}, fmt.Errorf("store: reply to request %d: %w", c.RequestID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Event{}, fmt.Errorf("store: reply to request %d: %w", c.RequestID, ErrNotFound)
	}
	var unit string
	var due int64
	if err := tx.tx.QueryRowContext(ctx, `SELECT u.name, r.due_on FROM dept_requests r JOIN units u ON u.id = r.unit_id
		WHERE r.id = ?`, c.RequestID).Scan(&unit, &due); err != nil {
		return Event{}, err
	}
	answer := "同意"
	if !c.Agrees {
		answer = "有不同意见"
	}
	summary := unit + "回复意见：" + answer
	late := ""
	if workflow.Day(at).After(workflow.Day(fromMS(due))) {
		late = "逾期回复（期限" + showDate(fromMS(due)) + "）"
		summary += "，" + late
	}
	return Event{Action: "dept_reply", Summary: summary, Changes: diffFields(nil, []field{
		{"回复部门", unit}, {"回复意见", answer}, {"具体意见", c.Opinion}, {"是否逾期", late}})}, nil
}

func (tx *Tx) coordinate(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, c *workflow.Coordinate, id *int64) (Event, error) {
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO coordinations (decision_id, request_id, issues, views, proposal, agreed, at, by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, d.ID, c.RequestID, c.Issues, c.Views, c.Proposal, b2i(c.Agreed), ms(at), a.UserID)
	if err != nil {
		return Event{}, fmt.Errorf("store: coordination on decision %d: %w", d.ID, err)
	}
	if *id, err = res.LastInsertId(); err != nil {
		return Event{}, err
	}
	outcome := "协调一致"
	if !c.Agreed {
		outcome = "协调不一致，报政府领导协调或政府常务会议研究决定"
	}
	return Event{Action: "coordination", Summary: "法制机构协调：" + outcome, Changes: diffFields(nil, []field{
		{"争议的主要问题", c.Issues}, {"各方意见", c.Views}, {"法制机构的建议", c.Proposal}, {"协调结果", outcome}})}, nil
}

func (tx *Tx) rule(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, c *workflow.Rule) (Event, error) {
	_, err := tx.tx.ExecContext(ctx, `UPDATE coordinations SET ruling = ?, ruled_by = ?, ruled_at = ?, ruling_recorded_by = ?
		WHERE id = ? AND decision_id = ?`, c.Ruling, c.RuledBy, ms(at), a.UserID, c.CoordinationID, d.ID)
	if err != nil {
		return Event{}, fmt.Errorf("store: ruling on coordination %d: %w", c.CoordinationID, err)
	}
	return Event{Action: "ruling", Summary: c.RuledBy + "决定：" + c.Ruling, Changes: diffFields(nil, []field{
		{"决定机关或领导", c.RuledBy}, {"决定内容", c.Ruling}})}, nil
}

// publishNormative numbers and publishes the document: the next number of its prefix in the
// year of publication, from the counter updated in this same transaction (SQLite has one writer
// at a time), so two publications never share a number and a failed one leaves no gap. The
// publication is also the decision's publication record, for the search by 文号.
func (tx *Tx) publishNormative(ctx context.Context, at time.Time, d *workflow.Decision, c *workflow.PublishNormative) (Event, error) {
	prefix, year := d.Normative.Prefix, c.PublishedOn.In(workflow.Shanghai).Year()
	key := prefix + "〔" + strconv.Itoa(year) + "〕"
	var seq int
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO doc_number_counters (key, prefix, year, last) VALUES (?, ?, ?, 1)
		ON CONFLICT (key) DO UPDATE SET last = last + 1 RETURNING last`, key, prefix, year).Scan(&seq)
	if err != nil {
		return Event{}, fmt.Errorf("store: number for %s: %w", key, err)
	}
	number := workflow.FormatDocNumber(prefix, year, seq)
	_, err = tx.tx.ExecContext(ctx, `UPDATE normative_files SET number = ?, year = ?, seq = ?, published_on = ?, valid_until = ?,
		channels = ?, link = ?, text = ?, status = 'valid', supersedes = ? WHERE decision_id = ? AND number = ''`,
		number, year, seq, ms(workflow.Day(c.PublishedOn)), ms(c.ValidUntil), c.Channels, c.Link, c.Text, c.SupersedesID, d.ID)
	if err != nil {
		return Event{}, fmt.Errorf("store: publish %s: %w", number, err)
	}
	_, err = tx.tx.ExecContext(ctx, `INSERT INTO publications (doc_number, published_on, channels, link, text, explanation,
		not_published_reason, decision_id, created_at) VALUES (?, ?, ?, ?, ?, '', '', ?, ?)`,
		number, ms(workflow.Day(c.PublishedOn)), c.Channels, c.Link, c.Text, d.ID, ms(at))
	if err != nil {
		return Event{}, fmt.Errorf("store: publication of %s: %w", number, err)
	}
	d.Publication = &workflow.Publication{DocNumber: number, PublishedOn: workflow.Day(c.PublishedOn), Channels: c.Channels, Link: c.Link, Text: c.Text}
	return Event{Action: "norm_publish", Summary: "统一登记、编号并公布：" + number, Changes: diffFields(nil, []field{
		{"文号", number}, {"公布日期", showDate(c.PublishedOn)}, {"有效期至", showDate(c.ValidUntil)},
		{"公布渠道", c.Channels}, {"链接", c.Link}, {"文件全文", showLong(c.Text)}, {"状态", workflow.Valid.Label()},
		{"取代的文件", c.Supersedes}})}, nil
}

func (tx *Tx) fileNormative(ctx context.Context, at time.Time, d *workflow.Decision, c *workflow.FileNormative) (Event, error) {
	_, err := tx.tx.ExecContext(ctx, `UPDATE normative_files SET filing_body = ?, filed_on = ?, filing_recorded_at = ?,
		filing_late_reason = ? WHERE decision_id = ? AND filed_on = 0`, c.Body, ms(workflow.Day(c.FiledOn)), ms(at), c.LateReason, d.ID)
	if err != nil {
		return Event{}, fmt.Errorf("store: filing of decision %d: %w", d.ID, err)
	}
	return Event{Action: "filing", Summary: "报送" + c.Body + "备案", Changes: diffFields(nil, []field{
		{"备案机关", c.Body}, {"报送备案日期", showDate(c.FiledOn)}, {"逾期报送理由", c.LateReason}})}, nil
}

func (tx *Tx) setValidity(ctx context.Context, at time.Time, d *workflow.Decision, c *workflow.SetValidity) (Event, error) {
	before := d.Normative.Doc.Status
	_, err := tx.tx.ExecContext(ctx, "UPDATE normative_files SET status = ?, status_note = ?, status_at = ? WHERE decision_id = ?",
		string(c.Status), c.Note, ms(at), d.ID)
	if err != nil {
		return Event{}, fmt.Errorf("store: status of decision %d: %w", d.ID, err)
	}
	return Event{Action: "validity", Summary: "文件状态：" + c.Status.Label(), Changes: diffFields(
		[]field{{"状态", before.Label()}}, []field{{"状态", c.Status.Label()}, {"变更理由", c.Note}})}, nil
}

// NormativeRow is one normative document as the register and the public library list it.
type NormativeRow struct {
	ID          int64
	Title       string
	UnitName    string
	State       workflow.State
	Prefix      string
	Number      string
	PublishedOn time.Time
	ValidUntil  time.Time
	Status      workflow.Validity
	FilingBody  string
	FiledOn     time.Time
	Review      workflow.FilingConclusion // the filing review's conclusion, "" until reviewed
	Cleanup     workflow.CleanupOutcome   // the latest clean-up's outcome, "" before the first
	CleanedAt   time.Time
	Text        string // the published text, for the public library's page
}

// NormativeFilter picks the documents of a list: published ones only (the public library),
// those matching Query in title, number or text.
type NormativeFilter struct {
	PublishedOnly  bool
	AwaitingReview bool // filed, the filing review not concluded: the legal office's queue
	Passed         bool // passed the filing review: the list the filing office publishes
	Cleaned        bool // cleaned up: the published results
	Query          string
	Limit          int
}

// Normatives lists normative documents, the newest publication first, then drafts by id.
func (db *DB) Normatives(ctx context.Context, f NormativeFilter) ([]NormativeRow, error) {
	where, args := "d.kind = 'normative'", []any{}
	if f.PublishedOnly {
		where += " AND n.number <> ''"
	}
	if f.AwaitingReview {
		where += " AND n.filed_on > 0 AND n.reviewed_at = 0"
	}
	if f.Passed {
		where += " AND n.review_conclusion = 'passed'"
	}
	if f.Cleaned {
		where += " AND n.cleaned_at > 0"
	}
	if f.Query != "" {
		like := "%" + escapeLike(f.Query) + "%"
		where += ` AND (d.title LIKE ? ESCAPE '\' OR n.number LIKE ? ESCAPE '\' OR n.text LIKE ? ESCAPE '\')`
		args = append(args, like, like, like)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 500
	}
	args = append(args, limit)
	return collect(ctx, db.read, func(r rowScanner) (NormativeRow, error) {
		var x NormativeRow
		var published, until, filed, cleaned int64
		var status string
		err := r.Scan(&x.ID, &x.Title, &x.UnitName, &x.State, &x.Prefix, &x.Number, &published, &until, &status, &x.FilingBody, &filed, &x.Review, &x.Cleanup, &cleaned, &x.Text)
		x.CleanedAt = fromMS(cleaned)
		x.PublishedOn, x.ValidUntil, x.FiledOn, x.Status = fromMS(published), fromMS(until), fromMS(filed), workflow.Validity(status)
		return x, err
	}, `SELECT d.id, d.title, u.name, d.state, n.prefix, n.number, n.published_on, n.valid_until, n.status, n.filing_body, n.filed_on, n.review_conclusion, n.cleanup_outcome, n.cleaned_at, n.text
		FROM decisions d JOIN normative_files n ON n.decision_id = d.id JOIN units u ON u.id = d.unit_id
		WHERE `+where+` ORDER BY n.published_on DESC, n.year DESC, n.seq DESC, d.id DESC LIMIT ?`, args...)
}

// escapeLike escapes LIKE's wildcards and the escape character itself.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}

func (tx *Tx) reviewFiling(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, c *workflow.ReviewFiling) (Event, error) {
	_, err := tx.tx.ExecContext(ctx, `UPDATE normative_files SET review_conclusion = ?, review_reasons = ?, reviewed_at = ?, reviewed_by = ?
		WHERE decision_id = ? AND reviewed_at = 0`, string(c.Conclusion), c.Reasons, ms(at), a.UserID, d.ID)
	if err != nil {
		return Event{}, fmt.Errorf("store: filing review of decision %d: %w", d.ID, err)
	}
	return Event{Action: "filing_review", Summary: "备案审查：" + c.Conclusion.Label(), Changes: diffFields(nil, []field{
		{"审查结论", c.Conclusion.Label()}, {"审查意见和理由", c.Reasons}})}, nil
}

func (tx *Tx) recordCleanup(ctx context.Context, at time.Time, d *workflow.Decision, c *workflow.RecordCleanup) (Event, error) {
	before, after := d.Normative.Doc.Status, c.Outcome.Status()
	_, err := tx.tx.ExecContext(ctx, `UPDATE normative_files SET cleanup_outcome = ?, cleanup_reason = ?, cleaned_at = ?, status = ?,
		status_note = CASE WHEN ? THEN status_note ELSE ? END, status_at = CASE WHEN ? THEN status_at ELSE ? END WHERE decision_id = ?`,
		string(c.Outcome), c.Reason, ms(at), string(after), before == after, "清理结果："+c.Outcome.Label()+"。"+c.Reason, before == after, ms(at), d.ID)
	if err != nil {
		return Event{}, fmt.Errorf("store: clean-up of decision %d: %w", d.ID, err)
	}
	return Event{Action: "cleanup", Summary: "清理结果：" + c.Outcome.Label(), Changes: diffFields(
		[]field{{"状态", before.Label()}}, []field{{"清理结果", c.Outcome.Label()}, {"理由", c.Reason}, {"状态", after.Label()}})}, nil
}
