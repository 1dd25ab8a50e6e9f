package views

import (
	"fmt"
	"time"
)

// Deadline is a stage's due date as the decision page and the lists show it.
type Deadline struct {
	Label        string // 征求意见截止, 最早可提请集体讨论 …
	On           time.Time
	Minimum      bool // the date is the earliest allowed (legality review time), not a limit
	WorkdaysLeft int  // working days after today up to the date
	OverdueDays  int  // calendar days past the date; 0 when not past
	// Limit is the stage's limit shown after a minimum: legality review has both, the earliest
	// meeting date and the day the stage is overdue.
	Limit *Deadline
}

// Text is the deadline in one line: the date and the working days left, or how long it is overdue.
func (d Deadline) Text() string {
	if d.Limit != nil {
		return d.own() + "；" + d.Limit.Text()
	}
	return d.own()
}

func (d Deadline) own() string {
	head := fmt.Sprintf("%s %s", d.Label, Date(d.On))
	switch {
	case !d.Minimum && d.OverdueDays == 0 && d.WorkdaysLeft == 0:
		return head + "，今日到期"
	}
	switch {
	case d.Minimum && d.OverdueDays > 0 || d.Minimum && d.WorkdaysLeft == 0:
		return head + "，审查时间已满足"
	case d.Minimum:
		return fmt.Sprintf("%s，还需 %d 个工作日", head, d.WorkdaysLeft)
	case d.OverdueDays > 0:
		return fmt.Sprintf("%s，已逾期 %d 日", head, d.OverdueDays)
	}
	return fmt.Sprintf("%s，剩余 %d 个工作日", head, d.WorkdaysLeft)
}

// Late reports whether the deadline (or the limit after a minimum) has passed.
func (d Deadline) Late() bool {
	return !d.Minimum && d.OverdueDays > 0 || d.Limit != nil && d.Limit.Late()
}

// Today reports whether the deadline (or the limit after a minimum) falls today, or no working
// day is left before it.
func (d Deadline) Today() bool {
	return !d.Minimum && d.OverdueDays == 0 && d.WorkdaysLeft == 0 || d.Limit != nil && d.Limit.Today()
}

// CalendarPage is the admin's working-day calendar of one year.
type CalendarPage struct {
	Page
	Year   int
	Years  []Option // the year selector
	Days   []CalendarDayItem
	Add    *Form
	Import *Form
	Notice string
}

// CalendarDayItem is one calendar entry on the admin page.
type CalendarDayItem struct {
	Day     string // 2006-01-02
	Date    string // 2026年10月1日 星期四
	Kind    string // 放假 / 调休上班
	Name    string
	Workday bool
}

// SettingsPage is the admin's form of the legal periods.
type SettingsPage struct {
	Page
	Form   *Form
	Fields []SettingField
	Notice string
}

// SettingField is one setting on the admin page.
type SettingField struct {
	Name  string
	Label string
	Hint  string
}

// OverduePage lists every overdue stage grouped by unit.
type OverduePage struct {
	Page
	Groups []OverdueGroup
	Total  int
}

// OverdueGroup is one unit's overdue decisions, the longest overdue first.
type OverdueGroup struct {
	Unit  string
	Items []OverdueItem
}

// OverdueItem is one overdue stage.
type OverdueItem struct {
	ID        int64
	Title     string
	State     string
	StateCSS  string
	Normative bool      // a normative document, which the list marks
	Since     time.Time // the date it fell due
	Days      int
	Deadline  string
}
