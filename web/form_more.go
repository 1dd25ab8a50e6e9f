package web

import (
	"strconv"

	"juece/views"
	"juece/workflow"
)

// more reads the fields of the form that workflow describes but no struct field types
// (workflow.MoreFields), each by its kind, with the same messages as the typed ones. A date is
// kept as yyyy-mm-dd, a check as "1" or "".
func (r *formReader) more() workflow.Values {
	fs := workflow.MoreFields(r.form)
	if len(fs) == 0 {
		return nil
	}
	v := make(workflow.Values, len(fs))
	for _, f := range fs {
		switch f.Kind {
		case workflow.KindDate:
			v[f.Name] = views.ISODate(r.day(f.Name))
		case workflow.KindCheck:
			v[f.Name] = b(r.check(f.Name))
		case workflow.KindNumber:
			v[f.Name] = r.number(f)
		default: // a body needs its register, so an added field is never one (workflow's test)
			v[f.Name] = r.value(f.Name)
		}
	}
	return v
}

// number reads a whole number of at most f.Limit() digits.
func (r *formReader) number(f workflow.Field) string {
	s := r.short(f.Name, f.Label, f.Required, f.Limit())
	if s == "" || r.f.Errors[f.Name] != "" {
		return s
	}
	if _, err := strconv.Atoi(s); err != nil {
		r.f.Errors[f.Name] = f.Label + "应为整数"
	}
	return s
}

// withMore adds a recorded record's added fields to the form that edits it.
func withMore(f *views.Form, v workflow.Values) *views.Form {
	for name, x := range v {
		f.Values.Set(name, x)
	}
	return f
}
