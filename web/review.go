package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

func (s *Server) submissionAdd(c echo.Context) error {
	r := readForm(c, "submission")
	sub := workflow.ReviewSubmission{
		LegalBasis: r.value("legal_basis"),
		Procedures: r.value("procedures"),
		More:       r.more(),
	}
	return s.apply(c, &workflow.AddSubmission{Submission: sub}, r.f, nil)
}

func (s *Server) submissionReturn(c echo.Context) error {
	r := readForm(c, "return")
	reason := r.value("reason")
	return s.apply(c, &workflow.ReturnSubmission{Reason: reason}, r.f, nil)
}

// reviewDecision loads the decision whose legality review the user is about to sign: only a
// reviewer of the legal office may (403 otherwise), and only in the legality review stage
// (422), as the record rules answer.
func (s *Server) reviewDecision(c echo.Context) (*store.User, *workflow.Decision, error) {
	u, err := requireUser(c)
	if err != nil {
		return nil, nil, err
	}
	d, err := s.visibleDecision(c, u)
	if err != nil {
		return nil, nil, err
	}
	if u.Role != workflow.RoleReviewer || !mayChange(u, d) {
		return nil, nil, errForbidden
	}
	if d.State != workflow.LegalityReview {
		return nil, nil, echo.NewHTTPError(http.StatusUnprocessableEntity,
			fmt.Sprintf("该决策事项当前处于“%s”阶段，不能签署合法性审查意见。", d.State.Label()))
	}
	return u, d, nil
}

func (s *Server) renderReviewSign(c echo.Context, u *store.User, d *workflow.Decision, status int, f *views.Form) error {
	names, err := s.userNames(c)
	if err != nil {
		return err
	}
	p := views.ReviewSignPage{
		Page:    page(c, "签署合法性审查意见 · "+d.Title, "decisions"),
		D:       d,
		Form:    f,
		Drafter: d.Drafters()[u.ID],
		Users:   names,
	}
	return render(c, status, views.ReviewSignView(p))
}

func (s *Server) reviewForm(c echo.Context) error {
	u, d, err := s.reviewDecision(c)
	if err != nil {
		return err
	}
	return s.renderReviewSign(c, u, d, http.StatusOK, views.NewForm("review", nil))
}

// reviewSign signs the legality review and fires the event of its conclusion. The reviewer
// confirms with their password, which is checked and never kept: a refused form comes back
// with everything typed but the password.
func (s *Server) reviewSign(c echo.Context) error {
	u, d, err := s.reviewDecision(c)
	if err != nil {
		return err
	}
	r := readForm(c, "review")
	rv := workflow.Review{
		Conclusion: workflow.Conclusion(r.value("conclusion")),
		Authority:  r.value("authority"),
		Procedure:  r.value("procedure"),
		Substance:  r.value("substance"),
		Advisers:   r.value("advisers"),
		LegalRisk:  r.value("legal_risk"),
		More:       r.more(),
	}
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。未签署。")
		return s.renderReviewSign(c, u, d, http.StatusUnprocessableEntity, r.f)
	}
	// The password confirms the signature (confirmPassword: limited per session, never by
	// failed logins elsewhere); its field says what was wrong with it.
	pwMsg, err := s.confirmPassword(c, u, c.FormValue("password"))
	if err != nil {
		return err
	}
	refuse := func(status int, f *views.Form, _ []workflow.Problem) error {
		if pwMsg != "" {
			f.Errors["password"] = pwMsg + "。审查意见须经本人输入密码确认签署"
		}
		if status == http.StatusConflict {
			return s.reviewConflict(c, u, d.ID, f)
		}
		return s.renderReviewSign(c, u, d, status, f)
	}
	return s.apply(c, &workflow.SignReview{Review: rv, PasswordConfirmed: pwMsg == ""}, r.f, refuse)
}

// reviewConflict shows the sign-off again after the decision changed while the reviewer was
// writing: on the current version, saying who changed it, with what was typed.
func (s *Server) reviewConflict(c echo.Context, u *store.User, id int64, f *views.Form) error {
	ctx := c.Request().Context()
	d, err := s.db.Decision(ctx, id)
	if err != nil {
		return err
	}
	events, err := s.db.History(ctx, id)
	if err != nil {
		return err
	}
	msg := changedMeanwhile(u, events)
	f.Top = append(f.Top, msg+"您填写的审查意见保留在下方，未签署；请核对送审材料和草案后重新输入密码签署。")
	return s.renderReviewSign(c, u, d, http.StatusConflict, f)
}
