package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

func (s *Server) submissionAdd(c echo.Context) error {
	r := readForm(c, "submission")
	sub := workflow.ReviewSubmission{
		LegalBasis: r.text("legal_basis", "制定依据", true),
		Procedures: r.text("procedures", "履行决策程序情况", true),
	}
	if d := s.peek(c); d != nil {
		if d.CurrentRevision() == nil {
			r.f.Top = append(r.f.Top, "尚无决策草案，不能送请合法性审查。")
		}
		if cur := d.CurrentSubmission(); cur != nil {
			r.f.Top = append(r.f.Top, fmt.Sprintf("已于%s送审，审查人员尚未退回，不能重复送审。", views.Date(cur.SubmittedOn)))
		}
	}
	return s.record(c, workflow.RecSubmission, r.f, func(tx *store.Tx, a workflow.Actor, at time.Time, d *workflow.Decision) error {
		// The submission is of the current draft, on the day it is made, by who makes it.
		if rev := d.CurrentRevision(); rev != nil {
			sub.RevisionID = rev.ID
		}
		sub.SubmittedOn, sub.SubmittedBy = at, a.UserID
		_, err := tx.AddSubmission(c.Request().Context(), a, at, d, sub)
		return err
	})
}

func (s *Server) submissionReturn(c echo.Context) error {
	r := readForm(c, "return")
	reason := r.text("reason", "退回理由", true)
	if d := s.peek(c); d != nil && d.CurrentSubmission() == nil {
		r.f.Top = append(r.f.Top, "没有待审查的送审材料，无需退回。")
	}
	return s.record(c, workflow.RecReturn, r.f, func(tx *store.Tx, a workflow.Actor, at time.Time, d *workflow.Decision) error {
		return tx.ReturnSubmission(c.Request().Context(), a, at, d, reason)
	})
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

// reviewConclusions are the conclusions a reviewer may sign (条例第27条).
var reviewConclusions = []workflow.Conclusion{workflow.ConclusionLegal, workflow.ConclusionRevise, workflow.ConclusionIllegal}

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
		Conclusion: workflow.Conclusion(r.choice("conclusion", "审查结论", true, strs(reviewConclusions))),
		Authority:  r.text("authority", "对决策权限的审查意见", false),
		Procedure:  r.text("procedure", "对决策程序的审查意见", false),
		Substance:  r.text("substance", "对决策内容的审查意见", false),
		Advisers:   r.text("advisers", "所听取的法律顾问、公职律师意见", false),
		LegalRisk:  r.text("legal_risk", "法律风险提示", false),
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
	in := workflow.Input{PasswordConfirmed: pwMsg == ""}
	refuse := func(status int, f *views.Form, _ []workflow.Problem) error {
		if pwMsg != "" {
			f.Errors["password"] = pwMsg + "。审查意见须经本人输入密码确认签署"
		}
		if status == http.StatusConflict {
			return s.reviewConflict(c, u, d.ID, f)
		}
		return s.renderReviewSign(c, u, d, status, f)
	}
	prepare := func(cur *workflow.Decision) {
		// The gates read the review being signed as the latest one.
		rv.ReviewerID, rv.ReviewerName, rv.SignedAt = u.ID, u.DisplayName, s.now()
		if sub := cur.CurrentSubmission(); sub != nil {
			rv.SubmissionID = sub.ID
		}
		if rev := cur.CurrentRevision(); rev != nil {
			rv.RevisionID = rev.ID
		}
		cur.Reviews = append(cur.Reviews, rv)
	}
	write := func(tx *store.Tx, a workflow.Actor, at time.Time, cur *workflow.Decision) error {
		_, err := tx.AddReview(c.Request().Context(), a, at, cur, rv)
		return err
	}
	return s.fireWith(c, workflow.ReviewEvent(rv.Conclusion), r.f, in, prepare, write, refuse)
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
	msg := "在您填写期间，该决策事项已被修改。"
	if n := len(events); n > 0 {
		e := events[n-1]
		msg = fmt.Sprintf("在您填写期间，%s（%s）于 %s 修改了该决策事项：%s。", e.UserName, e.Role.Label(), views.DateTime(e.At), e.Summary)
	}
	f.Top = append(f.Top, msg+"您填写的审查意见保留在下方，未签署；请核对送审材料和草案后重新输入密码签署。")
	return s.renderReviewSign(c, u, d, http.StatusConflict, f)
}
