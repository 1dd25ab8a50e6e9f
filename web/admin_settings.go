package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// setting is one field of the settings form: its bounds and, for the legal periods, the article
// that sets the minimum.
type setting struct {
	name, label, hint string
	min, max          int
	basis             string // the 条例 article of a legal minimum; "" for local limits
	ptr               func(*workflow.Settings) *int
}

var settingForm = []setting{
	{"min_comment_days", "公开征求意见期限（日）", "一般不少于30日", 30, 365, "《重大行政决策程序暂行条例》第十五条",
		func(s *workflow.Settings) *int { return &s.MinCommentDays }},
	{"min_review_workdays", "合法性审查时间（工作日）", "一般不少于7个工作日", 7, 60, "《重大行政决策程序暂行条例》第二十六条",
		func(s *workflow.Settings) *int { return &s.MinReviewWorkdays }},
	{"hearing_materials_days", "听证材料提前送达（日）", "听证前至少7日送达听证参加人", 7, 90, "《重大行政决策程序暂行条例》第十六条",
		func(s *workflow.Settings) *int { return &s.HearingMaterialsDays }},
	{"post_eval_months", "公布后开展决策后评估（月）", "本市工作要求，决策公布后多少个月内开展后评估", 1, 120, "",
		func(s *workflow.Settings) *int { return &s.PostEvalMonths }},
	{"stage_overdue_days", "单一阶段逾期提示（日）", "本市工作要求，在一个阶段停留超过该天数即列入逾期事项", 1, 3650, "",
		func(s *workflow.Settings) *int { return &s.StageOverdueDays }},
}

func (s *Server) settingsForm(c echo.Context) error {
	if _, err := requireAdmin(c); err != nil {
		return err
	}
	cur := s.env().Settings
	f := views.NewForm("settings", nil)
	for _, x := range settingForm {
		f.Values.Set(x.name, strconv.Itoa(*x.ptr(&cur)))
	}
	notice := ""
	if c.QueryParam("done") == "1" {
		notice = "期限设置已保存，立即生效。"
	}
	return s.renderSettings(c, http.StatusOK, f, notice)
}

func (s *Server) renderSettings(c echo.Context, status int, f *views.Form, notice string) error {
	p := views.SettingsPage{Page: page(c, "期限设置", "settings"), Form: f, Notice: notice}
	for _, x := range settingForm {
		p.Fields = append(p.Fields, views.SettingField{Name: x.name, Label: x.label, Hint: x.hint})
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
	for _, x := range settingForm {
		v := r.raw(x.name)
		n, err := strconv.Atoi(v)
		switch {
		case v == "":
			r.f.Errors[x.name] = "请填写" + x.label
		case err != nil:
			r.f.Errors[x.name] = x.label + "应为整数"
		case n < x.min && x.basis != "":
			r.f.Errors[x.name] = fmt.Sprintf("不得少于 %d（%s）", x.min, x.basis)
		case n < x.min || n > x.max:
			r.f.Errors[x.name] = fmt.Sprintf("应在 %d 到 %d 之间", x.min, x.max)
		}
		*x.ptr(&next) = n
	}
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。未作更改。")
		return s.renderSettings(c, http.StatusUnprocessableEntity, r.f, "")
	}
	ctx := c.Request().Context()
	if err := s.db.InTx(ctx, func(tx *store.Tx) error { return tx.SaveSettings(ctx, admin.Actor(), s.now(), next) }); err != nil {
		return err
	}
	s.reloadRules()
	return redirect(c, "/admin/settings?done=1")
}
