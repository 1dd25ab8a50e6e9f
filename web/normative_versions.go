package web

import (
	"github.com/labstack/echo/v4"

	"juece/views"
	"juece/workflow"
)

// versions are a published document's versions for its pages: the documents it superseded and
// those that superseded it (store.(*DB).NormativeVersions); none before publication.
func (s *Server) versions(c echo.Context, d *workflow.Decision) (views.PublicNormative, error) {
	if d.Normative == nil || d.Normative.Doc == nil {
		return views.PublicNormative{}, nil
	}
	vs, err := s.db.NormativeVersions(c.Request().Context(), d.ID)
	return views.PublicNormative{ID: d.ID, Doc: d.Normative.Doc, Versions: vs}, err
}
