package workflow

import "testing"

// TestTypedFieldsDescribed: every field a record's struct types is described in its form, and
// the fields added by description alone are of a kind the generic path reads (a body needs its
// register, so it is always typed).
func TestTypedFieldsDescribed(t *testing.T) {
	for form, names := range typed {
		if _, ok := Forms[form]; !ok {
			t.Errorf("typed names form %q, which is not described", form)
		}
		for _, n := range names {
			FieldOf(form, n) // panics on a name not described
		}
		for _, f := range MoreFields(form) {
			if f.Kind == KindBody {
				t.Errorf("%s.%s: a body field must be typed", form, f.Name)
			}
		}
	}
}

// TestMoreFields: a field described beyond the typed ones is an added one, in form order;
// late_reason never is; a form outside typed takes none.
func TestMoreFields(t *testing.T) {
	const form = string(RecNotice)
	old := Forms[form]
	t.Cleanup(func() { Forms[form] = old })
	Forms[form] = append(append([]Field{}, old...), Field{Name: "x1", Label: "甲", Kind: KindCheck}, Field{Name: "x2", Label: "乙", Kind: KindLine})
	got := MoreFields(form)
	if len(got) != 2 || got[0].Name != "x1" || got[1].Name != "x2" {
		t.Fatalf("MoreFields = %+v, want x1, x2", got)
	}
	if got := MoreFields(FormVoid); got != nil {
		t.Fatalf("a form without typed fields takes added ones: %+v", got)
	}
	if got[0].Show("1") != "是" || got[0].Show("") != "否" {
		t.Fatalf("a check shows as %q / %q", got[0].Show("1"), got[0].Show(""))
	}
	meeting := FieldOf(string(RecMeeting), "kind")
	if meeting.Show(string(MeetingStanding)) != MeetingStanding.Label() {
		t.Fatalf("a choice shows as %q", meeting.Show(string(MeetingStanding)))
	}
}
