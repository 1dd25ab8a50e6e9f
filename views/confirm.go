package views

import (
	"net/url"
	"slices"
)

// ConfirmPage asks to confirm what cannot be undone: what will happen, what was typed, and the
// form sent again as it was, with 确认 or 返回修改 (both buttons of one form: no script needed).
type ConfirmPage struct {
	Page
	DecisionID int64
	Title      string // the decision's
	Action     string // what is done, e.g. 不予启动
	Happens    []string
	Typed      []Typed
	URL        string     // where the form goes
	Values     url.Values // the form as sent, carried as hidden fields
}

// Typed is one value typed into the form, as the confirmation page shows it.
type Typed struct{ Label, Value string }

// hiddenNames are the carried fields in a fixed order.
func (p ConfirmPage) hiddenNames() []string {
	var out []string
	for k := range p.Values {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
