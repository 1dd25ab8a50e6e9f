package workflow

import "time"

// Reminders (办理提醒): the people who act on a decision's current stage are told when its limit
// (Limit) is near, has come, or has passed — on working days only, so that a reminder meets
// someone at work.

// Reminder is the kind of reminder a stage calls for.
type Reminder string

// The reminders, in the order a stage meets them.
const (
	RemindNone    Reminder = ""
	RemindSoon    Reminder = "due_soon"  // within Settings.RemindWorkdays working days
	RemindToday   Reminder = "due_today" // the limit is today
	RemindOverdue Reminder = "overdue"   // the limit has passed
)

// Label is the reminder in Chinese.
func (r Reminder) Label() string {
	switch r {
	case RemindSoon:
		return "即将到期"
	case RemindToday:
		return "今日到期"
	case RemindOverdue:
		return "已逾期"
	}
	return ""
}

// ReminderFor is the reminder a stage whose limit is on limit's day calls for today (env.Now):
// none on a non-working day, nor more than Settings.RemindWorkdays working days ahead.
func ReminderFor(limit time.Time, env Env) Reminder {
	today, day := Day(env.Now), Day(limit)
	switch {
	case !env.Calendar.IsWorkday(today):
		return RemindNone
	case day.Equal(today):
		return RemindToday
	case day.Before(today):
		return RemindOverdue
	case env.Calendar.WorkdaysBetween(today, day) <= env.Settings.RemindWorkdays:
		return RemindSoon
	}
	return RemindNone
}

// StageActors are the roles that act on a decision in state s: those that record what the
// stage asks for. A clerk acts for their own unit only; that check is the caller's.
func StageActors(s State) []Role {
	var out []Role
	for _, role := range []Role{RoleClerk, RoleReviewer, RoleSecretary} {
		if len(RecordsOf(role, s)) > 0 {
			out = append(out, role)
		}
	}
	return out
}
