package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"juece/store/dossier"
	"juece/views"
	"juece/workflow"
)

func (s *Server) decisionHistory(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	d, err := s.visibleDecision(c, u)
	if err != nil {
		return err
	}
	events, err := s.db.History(c.Request().Context(), d.ID)
	if err != nil {
		return err
	}
	p := views.HistoryPage{Page: page(c, "办理记录", "decisions"), DecisionID: d.ID, Title: d.Title}
	for _, e := range events {
		p.Events = append(p.Events, dossier.HistoryItem(e))
	}
	return render(c, http.StatusOK, views.History(p))
}

func labelOf(s workflow.State) string {
	if s == "" {
		return ""
	}
	return s.Label()
}
