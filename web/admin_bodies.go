package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
)

func (s *Server) bodiesPage(c echo.Context) error {
	if _, err := requireAdmin(c); err != nil {
		return err
	}
	notice := ""
	if c.QueryParam("done") == "1" {
		notice = "已登记。"
	}
	return s.renderBodies(c, http.StatusOK, views.NewForm("body", nil), notice)
}

func (s *Server) renderBodies(c echo.Context, status int, f *views.Form, notice string) error {
	bodies, err := s.db.Bodies(c.Request().Context())
	if err != nil {
		return err
	}
	p := views.BodiesPage{Page: formPage(c, status, "评估机构", "bodies"), Form: f, Notice: notice}
	for _, b := range bodies {
		if strings.HasPrefix(b.Key, "body:") {
			p.Parties = append(p.Parties, b.Name)
		} else {
			p.Units = append(p.Units, b.Name)
		}
	}
	return render(c, status, views.Bodies(p))
}

// bodyAdd registers a third-party body, named once: a second body of the same name is refused.
func (s *Server) bodyAdd(c echo.Context) error {
	admin, err := requireAdmin(c)
	if err != nil {
		return err
	}
	r := readForm(c, "body")
	name := r.short("name", "机构名称", true, 200)
	if r.f.HasErrors() {
		return s.renderBodies(c, http.StatusUnprocessableEntity, r.f, "")
	}
	ctx := c.Request().Context()
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.AddThirdParty(ctx, admin.Actor(), s.now(), name)
		return err
	})
	if err != nil {
		if errors.Is(err, store.ErrNotFound) || strings.Contains(err.Error(), "UNIQUE") {
			r.f.Errors["name"] = "该机构已登记"
			return s.renderBodies(c, http.StatusUnprocessableEntity, r.f, "")
		}
		return err
	}
	return redirect(c, "/admin/bodies?done=1")
}
