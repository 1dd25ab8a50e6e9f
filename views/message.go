package views

import "time"

// MessageItem is one message in the message centre.
type MessageItem struct {
	ID      int64
	Kind    string
	Subject string
	Body    string
	Link    string
	At      time.Time
	Unread  bool
}

// KindLabel names a message's kind.
func (m MessageItem) KindLabel() string {
	switch m.Kind {
	case "due_soon":
		return "即将到期"
	case "due_today":
		return "今日到期"
	case "overdue":
		return "已逾期"
	case "urge":
		return "催办"
	case "digest":
		return "每周逾期汇总"
	}
	return m.Kind
}

// MessagesPage is the message centre.
type MessagesPage struct {
	Page
	Messages []MessageItem
}

// NotifyPage is the user's choice of channels.
type NotifyPage struct {
	Page
	Form       *Form
	Done       bool
	EmailOn    bool // the server can send e-mail
	WebhookOn  bool // the server has a group robot
	Deliveries []DeliveryItem
}

// DeliveryItem is one delivery in the user's log.
type DeliveryItem struct {
	Channel  string
	Target   string
	Attempts int
	Status   string
}
