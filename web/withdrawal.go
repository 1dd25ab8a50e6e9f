package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// withdrawalForm is the page on which the undertaking unit asks to withdraw a decision: it says
// what will happen and asks for the reason and a confirmation (the request itself changes nothing
// but is recorded; the government office decides for the deciding organ).
func (s *Server) withdrawalForm(c echo.Context) error {
	u, d, err := s.withdrawalDecision(c)
	if err != nil {
		return err
	}
	return s.renderWithdrawal(c, u, d, http.StatusOK, views.NewForm(string(workflow.RecWithdrawal), nil))
}

// withdrawalDecision is the decision whose withdrawal the clerk may ask for now.
func (s *Server) withdrawalDecision(c echo.Context) (*store.User, *workflow.Decision, error) {
	u, err := requireUser(c)
	if err != nil {
		return nil, nil, err
	}
	d, err := s.visibleDecision(c, u)
	if err != nil {
		return nil, nil, err
	}
	if !mayChange(u, d) || !roleRecords(u.Role, workflow.RecWithdrawal) {
		return nil, nil, errForbidden
	}
	return u, d, nil
}

func (s *Server) renderWithdrawal(c echo.Context, u *store.User, d *workflow.Decision, status int, f *views.Form) error {
	p := views.WithdrawalPage{Page: page(c, "申请撤回 · "+d.Title, "decisions"), D: d, Form: f,
		Allowed: workflow.MayRecord(u.Role, workflow.RecWithdrawal, d.State), Pending: d.PendingWithdrawal()}
	if f.HasErrors() {
		p.Page.Title = "错误：" + p.Page.Title
	}
	return render(c, status, views.WithdrawalView(p))
}

// withdrawalRequest records the request. Refused, the confirmation page comes back with the
// reason typed.
func (s *Server) withdrawalRequest(c echo.Context) error {
	u, d, err := s.withdrawalDecision(c)
	if err != nil {
		return err
	}
	r := readForm(c, string(workflow.RecWithdrawal))
	cmd := &workflow.RequestWithdrawal{Reason: r.value("reason")}
	refuse := func(status int, f *views.Form, _ []workflow.Problem) error {
		cur, err := s.db.Decision(c.Request().Context(), d.ID)
		if err != nil {
			return err
		}
		if status == http.StatusConflict {
			f.Top = append(f.Top, "在您填写期间，该决策事项已被修改，未提交申请；请核对后重新确认。")
			f.Values.Set("version", itoa(cur.Version))
		}
		return s.renderWithdrawal(c, u, cur, status, f)
	}
	return s.apply(c, cmd, r.f, refuse)
}

// withdrawalDecline is the government office's refusal of the pending request.
func (s *Server) withdrawalDecline(c echo.Context) error {
	r := readForm(c, workflow.FormDeclineWithdrawal)
	return s.apply(c, &workflow.DeclineWithdrawal{Reason: r.value("reason")}, r.f, nil)
}
