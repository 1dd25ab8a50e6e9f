package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// readProposal parses the proposal fields shared by creating and editing a decision.
func readProposal(r *formReader) (string, workflow.Category, workflow.Proposal) {
	title := r.value("title")
	cat := workflow.Category(r.value("category"))
	p := workflow.Proposal{
		Kind:              workflow.ProposerKind(r.value("proposer_kind")),
		Proposer:          r.value("proposer"),
		Problem:           r.value("problem"),
		Reasons:           r.value("reasons"),
		LegalBasis:        r.value("legal_basis"),
		Solution:          r.value("solution"),
		Necessity:         r.value("necessity"),
		DecisionOrgan:     r.value("decision_organ"),
		ResponsibleLeader: r.value("responsible_leader"),
		CoUnits:           r.value("co_units"),
		More:              r.more(),
	}
	return title, cat, p
}

func (s *Server) decisionNew(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	if u.Role != workflow.RoleClerk {
		return errForbidden
	}
	f := views.NewForm("proposal", map[string]string{"decision_organ": "市人民政府"})
	return render(c, http.StatusOK, views.DecisionNew(page(c, "登记决策建议", "new"), f))
}

func (s *Server) decisionCreate(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	if u.Role != workflow.RoleClerk {
		return errForbidden
	}
	r := readForm(c, "proposal")
	title, cat, p := readProposal(r)
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。未保存任何内容。")
		return render(c, http.StatusUnprocessableEntity, views.DecisionNew(page(c, "登记决策建议", "new"), r.f))
	}
	var id int64
	err = s.db.InTx(c.Request().Context(), func(tx *store.Tx) error {
		var err error
		id, err = tx.CreateDecision(c.Request().Context(), u.Actor(), s.now(),
			store.NewDecision{Title: title, Category: cat, UnitID: u.UnitID, Proposal: p})
		return err
	})
	if err != nil {
		return err
	}
	return redirect(c, "/decisions/"+itoa(id))
}

func (s *Server) proposalSave(c echo.Context) error {
	r := readForm(c, "proposal")
	title, cat, p := readProposal(r)
	return s.apply(c, &workflow.EditProposal{Title: title, Category: cat, Proposal: p}, r.f, nil)
}

// decisionStart records the decision organ's decision to start and fires the start event.
func (s *Server) decisionStart(c echo.Context) error {
	r := readForm(c, "start")
	u := currentUser(c)
	rec := workflow.StartRecord{
		DecidedOn: r.day("decided_on"),
		Basis:     r.value("basis"),
		More:      r.more(),
	}
	if u != nil {
		rec.By = u.DisplayName
	}
	return s.apply(c, &workflow.StartDecision{Entry: r.entry(), Start: rec}, r.f, nil)
}
