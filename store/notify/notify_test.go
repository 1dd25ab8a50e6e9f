package notify_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"juece/store"
	"juece/store/notify"
	"juece/workflow"
)

// smtpServer is a real SMTP server on a loopback port, in the test's process: it speaks just
// enough of RFC 5321 for a client to deliver, and keeps what it received.
type smtpServer struct {
	ln   net.Listener
	mu   sync.Mutex
	mail []string // each message's recipients and data
}

func newSMTPServer(t *testing.T) *smtpServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s
}

func (s *smtpServer) serve(conn net.Conn) {
	defer conn.Close()
	r, w := bufio.NewReader(conn), bufio.NewWriter(conn)
	say := func(line string) { w.WriteString(line + "\r\n"); w.Flush() }
	say("220 localhost ESMTP test")
	var rcpt []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250-localhost")
			say("250-8BITMIME")
			say("250 SMTPUTF8")
		case strings.HasPrefix(cmd, "MAIL FROM"), strings.HasPrefix(cmd, "NOOP"), strings.HasPrefix(cmd, "RSET"):
			say("250 OK")
		case strings.HasPrefix(cmd, "RCPT TO"):
			rcpt = append(rcpt, strings.TrimSpace(line[len("RCPT TO:"):]))
			say("250 OK")
		case cmd == "DATA":
			say("354 go ahead")
			var data strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				data.WriteString(l)
			}
			s.mu.Lock()
			s.mail = append(s.mail, strings.Join(rcpt, ",")+"\n"+data.String())
			s.mu.Unlock()
			rcpt = nil
			say("250 OK queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("502 not implemented")
		}
	}
}

func (s *smtpServer) received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.mail...)
}

func (s *smtpServer) port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// robot is a group robot's webhook: it records each message and answers as told.
type robot struct {
	mu       sync.Mutex
	got      []string
	failures int           // answer 500 this many times first
	hold     chan struct{} // when set, each request waits for it to close
	arrived  chan struct{}
}

func (rb *robot) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var m struct {
		MsgType string `json:"msgtype"`
		Text    struct {
			Content string `json:"content"`
		} `json:"text"`
	}
	json.NewDecoder(r.Body).Decode(&m)
	if rb.arrived != nil {
		rb.arrived <- struct{}{}
	}
	if rb.hold != nil {
		<-rb.hold
	}
	rb.mu.Lock()
	defer rb.mu.Unlock()
	if rb.failures > 0 {
		rb.failures--
		http.Error(w, "busy", http.StatusInternalServerError)
		return
	}
	if m.MsgType != "text" {
		w.Write([]byte(`{"errcode":40008,"errmsg":"invalid message type"}`))
		return
	}
	rb.got = append(rb.got, m.Text.Content)
	w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
}

func (rb *robot) received() []string {
	rb.mu.Lock()
	defer rb.mu.Unlock()
	return append([]string(nil), rb.got...)
}

type fixture struct {
	db     *store.DB
	now    time.Time
	clerk  store.User
	other  store.User
	id     int64
	notify *notify.Notifier
}

