package store

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"juece/store/textclean"
	"juece/workflow"
)

// Calendar day kinds: a holiday (non-working day) or a make-up working day (调休上班).
const (
	DayOff = "off"
	DayOn  = "on"
)

// CalendarDay is one entry of the working-day calendar: a date that departs from the weekend rule.
type CalendarDay struct {
	Day  string // 2006-01-02, Shanghai
	Kind string // DayOff or DayOn
	Name string // 春节, 国庆节调休上班 …
}

// KindLabel is the kind in Chinese.
func (d CalendarDay) KindLabel() string {
	if d.Kind == DayOn {
		return "调休上班"
	}
	return "放假"
}

// maxDayName is the longest name of a calendar day, in characters.
const maxDayName = 50

// ErrBadDay is wrapped by the calendar writes when a day is malformed.
var ErrBadDay = errors.New("store: bad calendar day")

// Check says in Chinese what is wrong with the day, or "" when nothing is.
func (d CalendarDay) Check() string {
	if t, err := time.Parse("2006-01-02", d.Day); err != nil || t.Format("2006-01-02") != d.Day {
		return fmt.Sprintf("日期“%s”不是 yyyy-mm-dd 格式的有效日期", d.Day)
	}
	if d.Kind != DayOff && d.Kind != DayOn {
		return fmt.Sprintf("类型“%s”只能是 off（放假）或 on（调休上班）", d.Kind)
	}
	if !utf8.ValidString(d.Name) || utf8.RuneCountInString(d.Name) > maxDayName {
		return fmt.Sprintf("名称不超过 %d 字", maxDayName)
	}
	return ""
}

// Calendar loads the whole working-day calendar for the gates.
func (db *DB) Calendar(ctx context.Context) (workflow.Calendar, error) {
	return loadCalendar(ctx, db.read)
}

