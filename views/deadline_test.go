package views

import (
	"testing"
	"time"

	"juece/workflow"
)

func TestDeadlineText(t *testing.T) {
	on := time.Date(2026, 4, 13, 0, 0, 0, 0, workflow.Shanghai)
	for _, c := range []struct {
		d    Deadline
		want string
	}{
		{Deadline{Label: "征求意见截止", On: on, WorkdaysLeft: 3}, "征求意见截止 2026年4月13日，剩余 3 个工作日"},
		{Deadline{Label: "本阶段期限", On: on, OverdueDays: 5}, "本阶段期限 2026年4月13日，已逾期 5 日"},
		{Deadline{Label: "最早可提请集体讨论", On: on, Minimum: true, WorkdaysLeft: 2}, "最早可提请集体讨论 2026年4月13日，还需 2 个工作日"},
		{Deadline{Label: "最早可提请集体讨论", On: on, Minimum: true, OverdueDays: 4}, "最早可提请集体讨论 2026年4月13日，审查时间已满足"},
		{Deadline{Label: "征求意见截止", On: on}, "征求意见截止 2026年4月13日，今日到期"},
		// Legality review: the minimum, then the stage's limit, each labelled for what it is.
		{Deadline{Label: "最早可提请集体讨论", On: on, Minimum: true, WorkdaysLeft: 2,
			Limit: &Deadline{Label: "本阶段期限", On: on.AddDate(0, 3, 0), WorkdaysLeft: 60}},
			"最早可提请集体讨论 2026年4月13日，还需 2 个工作日；本阶段期限 2026年7月13日，剩余 60 个工作日"},
	} {
		if got := c.d.Text(); got != c.want {
			t.Errorf("Text = %q, want %q", got, c.want)
		}
	}
	if (Deadline{Minimum: true, OverdueDays: 4}).Late() {
		t.Error("a passed earliest date is late")
	}
}

func TestDeadlineTodayAndLate(t *testing.T) {
	for _, c := range []struct {
		d           Deadline
		today, late bool
	}{
		{Deadline{WorkdaysLeft: 0}, true, false},
		{Deadline{WorkdaysLeft: 1}, false, false},
		{Deadline{OverdueDays: 1}, false, true},
		{Deadline{Minimum: true}, false, false}, // the earliest date reached is no alarm
		{Deadline{Minimum: true, OverdueDays: 3, Limit: &Deadline{WorkdaysLeft: 0}}, true, false},
		{Deadline{Minimum: true, OverdueDays: 90, Limit: &Deadline{OverdueDays: 2}}, false, true},
	} {
		if c.d.Today() != c.today || c.d.Late() != c.late {
			t.Errorf("%+v: today %v late %v, want %v %v", c.d, c.d.Today(), c.d.Late(), c.today, c.late)
		}
	}
}