func day(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, workflow.Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// newFixture: a consultation whose comment period ends on Monday 9 March 2026, Wednesday 4 March
// a holiday; the clerk of its unit wants e-mail and the robot, the other unit's clerk nothing.
func newFixture(t *testing.T, cfg notify.Config) *fixture {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "juece.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{db: db, now: day("2026-03-02 08:00")}
	sys := workflow.Actor{Name: "测试", Role: workflow.RoleAdmin}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		a, err := tx.CreateUnit(ctx, sys, f.now, "市发展和改革委员会", store.UnitUndertaking)
		if err != nil {
			return err
		}
		b, err := tx.CreateUnit(ctx, sys, f.now, "市住房和城乡建设局", store.UnitUndertaking)
		if err != nil {
			return err
		}
		for _, u := range []store.User{{Username: "clerk", DisplayName: "张明", UnitID: a, Role: workflow.RoleClerk},
			{Username: "clerk2", DisplayName: "李华", UnitID: b, Role: workflow.RoleClerk}} {
			u.PasswordHash = "x"
			if _, err := tx.CreateUser(ctx, sys, f.now, u); err != nil {
				return err
			}
		}
		return tx.SetCalendarDay(ctx, sys, f.now, store.CalendarDay{Day: "2026-03-04", Kind: store.DayOff, Name: "测试假日"})
	})
	if err != nil {
		t.Fatal(err)
	}
	f.clerk, _ = db.UserByName(ctx, "clerk")
	f.other, _ = db.UserByName(ctx, "clerk2")
	err = db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SaveNotifyPrefs(ctx, f.clerk.Actor(), f.now, f.clerk.ID, store.NotifyPrefs{Email: "zhangming@fgw.example", ByEmail: true, ByWebhook: true}); err != nil {
			return err
		}
		id, err := tx.CreateDecision(ctx, f.clerk.Actor(), f.now, store.NewDecision{Title: "城市公共交通票价调整方案",
			Category: workflow.CategoryPublicService, UnitID: f.clerk.UnitID,
			Proposal: workflow.Proposal{Kind: "department", Proposer: "市交通运输局", Problem: "问题", DecisionOrgan: "市人民政府"}})
		if err != nil {
			return err
		}
		f.id = id
		d, err := tx.Decision(ctx, id)
		if err != nil {
			return err
		}
		r, err := tx.AddRevision(ctx, f.clerk.Actor(), f.now, d, workflow.Revision{Body: "草案"})
		if err != nil {
			return err
		}
		if err := tx.SetStateForTest(ctx, f.clerk.Actor(), f.now, d, workflow.Submit, workflow.Consultation, ""); err != nil {
			return err
		}
		start := workflow.Day(f.now)
		return tx.SaveNotice(ctx, f.clerk.Actor(), f.now, d, workflow.CommentNotice{RevisionID: r, Channel: "网站", HowToSubmit: "网上",
			StartsOn: start.AddDate(0, 0, -23), EndsOn: day("2026-03-09 00:00"), PublishedOn: start.AddDate(0, 0, -23)})
	})
	if err != nil {
		t.Fatal(err)
	}
	f.notify = notify.New(db, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), func() time.Time { return f.now })
	return f
}

