// Package notify reminds people of stages coming due and delivers messages: a scheduler inside
// the server (no cron) writes reminders into the message centre, and a sender delivers queued
// messages by e-mail (SMTP) and to a group robot's webhook (企业微信 / 钉钉), retrying a failed
// delivery with back-off. It runs beside the web server and never inside a write: a write only
// queues rows in its own transaction.
package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"juece/store"
	"juece/workflow"
)

// SMTP is the mail server reminders are sent through; Host "" turns e-mail off.
type SMTP struct {
	Host     string
	Port     int
	Username string // no authentication when empty
	Password string
	From     string
	TLS      string // "mandatory" (STARTTLS required, the default), "opportunistic", "none", or "ssl" (implicit TLS)
}

// Config configures a Notifier.
type Config struct {
	SMTP       SMTP
	WebhookURL string        // a 企业微信 or 钉钉 group robot's URL; "" turns the webhook off
	BaseURL    string        // the site's address, for links in e-mails and robot messages
	Every      time.Duration // how often the reminders are looked for; 0 means 10 minutes
}

// Back-off of a failed delivery: the wait doubles from the first to the cap; after the last
// attempt the delivery is given up (and stays in the log with its error).
const (
	firstRetry  = time.Minute
	maxRetry    = time.Hour
	maxAttempts = 8
	batch       = 50
)

// Notifier writes reminders and delivers messages.
type Notifier struct {
	db   *store.DB
	cfg  Config
	log  *slog.Logger
	now  func() time.Time
	http *http.Client
	kick chan struct{}
}

