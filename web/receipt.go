package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
)

// The citizen's receipt (issue 16): the comment form redirects here, and anyone with a
// comment's reference number and receipt code looks up its handling here later. The code is
// in the address (a GET form, a page to bookmark), so the page is neither cached nor sent as a
// referrer.

// receiptURL is the receipt page of comment ref with code.
func receiptURL(ref, code string) string {
	return "/public/receipts?" + url.Values{"ref": {ref}, "code": {code}}.Encode()
}

// formatCode writes a code as typed in its printed form, ABCD-EFGH.
func formatCode(s string) string {
	s = store.NormalizeReceiptCode(s)
	if len(s) > 4 {
		return s[:4] + "-" + s[4:]
	}
	return s
}

func (s *Server) publicReceipt(c echo.Context) error {
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	ref, code := strings.TrimSpace(c.QueryParam("ref")), strings.TrimSpace(c.QueryParam("code"))
	if strings.HasPrefix(strings.ToUpper(ref), "YY") { // an objection's number (objection.go)
		return c.Redirect(http.StatusFound, objectionReceiptURL(ref, code))
	}
	f := views.NewForm("receipt", map[string]string{"ref": ref, "code": code})
	p := views.PublicReceipt{Page: publicPage("查询意见处理情况"), Form: f}
	if !c.QueryParams().Has("ref") && !c.QueryParams().Has("code") {
		return render(c, http.StatusOK, views.PublicReceiptView(p))
	}
	if ref == "" {
		f.Errors["ref"] = "请填写意见编号"
	}
	if code == "" {
		f.Errors["code"] = "请填写查询码"
	}
	if !f.HasErrors() {
		if done, err := s.receiptThrottled(c, p); done {
			return err
		}
		ctx := c.Request().Context()
		decisionID, found, err := s.db.CommentByReceipt(ctx, ref, code)
		if err == nil {
			d, err := s.db.DecisionParts(ctx, decisionID, consultationParts)
			if err != nil {
				return err
			}
			today := s.today()
			rc := &views.ReceiptComment{Ref: found.Ref, Code: formatCode(code), ReceivedAt: found.ReceivedAt, Body: found.Body,
				DecisionTitle: d.Title, Published: feedbackPublic(d, today)}
			if consultationPublic(d, today) {
				rc.ConsultationID = d.ID
			}
			if rc.Published {
				rc.FeedbackOn, rc.Disposition, rc.Reason = d.Feedback.PublishedOn, found.Disposition, found.Reason
			}
			p.Comment, p.Page.Title = rc, pageTitle("意见回执 "+found.Ref)
			return render(c, http.StatusOK, views.PublicReceiptView(p))
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		s.receiptMisses.take(s.clientIP(c), s.now())
		f.Errors["ref"] = "未找到与该意见编号和查询码相符的意见，请核对回执上的意见编号"
		f.Errors["code"] = "请核对查询码（8 位字母和数字）"
	}
	p.Missing, p.Page.Title = true, pageTitle("错误：查询意见处理情况")
	return render(c, http.StatusNotFound, views.PublicReceiptView(p))
}
