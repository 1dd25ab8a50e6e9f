package views

// UserItem is one account on the admin page.
type UserItem struct {
	ID       int64
	Username string
	Name     string
	Unit     string
	Role     string
	Heads    string // 法制机构负责人 / 承办单位负责人, or ""
	Warning  string // a separation-of-duties problem of this account, or ""
	Disabled bool
	Created  string
}

// UsersPage is the admin's account list with the forms to add, reset and disable.
type UsersPage struct {
	Page
	Users  []UserItem
	Add    *Form
	Reset  *Form // the refused reset form, keyed by user
	Units  []Option
	Roles  []Option
	Notice string
	Locks  []LoginLockItem
	// Calendar: next year's holidays are not entered yet (the year), 0 otherwise.
	CalendarMissing int
}

// LoginLockItem is a login pause in force: of one account name from an address, or of an
// address for every name (Username "").
type LoginLockItem struct {
	Username string
	Address  string
	Failures int
	Until    string
}

// dutyWarnings are the accounts with a separation-of-duties problem.
func dutyWarnings(users []UserItem) []UserItem {
	var out []UserItem
	for _, u := range users {
		if u.Warning != "" {
			out = append(out, u)
		}
	}
	return out
}
