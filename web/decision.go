package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// pathID parses an id from the path strictly: digits only, no sign, no leading zero, no spaces.
// Anything else is answered like a missing decision.
func pathID(c echo.Context, name string) (int64, error) {
	raw := c.Param(name)
	if raw == "" || raw[0] == '0' || len(raw) > 18 || strings.TrimLeft(raw, "0123456789") != "" {
		return 0, errNotFound
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return 0, errNotFound
	}
	return id, nil
}

// mayView says whether a user may see a decision: clerks only their own unit's; admins none
// (they run accounts, not decisions); reviewers, the secretary and auditors all.
func mayView(u *store.User, d *workflow.Decision) bool {
	switch u.Role {
	case workflow.RoleClerk:
		return d.UnitID == u.UnitID || consulted(u, d)
	case workflow.RoleAdmin:
		return false
	}
	return true
}

// mayChange says whether a user may write to a decision at all (the stage rules come after).
func mayChange(u *store.User, d *workflow.Decision) bool {
	switch u.Role {
	case workflow.RoleClerk:
		return d.UnitID == u.UnitID
	case workflow.RoleReviewer, workflow.RoleSecretary:
		return true
	}
	return false
}

// visibleDecision loads the decision named in the path if the user may see it.
func (s *Server) visibleDecision(c echo.Context, u *store.User) (*workflow.Decision, error) {
	return s.pathDecision(c, func(d *workflow.Decision) bool { return mayView(u, d) })
}

// pathDecision loads the decision named in the path if shown says it may be shown; a decision
// that may not be shown answers exactly like one that does not exist.
func (s *Server) pathDecision(c echo.Context, shown func(d *workflow.Decision) bool) (*workflow.Decision, error) {
	return s.pathDecisionParts(c, shown, store.AllParts)
}

// pathDecisionParts is pathDecision loading only the records of parts.
func (s *Server) pathDecisionParts(c echo.Context, shown func(d *workflow.Decision) bool, parts store.Parts) (*workflow.Decision, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return nil, err
	}
	d, err := s.db.DecisionParts(c.Request().Context(), id, parts)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	if !shown(d) {
		// Logged like a 403: a hidden decision answers 404, but the attempt is a denial.
		s.log.Warn("denied", "method", c.Request().Method, "path", c.Request().URL.Path, "user", userName(c),
			"reason", "decision not visible")
		return nil, errNotFound
	}
	return d, nil
}

func (s *Server) decisionShow(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	if !hasFlash(c) {
		return s.decisionFromKept(c, u)
	}
	d, err := s.visibleDecision(c, u)
	if err != nil {
		return err
	}
	return s.renderDecision(c, u, d, http.StatusOK, nil, nil, "")
}

// renderDecision draws the decision page. failed is the form that was refused, shown with what
// was typed; problems are the unmet gates of a refused event.
func (s *Server) renderDecision(c echo.Context, u *store.User, d *workflow.Decision, status int,
	failed *views.Form, problems []workflow.Problem, conflict string) error {
	return s.renderDecisionPage(c, u, d, status, failed, problems, conflict, "")
}

// renderDecisionRefused draws the decision page after an action was refused for a reason no
// form on the page can show (422), with the reason at the top.
func (s *Server) renderDecisionRefused(c echo.Context, u *store.User, d *workflow.Decision, f *views.Form, reason string) error {
	return s.renderDecisionPage(c, u, d, http.StatusUnprocessableEntity, f, nil, "", reason)
}

func (s *Server) renderDecisionPage(c echo.Context, u *store.User, d *workflow.Decision, status int,
	failed *views.Form, problems []workflow.Problem, conflict, refused string) error {
	p, err := s.decisionPage(c, u, d, failed, problems, conflict, refused)
	if err != nil {
		return err
	}
	p.Flash = takeFlash(c)
	if d.Kind == workflow.KindNormative {
		return s.renderNormative(c, u, d, status, p)
	}
	return render(c, status, views.DecisionView(p))
}

