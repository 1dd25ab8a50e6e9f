package web

import (
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/workflow"
)

func (s *Server) meetingAdd(c echo.Context) error {
	r := readForm(c, "meeting")
	m := workflow.Meeting{
		Kind:              workflow.MeetingKind(r.choice("kind", "会议类型", true, strs(workflow.MeetingKinds))),
		Number:            r.short("number", "会次", true, 100),
		HeldOn:            r.date("held_on", "会议日期", true),
		Attendees:         r.text("attendees", "出席人员", true),
		LegalHeadAttended: r.check("legal_head_attended"),
		PackOther:         r.short("pack_other", "其他材料", false, 500),
	}
	// The agenda package is what the records hold (条例第29条): none of it may be missing.
	if d := s.peek(c); d != nil {
		if miss := workflow.MissingAgenda(d); len(miss) > 0 {
			r.f.Top = append(r.f.Top, "提请讨论的材料缺少"+strings.Join(miss, "、")+"，不能登记会议（条例第29条）。")
		}
	}
	return s.record(c, workflow.RecMeeting, r.f, func(tx *store.Tx, a workflow.Actor, at time.Time, d *workflow.Decision) error {
		_, err := tx.AddMeeting(c.Request().Context(), a, at, d, m)
		return err
	})
}

// undecidedMeeting says what stands in the way of recording at the latest meeting: none
// recorded yet, or its head has already decided (a resubmitted decision needs a new meeting).
func undecidedMeeting(d *workflow.Decision) string {
	m := d.LatestMeeting()
	switch {
	case m == nil:
		return "尚未登记集体讨论会议，请先登记会议。"
	case m.Head != workflow.HeadNone:
		return "最近一次会议已作出决定（" + m.Head.Label() + "）；再次提请讨论的，请先登记新的会议。"
	}
	return ""
}

// opinionAdd records a member's opinion at the latest meeting, next in speaking order. It is
// never edited afterwards (条例第38条).
func (s *Server) opinionAdd(c echo.Context) error {
	r := readForm(c, "opinion")
	o := workflow.MeetingOpinion{
		Speaker:  r.short("speaker", "发言人", true, 100),
		Position: r.short("position", "职务", false, 100),
		IsHead:   r.check("is_head"),
		Stance:   workflow.Stance(r.choice("stance", "意见", true, strs(workflow.Stances))),
		Text:     r.text("text", "发言内容", true),
	}
	if d := s.peek(c); d != nil {
		if msg := undecidedMeeting(d); msg != "" {
			r.f.Top = append(r.f.Top, msg)
		}
	}
	return s.record(c, workflow.RecOpinion, r.f, func(tx *store.Tx, a workflow.Actor, at time.Time, d *workflow.Decision) error {
		m := d.LatestMeeting()
		if m == nil {
			return store.ErrConflict // the meeting checked above is gone: someone changed the decision
		}
		_, err := tx.AddOpinion(c.Request().Context(), a, at, d, m.ID, o)
		return err
	})
}

// headDecide records the head's decision at the latest meeting and fires the event it means
// (通过 / 不予通过 / 修改后再议 / 暂缓).
func (s *Server) headDecide(c echo.Context) error {
	r := readForm(c, "head")
	head := workflow.HeadDecision(r.choice("head", "行政首长的决定", true, strs(workflow.HeadDecisions)))
	reason := r.text("reason", "理由", false)
	ev := workflow.HeadEvent(head)
	if ev == "" {
		// No decision chosen: the form has an error, so nothing fires; approve only names who
		// may use the form and where it is shown again.
		ev = workflow.Approve
	}
	if d := s.peek(c); d != nil {
		if m := d.LatestMeeting(); m != nil && m.Head != workflow.HeadNone {
			r.f.Top = append(r.f.Top, undecidedMeeting(d))
		}
	}
	return s.fire(c, ev, r.f, workflow.Input{Reason: reason},
		func(d *workflow.Decision) {
			// Without a meeting the gates say so.
			if m := d.LatestMeeting(); m != nil {
				m.Head, m.DepartureReason = head, reason
			}
		},
		func(tx *store.Tx, a workflow.Actor, at time.Time, d *workflow.Decision) error {
			m := d.LatestMeeting()
			if m == nil {
				return store.ErrConflict
			}
			return tx.SetHeadDecision(c.Request().Context(), a, at, d, m.ID, head, reason)
		})
}