func loadCalendar(ctx context.Context, q querier) (workflow.Calendar, error) {
	c := workflow.Calendar{Off: map[string]bool{}, On: map[string]bool{}}
	rows, err := q.QueryContext(ctx, "SELECT day, kind FROM calendar_days")
	if err != nil {
		return c, fmt.Errorf("store: calendar: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var day, kind string
		if err := rows.Scan(&day, &kind); err != nil {
			return c, err
		}
		if kind == DayOn {
			c.On[day] = true
		} else {
			c.Off[day] = true
		}
	}
	return c, rows.Err()
}

// CalendarDays lists the calendar's entries of one year (all years when year is 0), by date.
func (db *DB) CalendarDays(ctx context.Context, year int) ([]CalendarDay, error) {
	q, args := "SELECT day, kind, name FROM calendar_days ORDER BY day", []any{}
	if year != 0 {
		q, args = "SELECT day, kind, name FROM calendar_days WHERE substr(day, 1, 4) = ? ORDER BY day", []any{strconv.Itoa(year)}
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: calendar %d: %w", year, err)
	}
	defer rows.Close()
	var out []CalendarDay
	for rows.Next() {
		var d CalendarDay
		if err := rows.Scan(&d.Day, &d.Kind, &d.Name); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// CalendarYears lists the years that have at least one calendar entry, in order.
func (db *DB) CalendarYears(ctx context.Context) ([]int, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT DISTINCT CAST(substr(day, 1, 4) AS INTEGER) FROM calendar_days ORDER BY 1")
	if err != nil {
		return nil, fmt.Errorf("store: calendar years: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

func (tx *Tx) putDay(ctx context.Context, d CalendarDay) (before *CalendarDay, err error) {
	if msg := d.Check(); msg != "" {
		return nil, fmt.Errorf("%w: %s", ErrBadDay, msg)
	}
	var old CalendarDay
	err = tx.tx.QueryRowContext(ctx, "SELECT day, kind, name FROM calendar_days WHERE day = ?", d.Day).Scan(&old.Day, &old.Kind, &old.Name)
	if err == nil {
		before = &old
	} else if !isNoRows(err) {
		return nil, fmt.Errorf("store: calendar day %s: %w", d.Day, err)
	}
	_, err = tx.tx.ExecContext(ctx, `INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?)
		ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name`, d.Day, d.Kind, d.Name)
	if err != nil {
		return nil, fmt.Errorf("store: put calendar day %s: %w", d.Day, err)
	}
	return before, nil
}

func dayText(d *CalendarDay) string {
	if d == nil {
		return ""
	}
	return strings.TrimSpace(d.KindLabel() + " " + d.Name)
}

// SetCalendarDay adds or replaces one calendar entry.
func (tx *Tx) SetCalendarDay(ctx context.Context, a workflow.Actor, at time.Time, d CalendarDay) error {
	if err := tx.markDue(ctx); err != nil { // the due dates depend on it
		return err
	}
	before, err := tx.putDay(ctx, d)
	if err != nil {
		return err
	}
	return tx.addEvent(ctx, a, at, Event{Action: "set_calendar_day",
		Summary: fmt.Sprintf("工作日历：%s 设为%s", d.Day, dayText(&d)),
		Changes: []Change{{Field: d.Day, Before: dayText(before), After: dayText(&d)}}})
}

// DeleteCalendarDay removes one calendar entry: the day follows the weekend rule again.
func (tx *Tx) DeleteCalendarDay(ctx context.Context, a workflow.Actor, at time.Time, day string) error {
	if err := tx.markDue(ctx); err != nil { // the due dates depend on it
		return err
	}
	var old CalendarDay
	err := tx.tx.QueryRowContext(ctx, "DELETE FROM calendar_days WHERE day = ? RETURNING day, kind, name", day).Scan(&old.Day, &old.Kind, &old.Name)
	if err != nil {
		return fmt.Errorf("store: delete calendar day %s: %w", day, notFound(err))
	}
	return tx.addEvent(ctx, a, at, Event{Action: "delete_calendar_day",
		Summary: fmt.Sprintf("工作日历：删除 %s（%s），按周末规则计算", day, dayText(&old)),
		Changes: []Change{{Field: day, Before: dayText(&old), After: ""}}})
}

// ImportCalendar adds or replaces every day given, in the caller's transaction, with one event.
func (tx *Tx) ImportCalendar(ctx context.Context, a workflow.Actor, at time.Time, days []CalendarDay) error {
	if err := tx.markDue(ctx); err != nil { // the due dates depend on it
		return err
	}
	var changes []Change
	for _, d := range days {
		before, err := tx.putDay(ctx, d)
		if err != nil {
			return err
		}
		if b, n := dayText(before), dayText(&d); b != n {
			changes = append(changes, Change{Field: d.Day, Before: b, After: n})
		}
	}
	return tx.addEvent(ctx, a, at, Event{Action: "import_calendar",
		Summary: fmt.Sprintf("工作日历：导入 %d 天，其中 %d 天有变化", len(days), len(changes)), Changes: changes})
}

// CSVLineError is a calendar CSV refused at one line.
type CSVLineError struct {
	Line int
	Msg  string
}

// Error says in Chinese which line is wrong and why.
func (e *CSVLineError) Error() string { return fmt.Sprintf("第 %d 行：%s", e.Line, e.Msg) }

// calendarHeader is the first line of the calendar CSV; on import it may be left out.
var calendarHeader = []string{"day", "kind", "name"}

// ParseCalendarCSV reads a calendar CSV (day,kind,name; an optional header line): every line must
// be valid and no day may appear twice, or it returns a *CSVLineError and no days.
func ParseCalendarCSV(r io.Reader) ([]CalendarDay, error) {
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	body = bytes.TrimPrefix(body, []byte("\uFEFF"))
	if !utf8.Valid(body) {
		return nil, &CSVLineError{Line: 1, Msg: "文件不是 UTF-8 编码"}
	}
	cr := csv.NewReader(bytes.NewReader(body))
	cr.FieldsPerRecord = -1
	seen := map[string]int{}
	var out []CalendarDay
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &CSVLineError{Line: pe.Line, Msg: "CSV 格式错误"}
			}
			return nil, err
		}
		if len(rec) != 3 {
			return nil, &CSVLineError{Line: line, Msg: fmt.Sprintf("应有 3 列（day,kind,name），实有 %d 列", len(rec))}
		}
		if len(out) == 0 && len(seen) == 0 && strings.EqualFold(rec[0], calendarHeader[0]) && strings.EqualFold(rec[1], calendarHeader[1]) {
			seen[""] = line // header
			continue
		}
		// The name as exported (a formula-like one behind an apostrophe), cleaned like a typed field.
		name, bidi := textclean.Line(textclean.UnsafeCell(strings.TrimSpace(rec[2])))
		if bidi {
			return nil, &CSVLineError{Line: line, Msg: "名称含有改变文字显示方向的控制字符（如 U+202E）"}
		}
		d := CalendarDay{Day: strings.TrimSpace(rec[0]), Kind: strings.TrimSpace(rec[1]), Name: strings.TrimSpace(name)}
		if msg := d.Check(); msg != "" {
			return nil, &CSVLineError{Line: line, Msg: msg}
		}
		if first, ok := seen[d.Day]; ok {
			return nil, &CSVLineError{Line: line, Msg: fmt.Sprintf("日期 %s 与第 %d 行重复", d.Day, first)}
		}
		seen[d.Day] = line
		out = append(out, d)
	}
	if len(out) == 0 {
		return nil, &CSVLineError{Line: 1, Msg: "文件中没有日期"}
	}
	return out, nil
}

// WriteCalendarCSV writes days as the CSV ParseCalendarCSV reads, with its header.
func WriteCalendarCSV(w io.Writer, days []CalendarDay) error {
	cw := textclean.NewCSVWriter(w)
	cw.Write(calendarHeader)
	for _, d := range days {
		cw.Write([]string{d.Day, d.Kind, d.Name})
	}
	cw.Flush()
	return cw.Error()
}
