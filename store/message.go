package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

// Messages (消息中心): reminders of stages coming due and 催办 from the secretary or the
// auditors, each to one user, with its deliveries by the channels the user chose.

// Message is one message to one user.
type Message struct {
	ID         int64
	UserID     int64
	DecisionID int64 // 0 when about no decision
	Kind       string
	Dedupe     string
	Subject    string
	Body       string
	Link       string
	CreatedAt  time.Time
	ReadAt     time.Time
}

// NotifyPrefs are the channels a user wants besides the message centre.
type NotifyPrefs struct {
	Email     string
	ByEmail   bool
	ByWebhook bool
}

// Delivery is a message to send by one channel.
type Delivery struct {
	ID       int64
	Channel  string // email, webhook
	Target   string
	Attempts int
	Message  Message
	UserName string
}

// The delivery channels.
const (
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
)

// NotifyPrefs loads a user's channels; the zero value when never saved.
func (db *DB) NotifyPrefs(ctx context.Context, userID int64) (NotifyPrefs, error) {
	return notifyPrefs(ctx, db.read, userID)
}

func notifyPrefs(ctx context.Context, q querier, userID int64) (NotifyPrefs, error) {
	var p NotifyPrefs
	err := q.QueryRowContext(ctx, "SELECT email, by_email, by_webhook FROM notify_prefs WHERE user_id = ?", userID).
		Scan(&p.Email, &p.ByEmail, &p.ByWebhook)
	if isNoRows(err) {
		return NotifyPrefs{}, nil
	}
	if err != nil {
		return p, fmt.Errorf("store: notification settings of user %d: %w", userID, err)
	}
	return p, nil
}

