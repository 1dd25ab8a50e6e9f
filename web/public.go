package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
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

// The public portal (公众参与, 条例第14–16、32条): open consultations, hearing notices and
// published decisions, for anyone, without a login. Only what has been published is shown;
// anything else answers exactly like an id that does not exist.

// Comments per client address in a window: a brake on bots, high enough for the citizens of a
// mobile network or an office who share one address. The same text sent again to the same
// consultation from the same address within publicCommentRepeat is answered with the first
// receipt instead of being stored twice (a double click, a reload, an impatient resend).
const (
	publicCommentLimit  = 60
	publicCommentWindow = 10 * time.Minute
	publicCommentRepeat = 10 * time.Minute
)

// publicCache lets shared caches keep a public page for a minute. Such a response sets no
// cookie (not even the clearing of a stale session's): a cache would hand it to everyone.
func publicCache(c echo.Context) {
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=60")
	h.Del("Set-Cookie")
}

// privateCache is for a public page carrying a form: its CSRF token is this browser's own.
func privateCache(c echo.Context) {
	c.Response().Header().Set("Cache-Control", "private, max-age=60")
}

// publicPage is the frame data of a portal page: never the viewer, even when logged in, and no
// CSRF token (a page with a form adds it with formToken, and is then not shared by caches).
func publicPage(title string) views.Page {
	return views.Page{Title: pageTitle(title)}
}

func (s *Server) today() time.Time { return workflow.Day(s.now()) }

// onOrBefore says whether day t is set and not after today.
func onOrBefore(t, today time.Time) bool { return !t.IsZero() && !workflow.Day(t).After(today) }

func (s *Server) publicHome(c echo.Context) error {
	ctx, today := c.Request().Context(), s.today()
	cons, err := s.db.OpenConsultations(ctx, today)
	if err != nil {
		return err
	}
	hearings, err := s.db.UpcomingHearings(ctx, today)
	if err != nil {
		return err
	}
	decisions, err := s.db.PublishedDecisions(ctx, today)
	if err != nil {
		return err
	}
	item := func(r store.PublicRow) views.PublicItem {
		return views.PublicItem{ID: r.ID, Title: r.Title, UnitName: r.UnitName, From: r.From, To: r.To,
			Place: r.Place, Number: r.Number}
	}
	p := views.PublicHome{Page: publicPage("公众参与")}
	for _, r := range cons {
		x := item(r)
		x.DaysLeft = workflow.DaysInclusive(today, r.To)
		p.Consultations = append(p.Consultations, x)
	}
	for _, r := range hearings {
		p.Hearings = append(p.Hearings, item(r))
	}
	for _, r := range decisions {
		p.Decisions = append(p.Decisions, item(r))
	}
	this := today.In(workflow.Shanghai).Year()
	if ok, err := s.db.CatalogPublished(ctx, this); err != nil {
		return err
	} else if ok {
		p.CatalogYear = this
	}
	publicCache(c)
	return render(c, http.StatusOK, views.PublicHomeView(p))
}

// publicDecisionByID loads the decision in the path if public says it may be shown.
// Only the records its page and check need are loaded: not every comment, for a consultation.
func (s *Server) publicDecisionByID(c echo.Context, public func(d *workflow.Decision, today time.Time) bool, parts store.Parts) (*workflow.Decision, error) {
	today := s.today()
	return s.pathDecisionParts(c, func(d *workflow.Decision) bool { return public(d, today) }, parts)
}

// The records each public page needs (its check included).
const (
	consultationParts = store.PartNotice | store.PartRevisions | store.PartCorrections
	hearingParts      = consultationParts | store.PartHearing | store.PartPublication
	decisionParts     = store.PartPublication | store.PartEvaluation | store.PartCorrections | store.PartReports // the comments are read a page at a time
)

// consultationPublic: the comment notice has been published and the matter may be disclosed.
func consultationPublic(d *workflow.Decision, today time.Time) bool {
	return d.Notice != nil && !d.Flags.NotDisclosed && onOrBefore(d.Notice.PublishedOn, today) &&
		noticeDraft(d) != nil
}

// consultationOpen: comments are accepted today (the last day included).
func consultationOpen(d *workflow.Decision, today time.Time) bool {
	return consultationPublic(d, today) && d.State == workflow.Consultation &&
		!today.Before(workflow.Day(d.Notice.StartsOn)) && !today.After(workflow.Day(d.Notice.EndsOn))
}

