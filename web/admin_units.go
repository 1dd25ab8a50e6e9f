package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
)

// unitKinds are the kinds of unit the admin may choose, with the words the page uses.
var unitKinds = []views.Option{
	{Value: string(store.UnitUndertaking), Label: "承办单位"},
	{Value: string(store.UnitLegal), Label: "法制机构（司法局）"},
	{Value: string(store.UnitOffice), Label: "政府办公室"},
	{Value: string(store.UnitAudit), Label: "审计机关"},
	{Value: string(store.UnitAdmin), Label: "系统管理"},
}

func unitKindLabel(k store.UnitKind) string {
	for _, o := range unitKinds {
		if o.Value == string(k) {
			return o.Label
		}
	}
	return string(k)
}

func (s *Server) unitsPage(c echo.Context) error {
	if _, err := requireAdmin(c); err != nil {
		return err
	}
	notice := ""
	if c.QueryParam("done") == "1" {
		notice = "单位已新增，可在账号管理中为其新增账号。"
	}
	return s.renderUnits(c, http.StatusOK, views.NewForm("unit", nil), notice)
}

func (s *Server) renderUnits(c echo.Context, status int, f *views.Form, notice string) error {
	units, err := s.db.Units(c.Request().Context())
	if err != nil {
		return err
	}
	p := views.UnitsPage{Page: formPage(c, status, "单位管理", "units"), Form: f, Notice: notice, Kinds: unitKinds}
	for _, u := range units {
		p.Units = append(p.Units, views.UnitItem{Name: u.Name, Kind: unitKindLabel(u.Kind)})
	}
	return render(c, status, views.Units(p))
}

// unitAdd adds a unit, named once, with its history event.
func (s *Server) unitAdd(c echo.Context) error {
	admin, err := requireAdmin(c)
	if err != nil {
		return err
	}
	r := readForm(c, "unit")
	name := r.short("name", "单位名称", true, 100)
	kind := store.UnitKind(r.choice("kind", "单位类别", true, optionValues(unitKinds)))
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。未新增单位。")
		return s.renderUnits(c, http.StatusUnprocessableEntity, r.f, "")
	}
	ctx := c.Request().Context()
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateUnit(ctx, admin.Actor(), s.now(), name, kind)
		return err
	})
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			r.f.Errors["name"] = "已有同名单位"
			r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。未新增单位。")
			return s.renderUnits(c, http.StatusUnprocessableEntity, r.f, "")
		}
		return err
	}
	return redirect(c, "/admin/units?done=1")
}

func optionValues(opts []views.Option) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.Value
	}
	return out
}
