package web

import (
	"fmt"
	"net/http"
	"net/mail"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// The message centre (消息): reminders of stages coming due (written by the notifier, package
// notify) and 催办 by the secretary or the auditors; each user chooses whether they also come
// by e-mail or through the group robot.

// messagesShown is how many of a user's latest messages the centre lists.
const messagesShown = 100

// ctxUnread is where unreadCount leaves the header's count.
const ctxUnread = "unread"

// unreadCount counts the viewer's unread messages for the header of a page.
func (s *Server) unreadCount(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if u := currentUser(c); u != nil && c.Request().Method == http.MethodGet {
			n, err := s.db.UnreadCount(c.Request().Context(), u.ID)
			if err != nil {
				return err
			}
			c.Set(ctxUnread, n)
		}
		return next(c)
	}
}

func (s *Server) messages(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	ms, err := s.db.Messages(c.Request().Context(), u.ID, messagesShown)
	if err != nil {
		return err
	}
	p := views.MessagesPage{Page: page(c, "消息", "messages")}
	for _, m := range ms {
		p.Messages = append(p.Messages, views.MessageItem{ID: m.ID, Kind: m.Kind, Subject: m.Subject, Body: m.Body,
			Link: m.Link, At: m.CreatedAt, Unread: m.ReadAt.IsZero()})
	}
	return render(c, http.StatusOK, views.MessagesView(p))
}

// messageRead marks one message read and goes to what it is about.
func (s *Server) messageRead(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "mid")
	if err != nil {
		return err
	}
	m, err := s.db.Message(c.Request().Context(), u.ID, id)
	if isNotFound(err) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	to := m.Link
	if err := s.db.InTx(c.Request().Context(), func(tx *store.Tx) error { return tx.MarkRead(c.Request().Context(), s.now(), u.ID, id) }); err != nil {
		return err
	}
	if to == "" {
		to = "/messages"
	}
	return redirect(c, to)
}

// messagesRead marks all the user's messages read.
func (s *Server) messagesRead(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	if err := s.db.InTx(c.Request().Context(), func(tx *store.Tx) error { return tx.MarkRead(c.Request().Context(), s.now(), u.ID, 0) }); err != nil {
		return err
	}
	return redirect(c, "/messages")
}

func (s *Server) notifyPage(c echo.Context, u *store.User, f *views.Form, status int) error {
	ch := s.notifier.Channels()
	p := views.NotifyPage{Page: page(c, "提醒方式", ""), Form: f, Done: c.QueryParam("done") == "1",
		EmailOn: ch.Email, WebhookOn: ch.WebhookURL != ""}
	log, err := s.db.Deliveries(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	for i, d := range log {
		if i == 20 {
			break
		}
		item := views.DeliveryItem{Channel: map[string]string{store.ChannelEmail: "电子邮件", store.ChannelWebhook: "群机器人"}[d.Channel],
			Target: d.Target, Attempts: d.Attempts, Status: "待发送"}
		switch {
		case !d.SentAt.IsZero():
			item.Status = "已发送 " + views.DateTime(d.SentAt)
		case !d.FailedAt.IsZero():
			item.Status = "发送失败：" + d.LastError
		case d.Attempts > 0:
			item.Status = "重试中：" + d.LastError
		}
		if d.Channel == store.ChannelWebhook {
			item.Target = "工作群" // the robot's URL carries its key
		}
		p.Deliveries = append(p.Deliveries, item)
	}
	return render(c, status, views.NotifyView(p))
}

func (s *Server) notifyForm(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	prefs, err := s.db.NotifyPrefs(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	f := views.NewForm("notify", map[string]string{"email": prefs.Email, "by_email": b(prefs.ByEmail), "by_webhook": b(prefs.ByWebhook)})
	return s.notifyPage(c, u, f, http.StatusOK)
}

func (s *Server) notifySave(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	r := readForm(c, "notify")
	p := store.NotifyPrefs{Email: r.short("email", "电子邮箱", false, 200), ByEmail: r.check("by_email"), ByWebhook: r.check("by_webhook")}
	if p.Email != "" && r.f.Errors["email"] == "" {
		if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email {
			r.f.Errors["email"] = "请填写有效的电子邮箱，如 zhangsan@example.gov.cn"
		}
	}
	if p.ByEmail && p.Email == "" && r.f.Errors["email"] == "" {
		r.f.Errors["email"] = "选择邮件提醒时须填写电子邮箱"
	}
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。未保存任何内容。")
		return s.notifyPage(c, u, r.f, http.StatusUnprocessableEntity)
	}
	err = s.db.InTx(c.Request().Context(), func(tx *store.Tx) error {
		return tx.SaveNotifyPrefs(c.Request().Context(), u.Actor(), s.now(), u.ID, p)
	})
	if err != nil {
		return err
	}
	return redirect(c, "/account/notifications?done=1")
}

// mayUrge: the secretary and the auditors urge units (催办); nobody urges a finished decision.
func mayUrge(u *store.User, d *workflow.Decision) bool {
	return (u.Role == workflow.RoleSecretary || u.Role == workflow.RoleAuditor) && !d.State.Final()
}

// urge records a 催办 in the decision's history and sends it to the people who act on the
// current stage, in the same transaction; the notifier delivers it afterwards.
func (s *Server) urge(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	d, err := s.visibleDecision(c, u)
	if err != nil {
		return err
	}
	if !mayUrge(u, d) {
		if u.Role == workflow.RoleSecretary || u.Role == workflow.RoleAuditor {
			return echo.NewHTTPError(http.StatusUnprocessableEntity, "该决策事项已办结，无需催办。")
		}
		return errForbidden
	}
	r := readForm(c, "urge")
	text := r.short("message", "催办意见", true, 1000)
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。未催办。")
		return s.renderDecision(c, u, d, http.StatusUnprocessableEntity, r.f, nil, "")
	}
	users, err := s.db.Users(c.Request().Context())
	if err != nil {
		return err
	}
	at := s.now()
	err = s.db.InTx(c.Request().Context(), func(tx *store.Tx) error {
		cur, err := tx.DecisionParts(c.Request().Context(), d.ID, 0)
		if err != nil {
			return err
		}
		if err := tx.Urge(c.Request().Context(), u.Actor(), at, cur, text); err != nil {
			return err
		}
		for _, role := range workflow.StageActors(cur.State) {
			for _, x := range users {
				if x.Disabled || x.Role != role || (role == workflow.RoleClerk && x.UnitID != cur.UnitID) {
					continue
				}
				m := store.Message{UserID: x.ID, DecisionID: cur.ID, Kind: "urge",
					Subject: fmt.Sprintf("【催办】%s", cur.Title),
					Body:    fmt.Sprintf("%s（%s）催办“%s”（%s阶段）：%s", u.DisplayName, u.UnitName, cur.Title, cur.State.Label(), text),
					Link:    fmt.Sprintf("/decisions/%d", cur.ID)}
				if _, err := tx.Notify(c.Request().Context(), at, m, s.notifier.Channels()); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.notifier.Kick()
	return redirect(c, fmt.Sprintf("/decisions/%d#urge", d.ID))
}