// hearingPublic: the hearing notice has been published and the matter may be disclosed.
func hearingPublic(d *workflow.Decision, today time.Time) bool {
	return d.Hearing != nil && !d.Flags.NotDisclosed && onOrBefore(d.Hearing.NoticePublishedOn, today)
}

// decisionPublic: the decision has been published (条例第32条).
func decisionPublic(d *workflow.Decision, today time.Time) bool {
	if d.Kind == workflow.KindNormative || d.Publication == nil || !onOrBefore(d.Publication.PublishedOn, today) { // a normative document is in /public/normative
		return false
	}
	for _, st := range store.PublicStates {
		if d.State == st {
			return true
		}
	}
	return false
}

// noticeDraft is the revision the notice put out for comment, never another.
func noticeDraft(d *workflow.Decision) *workflow.Revision {
	if d.Notice == nil {
		return nil
	}
	for i := range d.Revisions {
		if d.Revisions[i].ID == d.Notice.RevisionID {
			return &d.Revisions[i]
		}
	}
	return nil
}

func (s *Server) consultationPage(c echo.Context, d *workflow.Decision, f *views.Form) views.PublicConsultation {
	today := s.today()
	p := views.PublicConsultation{Page: publicPage(d.Title + "（征求意见稿）"), ID: d.ID, Title: d.Title,
		UnitName: d.UnitName, Notice: *d.Notice, Draft: noticeDraft(d), Open: consultationOpen(d, today), Form: f,
		Comments: noComments(fmt.Sprintf("/public/consultations/%d", d.ID))}
	p.NotYet = !p.Open && d.State == workflow.Consultation && today.Before(workflow.Day(d.Notice.StartsOn))
	if p.Open {
		p.DaysLeft = workflow.DaysInclusive(today, d.Notice.EndsOn)
		p.Page.CSRF = s.formToken(c)
		p.ReceiptToken = randomToken()
	}
	if p.Form == nil {
		p.Form = views.NewForm("comment", nil)
	}
	if p.Form.HasErrors() || len(p.Form.Top) > 0 {
		p.Page.Title = "错误：" + p.Page.Title // a refused comment: the summary is at the form (#comment)
	}
	p.Late = lateOf(d, workflow.RecNotice)
	return p
}

// lateOf lists the late entries (补录) of the records of kinds the public page shows: a record
// entered after the fact says so wherever it is read.
func lateOf(d *workflow.Decision, kinds ...workflow.Record) []workflow.LateEntry {
	var out []workflow.LateEntry
	for _, e := range d.LateEntries {
		if slices.Contains(kinds, e.Record) {
			out = append(out, e)
		}
	}
	return out
}

func (s *Server) publicConsultation(c echo.Context) error {
	d, err := s.publicDecisionByID(c, consultationPublic, consultationParts)
	if err != nil {
		return err
	}
	n, err := publicCommentsPageNo(c)
	if err != nil {
		return err
	}
	p := s.consultationPage(c, d, nil)
	if err := s.addFeedback(c, d, &p, n); err != nil {
		return err
	}
	if p.Open && n == 1 {
		// The form's one-time token is this page's own: a page shown again gets a new one, so
		// a second comment is never taken for a resend of the first.
		c.Response().Header().Set("Cache-Control", "no-store")
	} else {
		publicCache(c)
	}
	return render(c, http.StatusOK, views.PublicConsultationView(p))
}

// addFeedback puts on a consultation's page how its comments were handled, once the feedback
// is published: the comments (page n of them) are read only then; before, only page 1 exists.
func (s *Server) addFeedback(c echo.Context, d *workflow.Decision, p *views.PublicConsultation, n int) error {
	if !feedbackPublic(d, s.today()) {
		if n > 1 {
			return errNotFound
		}
		return nil
	}
	cs, err := s.publicCommentGroups(c, d, p.Comments.Path, n)
	if err != nil {
		return err
	}
	p.Feedback, p.Comments = d.Feedback, cs
	return nil
}

