package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// Confirmation before what cannot be undone (issue 16 item 3): 不予启动, 不予通过, the
// publication of a decision, its closing. The form goes first to a page saying what will
// happen and showing what was typed, with 确认 and 返回修改; the confirmed form is sent
// again as it was, and applied as any other. A form that would be refused anyway (its own
// errors, a stale version, an unmet gate, a user who may not) gets no confirmation page: the
// refusal answers at once.

// confirmation is what the page says of one action.
type confirmation struct {
	action  string   // e.g. 不予启动
	happens []string // what will happen
}

// eventConfirmation is the confirmation of the events fired from the decision page that end a
// decision's course; false for the others.
func eventConfirmation(ev workflow.Event) (confirmation, bool) {
	t, _ := workflow.TransitionOf(ev)
	switch ev {
	case workflow.Decline:
		return confirmation{"不予启动", []string{
			fmt.Sprintf("本事项终止于“%s”阶段，状态变为“%s”，不能恢复；需要时须重新提出决策建议。", workflow.Proposed.Label(), t.To.Label()),
			"理由记入办理记录，承办单位在事项页面可以看到。",
		}}, true
	case workflow.Close:
		return confirmation{"办结", []string{
			fmt.Sprintf("决策后评估完成，本事项状态变为“%s”，办理程序结束，不再进入其他阶段。", t.To.Label()),
			"此后发现记录有误的，只能通过更正留痕。",
		}}, true
	}
	return confirmation{}, false
}

// headRejectConfirmation is the confirmation of the head's decision 不予通过.
func headRejectConfirmation() confirmation {
	t, _ := workflow.TransitionOf(workflow.Reject)
	return confirmation{"不予通过", []string{
		fmt.Sprintf("行政首长的决定记入最近一次集体讨论会议的记录，本事项状态变为“%s”，办理程序终止，不能恢复。", t.To.Label()),
		"需要重新决策的，须重新提出决策建议。",
	}}
}

// publicationConfirmation is the confirmation of a publication with its date.
func publicationConfirmation() confirmation {
	return confirmation{"公布", []string{
		"公布情况记入办理记录；公布日期已到的，决定的文号、全文和解读即在公众参与平台向社会公开（条例第32条）。",
		"公开后公众可以查阅并对决策实施提出意见。",
		"公布后发现记录有误的，只能通过更正留痕。",
	}}
}

// confirmFirst answers the confirmation page of cmd, sent with form f, unless the form was
// confirmed (confirm=yes) or would be refused anyway; with confirm=back, the decision page with
// the form as typed. It says whether it answered; if not, the caller applies the command.
func (s *Server) confirmFirst(c echo.Context, cmd workflow.Command, f *views.Form, what confirmation, typed []views.Typed) (bool, error) {
	choice := c.FormValue("confirm")
	if choice == "yes" || f.HasErrors() {
		return false, nil
	}
	u, err := requireUser(c)
	if err != nil {
		return false, nil
	}
	d, err := s.pathDecisionParts(c, func(d *workflow.Decision) bool { return mayView(u, d) }, store.AllParts)
	if err != nil || !mayChange(u, d) || d.Version != formVersion(c) {
		return false, nil
	}
	if choice == "back" {
		return true, s.renderDecision(c, u, d, http.StatusOK, f, nil, "")
	}
	env, err := s.db.Rules(c.Request().Context())
	if err != nil {
		return true, err
	}
	env.Now = s.now()
	// A trial on this snapshot, thrown away: the transaction decides again on confirmation.
	if _, err := workflow.Decide(d, cmd, u.Actor(), env); err != nil {
		return false, nil
	}
	values := c.Request().PostForm
	carried := map[string][]string{}
	for k, v := range values {
		if k != "_csrf" && k != "confirm" {
			carried[k] = v
		}
	}
	p := views.ConfirmPage{Page: page(c, "确认"+what.action+" · "+d.Title, "decisions"), DecisionID: d.ID, Title: d.Title,
		Action: what.action, Happens: what.happens, Typed: typed, URL: c.Request().URL.Path, Values: carried}
	c.Response().Header().Set("Cache-Control", "no-store")
	return true, render(c, http.StatusOK, views.ConfirmView(p))
}