// decisionPage is what the decision page shows user u, without the flash.
func (s *Server) decisionPage(c echo.Context, u *store.User, d *workflow.Decision,
	failed *views.Form, problems []workflow.Problem, conflict, refused string) (views.DecisionPage, error) {
	env := s.env()
	p := views.DecisionPage{
		Page:      page(c, d.Title, "decisions"),
		D:         d,
		Checklist: workflow.Checklist(d, env),
		Problems:  problems,
		Conflict:  conflict,
		Refused:   refused,
		Can:       map[workflow.Record]bool{},
		Forms:     defaultForms(d, env.Now),
		Now:       env.Now,
		Due:       deadline(d, env),
		Tasks:     workflow.Tasks(d, env),
		Role:      u.Role,
	}
	if d.State == workflow.Withdrawn {
		at, err := s.withdrawnAt(c, d.ID)
		if err != nil {
			return p, err
		}
		p.EndedAt = at
	}
	if mayChange(u, d) {
		for _, rec := range d.Procedure().RecordsOf(u.Role, d.State) {
			p.Can[rec] = true
		}
		for _, ev := range workflow.Available(d, u.Role) {
			a := eventAction(ev)
			if w := d.PendingWithdrawal(); ev == workflow.Withdraw && w != nil {
				a.Form.Values.Set("reason", "同意承办单位的撤回申请："+w.Reason)
				p.Forms[a.Form.Key] = a.Form
			}
			p.Events = append(p.Events, a)
		}
		p.VoidChoices = workflow.VoidChoices(d, u.Role)
		if p.Can[workflow.RecRisk] || p.Can[workflow.RecEvaluation] {
			bodies, err := s.db.Bodies(c.Request().Context())
			if err != nil {
				return p, err
			}
			p.Bodies = bodyOptions(bodies)
		}
		p.MayRequestWithdrawal = d.Procedure().MayRecord(u.Role, workflow.RecWithdrawal, d.State) && d.PendingWithdrawal() == nil
		p.MayDecideWithdrawal = u.Role == workflow.RoleSecretary && d.PendingWithdrawal() != nil
	}
	p.MaySignReview = u.Role == workflow.RoleReviewer && d.State == workflow.LegalityReview && !d.Drafters()[u.ID]
	if failed != nil {
		p.Forms[failed.Key] = failed
		p.Failed = failed.Key
		if failed.HasErrors() {
			p.Page.Title = "错误：" + p.Page.Title
		}
	}
	if refused != "" && !strings.HasPrefix(p.Page.Title, "错误：") {
		p.Page.Title = "错误：" + p.Page.Title
	}
	names, err := s.userNames(c)
	if err != nil {
		return p, err
	}
	p.Users = names
	if p.Attachments, err = s.attachmentItems(c, u, d); err != nil {
		return p, err
	}
	if err := s.catalogSection(c, u, d, &p); err != nil {
		return p, err
	}
	if err := s.moreSections(c, u, d, &p); err != nil {
		return p, err
	}
	if u.Role == workflow.RoleAuditor {
		if err := s.auditorView(c, &p, failed); err != nil {
			return p, err
		}
	}
	return p, nil
}

// decisionTop is where a save lands: the top of the decision page with its banner. The fragment
// is explicit, or the browser would keep the anchor of the form that was sent.
func decisionTop(id int64) string { return fmt.Sprintf("/decisions/%d#main", id) }

// withdrawnAt is the stage a withdrawn decision stopped at, from its history.
func (s *Server) withdrawnAt(c echo.Context, id int64) (workflow.State, error) {
	events, err := s.db.History(c.Request().Context(), id)
	if err != nil {
		return "", err
	}
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].ToState == workflow.Withdrawn {
			return events[i].FromState, nil
		}
	}
	return "", nil
}

func (s *Server) userNames(c echo.Context) (map[int64]string, error) {
	users, err := s.db.Users(c.Request().Context())
	if err != nil {
		return nil, err
	}
	m := make(map[int64]string, len(users))
	for _, x := range users {
		m[x.ID] = x.DisplayName
	}
	return m, nil
}

// eventAction describes the form that fires an event from the decision page.
func eventAction(ev workflow.Event) views.EventAction {
	a := views.EventAction{Event: ev, Label: ev.Label(), Form: views.NewForm("ev-"+string(ev), nil)}
	switch ev {
	case workflow.Decline, workflow.Withdraw, workflow.SkipHearing, workflow.SkipRisk,
		workflow.Suspend, workflow.Resume, workflow.Resubmit, workflow.Evaluate:
		a.ReasonLabel = map[workflow.Event]string{
			workflow.Decline:     "不予启动的理由",
			workflow.Withdraw:    "撤回理由",
			workflow.SkipHearing: "不举行听证的理由",
			workflow.SkipRisk:    "无需风险评估的理由",
			workflow.Suspend:     "暂停执行的理由（紧急情况说明）",
			workflow.Resume:      "恢复执行的理由",
			workflow.Resubmit:    "再次提请讨论的理由",
			workflow.Evaluate:    "启动评估的原因（条例第36条）",
		}[ev]
	}
	if ev == workflow.NormSkipPublic {
		a.ReasonLabel = "不公开征求意见的理由"
	}
	a.Danger = ev == workflow.Withdraw || ev == workflow.Decline || ev == workflow.Suspend
	// These events carry their own records and are fired from their stage's forms.
	a.Inline = ev == workflow.Start || ev == workflow.ReviewPass || ev == workflow.ReviewRevise ||
		ev == workflow.ReviewFail || ev == workflow.Approve || ev == workflow.Reject ||
		ev == workflow.Reconsider || ev == workflow.Defer
	return a
}

