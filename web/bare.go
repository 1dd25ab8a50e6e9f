package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
)

// barePage is the benchmark's ceiling (cmd/bench): the cheapest page this stack can serve from
// this database, one decision row and its five latest events through templ, with no session
// and no rule of juece. Every page's rate is reported as a share of it. It shows any decision
// to anyone, so it is routed only when the server runs with --bench-ceiling.
func (s *Server) barePage(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	p, err := s.db.BarePage(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	v := views.BarePage{Title: p.Title, State: p.State}
	for _, e := range p.Events {
		v.Events = append(v.Events, views.BareEvent{At: e.At, Action: e.Action, Summary: e.Summary})
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return render(c, http.StatusOK, views.BarePageView(v))
}

// benchWrites tells the benchmark how the writes were grouped into commits (store/group.go),
// so that it can report the transition phase's group sizes. Routed with --bench-ceiling only.
func (s *Server) benchWrites(c echo.Context) error {
	return c.JSON(http.StatusOK, s.db.WriteStats())
}
