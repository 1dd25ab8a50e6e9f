package web

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"juece/store/textclean"
	"juece/views"
	"juece/workflow"
)

// The yearly report (规划四(三)) is read by those who report on the whole government's decisions:
// the government office's secretary, the legal office and the auditors. Clerks see their own
// unit's decisions elsewhere.
func requireReportReader(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	switch u.Role {
	case workflow.RoleSecretary, workflow.RoleReviewer, workflow.RoleAuditor, workflow.RoleAdmin:
		return nil
	}
	return errForbidden
}

// reportYear is the year asked for, when it is one the report can cover, or this year.
func (s *Server) reportYear(c echo.Context) int {
	this := s.now().In(workflow.Shanghai).Year()
	if y, err := strconv.Atoi(c.QueryParam("year")); err == nil && y >= 2000 && y <= this {
		return y
	}
	return this
}

// yearReport counts the year's figures and lays them out as the page's tables.
func (s *Server) yearReport(c echo.Context) (workflow.YearReport, []views.ReportTable, error) {
	year := s.reportYear(c)
	env := s.env()
	from, cutoff, _ := workflow.ReportYear(year, env.Now)
	facts, reviews, cases, err := s.db.YearReportFacts(c.Request().Context(), from, cutoff)
	if err != nil {
		return workflow.YearReport{}, nil, err
	}
	r := workflow.BuildYearReport(year, env.Now, env.Settings, facts, reviews, cases)
	tables := reportTables(r, env.Settings)
	norm, made, err := s.normativeReportTable(c, from, cutoff, env)
	if err != nil {
		return workflow.YearReport{}, nil, err
	}
	if made > 0 { // a year with normative documents has their section
		tables = append(tables, norm)
	}
	return r, tables, nil
}

func (s *Server) report(c echo.Context) error {
	if err := requireReportReader(c); err != nil {
		return err
	}
	r, tables, err := s.yearReport(c)
	if err != nil {
		return err
	}
	first, err := s.db.FirstDecisionYear(c.Request().Context())
	if err != nil {
		return err
	}
	p := views.ReportPage{Page: page(c, fmt.Sprintf("%d 年度重大行政决策统计", r.Year), "reports"), Year: r.Year,
		Complete: r.Complete, Cutoff: r.Cutoff, Decisions: r.Decisions, Tables: tables}
	this := s.now().In(workflow.Shanghai).Year()
	if first == 0 {
		first = this
	}
	for y := this; y >= min(first, r.Year); y-- {
		p.Years = append(p.Years, views.Option{Value: strconv.Itoa(y), Label: fmt.Sprintf("%d 年", y)})
	}
	return render(c, http.StatusOK, views.Report(p))
}

