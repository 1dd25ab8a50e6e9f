package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"juece/views"
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
		Method:       workflow.Method(r.choice("method", "听取意见的方式", true, strs(workflow.Methods))),
		HeldOn:       r.date("held_on", "日期", true),
		Participants: r.text("participants", "参加人员", true),
		Summary:      r.text("summary", "意见情况", true),
	}
	return s.apply(c, &workflow.AddMethod{Method: m}, r.f, nil)
}

func (s *Server) noticeSave(c echo.Context) error {
	r := readForm(c, "notice")
	n := workflow.CommentNotice{
		Channel:     r.short("channel", "发布渠道", true, 200),
		HowToSubmit: r.text("how_to_submit", "意见提交方式", true),
		Explanation: r.text("explanation", "起草说明", true),
		StartsOn:    r.date("starts_on", "征求意见开始日期", true),
		EndsOn:      r.date("ends_on", "征求意见截止日期", true),
		Link:        link(r, "link", "公告链接"),
		ShortReason: r.text("short_reason", "期限缩短的理由", false),
		PublishedOn: r.date("published_on", "公告发布日期", false),
	}
	notAfter(r, "ends_on", "截止日期不得早于开始日期", n.StartsOn, n.EndsOn)
	return s.apply(c, &workflow.SaveNotice{Notice: n}, r.f, nil)
}

// commentSources are the values of the comment form's source select.
func commentSources() []string {
	out := make([]string, len(views.CommentSources))
	for i, o := range views.CommentSources {
		out[i] = o.Value
	}
	return out
}

func (s *Server) commentAdd(c echo.Context) error {
	r := readForm(c, "comment")
	x := workflow.Comment{
		Source:     r.choice("source", "来源", true, commentSources()),
		Author:     r.short("author", "提出人", false, 100),
		Contact:    r.short("contact", "联系方式", false, 100),
		ReceivedAt: r.date("received_on", "收到日期", false),
		Body:       r.short("body", "意见内容", true, 5000),
	}
	return s.apply(c, &workflow.AddComment{Comment: x}, r.f, nil)
}

func (s *Server) commentDispose(c echo.Context) error {
	cid, err := pathID(c, "cid")
	if err != nil {
		return err
	}
	r := readForm(c, fmt.Sprintf("disposition-%d", cid))
	disp := workflow.Disposition(r.choice("disposition", "处理结果", true, strs(workflow.Dispositions)))
	reason := r.text("reason", "理由", true)
	return s.apply(c, &workflow.DisposeComment{CommentID: cid, Disposition: disp, Reason: reason}, r.f, nil)
}

func (s *Server) feedbackSave(c echo.Context) error {
	r := readForm(c, "feedback")
	fb := workflow.Feedback{
		PublishedOn: r.date("published_on", "发布日期", true),
		Channel:     r.short("channel", "发布渠道", true, 200),
		Summary:     r.text("summary", "采纳情况说明", false),
	}
	return s.apply(c, &workflow.SaveFeedback{Feedback: fb}, r.f, nil)
}

// expertAdd records an expert's written opinion. Opinions are never edited once recorded, so
// everything the record consists of is asked for here; whether each is signed and free of
// interest is for the gates to weigh.
func (s *Server) expertAdd(c echo.Context) error {
	r := readForm(c, "expert")
	x := workflow.ExpertOpinion{
		Name:          r.short("name", "专家姓名", true, 100),
		Field:         r.short("field", "专业领域", true, 200),
		Organisation:  r.short("organisation", "工作单位", true, 200),
		Opinion:       r.text("opinion", "论证意见", true),
		Conclusion:    r.text("conclusion", "对科学性、合理性、可行性的论证结论", true),
		Signed:        r.check("signed"),
		SignedOn:      r.date("signed_on", "签署日期", false),
		NoInterest:    r.check("no_interest"),
		DifferingView: r.check("differing_view"),
	}
	return s.apply(c, &workflow.AddExpert{Opinion: x}, r.f, nil)
}
