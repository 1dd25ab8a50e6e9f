package web

import (
	"github.com/labstack/echo/v4"

	"juece/views"
	"juece/workflow"
)

func (s *Server) meetingAdd(c echo.Context) error {
	r := readForm(c, "meeting")
	m := workflow.Meeting{
		Kind:              workflow.MeetingKind(r.value("kind")),
		Number:            r.value("number"),
		HeldOn:            r.day("held_on"),
		Attendees:         r.value("attendees"),
		LegalHeadAttended: r.check("legal_head_attended"),
		PackOther:         r.value("pack_other"),
		More:              r.more(),
	}
	return s.apply(c, &workflow.AddMeeting{Entry: r.entry(), Meeting: m}, r.f, nil)
}

// opinionAdd records a member's opinion at the latest meeting, next in speaking order. It is
// never edited afterwards (条例第38条).
func (s *Server) opinionAdd(c echo.Context) error {
	r := readForm(c, "opinion")
	o := workflow.MeetingOpinion{
		Speaker:  r.value("speaker"),
		Position: r.value("position"),
		IsHead:   r.check("is_head"),
		Stance:   workflow.Stance(r.value("stance")),
		Text:     r.value("text"),
		More:     r.more(),
	}
	return s.apply(c, &workflow.AddOpinion{Opinion: o}, r.f, nil)
}

// headDecide records the head's decision at the latest meeting and fires the event it means
// (通过 / 不予通过 / 修改后再议 / 暂缓).
func (s *Server) headDecide(c echo.Context) error {
	r := readForm(c, "head")
	head := workflow.HeadDecision(r.value("head"))
	reason := r.value("reason")
	cmd := &workflow.DecideAtMeeting{Head: head, Reason: reason}
	if head == workflow.HeadNone {
		// No decision chosen: the form has an error, so nothing fires; approve only names who
		// may use the form.
		cmd.Head = workflow.HeadApprove
	}
	if head == workflow.HeadReject {
		typed := []views.Typed{{Label: workflow.LabelOf(workflow.FormHead, "head"), Value: head.Label()},
			{Label: workflow.LabelOf(workflow.FormHead, "reason"), Value: reason}}
		if done, err := s.confirmFirst(c, cmd, r.f, headRejectConfirmation(), typed); done {
			return err
		}
	}
	return s.apply(c, cmd, r.f, nil)
}
