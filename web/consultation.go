package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"juece/workflow"
)

// link reads an optional web address; only http and https are accepted, since it is shown as
// a link to everyone who reads the decision.
func link(r *formReader, name, label string) string {
	v := r.short(name, label, false, 500)
	if v != "" && r.f.Errors[name] == "" {
		low := strings.ToLower(v)
		if !strings.HasPrefix(low, "http://") && !strings.HasPrefix(low, "https://") || strings.ContainsAny(v, " \t\r\n") {
			r.f.Errors[name] = label + "应为以 http:// 或 https:// 开头的网址"
		}
	}
	return v
}

// notAfter puts msg next to field name when date t lies after limit (both already read).
func notAfter(r *formReader, name, msg string, t, limit time.Time) {
	if !t.IsZero() && !limit.IsZero() && workflow.Day(t).After(workflow.Day(limit)) && r.f.Errors[name] == "" {
		r.f.Errors[name] = msg
	}
}

func (s *Server) methodAdd(c echo.Context) error {
	r := readForm(c, "method")
	m := workflow.ConsultationMethod{
		Method:       workflow.Method(r.value("method")),
		HeldOn:       r.day("held_on"),
		Participants: r.value("participants"),
		Summary:      r.value("summary"),
		More:         r.more(),
	}
	return s.apply(c, &workflow.AddMethod{Entry: r.entry(), Method: m}, r.f, nil)
}

func (s *Server) noticeSave(c echo.Context) error {
	r := readForm(c, "notice")
	n := workflow.CommentNotice{
		Channel:     r.value("channel"),
		HowToSubmit: r.value("how_to_submit"),
		Explanation: r.value("explanation"),
		StartsOn:    r.day("starts_on"),
		EndsOn:      r.day("ends_on"),
		Link:        r.value("link"),
		ShortReason: r.value("short_reason"),
		PublishedOn: r.day("published_on"),
		More:        r.more(),
	}
	notAfter(r, "ends_on", "截止日期不得早于开始日期", n.StartsOn, n.EndsOn)
	return s.apply(c, &workflow.SaveNotice{Entry: r.entry(), Notice: n}, r.f, nil)
}

func (s *Server) commentAdd(c echo.Context) error {
	r := readForm(c, "comment")
	x := workflow.Comment{
		Source:     r.value("source"),
		Author:     r.value("author"),
		Contact:    r.value("contact"),
		ReceivedAt: r.day("received_on"),
		Body:       r.value("body"),
	}
	return s.apply(c, &workflow.AddComment{Comment: x}, r.f, nil)
}

func (s *Server) commentDispose(c echo.Context) error {
	cid, err := pathID(c, "cid")
	if err != nil {
		return err
	}
	r := readFormOf(c, fmt.Sprintf("disposition-%d", cid), string(workflow.RecDisposition))
	disp := workflow.Disposition(r.value("disposition"))
	reason := r.value("reason")
	cmd := &workflow.DisposeComment{CommentID: cid, Disposition: disp, Reason: reason}
	if c.FormValue("back") == "comment" { // sent from the comment's own page (web/comments.go)
		return s.applyWith(c, cmd, r.f, s.commentAnswers(c, cid))
	}
	return s.apply(c, cmd, r.f, nil)
}

func (s *Server) feedbackSave(c echo.Context) error {
	r := readForm(c, "feedback")
	fb := workflow.Feedback{
		PublishedOn: r.day("published_on"),
		Channel:     r.value("channel"),
		Summary:     r.value("summary"),
		More:        r.more(),
	}
	return s.apply(c, &workflow.SaveFeedback{Entry: r.entry(), Feedback: fb}, r.f, nil)
}

// expertAdd records an expert's written opinion. Opinions are never edited once recorded, so
// everything the record consists of is asked for here; whether each is signed and free of
// interest is for the gates to weigh.
func (s *Server) expertAdd(c echo.Context) error {
	r := readForm(c, "expert")
	x := workflow.ExpertOpinion{
		Name:          r.value("name"),
		Field:         r.value("field"),
		Organisation:  r.value("organisation"),
		Opinion:       r.value("opinion"),
		Conclusion:    r.value("conclusion"),
		Signed:        r.check("signed"),
		SignedOn:      r.day("signed_on"),
		NoInterest:    r.check("no_interest"),
		DifferingView: r.check("differing_view"),
		More:          r.more(),
	}
	return s.apply(c, &workflow.AddExpert{Entry: r.entry(), Opinion: x}, r.f, nil)
}
