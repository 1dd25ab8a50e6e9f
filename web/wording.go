package web

import (
	"fmt"
	"strings"

	"juece/store"
	"juece/views"
)

// changedMeanwhile says what changed a decision while u filled in a form, from its history:
// who did it — "您本人" when it was u, in another tab or window — when, and what.
func changedMeanwhile(u *store.User, events []store.Event) string {
	if len(events) == 0 {
		return "在您填写期间，该决策事项已被修改。"
	}
	e := events[len(events)-1]
	who := fmt.Sprintf("%s（%s）", e.UserName, e.Role.Label())
	if u != nil && e.UserID == u.ID {
		who = "您本人（在另一个页面或窗口中）"
	}
	return fmt.Sprintf("在您填写期间，%s于 %s 修改了该决策事项：%s。", who, views.DateTime(e.At), strings.TrimRight(e.Summary, "。"))
}
