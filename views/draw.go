package views

import (
	"fmt"
	"time"

	"juece/workflow"
)

// DrawView is a decision's draw of hearing participants as the staff's page shows it: every
// sign-up with its contact and declaration of interest, and the forms the clerk may use now.
type DrawView struct {
	Draw      *workflow.HearingDraw // nil until the method is published
	Standings []workflow.Standing   // the drawn order, once drawn
	Closed    bool                  // the sign-up has closed: the draw may take place
	MaySetUp  bool
	MayDraw   bool
	MayEdit   bool // may withdraw sign-ups
}

// PublicDraw is the draw as the portal shows it: the method and commitment ahead, the sign-ups
// by receipt number and category, then the seed, the witnesses and the drawn list with names,
// never contacts or declarations.
type PublicDraw struct {
	ClosesOn    time.Time
	Quotas      []workflow.Quota
	SeedHash    string
	CommittedAt time.Time
	Open        bool                 // sign-up is open today
	Entries     []workflow.DrawEntry // the sign-ups the draw takes (or took), by receipt number
	Drawn       bool
	DrawnAt     time.Time
	Seed        string
	ListDigest  string
	Witnesses   string
	Standings   []PublicStanding
	Form        *Form
	Receipt     *workflow.HearingSignup
}

// PublicStanding is one drawn sign-up on the portal.
type PublicStanding struct {
	Category     string
	Rank         int
	Ref          string
	Name         string
	Organisation string
	Status       string
	Reserve      int
}

// CategoryOptions are the categories with seats, for the sign-up form.
func (p PublicDraw) CategoryOptions() []Option {
	var out []Option
	for _, q := range p.Quotas {
		out = append(out, Option{Value: q.Category, Label: q.Category})
	}
	return out
}

// quotaList shows the seats, e.g. 利害关系人 5 名，群众代表 3 名.
func quotaList(qs []workflow.Quota) string {
	var out string
	for i, q := range qs {
		if i > 0 {
			out += "，"
		}
		out += fmt.Sprintf("%s %d 名", q.Category, q.Seats)
	}
	return out
}

// standingLabel is a drawn sign-up's result, with a reserve's place in the queue.
func standingLabel(status string, reserve int) string {
	if reserve > 0 {
		return fmt.Sprintf("%s第 %d 位", status, reserve)
	}
	return status
}
