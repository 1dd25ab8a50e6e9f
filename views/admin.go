package views

// UserItem is one account on the admin page.
type UserItem struct {
	ID       int64
	Username string
	Name     string
	Unit     string
	Role     string
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
}

// LoginLockItem is a login pause in force: of one account name from an address, or of an
// address for every name (Username "").
type LoginLockItem struct {
	Username string
	Address  string
	Failures int
	Until    string
}