// publicCommentAdd receives a comment from the portal. It lands among the decision's comments
// awaiting a disposition, without raising the decision's version.
func (s *Server) publicCommentAdd(c echo.Context) error {
	d, err := s.publicDecisionByID(c, consultationPublic, consultationParts)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	if !consultationOpen(d, s.today()) {
		return s.commentRefused(c, d, nil)
	}
	ip := s.clientIP(c)
	if strings.TrimSpace(c.FormValue("website")) != "" {
		s.publicComments.take(ip, s.now()) // a bot spends its allowance all the same
		s.log.Warn("public comment: honeypot filled", "decision", d.ID, "ip", ip)
		return echo.NewHTTPError(http.StatusBadRequest, "提交未被接受。请刷新页面后重新填写。")
	}
	r := readForm(c, "comment")
	body := r.text("body", "意见内容", true)
	if r.f.Errors["body"] == "" && len([]rune(body)) > views.CommentMax {
		r.f.Errors["body"] = "意见内容不超过 2000 字"
	}
	author := r.short("author", "姓名或单位", false, 100)
	contact := r.short("contact", "联系方式", false, 100)
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。意见尚未提交。")
		return render(c, http.StatusUnprocessableEntity, views.PublicConsultationView(s.consultationPage(c, d, r.f)))
	}
	// One comment at a time from the portal: a resend is answered with the first receipt even
	// when it arrives while the first is being written. The form's one-time token makes the
	// same form sent again the same comment; without one (a client of its own), the same text
	// from the same address within minutes is.
	s.commentMu.Lock()
	defer s.commentMu.Unlock()
	token := c.FormValue("receipt_token")
	if !validNonce(token) {
		token = randomToken()
	}
	var first workflow.Comment
	err = s.db.InTx(c.Request().Context(), func(tx *store.Tx) error {
		first, err = tx.CommentByFormToken(c.Request().Context(), d.ID, token)
		return err
	})
	if err == nil {
		s.log.Info("public comment: the same form again, answered with the first receipt", "decision", d.ID, "ref", first.Ref)
		return c.Redirect(http.StatusSeeOther, receiptURL(first.Ref, store.ReceiptCode(token)))
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	repeat := commentKey{decision: d.ID, address: ip, body: body}
	if first, ok := s.recentComments[repeat]; ok && s.now().Sub(first.ReceivedAt) < publicCommentRepeat {
		s.log.Info("public comment: the same text again, answered with the first receipt", "decision", d.ID, "ref", first.Ref)
		return c.Redirect(http.StatusSeeOther, receiptURL(first.Ref, first.code))
	}
	if !s.publicComments.take(ip, s.now()) {
		until := s.publicComments.freeAt(ip, s.now())
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(until.Sub(s.now()).Seconds())+1))
		r.f.Top = append(r.f.Top, fmt.Sprintf("您所在网络地址提交意见过于频繁，请于 %s（北京时间）后再提交。您填写的内容保留在下方，尚未提交。", views.DateTime(until)))
		return render(c, http.StatusTooManyRequests, views.PublicConsultationView(s.consultationPage(c, d, r.f)))
	}
	var got workflow.Comment
	closed := false
	err = s.db.InTx(c.Request().Context(), func(tx *store.Tx) error {
		cur, err := tx.DecisionParts(c.Request().Context(), d.ID, consultationParts)
		if err != nil {
			return err
		}
		if !consultationOpen(cur, s.today()) {
			closed = true
			return nil
		}
		got, err = tx.AddPublicCommentWithReceipt(c.Request().Context(), s.now(), d.ID,
			workflow.Comment{Author: author, Contact: contact, Body: body}, token)
		return err
	})
	if store.StorageFault(err) { // the citizen's text comes back in the form, to send again
		s.storageFault(c, err)
		r.f.Top = append(r.f.Top, msgStorage+"您填写的意见保留在下方，尚未提交。")
		return render(c, http.StatusServiceUnavailable, views.PublicConsultationView(s.consultationPage(c, d, r.f)))
	}
	if err != nil {
		return err
	}
	if closed {
		return s.commentRefused(c, d, r.f)
	}
	code := store.ReceiptCode(token)
	s.rememberComment(repeat, sentComment{got, code})
	return c.Redirect(http.StatusSeeOther, receiptURL(got.Ref, code))
}

// commentRefused answers a comment sent when the period is not open: the page, with its
// notice that the form is gone, and the text that was typed to copy.
func (s *Server) commentRefused(c echo.Context, d *workflow.Decision, f *views.Form) error {
	p := s.consultationPage(c, d, f)
	p.Open = false
	p.Page.CSRF = ""
	p.Unsent = strings.TrimSpace(c.FormValue("body"))
	return render(c, http.StatusUnprocessableEntity, views.PublicConsultationView(p))
}

