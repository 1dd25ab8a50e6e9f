package workflow

import (
	"strings"
	"testing"
)

func TestChecklistConsultation(t *testing.T) {
	d := complete(Consultation)
	d.Feedback = nil
	d.Notice.EndsOn = date(2026, 2, 22) // 21 days, no reason given
	list := Checklist(d, testEnv())

	var met, unmet []Requirement
	seen := map[string]bool{}
	for _, r := range list {
		if r.Event != ToHearing {
			t.Errorf("%q listed under %s, want the first event %s", r.Text, r.Event, ToHearing)
		}
		if r.Field == "reason" || r.Field == "password" {
			t.Errorf("input requirement listed: %+v", r)
		}
		if seen[r.Text] {
			t.Errorf("%q listed twice", r.Text)
		}
		seen[r.Text] = true
		if r.Met != (r.Detail == "") {
			t.Errorf("%+v: Met and Detail disagree", r)
		}
		if r.Met {
			met = append(met, r)
		} else {
			unmet = append(unmet, r)
		}
	}
	if len(unmet) != 2 {
		t.Fatalf("unmet = %+v, want the period and the feedback", unmet)
	}
	if unmet[0].Field != "notice" || !strings.Contains(unmet[0].Detail, "21日") || !strings.Contains(unmet[0].Text, "30日") {
		t.Errorf("unmet[0] = %+v", unmet[0])
	}
	if unmet[1].Field != "feedback" || unmet[1].Basis != "条例第15条第2款" {
		t.Errorf("unmet[1] = %+v", unmet[1])
	}
	// method, notice, period ended, draft unchanged since the notice, comments, 4 expert requirements
	if len(met) != 9 {
		t.Errorf("met = %d: %+v", len(met), met)
	}

	// The hearing is required: skipping it shows as a requirement of skip_hearing.
	d.Flags.HearingRequired = true
	d.Hearing = nil // in consultation the hearing is still to come (a saved one makes skipping moot)
	last := Checklist(d, testEnv())
	r := last[len(last)-1]
	if r.Event != SkipHearing || r.Met || r.Basis != "条例第16条" {
		t.Errorf("last = %+v, want the unmet skip_hearing refusal", r)
	}
}

func TestChecklistMeeting(t *testing.T) {
	d := complete(CollectiveDiscussion)
	d.Meetings[0].LegalHeadAttended = false
	d.Meetings[0].Head = HeadNone // not decided yet: an input requirement, not listed
	list := Checklist(d, testEnv())
	byBasis := map[string][]Requirement{}
	for _, r := range list {
		byBasis[r.Basis] = append(byBasis[r.Basis], r)
		if r.Event != Approve {
			t.Errorf("%q listed under %s, want %s", r.Text, r.Event, Approve)
		}
	}
	// meeting, opinions, held by now (条例第30条 ×3); package (29); clock (26); not before the
	// review's signature (25); legal head and approval on a legal review (规划三(二)4 ×2)
	if len(list) != 8 {
		t.Errorf("got %d requirements: %+v", len(list), list)
	}
	if rs := byBasis["规划三(二)4"]; len(rs) != 2 || rs[0].Met || !rs[1].Met {
		t.Errorf("规划三(二)4: %+v", rs)
	}
	for _, r := range list {
		if strings.Contains(r.Text, "行政首长的决定") {
			t.Errorf("input requirement listed: %+v", r)
		}
	}
}

func TestChecklistMissingRecord(t *testing.T) {
	d := complete(Hearing)
	d.Hearing = nil
	list := Checklist(d, testEnv())
	if len(list) != 8 {
		t.Fatalf("got %d requirements, want all 8 hearing requirements: %+v", len(list), list)
	}
	for _, r := range list {
		if r.Met || r.Detail == "" || r.Event != ToRisk {
			t.Errorf("%+v: want unmet under to_risk", r)
		}
	}
	if list[1].Detail != "尚未记录听证" {
		t.Errorf("dependent detail = %q", list[1].Detail)
	}
	if !strings.Contains(list[4].Text, "7日") {
		t.Errorf("materials requirement does not carry the setting: %q", list[4].Text)
	}
}

func TestChecklistProposed(t *testing.T) {
	list := Checklist(&Decision{State: Proposed}, testEnv())
	if len(list) != 4 {
		t.Errorf("got %+v", list)
	}
	for _, r := range list {
		if r.Met || r.Event != Start {
			t.Errorf("%+v", r)
		}
	}
}

func TestChecklistNothingLeft(t *testing.T) {
	for _, s := range []State{Closed, Rejected, Withdrawn, Declined} {
		if list := Checklist(complete(s), testEnv()); len(list) != 0 {
			t.Errorf("%s: %+v", s, list)
		}
	}
	// Only reasons are asked when suspended: nothing record-based to list.
	if list := Checklist(complete(Suspended), testEnv()); len(list) != 0 {
		t.Errorf("suspended: %+v", list)
	}
}

func TestChecklistComplete(t *testing.T) {
	for _, s := range States {
		for _, r := range Checklist(complete(s), testEnv()) {
			if !r.Met {
				t.Errorf("%s: complete fixture unmet %+v", s, r)
			}
		}
	}
}

// TestChecklistSkipMoot: once the risk assessment is saved, "must be assessed, may not be
// skipped" is no red item of the checklist; before, it is.
func TestChecklistSkipMoot(t *testing.T) {
	unmet := func(d *Decision) []string {
		var out []string
		for _, r := range Checklist(d, testEnv()) {
			if !r.Met {
				out = append(out, r.Text)
			}
		}
		return out
	}
	d := complete(RiskAssessment)
	d.Flags.StabilityRisk = true
	if got := unmet(d); len(got) != 0 {
		t.Errorf("assessment saved: unmet %q", got)
	}
	d.Risk = nil
	got := strings.Join(unmet(d), " ")
	if !strings.Contains(got, "必须进行风险评估") || !strings.Contains(got, "须进行风险评估并记录评估报告") {
		t.Errorf("no assessment yet: unmet %q", got)
	}
}