// SaveNotifyPrefs stores a user's channels, with the event that says what changed.
func (tx *Tx) SaveNotifyPrefs(ctx context.Context, a workflow.Actor, at time.Time, userID int64, p NotifyPrefs) error {
	old, err := notifyPrefs(ctx, tx.tx, userID)
	if err != nil {
		return err
	}
	fields := func(p NotifyPrefs) []field {
		return []field{{"电子邮箱", p.Email}, {"邮件提醒", showBool(p.ByEmail)}, {"群机器人提醒", showBool(p.ByWebhook)}}
	}
	return tx.savepoint(ctx, func() error {
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO notify_prefs (user_id, email, by_email, by_webhook) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, by_email = excluded.by_email, by_webhook = excluded.by_webhook`,
			userID, p.Email, b2i(p.ByEmail), b2i(p.ByWebhook))
		if err != nil {
			return fmt.Errorf("store: save notification settings of user %d: %w", userID, err)
		}
		return tx.addEvent(ctx, a, at, Event{Action: "notify_prefs", Summary: "修改提醒方式",
			Changes: diffFields(fields(old), fields(p))})
	})
}

// Channels are the channels the server can deliver by: e-mail when an SMTP server is
// configured, the group robot's webhook when its URL is.
type Channels struct {
	Email      bool
	WebhookURL string
}

// Notify puts message m in its user's message centre and queues its deliveries by the channels
// the user chose that the server has. A reminder whose dedupe key the user already has is not
// sent again: created is then false.
func (tx *Tx) Notify(ctx context.Context, at time.Time, m Message, ch Channels) (created bool, err error) {
	prefs, err := notifyPrefs(ctx, tx.tx, m.UserID)
	if err != nil {
		return false, err
	}
	var decision any
	if m.DecisionID != 0 {
		decision = m.DecisionID
	}
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO messages (user_id, decision_id, kind, dedupe, subject, body, link, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, m.UserID, decision, m.Kind, m.Dedupe, m.Subject, m.Body, m.Link, ms(at))
	if err != nil {
		return false, fmt.Errorf("store: message to user %d: %w", m.UserID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return false, err
	}
	queue := func(channel, target string) error {
		_, err := tx.tx.ExecContext(ctx, "INSERT INTO deliveries (message_id, channel, target, next_at) VALUES (?, ?, ?, ?)",
			id, channel, target, ms(at))
		if err != nil {
			return fmt.Errorf("store: queue %s of message %d: %w", channel, id, err)
		}
		return nil
	}
	if ch.Email && prefs.ByEmail && prefs.Email != "" {
		if err := queue(ChannelEmail, prefs.Email); err != nil {
			return false, err
		}
	}
	if prefs.ByWebhook && ch.WebhookURL != "" {
		if err := queue(ChannelWebhook, ch.WebhookURL); err != nil {
			return false, err
		}
	}
	return true, nil
}

const messageColumns = "id, user_id, coalesce(decision_id, 0), kind, dedupe, subject, body, link, created_at, read_at"

func scanMessage(r rowScanner) (Message, error) {
	var m Message
	var created, read int64
	err := r.Scan(&m.ID, &m.UserID, &m.DecisionID, &m.Kind, &m.Dedupe, &m.Subject, &m.Body, &m.Link, &created, &read)
	m.CreatedAt, m.ReadAt = fromMS(created), fromMS(read)
	return m, err
}

// Messages lists a user's latest messages, the newest first.
func (db *DB) Messages(ctx context.Context, userID int64, limit int) ([]Message, error) {
	out, err := collect(ctx, db.read, scanMessage, "SELECT "+messageColumns+" FROM messages WHERE user_id = ? ORDER BY id DESC LIMIT ?", userID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: messages of user %d: %w", userID, err)
	}
	return out, nil
}

// Message loads message id of user userID; another user's message is ErrNotFound.
func (db *DB) Message(ctx context.Context, userID, id int64) (Message, error) {
	m, err := scanMessage(db.read.QueryRowContext(ctx, "SELECT "+messageColumns+" FROM messages WHERE id = ? AND user_id = ?", id, userID))
	if err != nil {
		return Message{}, fmt.Errorf("store: message %d of user %d: %w", id, userID, notFound(err))
	}
	return m, nil
}

// UnreadCount counts a user's unread messages, for the page header.
func (db *DB) UnreadCount(ctx context.Context, userID int64) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM messages WHERE user_id = ? AND read_at = 0", userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unread messages of user %d: %w", userID, err)
	}
	return n, nil
}

// MarkRead marks a user's message read; id 0 marks all of them. Reading is the user's own
// state, not a record of the procedure: it writes no history event.
func (tx *Tx) MarkRead(ctx context.Context, at time.Time, userID, id int64) error {
	q, args := "UPDATE messages SET read_at = ? WHERE user_id = ? AND read_at = 0", []any{ms(at), userID}
	if id != 0 {
		q, args = q+" AND id = ?", append(args, id)
	}
	if _, err := tx.tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("store: mark messages of user %d read: %w", userID, err)
	}
	return nil
}

// PendingDeliveries lists up to limit deliveries due by now, the oldest first.
func (db *DB) PendingDeliveries(ctx context.Context, now time.Time, limit int) ([]Delivery, error) {
	out, err := collect(ctx, db.read, func(r rowScanner) (Delivery, error) {
		var d Delivery
		var created, read int64
		m := &d.Message
		err := r.Scan(&d.ID, &d.Channel, &d.Target, &d.Attempts, &d.UserName, &m.ID, &m.UserID, &m.DecisionID, &m.Kind, &m.Dedupe,
			&m.Subject, &m.Body, &m.Link, &created, &read)
		m.CreatedAt, m.ReadAt = fromMS(created), fromMS(read)
		return d, err
	}, `SELECT x.id, x.channel, x.target, x.attempts, u.display_name, m.id, m.user_id, coalesce(m.decision_id, 0), m.kind,
		m.dedupe, m.subject, m.body, m.link, m.created_at, m.read_at
		FROM deliveries x JOIN messages m ON m.id = x.message_id JOIN users u ON u.id = m.user_id
		WHERE x.sent_at = 0 AND x.failed_at = 0 AND x.next_at <= ? ORDER BY x.next_at, x.id LIMIT ?`, ms(now), limit)
	if err != nil {
		return nil, fmt.Errorf("store: pending deliveries: %w", err)
	}
	return out, nil
}

// DeliveryResult records an attempt at delivery id: sent when failure is "", else retried at
// next, or given up when next is zero.
func (tx *Tx) DeliveryResult(ctx context.Context, at time.Time, id int64, failure string, next time.Time) error {
	var err error
	switch {
	case failure == "":
		_, err = tx.tx.ExecContext(ctx, "UPDATE deliveries SET attempts = attempts + 1, sent_at = ?, last_error = '' WHERE id = ?", ms(at), id)
	case next.IsZero():
		_, err = tx.tx.ExecContext(ctx, "UPDATE deliveries SET attempts = attempts + 1, failed_at = ?, last_error = ? WHERE id = ?", ms(at), failure, id)
	default:
		_, err = tx.tx.ExecContext(ctx, "UPDATE deliveries SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?", ms(next), failure, id)
	}
	if err != nil {
		return fmt.Errorf("store: delivery %d: %w", id, err)
	}
	return nil
}

// DeliveryLog is a delivery as the log lists it.
type DeliveryLog struct {
	ID        int64
	MessageID int64
	Channel   string
	Target    string
	Attempts  int
	SentAt    time.Time
	FailedAt  time.Time
	LastError string
}

// Deliveries lists every delivery of a user's messages, the newest first: the log of what was
// sent to them.
func (db *DB) Deliveries(ctx context.Context, userID int64) ([]DeliveryLog, error) {
	out, err := collect(ctx, db.read, func(r rowScanner) (DeliveryLog, error) {
		var d DeliveryLog
		var sent, failed int64
		err := r.Scan(&d.ID, &d.MessageID, &d.Channel, &d.Target, &d.Attempts, &sent, &failed, &d.LastError)
		d.SentAt, d.FailedAt = fromMS(sent), fromMS(failed)
		return d, err
	}, `SELECT x.id, x.message_id, x.channel, x.target, x.attempts, x.sent_at, x.failed_at, x.last_error
		FROM deliveries x JOIN messages m ON m.id = x.message_id WHERE m.user_id = ? ORDER BY x.id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: deliveries of user %d: %w", userID, err)
	}
	return out, nil
}

// ReminderCandidate is a decision whose stage limit is near or recently passed.
type ReminderCandidate struct {
	ID         int64
	Title      string
	State      workflow.State
	UnitID     int64
	StateSince time.Time
	Limit      time.Time
}

// ReminderCandidates lists the decisions whose current stage's limit lies from since to until
// (by the limit index), those not in a final state.
func (db *DB) ReminderCandidates(ctx context.Context, since, until time.Time) ([]ReminderCandidate, error) {
	out, err := collect(ctx, db.read, func(r rowScanner) (ReminderCandidate, error) {
		var c ReminderCandidate
		var stateSince, limit int64
		err := r.Scan(&c.ID, &c.Title, &c.State, &c.UnitID, &stateSince, &limit)
		c.StateSince, c.Limit = fromMS(stateSince), fromMS(limit)
		return c, err
	}, `SELECT id, title, state, unit_id, state_since, limit_on FROM decisions
		WHERE limit_on > 0 AND limit_on >= ? AND limit_on < ? ORDER BY limit_on, id`, ms(since), ms(until))
	if err != nil {
		return nil, fmt.Errorf("store: reminder candidates: %w", err)
	}
	var live []ReminderCandidate
	for _, c := range out {
		if !c.State.Final() {
			live = append(live, c)
		}
	}
	return live, nil
}

// Urge records that the secretary or an auditor urged (催办) the unit to handle decision d,
// with their message. It is an event of the decision's history; it changes no record, so the
// decision's version stays and no open form goes stale.
func (tx *Tx) Urge(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, text string) error {
	return tx.savepoint(ctx, func() error {
		return tx.addEvent(ctx, a, at, Event{DecisionID: d.ID, Action: "urge",
			Summary: fmt.Sprintf("催办（%s阶段）", d.State.Label()), Changes: diffFields(nil, []field{{"催办意见", text}})})
	})
}