// commentWithoutToken answers a comment refused by the CSRF check (a page left open for long,
// a phone's browser that dropped the cookie): the consultation page again, 403, nothing stored,
// the text back in the form with a fresh token, to be sent again by the citizen.
func (s *Server) commentWithoutToken(c echo.Context) error {
	d, err := s.publicDecisionByID(c, consultationPublic, consultationParts)
	if err != nil || !consultationOpen(d, s.today()) {
		return errNotFound // the generic page instead
	}
	f := views.NewForm("comment", nil)
	for _, k := range []string{"body", "author", "contact"} {
		v, _ := textclean.Clean(strings.ToValidUTF8(c.Request().PostFormValue(k), "\uFFFD"))
		f.Values.Set(k, strings.TrimSpace(v))
	}
	f.Top = append(f.Top, "页面已过期或安全令牌已失效，您的意见尚未提交。填写的内容保留在下方，请核对后再次点击“提交意见”。")
	c.Response().Header().Set("Cache-Control", "no-store")
	return render(c, http.StatusForbidden, views.PublicConsultationView(s.consultationPage(c, d, f)))
}

// commentKey is what makes a portal comment the same as one sent before.
type commentKey struct {
	decision int64
	address  string
	body     string
}

// sentComment is a comment just received with the code printed on its receipt.
type sentComment struct {
	workflow.Comment
	code string
}

// rememberComment keeps the receipt of a comment for publicCommentRepeat, and forgets the
// older ones (the caller holds commentMu).
func (s *Server) rememberComment(k commentKey, got sentComment) {
	for old, x := range s.recentComments {
		if s.now().Sub(x.ReceivedAt) >= publicCommentRepeat {
			delete(s.recentComments, old)
		}
	}
	s.recentComments[k] = got
}

// clientIP is the address the rate limit counts: the connection's peer, unless the server was
// configured with an extractor for a trusted proxy. Forwarded headers alone are not trusted.
func (s *Server) clientIP(c echo.Context) string {
	if s.e.IPExtractor != nil {
		return c.RealIP()
	}
	return echo.ExtractIPDirect()(c.Request())
}

func (s *Server) publicHearing(c echo.Context) error {
	d, err := s.publicDecisionByID(c, hearingPublic, hearingParts)
	if err != nil {
		return err
	}
	return s.renderPublicHearing(c, d, http.StatusOK, nil, nil)
}

// renderPublicHearing answers a hearing's portal page, with the sign-up form f when one was
// refused and the receipt of a sign-up just received.
func (s *Server) renderPublicHearing(c echo.Context, d *workflow.Decision, status int, f *views.Form, receipt *workflow.HearingSignup) error {
	today := s.today()
	p := views.PublicHearing{Page: publicPage(d.Title + "（听证公告）"), ID: d.ID, Title: d.Title,
		UnitName: d.UnitName, Hearing: publicHearingRecord(d, today), ShowList: onOrBefore(d.Hearing.ListPublishedOn, today),
		Consultation: consultationPublic(d, today), Held: hearingHeld(d, today), Published: decisionPublic(d, today)}
	p.Late = lateOf(d, workflow.RecHearing)
	var err error
	if p.Draw, err = s.publicDraw(c, d, f); err != nil {
		return err
	}
	if p.Draw != nil {
		p.Draw.Receipt = receipt
		if p.Draw.Open {
			p.Page.CSRF = s.formToken(c)
		}
	}
	if c.Request().Method == http.MethodGet {
		if p.Draw != nil && p.Draw.Open {
			privateCache(c) // the sign-up form carries this browser's token
		} else {
			publicCache(c)
		}
	}
	return render(c, status, views.PublicHearingView(p))
}

// publicHearingRecord is the hearing as the public may see it: the selection method and the
// participant list once each is published; never the record of the hearing nor the handling of
// its opinions, which are internal (the outcome is published with the decision's explanation
// of how opinions were adopted, 条例第32条).
func publicHearingRecord(d *workflow.Decision, today time.Time) workflow.HearingRecord {
	h := *d.Hearing
	if !onOrBefore(h.ListPublishedOn, today) {
		h.Participants = nil
	}
	if !onOrBefore(h.SelectionPublishedOn, today) {
		h.SelectionMethod = ""
	}
	h.RecordSummary, h.OpinionsHandling, h.MaterialsDeliveredOn = "", "", time.Time{}
	return h
}

