package web

import (
	"cmp"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"juece/views"
	"juece/workflow"
)

// deadline is the decision's current due date as the pages show it, or nil when it has none.
func deadline(d *workflow.Decision, env workflow.Env) *views.Deadline {
	due, ok := workflow.Due(d, env)
	if !ok {
		return nil
	}
	p := d.Procedure()
	dl := deadlineIn(p, d.State, due, env)
	if limit, ok := workflow.Limit(d, env); ok && d.State == workflow.LegalityReview {
		dl.Limit = stageLimitOf(p, limit, env)
	}
	return dl
}

// stageLimitOf is the stage's limit shown after the minimum of legality review.
func stageLimitOf(p *workflow.Procedure, limit time.Time, env workflow.Env) *views.Deadline {
	if limit.IsZero() {
		return nil
	}
	dl := deadlineOf("", limit, env)
	dl.Label, dl.Minimum = p.LimitLabel(), false
	return dl
}

// deadlineIn is a stage's due date named as procedure p names it.
func deadlineIn(p *workflow.Procedure, st workflow.State, due time.Time, env workflow.Env) *views.Deadline {
	dl := deadlineOf(st, due, env)
	if dl != nil {
		dl.Label = p.DueLabel(st)
	}
	return dl
}

// deadlineOf is a stage's due date as the pages show it; nil for the zero date.
func deadlineOf(st workflow.State, due time.Time, env workflow.Env) *views.Deadline {
	if due.IsZero() {
		return nil
	}
	dl := &views.Deadline{Label: workflow.DueLabel(st), On: due, Minimum: st == workflow.LegalityReview,
		WorkdaysLeft: workflow.Remaining(due, env)}
	if n := workflow.DaysInclusive(due, env.Now) - 1; n > 0 {
		dl.OverdueDays = n
	}
	return dl
}

// overdue lists every overdue stage grouped by unit, for the secretary, the auditors and the admin.
func (s *Server) overdue(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	if u.Role != workflow.RoleSecretary && u.Role != workflow.RoleAuditor && u.Role != workflow.RoleAdmin {
		return errForbidden
	}
	env := s.env()
	rows, err := s.db.Overdue(c.Request().Context(), env.Now)
	if err != nil {
		return err
	}
	p := views.OverduePage{Page: page(c, "逾期事项", "overdue")}
	groups := map[string]int{}
	for _, r := range rows {
		since, days, ok := workflow.OverdueSince(r.LimitOn, env)
		if !ok {
			continue
		}
		proc := workflow.ProcedureOf(r.Kind)
		label := proc.DueLabel(r.State)
		if r.State == workflow.LegalityReview {
			label = proc.LimitLabel()
		}
		it := views.OverdueItem{ID: r.ID, Title: r.Title, State: proc.StateLabel(r.State), StateCSS: "state-" + string(r.State),
			Normative: r.Kind == workflow.KindNormative, Since: since, Days: days, Deadline: label + " " + views.Date(since)}
		i, ok := groups[r.UnitName]
		if !ok {
			i = len(p.Groups)
			groups[r.UnitName] = i
			p.Groups = append(p.Groups, views.OverdueGroup{Unit: r.UnitName})
		}
		p.Groups[i].Items = append(p.Groups[i].Items, it)
		p.Total++
	}
	for _, g := range p.Groups {
		slices.SortStableFunc(g.Items, func(a, b views.OverdueItem) int { return cmp.Compare(b.Days, a.Days) })
	}
	slices.SortStableFunc(p.Groups, func(a, b views.OverdueGroup) int { return cmp.Compare(a.Unit, b.Unit) })
	return render(c, http.StatusOK, views.Overdue(p))
}
