package workflow

import "testing"

// TestFormsDescribed checks the descriptions every form is parsed, drawn and recorded with:
// unique names, a label each, choices for every choice field, and a length limit.
func TestFormsDescribed(t *testing.T) {
	for _, rec := range recordOrder {
		if _, ok := Forms[string(rec)]; !ok {
			t.Errorf("record %s has no form description", rec)
		}
	}
	for form, fields := range Forms {
		seen := map[string]bool{}
		for _, f := range fields {
			if f.Name == "" || f.Label == "" {
				t.Errorf("%s: a field without name or label: %+v", form, f)
			}
			if seen[f.Name] {
				t.Errorf("%s: field %s described twice", form, f.Name)
			}
			seen[f.Name] = true
			if (f.Kind == KindChoice) != (len(f.Choices) > 0) {
				t.Errorf("%s.%s: kind %d with %d choices", form, f.Name, f.Kind, len(f.Choices))
			}
			if f.Limit() <= 0 {
				t.Errorf("%s.%s: no length limit", form, f.Name)
			}
		}
	}
	if got := LabelOf(string(RecNotice), "short_reason"); got != "期限缩短的理由" {
		t.Errorf("notice short_reason is labelled %q", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("an undescribed field did not panic")
		}
	}()
	FieldOf(string(RecNotice), "no_such_field")
}