// hearingHeld: the hearing took place and its record was signed by the participants.
func hearingHeld(d *workflow.Decision, today time.Time) bool {
	return onOrBefore(d.Hearing.HeldOn, today) && d.Hearing.RecordSigned
}

// feedbackPublic: the feedback on the adoption of comments (条例第15条第2款) has been published
// and the matter may be disclosed. From that day the portal shows how each comment was handled,
// whatever becomes of the decision later (规划三(二)1).
func feedbackPublic(d *workflow.Decision, today time.Time) bool {
	return d.Feedback != nil && !d.Flags.NotDisclosed && onOrBefore(d.Feedback.PublishedOn, today)
}

func (s *Server) publicDecision(c echo.Context) error {
	d, err := s.publicDecisionByID(c, decisionPublic, decisionParts)
	if err != nil {
		return err
	}
	return s.renderPublicDecision(c, d, http.StatusOK, nil, nil)
}

// renderPublicDecision answers a published decision's page, with the opinion form f when one
// was refused and the receipt of an opinion just received.
func (s *Server) renderPublicDecision(c echo.Context, d *workflow.Decision, status int, f *views.Form, receipt *workflow.ImplementationOpinion) error {
	today := s.today()
	p := views.PublicDecision{Page: publicPage(d.Title), ID: d.ID, Title: d.Title, UnitName: d.UnitName,
		State: d.State, Publication: *d.Publication, ShowComment: !d.Flags.NotDisclosed,
		Late: lateOf(d, workflow.RecPublication, workflow.RecFeedback, workflow.RecEvaluation)}
	n := 1
	if c.Request().Method == http.MethodGet {
		var err error
		if n, err = publicCommentsPageNo(c); err != nil {
			return err
		}
	}
	p.Comments = noComments(fmt.Sprintf("/public/decisions/%d", d.ID))
	if p.ShowComment {
		if f := d.Feedback; f != nil && onOrBefore(f.PublishedOn, today) {
			p.Feedback = f
		}
		var err error
		if p.Comments, err = s.publicCommentGroups(c, d, p.Comments.Path, n); err != nil {
			return err
		}
	} else if n > 1 {
		return errNotFound
	}
	if e := d.Evaluation; e != nil && e.Conclusion != "" {
		p.Evaluation = &workflow.Evaluation{Conclusion: e.Conclusion, Reasons: e.Reasons, EvaluatedOn: e.EvaluatedOn}
	}
	if err := s.publicTracker(c, d, &p, f, receipt); err != nil {
		return err
	}
	if p.OpinionOpen {
		p.Page.CSRF = s.formToken(c)
	}
	if c.Request().Method == http.MethodGet {
		if p.OpinionOpen && n == 1 {
			privateCache(c) // the opinion form carries this browser's token
		} else {
			publicCache(c)
		}
	}
	return render(c, status, views.PublicDecisionView(p))
}

// rateLimiter allows n events per key in a sliding window, in memory.
type rateLimiter struct {
	mu     sync.Mutex
	n      int
	window time.Duration
	hits   map[string][]time.Time
}

func newRateLimiter(n int, window time.Duration) *rateLimiter {
	return &rateLimiter{n: n, window: window, hits: map[string][]time.Time{}}
}

// freeAt is when key may take an event again: when the oldest event in its window leaves it.
func (l *rateLimiter) freeAt(key string, now time.Time) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	cut := now.Add(-l.window)
	for _, t := range l.hits[key] {
		if t.After(cut) {
			return t.Add(l.window)
		}
	}
	return now
}

// take records an event for key at now, or reports false when key has used its allowance.
func (l *rateLimiter) take(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	cut := now.Add(-l.window)
	if len(l.hits) > 10000 { // forget idle addresses so the map cannot grow without bound
		for k, ts := range l.hits {
			if len(ts) == 0 || !ts[len(ts)-1].After(cut) {
				delete(l.hits, k)
			}
		}
	}
	var recent []time.Time
	for _, t := range l.hits[key] {
		if t.After(cut) {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.n {
		l.hits[key] = recent
		return false
	}
	l.hits[key] = append(recent, now)
	return true
}