// formVersion is the decision version a form was built on.
func formVersion(c echo.Context) int64 {
	v, _ := strconv.ParseInt(c.FormValue("version"), 10, 64)
	return v
}

// apply handles every form that changes a decision: who may use it (403) and in which stage
// (422), the form's own errors, then the command through store.Apply — one transaction that
// loads the decision, checks the version and asks workflow — and POST/redirect/GET. A refused
// form is shown again by onRefuse (nil: on the decision page) with what was typed and the
// problems next to their fields.
func (s *Server) apply(c echo.Context, cmd workflow.Command, f *views.Form, onRefuse refuseFunc) error {
	return s.applyWith(c, cmd, f, applyOpts{onRefuse: onRefuse})
}

// applyOpts is what a page other than the decision page asks of apply.
type applyOpts struct {
	onRefuse refuseFunc
	onSaved  func() error // the answer to a save; nil: back to the decision page
	// current: the command checks for itself what changed since the form was built (a bulk
	// disposition takes only comments still pending), so it applies to the decision as it
	// is, whatever version the form carries.
	current bool
}

func (s *Server) applyWith(c echo.Context, cmd workflow.Command, f *views.Form, o applyOpts) error {
	onRefuse := o.onRefuse
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	// The row alone: enough to answer who may see and change it; the transaction loads the rest.
	d, err := s.pathDecisionParts(c, func(d *workflow.Decision) bool { return mayView(u, d) }, 0)
	if err != nil {
		return err
	}
	rec, ev := cmd.Writes(), cmd.Fires()
	proc := d.Procedure()
	if !(mayChange(u, d) || rec == workflow.RecDeptReply && consulted(u, d)) || (rec != "" && rec != workflow.RecStart && !roleRecords(u.Role, rec)) {
		return errForbidden
	}
	if t, ok := proc.TransitionOf(ev); ev != "" && (!ok || !hasRole(t.Roles, u.Role)) {
		return errForbidden
	}
	if rec != "" && rec != workflow.RecStart && !proc.MayRecord(u.Role, rec, d.State) {
		return echo.NewHTTPError(http.StatusUnprocessableEntity,
			fmt.Sprintf("%s当前处于“%s”阶段，不能办理此项登记。", kindNoun(d), proc.StateLabel(d.State)))
	}
	refuse := func(status int, f *views.Form, problems []workflow.Problem) error {
		if onRefuse != nil {
			return onRefuse(status, f, problems)
		}
		full, err := s.db.Decision(c.Request().Context(), d.ID)
		if err != nil {
			return err
		}
		return s.renderDecision(c, u, full, status, f, problems, "")
	}
	if f.HasErrors() {
		f.Top = append(f.Top, "提交的内容有误，请按提示修改。未保存任何内容。")
		return refuse(http.StatusUnprocessableEntity, f, nil)
	}
	version := formVersion(c)
	if o.current {
		version = d.Version
	}
	_, err = s.db.Apply(c.Request().Context(), d.ID, version, u.Actor(), s.now(), cmd)
	var gate *workflow.GateError
	var notAllowed *workflow.NotAllowedError
	switch {
	case err == nil:
		if o.onSaved != nil {
			return o.onSaved()
		}
		if ev == "" && rec != "" {
			setFlash(c, "已保存："+rec.Label()+"。")
			return redirect(c, decisionTop(d.ID))
		}
		switch cmd.(type) {
		case *workflow.VoidRecord:
			setFlash(c, "已作废该记录；记录仍保留并显示，作废理由已记入办理记录。")
		case *workflow.DeclineWithdrawal:
			setFlash(c, "已记录：不同意撤回，本事项继续办理。")
		default:
			if ev != "" {
				setFlash(c, "已办理“"+ev.Label()+"”。")
			} else {
				setFlash(c, "已保存。")
			}
		}
		return redirect(c, decisionTop(d.ID))
	case errors.Is(err, store.ErrConflict):
		if onRefuse != nil {
			return onRefuse(http.StatusConflict, f, nil)
		}
		return s.conflict(c, u, d.ID, version, f)
	case errors.As(err, &gate):
		what := "保存"
		if gate.Event != "" {
			what = "办理“" + gate.Event.Label() + "”"
		}
		f.Top = append(f.Top, fmt.Sprintf("不能%s，尚有 %d 项条件未满足，未作任何更改：", what, len(gate.Problems)))
		for _, p := range gate.Problems {
			// Next to its field: a field of the form, or of the record the form writes.
			_, onForm := f.Values[p.Field]
			if onForm || p.Field == "reason" || p.Field == "password" || (gate.Record != "" && p.Field != string(gate.Record)) {
				f.Errors[p.Field] = joinMsg(f.Errors[p.Field], p.Message+"（"+p.Basis+"）")
			} else {
				f.Top = append(f.Top, p.Message+"（"+p.Basis+"）")
			}
		}
		return refuse(http.StatusUnprocessableEntity, f, gate.Problems)
	case errors.As(err, &notAllowed):
		f.Top = append(f.Top, notAllowed.Error())
		if onRefuse != nil {
			return onRefuse(http.StatusUnprocessableEntity, f, nil)
		}
		// The form that asked may not be on the page any more (an event the stage no longer
		// offers): the reason stands at the top of the page.
		full, err := s.db.Decision(c.Request().Context(), d.ID)
		if err != nil {
			return err
		}
		return s.renderDecisionRefused(c, u, full, f, notAllowed.Error())
	}
	return err
}

