package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

func (s *Server) settingsForm(c echo.Context) error {
	if _, err := requireAdmin(c); err != nil {
		return err
	}
	cur := s.env().Settings
	f := views.NewForm("settings", nil)
	for _, x := range workflow.SettingFields {
		f.Values.Set(x.Key, strconv.Itoa(*x.Ptr(&cur)))
	}
	f.Values.Set("doc_prefixes", strings.Join(cur.DocPrefixes, "、"))
	notice := ""
	if c.QueryParam("done") == "1" {
		notice = "期限设置已保存，立即生效。"
	}
	return s.renderSettings(c, http.StatusOK, f, notice)
}

func (s *Server) renderSettings(c echo.Context, status int, f *views.Form, notice string) error {
	p := views.SettingsPage{Page: formPage(c, status, "期限设置", "settings"), Form: f, Notice: notice}
	for _, x := range workflow.SettingFields {
		p.Fields = append(p.Fields, views.SettingField{Name: x.Key, Label: x.Label, Hint: x.Hint})
	}
	return render(c, status, views.SettingsAdmin(p))
}

func (s *Server) settingsSave(c echo.Context) error {
	admin, err := requireAdmin(c)
	if err != nil {
		return err
	}
	r := readForm(c, "settings")
	var next workflow.Settings
	cur, sent := s.env().Settings, formKeys(c)
	for _, x := range workflow.SettingFields {
		if !sent[x.Key] { // a setting the form did not show (a page from before it existed) keeps its value
			*x.Ptr(&next) = *x.Ptr(&cur)
			continue
		}
		v := r.raw(x.Key)
		n, err := strconv.Atoi(v)
		switch {
		case v == "":
			r.f.Errors[x.Key] = "请填写" + x.Label
		case err != nil:
			r.f.Errors[x.Key] = x.Label + "应为整数"
		case n < x.Min && x.Basis != "":
			r.f.Errors[x.Key] = fmt.Sprintf("不得少于 %d（%s）", x.Min, x.Basis)
		case n < x.Min || n > x.Max:
			r.f.Errors[x.Key] = fmt.Sprintf("应在 %d 到 %d 之间", x.Min, x.Max)
		}
		*x.Ptr(&next) = n
	}
	next.DocPrefixes = docPrefixes(r)
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。未作更改。")
		return s.renderSettings(c, http.StatusUnprocessableEntity, r.f, "")
	}
	ctx := c.Request().Context()
	if err := s.db.InTx(ctx, func(tx *store.Tx) error { return tx.SaveSettings(ctx, admin.Actor(), s.now(), next) }); err != nil {
		return err
	}
	return redirect(c, "/admin/settings?done=1")
}

// docPrefixSeparators are what may separate the document number prefixes typed.
const docPrefixSeparators = "、,，;； \t\r\n"

// docPrefixes reads the document number prefixes typed: each a code such as 澜政发, without
// the year or number; at most 30, each once.
func docPrefixes(r *formReader) []string {
	raw := r.raw("doc_prefixes")
	var out []string
	for _, p := range strings.FieldsFunc(raw, func(c rune) bool { return strings.ContainsRune(docPrefixSeparators, c) }) {
		switch {
		case len([]rune(p)) > 12 || strings.ContainsAny(p, "〔〕[]【】()（）0123456789号"):
			r.f.Errors["doc_prefixes"] = fmt.Sprintf("“%s”不是发文机关代字：只填代字，如 澜政发，不含年份和序号", p)
		case !slices.Contains(out, p):
			out = append(out, p)
		}
	}
	if len(out) > 30 {
		r.f.Errors["doc_prefixes"] = "发文机关代字至多 30 个"
	}
	return out
}

// formKeys are the names of the fields a form sent.
func formKeys(c echo.Context) map[string]bool {
	out := map[string]bool{}
	if params, err := c.FormParams(); err == nil {
		for k := range params {
			out[k] = true
		}
	}
	return out
}
