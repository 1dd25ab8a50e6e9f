package web

import (
	"cmp"
	"net/http"
	"slices"

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
	dl := &views.Deadline{Label: workflow.DueLabel(d.State), On: due, Minimum: d.State == workflow.LegalityReview,
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
	var states []workflow.State
	for _, st := range workflow.States {
		if !st.Final() {
			states = append(states, st)
		}
	}
	ctx := c.Request().Context()
	rows, err := s.db.Worklist(ctx, states, 0)
	if err != nil {
		return err
	}
	env := s.env()
	p := views.OverduePage{Page: page(c, "逾期事项", "overdue")}
	groups := map[string]int{}
	for _, r := range rows {
		d, err := s.db.Decision(ctx, r.ID)
		if err != nil {
			return err
		}
		since, days, ok := workflow.Overdue(d, env)
		if !ok {
			continue
		}
		label := workflow.DueLabel(d.State)
		if d.State == workflow.LegalityReview {
			label = "本阶段期限"
		}
		it := views.OverdueItem{ID: d.ID, Title: d.Title, State: d.State.Label(), StateCSS: "state-" + string(d.State),
			Since: since, Days: days, Deadline: label + " " + views.Date(since)}
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
