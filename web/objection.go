package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/store/textclean"
	"juece/views"
	"juece/workflow"
)

// Objections to published normative documents (异议, 规划三(三)3): anyone objects on the
// document's public page and gets a receipt, as a commenter does; the legal office answers
// within Settings.NormObjectionDays on the document's page, and chooses whether the reply is
// published on the public page.

// objectionMu serialises the portal's objection writes, so a resend of the same form is
// answered with the first receipt even when it arrives while the first is being written.
var objectionMu sync.Mutex

// objectionReceiptURL is the receipt page of objection ref with code.
func objectionReceiptURL(ref, code string) string {
	return "/public/objections?" + url.Values{"ref": {ref}, "code": {code}}.Encode()
}

// publishedNormative is the public library's test of a document that may be shown.
func publishedNormative(d *workflow.Decision) bool {
	return d.Kind == workflow.KindNormative && d.Normative != nil && d.Normative.Doc != nil
}

// renderPublicNormative draws a published document's public page, with the published replies
// to objections and, while the document is in force, the objection form f (nil: an empty one).
func (s *Server) renderPublicNormative(c echo.Context, d *workflow.Decision, status int, f *views.Form) error {
	doc := d.Normative.Doc
	p := views.PublicNormative{Page: views.Page{Title: pageTitle(doc.Number + " " + d.Title)}, Doc: doc, Unit: d.UnitName, Title: d.Title}
	v, err := s.versions(c, d)
	if err != nil {
		return err
	}
	p.ID, p.Versions = v.ID, v.Versions
	for _, o := range d.Normative.Objections {
		if o.Reply != nil && o.Reply.Published {
			p.Objections = append(p.Objections, views.PublicObjection{Ref: o.Ref, Provision: o.Provision, Body: o.Body,
				Outcome: o.Reply.Outcome, Reply: o.Reply.Text, RepliedAt: o.Reply.At})
		}
	}
	if doc.AcceptsObjections() {
		if f == nil {
			f = views.NewForm(workflow.FormObjection, nil)
		}
		p.Page.CSRF = s.formToken(c)
		p.Object = &views.ObjectionForm{DocID: d.ID, CSRF: p.Page.CSRF, ReceiptToken: randomToken(), Form: f,
			Days: s.env().Settings.NormObjectionDays}
		// The form's one-time token is this page's own, so the page is not kept.
		c.Response().Header().Set("Cache-Control", "no-store")
	}
	if f != nil && f.HasErrors() {
		p.Page.Title = pageTitle("错误：" + doc.Number + " " + d.Title)
	}
	return render(c, status, views.PublicNormativeView(p))
}

// publicObjectionAdd receives an objection from the portal: it lands among the document's
// objections awaiting the legal office, with its event, without raising the document's version.
func (s *Server) publicObjectionAdd(c echo.Context) error {
	d, err := s.pathDecision(c, publishedNormative)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	if !d.Normative.Doc.AcceptsObjections() {
		return errNotFound
	}
	ip := s.clientIP(c)
	if strings.TrimSpace(c.FormValue("website")) != "" {
		s.publicComments.take(ip, s.now()) // a bot spends its allowance all the same
		s.log.Warn("public objection: honeypot filled", "decision", d.ID, "ip", ip)
		return echo.NewHTTPError(http.StatusBadRequest, "提交未被接受。请刷新页面后重新填写。")
	}
	r := readForm(c, workflow.FormObjection)
	provision := r.short("provision", "异议的条款", true, 200)
	body := r.text("body", "异议内容和理由", true)
	if r.f.Errors["body"] == "" && len([]rune(body)) > views.ObjectionMax {
		r.f.Errors["body"] = fmt.Sprintf("异议内容和理由不超过 %d 字", views.ObjectionMax)
	}
	author := r.short("author", "姓名或单位名称", true, 100)
	contact := r.short("contact", "联系方式", false, 100)
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。异议尚未提交。")
		return s.renderPublicNormative(c, d, http.StatusUnprocessableEntity, r.f)
	}
	objectionMu.Lock()
	defer objectionMu.Unlock()
	token := c.FormValue("receipt_token")
	if !validNonce(token) {
		token = randomToken()
	}
	ctx := c.Request().Context()
	var first workflow.Objection
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		first, err = tx.ObjectionByFormToken(ctx, d.ID, token)
		return err
	})
	if err == nil {
		s.log.Info("public objection: the same form again, answered with the first receipt", "decision", d.ID, "ref", first.Ref)
		return c.Redirect(http.StatusSeeOther, objectionReceiptURL(first.Ref, store.ReceiptCode(token)))
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if !s.publicComments.take(ip, s.now()) {
		until := s.publicComments.freeAt(ip, s.now())
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(until.Sub(s.now()).Seconds())+1))
		r.f.Top = append(r.f.Top, fmt.Sprintf("您所在网络地址提交过于频繁，请于 %s（北京时间）后再提交。您填写的内容保留在下方，尚未提交。", views.DateTime(until)))
		return s.renderPublicNormative(c, d, http.StatusTooManyRequests, r.f)
	}
	var got workflow.Objection
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		got, err = tx.AddPublicObjection(ctx, s.now(), d.ID,
			workflow.Objection{Author: author, Contact: contact, Provision: provision, Body: body}, token)
		return err
	})
	if store.StorageFault(err) { // the citizen's text comes back in the form, to send again
		s.storageFault(c, err)
		r.f.Top = append(r.f.Top, msgStorage+"您填写的异议保留在下方，尚未提交。")
		return s.renderPublicNormative(c, d, http.StatusServiceUnavailable, r.f)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, objectionReceiptURL(got.Ref, store.ReceiptCode(token)))
}

