package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// maxCalendarCSV bounds an uploaded calendar file.
const maxCalendarCSV = 1 << 20

var weekdayCN = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

func (s *Server) calendarList(c echo.Context) error {
	if _, err := requireAdmin(c); err != nil {
		return err
	}
	notice := map[string]string{"saved": "已保存。", "deleted": "已删除，该日按周末规则计算。"}[c.QueryParam("done")]
	if n, err := strconv.Atoi(c.QueryParam("imported")); err == nil {
		notice = fmt.Sprintf("已导入 %d 天。", n)
	}
	return s.renderCalendar(c, http.StatusOK, views.NewForm("add", nil), views.NewForm("import", nil), notice)
}

// calendarYear is the year asked for, or this year.
func (s *Server) calendarYear(c echo.Context) int {
	if y, err := strconv.Atoi(c.QueryParam("year")); err == nil && y >= 2000 && y <= 2100 {
		return y
	}
	return s.now().In(workflow.Shanghai).Year()
}

func (s *Server) renderCalendar(c echo.Context, status int, add, imp *views.Form, notice string) error {
	ctx := c.Request().Context()
	year := s.calendarYear(c)
	days, err := s.db.CalendarDays(ctx, year)
	if err != nil {
		return err
	}
	years, err := s.db.CalendarYears(ctx)
	if err != nil {
		return err
	}
	p := views.CalendarPage{Page: formPage(c, status, "工作日历", "calendar"), Year: year, Add: add, Import: imp, Notice: notice}
	this := s.now().In(workflow.Shanghai).Year()
	shown := map[int]bool{}
	for _, y := range append(years, this-1, this, this+1, year) {
		shown[y] = true
	}
	for y := 2000; y <= 2100; y++ {
		if shown[y] {
			label := fmt.Sprintf("%d 年", y)
			if !slices.Contains(years, y) {
				label += "（未录入）"
			}
			p.Years = append(p.Years, views.Option{Value: strconv.Itoa(y), Label: label})
		}
	}
	for _, d := range days {
		t, _ := time.ParseInLocation("2006-01-02", d.Day, workflow.Shanghai)
		p.Days = append(p.Days, views.CalendarDayItem{Day: d.Day, Date: views.Date(t) + " " + weekdayCN[t.Weekday()],
			Kind: d.KindLabel(), Name: d.Name, Workday: d.Kind == store.DayOn})
	}
	return render(c, status, views.CalendarAdmin(p))
}

func (s *Server) calendarSave(c echo.Context) error {
	admin, err := requireAdmin(c)
	if err != nil {
		return err
	}
	r := readForm(c, "add")
	day := r.date("day", "日期", true)
	kind := r.choice("kind", "安排", true, []string{store.DayOff, store.DayOn})
	name := r.short("name", "名称", false, 50)
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。未作更改。")
		return s.renderCalendar(c, http.StatusUnprocessableEntity, r.f, views.NewForm("import", nil), "")
	}
	d := store.CalendarDay{Day: day.Format("2006-01-02"), Kind: kind, Name: name}
	ctx := c.Request().Context()
	if err := s.db.InTx(ctx, func(tx *store.Tx) error { return tx.SetCalendarDay(ctx, admin.Actor(), s.now(), d) }); err != nil {
		return err
	}
	return redirect(c, fmt.Sprintf("/admin/calendar?year=%s&done=saved", d.Day[:4]))
}

func (s *Server) calendarDelete(c echo.Context) error {
	admin, err := requireAdmin(c)
	if err != nil {
		return err
	}
	day := c.FormValue("day")
	if (store.CalendarDay{Day: day, Kind: store.DayOff}).Check() != "" {
		return echo.NewHTTPError(http.StatusUnprocessableEntity, "日期格式有误。")
	}
	ctx := c.Request().Context()
	if err := s.db.InTx(ctx, func(tx *store.Tx) error { return tx.DeleteCalendarDay(ctx, admin.Actor(), s.now(), day) }); err != nil {
		return err
	}
	return redirect(c, fmt.Sprintf("/admin/calendar?year=%s&done=deleted", day[:4]))
}

// calendarImport reads an uploaded CSV strictly: one bad line refuses the whole file.
func (s *Server) calendarImport(c echo.Context) error {
	admin, err := requireAdmin(c)
	if err != nil {
		return err
	}
	f := views.NewForm("import", nil)
	refuse := func(msg string) error {
		f.Top = append(f.Top, msg+"未导入任何日期。")
		return s.renderCalendar(c, http.StatusUnprocessableEntity, views.NewForm("add", nil), f, "")
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return refuse("请选择要导入的 CSV 文件。")
	}
	if fh.Size > maxCalendarCSV {
		return refuse("文件超过 1 MiB。")
	}
	file, err := fh.Open()
	if err != nil {
		return err
	}
	defer file.Close()
	body, err := io.ReadAll(io.LimitReader(file, maxCalendarCSV+1))
	if err != nil {
		return err
	}
	if len(body) > maxCalendarCSV {
		return refuse("文件超过 1 MiB。")
	}
	days, err := store.ParseCalendarCSV(bytes.NewReader(body))
	var le *store.CSVLineError
	if errors.As(err, &le) {
		return refuse(le.Error() + "。")
	}
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if err := s.db.InTx(ctx, func(tx *store.Tx) error { return tx.ImportCalendar(ctx, admin.Actor(), s.now(), days) }); err != nil {
		return err
	}
	return redirect(c, fmt.Sprintf("/admin/calendar?year=%s&imported=%d", days[0].Day[:4], len(days)))
}

// calendarExport downloads the whole calendar as the CSV the import reads.
func (s *Server) calendarExport(c echo.Context) error {
	if _, err := requireAdmin(c); err != nil {
		return err
	}
	days, err := s.db.CalendarDays(c.Request().Context(), 0)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := store.WriteCalendarCSV(&buf, days); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="calendar.csv"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}