// reportCSV downloads one table of the report, named by its key, as CSV that Excel opens
// (UTF-8 with a byte-order mark).
func (s *Server) reportCSV(c echo.Context) error {
	if err := requireReportReader(c); err != nil {
		return err
	}
	r, tables, err := s.yearReport(c)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(tables, func(t views.ReportTable) bool { return t.Key == c.QueryParam("table") })
	if i < 0 {
		return echo.NewHTTPError(http.StatusNotFound, "没有这张统计表。")
	}
	t := tables[i]
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := textclean.NewCSVWriter(&buf)
	w.Write(t.Columns)
	for _, row := range t.Rows {
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition,
		fmt.Sprintf(`attachment; filename="juece-%d-%s.csv"`, r.Year, t.Key))
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// reportTables lays the figures out as the report's tables, each with the bars of its chart.
func reportTables(r workflow.YearReport, s workflow.Settings) []views.ReportTable {
	n := strconv.Itoa
	pct := func(part, whole int) string { return strconv.FormatFloat(workflow.Share(part, whole), 'f', 1, 64) }
	days := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	cutoff := "年末"
	if !r.Complete {
		cutoff = "统计截止时"
	}
	var out []views.ReportTable
	add := func(t views.ReportTable, bars []views.Bar) {
		t.Chart.Bars = bars
		out = append(out, t)
	}

	stages := views.ReportTable{Key: "stages", Title: "决策事项所处阶段", Columns: []string{"阶段", "件数"},
		Note: "本年度办理的决策事项" + cutoff + "所处的阶段。", Chart: views.BarChart{Caption: "各阶段件数"}}
	var bars []views.Bar
	for _, st := range r.Stages {
		if st.AtCutoff == 0 && !slices.Contains(workflow.MainLine, st.State) {
			continue
		}
		stages.Rows = append(stages.Rows, []string{st.State.Label(), n(st.AtCutoff)})
		bars = append(bars, views.Bar{Label: st.State.Label(), Value: float64(st.AtCutoff), Text: n(st.AtCutoff)})
	}
	add(stages, bars)

	groups := func(key, title, first string, gs []workflow.GroupFigure) {
		t := views.ReportTable{Key: key, Title: title, Columns: []string{first, "办理", "其中年内登记", "年内作出决定"},
			Note:  "“作出决定”指经集体讨论决定通过（条例第30条）。",
			Chart: views.BarChart{Caption: "办理件数"}}
		var bars []views.Bar
		for _, g := range gs {
			t.Rows = append(t.Rows, []string{g.Label, n(g.Handled), n(g.New), n(g.Decided)})
			bars = append(bars, views.Bar{Label: g.Label, Value: float64(g.Handled), Text: n(g.Handled)})
		}
		add(t, bars)
	}
	groups("categories", "按决策事项类别（条例第3条）", "类别", r.Categories)
	groups("units", "按承办单位", "承办单位", r.Units)

	p := r.Participants
	part := views.ReportTable{Key: "participation", Title: "公众参与和专家论证", Columns: []string{"形式", "件数", "占比（%）"},
		Note:  fmt.Sprintf("以%s已进入合法性审查的 %d 件决策事项为基数。", cutoff, p.Reached),
		Chart: views.BarChart{Caption: "占比（%）"}}
	bars = nil
	for _, x := range []struct {
		label string
		count int
	}{{"公开征求意见（条例第14条）", p.Comment}, {"举行听证会（条例第16条）", p.Hearing}, {"专家论证（条例第19条）", p.Experts}} {
		part.Rows = append(part.Rows, []string{x.label, n(x.count), pct(x.count, p.Reached)})
		bars = append(bars, views.Bar{Label: x.label, Value: workflow.Share(x.count, p.Reached), Text: pct(x.count, p.Reached) + "%"})
	}
	add(part, bars)

	risk := views.ReportTable{Key: "risk", Title: "风险评估等级（条例第22条）", Columns: []string{"等级", "件数"},
		Note:  "按评估报告中各类风险的最高等级计；未评估的，区分是否依法说明了理由。",
		Chart: views.BarChart{Caption: "件数"}}
	bars = nil
	for _, l := range r.Risk {
		risk.Rows = append(risk.Rows, []string{l.Label, n(l.Count)})
		bars = append(bars, views.Bar{Label: l.Label, Value: float64(l.Count), Text: n(l.Count)})
	}
	add(risk, bars)

	total := 0
	for _, rv := range r.Reviews {
		total += rv.Count
	}
	reviews := views.ReportTable{Key: "reviews", Title: "合法性审查结论（条例第27条）", Columns: []string{"结论", "件数", "占比（%）"},
		Note:  fmt.Sprintf("年内签署的合法性审查意见共 %d 份。", total),
		Chart: views.BarChart{Caption: "份数"}}
	bars = nil
	for _, rv := range r.Reviews {
		reviews.Rows = append(reviews.Rows, []string{rv.Conclusion.Label(), n(rv.Count), pct(rv.Count, total)})
		bars = append(bars, views.Bar{Label: rv.Conclusion.Label(), Value: float64(rv.Count), Text: n(rv.Count)})
	}
	add(reviews, bars)

	durations := views.ReportTable{Key: "durations", Title: "各阶段用时（天）", Columns: []string{"阶段", "年内结束的次数", "中位数", "九成事项不超过"},
		Note:  "年内结束的每一次停留，自进入该阶段至离开该阶段，按自然日计（取一位小数）；退回重走的阶段各算一次。",
		Chart: views.BarChart{Caption: "用时中位数（天）"}}
	overdue := views.ReportTable{Key: "overdue", Title: "超期阶段", Columns: []string{"阶段", "超期次数"},
		Note: fmt.Sprintf("年内停留超过期限的阶段，与待办和逾期事项同一规则：征求意见以征求意见截止日、听证以听证日期、决策执行以公布后 %d 个月为限，其他阶段以 %d 日为限（期限设置）。",
			s.PostEvalMonths, s.StageOverdueDays),
		Chart: views.BarChart{Caption: "超期次数"}}
	var dbars, obars []views.Bar
	for _, st := range r.Stages {
		if st.State.Final() {
			continue
		}
		durations.Rows = append(durations.Rows, []string{st.State.Label(), n(st.Finished), days(st.Median), days(st.P90)})
		dbars = append(dbars, views.Bar{Label: st.State.Label(), Value: st.Median, Text: days(st.Median)})
		overdue.Rows = append(overdue.Rows, []string{st.State.Label(), n(st.Overdue)})
		obars = append(obars, views.Bar{Label: st.State.Label(), Value: float64(st.Overdue), Text: n(st.Overdue)})
	}
	add(durations, dbars)
	add(overdue, obars)

	cases := views.ReportTable{Key: "cases", Title: "责任追究（条例第38—41条）", Columns: []string{"情形"},
		Note: "年内登记的责任追究案件。", Chart: views.BarChart{Caption: "案件数"}}
	for _, st := range workflow.CaseStatuses {
		cases.Columns = append(cases.Columns, st.Label())
	}
	cases.Columns = append(cases.Columns, "合计")
	bars = nil
	for _, cf := range r.Cases {
		row := []string{cf.Kind.Label()}
		for _, v := range cf.ByStatus {
			row = append(row, n(v))
		}
		cases.Rows = append(cases.Rows, append(row, n(cf.Total)))
		bars = append(bars, views.Bar{Label: cf.Kind.Label(), Value: float64(cf.Total), Text: n(cf.Total)})
	}
	add(cases, bars)
	return out
}