// New makes a Notifier; now is the clock (tests move it).
func New(db *store.DB, cfg Config, log *slog.Logger, now func() time.Time) *Notifier {
	if cfg.Every <= 0 {
		cfg.Every = 10 * time.Minute
	}
	if now == nil {
		now = time.Now
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &Notifier{db: db, cfg: cfg, log: log, now: now, http: &http.Client{Timeout: 15 * time.Second},
		kick: make(chan struct{}, 1)}
}

// Channels are the channels this server can deliver by, for queuing a message.
func (n *Notifier) Channels() store.Channels {
	if n == nil {
		return store.Channels{}
	}
	return store.Channels{Email: n.cfg.SMTP.Host != "", WebhookURL: n.cfg.WebhookURL}
}

// Kick asks for the queued deliveries to be sent now rather than at the next tick.
func (n *Notifier) Kick() {
	if n == nil {
		return
	}
	select {
	case n.kick <- struct{}{}:
	default:
	}
}

// Run looks for reminders every Config.Every and delivers every few seconds, or when kicked,
// until ctx ends.
func (n *Notifier) Run(ctx context.Context) {
	remind := time.NewTicker(n.cfg.Every)
	defer remind.Stop()
	deliver := time.NewTicker(15 * time.Second)
	defer deliver.Stop()
	n.tick(ctx, true)
	for {
		select {
		case <-ctx.Done():
			return
		case <-remind.C:
			n.tick(ctx, true)
		case <-deliver.C:
			n.tick(ctx, false)
		case <-n.kick:
			n.tick(ctx, false)
		}
	}
}

func (n *Notifier) tick(ctx context.Context, reminders bool) {
	if reminders {
		if _, err := n.Remind(ctx); err != nil {
			n.log.Error("reminders", "err", err)
		}
		if _, err := n.Digest(ctx); err != nil {
			n.log.Error("weekly digest", "err", err)
		}
	}
	if _, err := n.Deliver(ctx); err != nil {
		n.log.Error("deliveries", "err", err)
	}
}

// env is now with the admin's settings and working-day calendar.
func (n *Notifier) env(ctx context.Context) (workflow.Env, error) {
	settings, err := n.db.Settings(ctx)
	if err != nil {
		return workflow.Env{}, err
	}
	cal, err := n.db.Calendar(ctx)
	if err != nil {
		return workflow.Env{}, err
	}
	return workflow.Env{Now: n.now(), Settings: settings, Calendar: cal}, nil
}

// Remind writes today's reminders: to each person who acts on a stage whose limit is within
// the reminder's working days, today, or past (up to a week, so that a server down for a while
// does not flood anyone), once per stage, limit and kind. It returns how many it wrote.
func (n *Notifier) Remind(ctx context.Context) (int, error) {
	env, err := n.env(ctx)
	if err != nil {
		return 0, err
	}
	today := workflow.Day(env.Now)
	// Enough calendar days to hold the reminder's working days across a long holiday.
	until := today.AddDate(0, 0, 2*env.Settings.RemindWorkdays+15)
	cands, err := n.db.ReminderCandidates(ctx, today.AddDate(0, 0, -7), until)
	if err != nil {
		return 0, err
	}
	users, err := n.db.Users(ctx)
	if err != nil {
		return 0, err
	}
	var msgs []store.Message
	for _, c := range cands {
		kind := workflow.ReminderFor(c.Limit, env)
		if kind == workflow.RemindNone {
			continue
		}
		for _, role := range workflow.StageActors(c.State) {
			for _, u := range users {
				if u.Disabled || u.Role != role || (role == workflow.RoleClerk && u.UnitID != c.UnitID) {
					continue
				}
				msgs = append(msgs, reminder(c, kind, u.ID, env))
			}
		}
	}
	written, err := n.write(ctx, env.Now, msgs)
	if err == nil && written > 0 {
		n.log.Info("reminders written", "messages", written)
	}
	return written, err
}

// Digest writes each unit head's weekly digest of the unit's overdue stages, on the first
// working day of the week by the calendar, once a week. It returns how many it wrote.
func (n *Notifier) Digest(ctx context.Context) (int, error) {
	env, err := n.env(ctx)
	if err != nil {
		return 0, err
	}
	today := workflow.Day(env.Now)
	if !firstWorkdayOfWeek(today, env.Calendar) {
		return 0, nil
	}
	rows, err := n.db.Overdue(ctx, env.Now)
	if err != nil {
		return 0, err
	}
	users, err := n.db.Users(ctx)
	if err != nil {
		return 0, err
	}
	byUnit := map[int64][]store.DecisionRow{}
	for _, r := range rows {
		byUnit[r.UnitID] = append(byUnit[r.UnitID], r)
	}
	year, week := today.ISOWeek()
	var msgs []store.Message
	for _, u := range users {
		late := byUnit[u.UnitID]
		if !u.IsUnitHead || u.Disabled || len(late) == 0 {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "截至 %s，%s 办理的重大行政决策事项中有 %d 项本阶段已逾期：\n", today.Format("2006年1月2日"), u.UnitName, len(late))
		for _, r := range late {
			_, days, _ := workflow.OverdueSince(r.LimitOn, env)
			fmt.Fprintf(&b, "· “%s”（%s阶段，期限 %s，已逾期 %d 天）\n", r.Title, r.State.Label(),
				workflow.Day(r.LimitOn).Format("2006年1月2日"), days)
		}
		b.WriteString("请督促经办人及时办理。")
		msgs = append(msgs, store.Message{UserID: u.ID, Kind: "digest", Dedupe: fmt.Sprintf("digest/%d-W%02d", year, week),
			Subject: fmt.Sprintf("【每周逾期汇总】%s %d 项逾期", u.UnitName, len(late)), Body: b.String(), Link: "/"})
	}
	return n.write(ctx, env.Now, msgs)
}

// write queues msgs in one transaction, each with its channels; a message already written
// (the same dedupe key) is not written again. It returns how many were new.
func (n *Notifier) write(ctx context.Context, now time.Time, msgs []store.Message) (int, error) {
	written := 0
	err := n.db.InTx(ctx, func(tx *store.Tx) error {
		written = 0
		for _, m := range msgs {
			created, err := tx.Notify(ctx, now, m, n.Channels())
			if err != nil {
				return err
			}
			if created {
				written++
			}
		}
		return nil
	})
	return written, err
}

// firstWorkdayOfWeek says whether day is the first working day of its week (Monday to Sunday).
func firstWorkdayOfWeek(day time.Time, cal workflow.Calendar) bool {
	if !cal.IsWorkday(day) {
		return false
	}
	monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	for d := monday; d.Before(day); d = d.AddDate(0, 0, 1) {
		if cal.IsWorkday(d) {
			return false
		}
	}
	return true
}

// reminder is the message reminding user of c's stage.
func reminder(c store.ReminderCandidate, kind workflow.Reminder, user int64, env workflow.Env) store.Message {
	limit := workflow.Day(c.Limit)
	when := limit.Format("2006年1月2日")
	var body string
	switch kind {
	case workflow.RemindSoon:
		body = fmt.Sprintf("“%s”处于%s阶段，本阶段期限为 %s，还有 %d 个工作日。请及时办理。", c.Title, c.State.Label(), when,
			env.Calendar.WorkdaysBetween(env.Now, limit))
	case workflow.RemindToday:
		body = fmt.Sprintf("“%s”处于%s阶段，本阶段期限为今日（%s）。请及时办理。", c.Title, c.State.Label(), when)
	default:
		body = fmt.Sprintf("“%s”处于%s阶段，本阶段期限 %s 已过。请尽快办理。", c.Title, c.State.Label(), when)
	}
	return store.Message{UserID: user, DecisionID: c.ID, Kind: string(kind),
		Dedupe:  fmt.Sprintf("%d/%s/%d/%s/%s", c.ID, c.State, c.StateSince.UnixMilli(), limit.Format("20060102"), kind),
		Subject: fmt.Sprintf("【%s】%s", kind.Label(), c.Title), Body: body, Link: fmt.Sprintf("/decisions/%d", c.ID)}
}

// Deliver sends the deliveries that are due, each outside any transaction, and records each
// attempt. It returns how many were sent.
func (n *Notifier) Deliver(ctx context.Context) (int, error) {
	sent := 0
	for {
		ds, err := n.db.PendingDeliveries(ctx, n.now(), batch)
		if err != nil {
			return sent, err
		}
		for _, d := range ds {
			failure := ""
			if err := n.send(ctx, d); err != nil {
				failure = err.Error()
			}
			at := n.now()
			var next time.Time
			if failure != "" && d.Attempts+1 < maxAttempts {
				next = at.Add(backoff(d.Attempts + 1))
			}
			if err := n.db.InTx(ctx, func(tx *store.Tx) error { return tx.DeliveryResult(ctx, at, d.ID, failure, next) }); err != nil {
				return sent, err
			}
			switch {
			case failure == "":
				sent++
				n.log.Info("message sent", "delivery", d.ID, "channel", d.Channel, "user", d.Message.UserID, "subject", d.Message.Subject)
			case next.IsZero():
				n.log.Error("message not delivered, given up", "delivery", d.ID, "channel", d.Channel, "attempts", d.Attempts+1, "err", failure)
			default:
				n.log.Warn("message not delivered, will retry", "delivery", d.ID, "channel", d.Channel, "next", next, "err", failure)
			}
		}
		if len(ds) < batch || ctx.Err() != nil {
			return sent, ctx.Err()
		}
	}
}

// backoff is the wait after the attempt-th failed attempt.
func backoff(attempt int) time.Duration {
	d := firstRetry
	for i := 1; i < attempt && d < maxRetry; i++ {
		d *= 2
	}
	return min(d, maxRetry)
}

func (n *Notifier) link(m store.Message) string {
	if m.Link == "" {
		return ""
	}
	return n.cfg.BaseURL + m.Link
}

func (n *Notifier) send(ctx context.Context, d store.Delivery) error {
	switch d.Channel {
	case store.ChannelEmail:
		return n.sendEmail(ctx, d)
	case store.ChannelWebhook:
		return n.sendWebhook(ctx, d)
	}
	return fmt.Errorf("unknown channel %q", d.Channel)
}

func (n *Notifier) sendEmail(ctx context.Context, d store.Delivery) error {
	c := n.cfg.SMTP
	if c.Host == "" {
		return errors.New("e-mail is not configured")
	}
	m := mail.NewMsg()
	if err := m.From(c.From); err != nil {
		return err
	}
	if err := m.To(d.Target); err != nil {
		return err
	}
	m.Subject(d.Message.Subject)
	m.SetDate()
	body := d.UserName + "：\n\n" + d.Message.Body + "\n"
	if l := n.link(d.Message); l != "" {
		body += "\n" + l + "\n"
	}
	body += "\n（本邮件由重大行政决策全过程管理系统自动发送，请勿回复。）\n"
	m.SetBodyString(mail.TypeTextPlain, body)
	opts := []mail.Option{mail.WithTimeout(15 * time.Second)}
	switch c.TLS {
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	case "opportunistic":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	case "ssl":
		opts = append(opts, mail.WithSSL())
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if c.Port != 0 {
		opts = append(opts, mail.WithPort(c.Port))
	}
	if c.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername(c.Username), mail.WithPassword(c.Password))
	}
	client, err := mail.NewClient(c.Host, opts...)
	if err != nil {
		return err
	}
	return client.DialAndSendWithContext(ctx, m)
}

// robotText is the message shape both 企业微信 and 钉钉 group robots accept.
type robotText struct {
	MsgType string `json:"msgtype"`
	Text    struct {
		Content string `json:"content"`
	} `json:"text"`
}

func (n *Notifier) sendWebhook(ctx context.Context, d store.Delivery) error {
	var msg robotText
	msg.MsgType = "text"
	msg.Text.Content = fmt.Sprintf("%s\n致 %s：%s", d.Message.Subject, d.UserName, d.Message.Body)
	if l := n.link(d.Message); l != "" {
		msg.Text.Content += "\n" + l
	}
	body, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.Target, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	res, err := n.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 1<<16))
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("webhook answered %d", res.StatusCode)
	}
	// Both robots answer 200 with an errcode; anything but 0 is a refusal.
	var answer struct {
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if json.Unmarshal(raw, &answer) == nil && answer.ErrCode != 0 {
		return fmt.Errorf("webhook refused: %d %s", answer.ErrCode, answer.ErrMsg)
	}
	return nil
}
