package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"juece/store/dossier"
	"juece/views"
)

func (s *Server) dossier(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	d, err := s.visibleDecision(c, u)
	if err != nil {
		return err
	}
	p, err := dossier.Page(c.Request().Context(), s.db, d, u.DisplayName, s.now(), false)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.Dossier(p))
}

func (s *Server) exportZip(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	d, err := s.visibleDecision(c, u)
	if err != nil {
		return err
	}
	// Built in memory first, so a failure answers an error page, not half a zip.
	var buf bytes.Buffer
	if err := dossier.Export(c.Request().Context(), s.db, s.data, d.ID, u.DisplayName, s.now(), &buf); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="juece-decision-%d.zip"`, d.ID))
	h.Set("X-Content-Type-Options", "nosniff")
	return c.Blob(http.StatusOK, "application/zip", buf.Bytes())
}
