// Package views renders juece's pages with templ. Components take view models shaped like the
// screen; nothing here reaches the store.
package views

import (
	"net/url"
	"sort"
	"strconv"
	"time"

	"juece/workflow"
)

// Page is what every page's frame needs.
type Page struct {
	Title  string
	Viewer *Viewer // nil when nobody is logged in
	CSRF   string
	Active string // the navigation entry to highlight
}

// Viewer is the logged-in user as the frame shows them.
type Viewer struct {
	ID       int64
	Name     string
	Username string
	Role     workflow.Role
	Unit     string
	Unread   int // unread messages, shown in the header
}

// Form is one HTML form's state: what was typed and what was wrong with it.
type Form struct {
	Key    string // distinguishes forms on one page; prefixes element ids
	Values url.Values
	Errors map[string]string // field name → message shown next to the field
	Top    []string          // messages shown above the form
}

// NewForm is an empty form with defaults.
func NewForm(key string, defaults map[string]string) *Form {
	f := &Form{Key: key, Values: url.Values{}, Errors: map[string]string{}}
	for k, v := range defaults {
		f.Values.Set(k, v)
	}
	return f
}

// Get is the value typed into a field.
func (f *Form) Get(name string) string {
	if f == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Checked reports whether a checkbox was ticked.
func (f *Form) Checked(name string) bool {
	v := f.Get(name)
	return v == "1" || v == "on" || v == "true"
}

// Err is the message for a field, or "".
func (f *Form) Err(name string) string {
	if f == nil {
		return ""
	}
	return f.Errors[name]
}

// ErrorFields are the names of the fields with an error, in a stable order.
func (f *Form) ErrorFields() []string {
	if f == nil {
		return nil
	}
	names := make([]string, 0, len(f.Errors))
	for name := range f.Errors {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// HasErrors reports whether anything is wrong with the form.
func (f *Form) HasErrors() bool { return f != nil && (len(f.Errors) > 0 || len(f.Top) > 0) }

// ID is the element id of a field, unique on the page.
func (f *Form) ID(name string) string { return f.Key + "-" + name }

// Option is one choice of a select or radio group.
type Option struct {
	Value string
	Label string
}

// Date shows a day as 2026年11月26日 in Asia/Shanghai; the zero time as "—".
func Date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(workflow.Shanghai).Format("2006年1月2日")
}

// DateTime shows a moment as 2026-11-26 14:03 in Asia/Shanghai.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(workflow.Shanghai).Format("2006-01-02 15:04")
}

// ISODate is a day as a date input's value.
func ISODate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(workflow.Shanghai).Format("2006-01-02")
}

// Waiting says how long something has waited, in days or hours.
func Waiting(since, now time.Time) string {
	d := now.Sub(since)
	if d < 24*time.Hour {
		return strconv.Itoa(int(d/time.Hour)) + " 小时"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + " 天"
}

// WaitingUntil is the first time after now at which Waiting(since, ·) reads otherwise than at
// now: a page that shows it may be kept until then.
func WaitingUntil(since, now time.Time) time.Time {
	d := now.Sub(since)
	if d < 0 {
		return now // not yet begun: not kept
	}
	step := time.Hour
	if d >= 24*time.Hour {
		step = 24 * time.Hour
	}
	return since.Add((d/step + 1) * step)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// fieldLabel is a described field's label as the form shows it: with its note, when it has one.
func fieldLabel(fd workflow.Field) string {
	if fd.Note != "" {
		return fd.Label + "（" + fd.Note + "）"
	}
	return fd.Label
}

// choiceOptions are a described choice field's options.
func choiceOptions(cs []workflow.Choice) []Option {
	out := make([]Option, len(cs))
	for i, c := range cs {
		out[i] = Option{Value: c.Value, Label: c.Label}
	}
	return out
}

// Retry is a form that could not be saved, to send again: its action, the fields it carried
// (Hidden: those not typed, such as the version), and the name of its password field, if any,
// which is never carried back.
type Retry struct {
	Action   string
	Hidden   []RetryField
	Fields   []RetryField
	Password string
}

// RetryField is one field of a Retry.
type RetryField struct{ Name, Value string }