// objectionWithoutToken answers an objection refused by the CSRF check (a page left open for
// long, a browser that dropped the cookie): the document's page again, 403, nothing stored, the
// text back in the form with a fresh token, to be sent again.
func (s *Server) objectionWithoutToken(c echo.Context) error {
	d, err := s.pathDecision(c, publishedNormative)
	if err != nil || !d.Normative.Doc.AcceptsObjections() {
		return errNotFound // the generic page instead
	}
	f := views.NewForm(workflow.FormObjection, nil)
	for _, k := range []string{"provision", "body", "author", "contact"} {
		v, _ := textclean.Clean(strings.ToValidUTF8(c.Request().PostFormValue(k), "\uFFFD"))
		f.Values.Set(k, strings.TrimSpace(v))
	}
	f.Top = append(f.Top, "页面已过期或安全令牌已失效，您的异议尚未提交。填写的内容保留在下方，请核对后再次点击“提交异议”。")
	return s.renderPublicNormative(c, d, http.StatusForbidden, f)
}

// publicObjectionReceipt is an objection's receipt, found by its reference number and code;
// without them, the form to look one up. Neither cached nor sent as a referrer: the code is in
// the address.
func (s *Server) publicObjectionReceipt(c echo.Context) error {
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	ref, code := strings.TrimSpace(c.QueryParam("ref")), strings.TrimSpace(c.QueryParam("code"))
	f := views.NewForm("receipt", map[string]string{"ref": ref, "code": code})
	p := views.PublicObjectionReceipt{Page: publicPage("查询异议处理情况"), Form: f}
	if !c.QueryParams().Has("ref") && !c.QueryParams().Has("code") {
		return render(c, http.StatusOK, views.PublicObjectionReceiptView(p))
	}
	if ref == "" {
		f.Errors["ref"] = "请填写异议编号"
	}
	if code == "" {
		f.Errors["code"] = "请填写查询码"
	}
	if !f.HasErrors() {
		ip, now := s.clientIP(c), s.now()
		if s.receiptMisses.full(ip, now) {
			until := s.receiptMisses.freeAt(ip, now)
			h.Set("Retry-After", strconv.Itoa(int(until.Sub(now).Seconds())+1))
			f.Top = append(f.Top, fmt.Sprintf("您所在网络地址查询未找到的次数过多，为保护查询码，暂停查询。请于 %s（北京时间）后再查询，并核对回执上的异议编号和查询码。", views.DateTime(until)))
			p.Page.Title = pageTitle("错误：查询异议处理情况")
			return render(c, http.StatusTooManyRequests, views.PublicObjectionReceiptView(p))
		}
		ctx := c.Request().Context()
		decisionID, found, err := s.db.ObjectionByReceipt(ctx, ref, code)
		if err == nil {
			d, err := s.db.DecisionParts(ctx, decisionID, 0)
			if err != nil {
				return err
			}
			p.Found = &views.ObjectionReceipt{Objection: found, Code: formatCode(code), DocID: d.ID, DocTitle: d.Title,
				Due: workflow.ObjectionDue(found.ReceivedAt, s.env())}
			if d.Normative != nil && d.Normative.Doc != nil {
				p.Found.DocNumber = d.Normative.Doc.Number
			}
			p.Page.Title = pageTitle("异议回执 " + found.Ref)
			return render(c, http.StatusOK, views.PublicObjectionReceiptView(p))
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		s.receiptMisses.take(ip, now)
		f.Errors["ref"] = "未找到与该异议编号和查询码相符的异议，请核对回执上的异议编号"
		f.Errors["code"] = "请核对查询码（8 位字母和数字）"
	}
	p.Missing, p.Page.Title = true, pageTitle("错误：查询异议处理情况")
	return render(c, http.StatusNotFound, views.PublicObjectionReceiptView(p))
}

// objectionReply records the legal office's reply to an objection of the document in the path.
func (s *Server) objectionReply(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	d, err := s.visibleDecision(c, u)
	if err != nil {
		return err
	}
	oid, err := pathID(c, "oid")
	if err != nil {
		return err
	}
	if d.Normative == nil || !hasObjection(d.Normative, oid) {
		return errNotFound
	}
	r := readFormOf(c, fmt.Sprintf("objection-%d", oid), string(workflow.RecObjectionReply))
	return s.apply(c, &workflow.AnswerObjection{ObjectionID: oid, Outcome: workflow.ObjectionOutcome(r.value("outcome")),
		Text: r.value("text"), Publish: r.check("publish")}, r.f, nil)
}

func hasObjection(n *workflow.NormativeFile, id int64) bool {
	for _, o := range n.Objections {
		if o.ID == id {
			return true
		}
	}
	return false
}

// objectionQueue is the legal office's queue: the objections awaiting a reply, the overdue marked.
func (s *Server) objectionQueue(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	if u.Role != workflow.RoleReviewer {
		return errForbidden
	}
	rows, err := s.db.PendingObjections(c.Request().Context())
	if err != nil {
		return err
	}
	env := s.env()
	p := views.ObjectionQueuePage{Page: page(c, "规范性文件异议处理", "normative"), Days: env.Settings.NormObjectionDays}
	for _, r := range rows {
		o := workflow.Objection{ReceivedAt: r.ReceivedAt}
		p.Rows = append(p.Rows, views.QueuedObjection{PendingObjection: r, Due: workflow.ObjectionDue(r.ReceivedAt, env), Overdue: o.Overdue(env)})
	}
	return render(c, http.StatusOK, views.ObjectionQueueView(p))
}

// objectionReportRows add to the yearly report's section on normative documents the objections
// received in the year and how they were answered: adopted (amendment or repeal started), not
// adopted, and answered late or still unanswered after the period.
func (s *Server) objectionReportRows(c echo.Context, from, cutoff time.Time, env workflow.Env, t *views.ReportTable) error {
	received, err := s.db.ObjectionsReceived(c.Request().Context(), from, cutoff)
	if err != nil {
		return err
	}
	var adopted, rejected, late int
	for _, o := range received {
		switch {
		case o.Reply == nil:
		case o.Reply.Outcome == workflow.ObjectionReject:
			rejected++
		default:
			adopted++
		}
		if o.Overdue(env) {
			late++
		}
	}
	for _, x := range []struct {
		label string
		n     int
	}{{"收到异议", len(received)}, {"异议采纳（启动修改或废止）", adopted}, {"异议不予采纳", rejected}, {"异议逾期答复或逾期未答复", late}} {
		t.Rows = append(t.Rows, []string{x.label, strconv.Itoa(x.n)})
		t.Chart.Bars = append(t.Chart.Bars, views.Bar{Label: x.label, Value: float64(x.n), Text: strconv.Itoa(x.n)})
	}
	return nil
}
