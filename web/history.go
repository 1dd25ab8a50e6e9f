package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"juece/store"
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
		p.Events = append(p.Events, historyItem(e))
	}
	return render(c, http.StatusOK, views.History(p))
}

func labelOf(s workflow.State) string {
	if s == "" {
		return ""
	}
	return s.Label()
}

// historyItem is an event as the timeline and the dossier show it.
func historyItem(e store.Event) views.HistoryItem {
	h := views.HistoryItem{At: e.At, Who: e.UserName, Role: e.Role.Label(), Action: e.Action, Summary: e.Summary}
	if e.FromState != "" || e.ToState != "" {
		h.From, h.To = labelOf(e.FromState), labelOf(e.ToState)
	}
	for _, ch := range e.Changes {
		h.Changes = append(h.Changes, views.ChangeItem{Field: ch.Field, Before: ch.Before, After: ch.After})
	}
	return h
}

// recordLabel names a record kind in Chinese; files of the decision as a whole are its own.
func recordLabel(kind string) string {
	if kind == workflow.AttachGeneral {
		return "决策事项"
	}
	return workflow.Record(kind).Label()
}