// roleRecords says whether the role records this kind of record in some stage.
func roleRecords(role workflow.Role, rec workflow.Record) bool {
	for _, k := range workflow.Kinds {
		p := workflow.ProcedureOf(k)
		for _, st := range p.States {
			if p.MayRecord(role, rec, st) {
				return true
			}
		}
	}
	return false
}

// conflict re-renders the page after a stale write: it names who changed the decision since the
// form was built and keeps what was typed, now on the current version.
func (s *Server) conflict(c echo.Context, u *store.User, id, version int64, f *views.Form) error {
	d, err := s.db.Decision(c.Request().Context(), id)
	if err != nil {
		return err
	}
	events, err := s.db.History(c.Request().Context(), id)
	if err != nil {
		return err
	}
	msg := changedMeanwhile(u, events)
	msg += "您填写的内容保留在下方，未保存任何内容；请核对当前情况后重新提交。"
	if f != nil {
		f.Values.Set("version", strconv.FormatInt(d.Version, 10))
		f.Top = append(f.Top, msg)
	}
	return s.renderDecision(c, u, d, http.StatusConflict, f, nil, msg)
}

// refuseFunc shows a refused form again on the page it came from: with the status, what was
// typed and the messages next to the fields, and the unmet gates (nil when the form itself was
// wrong). On a version conflict the status is 409 and f.Top is empty: the page reloads the
// decision and says who changed it.
type refuseFunc func(status int, f *views.Form, problems []workflow.Problem) error

func hasRole(roles []workflow.Role, r workflow.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

func joinMsg(a, b string) string {
	if a == "" {
		return b
	}
	return a + "；" + b
}

// transition fires the events that need nothing but an optional reason.
func (s *Server) transition(c echo.Context) error {
	ev := workflow.Event(c.Param("event"))
	a := eventAction(ev)
	if _, ok := workflow.TransitionOf(ev); !ok && !normativeEvent(ev) || a.Inline {
		return errNotFound
	}
	f := a.Form
	reason := strings.TrimSpace(c.FormValue("reason"))
	f.Values.Set("reason", reason)
	if len([]rune(reason)) > 2000 {
		f.Errors["reason"] = "理由不超过 2000 字"
	}
	cmd := &workflow.FireEvent{Event: ev, Reason: reason}
	if what, ok := eventConfirmation(ev); ok {
		var typed []views.Typed
		if a.ReasonLabel != "" {
			typed = append(typed, views.Typed{Label: a.ReasonLabel, Value: reason})
		}
		if done, err := s.confirmFirst(c, cmd, f, what, typed); done {
			return err
		}
	}
	return s.apply(c, cmd, f, nil)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