func (f *fixture) messages(t *testing.T, u store.User) []store.Message {
	t.Helper()
	ms, err := f.db.Messages(context.Background(), u.ID, 100)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// TestReminderOnTheRightWorkingDay: with three working days' notice and a holiday on Wednesday,
// the reminder of a period ending on Monday comes on Tuesday (Thursday, Friday and Monday are
// the three working days left), once, in the message centre, by e-mail and to the robot; then
// on the day itself and on the day after. The other unit's clerk hears nothing.
func TestReminderOnTheRightWorkingDay(t *testing.T) {
	ctx := context.Background()
	mail := newSMTPServer(t)
	rb := &robot{}
	hook := httptest.NewServer(rb)
	defer hook.Close()
	f := newFixture(t, notify.Config{SMTP: notify.SMTP{Host: "127.0.0.1", Port: mail.port(), From: "juece@gov.example", TLS: "none"},
		WebhookURL: hook.URL, BaseURL: "https://juece.gov.example/"})
	run := func(at string) (int, int) {
		t.Helper()
		f.now = day(at)
		written, err := f.notify.Remind(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sent, err := f.notify.Deliver(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return written, sent
	}
	if w, _ := run("2026-03-02 09:00"); w != 0 {
		t.Fatalf("Monday, four working days ahead: %d reminders", w)
	}
	if w, s := run("2026-03-03 09:00"); w != 1 || s != 2 {
		t.Fatalf("Tuesday, three working days ahead: %d reminders, %d deliveries; want 1 and 2", w, s)
	}
	for _, at := range []string{"2026-03-03 15:00", "2026-03-04 09:00", "2026-03-05 09:00", "2026-03-06 09:00", "2026-03-07 09:00"} {
		if w, s := run(at); w != 0 || s != 0 {
			t.Fatalf("%s: %d more reminders, %d deliveries", at, w, s)
		}
	}
	if w, s := run("2026-03-09 09:00"); w != 1 || s != 2 {
		t.Fatalf("the last day: %d reminders, %d deliveries", w, s)
	}
	if w, s := run("2026-03-10 09:00"); w != 1 || s != 2 {
		t.Fatalf("the day after: %d reminders, %d deliveries", w, s)
	}
	ms := f.messages(t, f.clerk)
	if len(ms) != 3 || ms[2].Kind != "due_soon" || ms[1].Kind != "due_today" || ms[0].Kind != "overdue" ||
		!strings.Contains(ms[2].Body, "还有 3 个工作日") || !ms[2].CreatedAt.Equal(day("2026-03-03 09:00")) {
		t.Fatalf("messages: %+v", ms)
	}
	if n, _ := f.db.UnreadCount(ctx, f.clerk.ID); n != 3 {
		t.Fatalf("unread: %d", n)
	}
	if ms := f.messages(t, f.other); len(ms) != 0 {
		t.Fatalf("the other unit's clerk got %d messages", len(ms))
	}
	got := mail.received()
	if len(got) != 3 || !strings.Contains(got[0], "zhangming@fgw.example") || !strings.Contains(got[0], "https://juece.gov.example/decisions/"+strconv.FormatInt(f.id, 10)) {
		t.Fatalf("e-mails: %d: %q", len(got), got)
	}
	hooks := rb.received()
	if len(hooks) != 3 || !strings.Contains(hooks[0], "即将到期") || !strings.Contains(hooks[0], "张明") || !strings.Contains(hooks[2], "已逾期") {
		t.Fatalf("robot messages: %q", hooks)
	}
	log, err := f.db.Deliveries(ctx, f.clerk.ID)
	if err != nil || len(log) != 6 {
		t.Fatalf("delivery log: %d, %v", len(log), err)
	}
	for _, d := range log {
		if d.SentAt.IsZero() || d.Attempts != 1 {
			t.Fatalf("delivery %+v", d)
		}
	}
}

// TestWebhookRetriedWithBackoff: a robot that fails twice gets the message on the third
// attempt, after a minute and then two; while a delivery hangs, writes go on.
func TestWebhookRetriedWithBackoff(t *testing.T) {
	ctx := context.Background()
	rb := &robot{failures: 2}
	hook := httptest.NewServer(rb)
	defer hook.Close()
	f := newFixture(t, notify.Config{WebhookURL: hook.URL})
	f.now = day("2026-03-03 09:00")
	if w, err := f.notify.Remind(ctx); w != 1 || err != nil {
		t.Fatalf("reminders: %d, %v", w, err)
	}
	step := func(at string, want int) {
		t.Helper()
		f.now = day(at)
		sent, err := f.notify.Deliver(ctx)
		if err != nil || sent != want {
			t.Fatalf("%s: sent %d, %v; want %d", at, sent, err, want)
		}
	}
	step("2026-03-03 09:00", 0) // fails: next in a minute
	step("2026-03-03 09:00", 0) // not yet due: no attempt
	step("2026-03-03 09:01", 0) // fails: next in two minutes
	step("2026-03-03 09:02", 0) // not yet
	step("2026-03-03 09:03", 1)
	log, _ := f.db.Deliveries(ctx, f.clerk.ID)
	if len(log) != 1 || log[0].Attempts != 3 || log[0].SentAt.IsZero() || log[0].Channel != "webhook" {
		t.Fatalf("log: %+v", log)
	}
	if len(rb.received()) != 1 {
		t.Fatalf("robot got %d", len(rb.received()))
	}

	// A robot that hangs: the delivery waits for it, a write does not.
	rb.hold, rb.arrived = make(chan struct{}), make(chan struct{}, 1)
	if _, err := f.notify.Remind(ctx); err != nil {
		t.Fatal(err)
	}
	f.now = day("2026-03-09 09:00")
	if w, err := f.notify.Remind(ctx); w != 1 || err != nil {
		t.Fatalf("reminders: %d, %v", w, err)
	}
	done := make(chan error, 1)
	go func() { _, err := f.notify.Deliver(ctx); done <- err }()
	<-rb.arrived // the delivery is now waiting on the robot
	err := f.db.InTx(ctx, func(tx *store.Tx) error {
		d, err := tx.Decision(ctx, f.id)
		if err != nil {
			return err
		}
		_, err = tx.AddComment(ctx, f.clerk.Actor(), f.now, d, workflow.Comment{Source: "信函", Body: "写入未被阻塞"})
		return err
	})
	if err != nil {
		t.Fatalf("a write while a delivery hangs: %v", err)
	}
	close(rb.hold)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestBackoffGivesUp(t *testing.T) {
	ctx := context.Background()
	rb := &robot{failures: 1000}
	hook := httptest.NewServer(rb)
	defer hook.Close()
	f := newFixture(t, notify.Config{WebhookURL: hook.URL})
	f.now = day("2026-03-03 09:00")
	f.notify.Remind(ctx)
	for range 20 {
		if _, err := f.notify.Deliver(ctx); err != nil {
			t.Fatal(err)
		}
		f.now = f.now.Add(time.Hour)
	}
	log, _ := f.db.Deliveries(ctx, f.clerk.ID)
	if len(log) != 1 || log[0].Attempts != 8 || log[0].FailedAt.IsZero() || !strings.Contains(log[0].LastError, "500") {
		t.Fatalf("log: %+v", log)
	}
}

// TestWeeklyDigestOnFirstWorkingDay: the unit's head gets the week's digest of overdue stages
// on its first working day — the Tuesday when Monday is a holiday — once; the other units'
// heads and the clerks get none.
func TestWeeklyDigestOnFirstWorkingDay(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, notify.Config{})
	sys := workflow.Actor{Name: "测试", Role: workflow.RoleAdmin}
	err := f.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetCalendarDay(ctx, sys, f.now, store.CalendarDay{Day: "2026-03-16", Kind: store.DayOff, Name: "测试假日"}); err != nil {
			return err
		}
		for _, u := range []store.User{{Username: "head", DisplayName: "赵主任", UnitID: f.clerk.UnitID, Role: workflow.RoleClerk, IsUnitHead: true},
			{Username: "head2", DisplayName: "钱主任", UnitID: f.other.UnitID, Role: workflow.RoleClerk, IsUnitHead: true}} {
			u.PasswordHash = "x"
			if _, err := tx.CreateUser(ctx, sys, f.now, u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	head, _ := f.db.UserByName(ctx, "head")
	head2, _ := f.db.UserByName(ctx, "head2")
	digest := func(at string) int {
		t.Helper()
		f.now = day(at)
		n, err := f.notify.Digest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Monday 9 March: the period ends today, nothing is overdue yet.
	if n := digest("2026-03-09 08:00"); n != 0 {
		t.Fatalf("nothing overdue: %d digests", n)
	}
	if n := digest("2026-03-10 08:00"); n != 0 {
		t.Fatalf("a Tuesday that is not the week's first working day: %d digests", n)
	}
	if n := digest("2026-03-16 08:00"); n != 0 {
		t.Fatalf("a Monday holiday: %d digests", n)
	}
	if n := digest("2026-03-17 08:00"); n != 1 {
		t.Fatalf("the week's first working day: %d digests", n)
	}
	if n := digest("2026-03-17 15:00"); n != 0 {
		t.Fatalf("the same day again: %d digests", n)
	}
	ms := f.messages(t, head)
	if len(ms) != 1 || ms[0].Kind != "digest" || !strings.Contains(ms[0].Body, "城市公共交通票价调整方案") || !strings.Contains(ms[0].Body, "已逾期 8 天") {
		t.Fatalf("the head's digest: %+v", ms)
	}
	if len(f.messages(t, head2)) != 0 {
		t.Fatal("the other unit's head got a digest")
	}
	for _, m := range f.messages(t, f.clerk) {
		if m.Kind == "digest" {
			t.Fatal("a clerk got the digest")
		}
	}
	if n := digest("2026-03-23 08:00"); n != 1 {
		t.Fatalf("the next week: %d digests", n)
	}
}
