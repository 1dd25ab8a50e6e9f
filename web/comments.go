package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// commentsShow is a consultation's comments page: the undertaking unit's clerk disposes of
// them there, a group or a selection at a time; whoever may read the decision sees it.
func (s *Server) commentsShow(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	d, err := s.pathDecisionParts(c, func(d *workflow.Decision) bool { return mayView(u, d) }, 0)
	if err != nil {
		return err
	}
	return s.renderComments(c, u, d, http.StatusOK, commentsFilterOf(c), nil)
}

// commentsFilterOf reads the page's filter from the query or the posted form; a value that
// is not one the page offers is ignored.
func commentsFilterOf(c echo.Context) store.CommentFilter {
	f := store.CommentFilter{Status: c.FormValue("status"), Source: strings.TrimSpace(c.FormValue("source"))}
	known := f.Status == ""
	for _, o := range views.CommentStatuses() {
		known = known || o.Value == f.Status
	}
	if !known {
		f.Status = ""
	}
	if len([]rune(f.Source)) > 50 {
		f.Source = ""
	}
	f.Group, _ = strconv.ParseInt(c.FormValue("group"), 10, 64)
	if f.Group < 0 {
		f.Group = 0
	}
	f.Page, _ = strconv.Atoi(c.FormValue("page"))
	if f.Page < 1 || f.Page > 100000 {
		f.Page = 1
	}
	return f
}

// renderComments draws the comments page of d (its row alone is loaded) under filter f; form
// is the refused disposition form, nil for a fresh one.
func (s *Server) renderComments(c echo.Context, u *store.User, d *workflow.Decision, status int, f store.CommentFilter, form *views.Form) error {
	data, err := s.db.CommentPage(c.Request().Context(), d.ID, f)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound // the group of a comment of another decision, or of none
	}
	if err != nil {
		return err
	}
	p := views.CommentsPage{
		Page:       page(c, "公众意见："+d.Title, "decisions"),
		DecisionID: d.ID, Title: d.Title,
		Filter: views.CommentsFilter{Status: f.Status, Source: f.Source, Group: f.Group},
		Total:  data.Total, Comments: data.Comments, All: data.All, Pending: data.Pending,
		ByStatus: data.ByStatus, Sources: data.Sources, BySource: data.BySource, GroupText: data.GroupText,
		PageNo: f.Page, Pages: (data.Total + store.CommentsPerPage - 1) / store.CommentsPerPage,
		MayDispose: mayChange(u, d) && u.Role == workflow.RoleClerk && workflow.MayRecord(u.Role, workflow.RecDisposition, d.State),
		Form:       form,
		Flash:      takeFlash(c),
	}
	if p.Form == nil {
		p.Form = views.NewForm("bulk", nil)
	}
	if p.Form.HasErrors() {
		p.Page.Title = "错误：" + p.Page.Title
	}
	for _, g := range data.Groups {
		p.Groups = append(p.Groups, views.CommentGroupRow{First: g.First, Count: g.Count, PendingIDs: g.PendingIDs, Dispositions: g.Dispositions})
	}
	return render(c, status, views.CommentsView(p))
}

// commentsDispose records one disposition with one reason for every comment ticked on the
// comments page (a group's checkbox carries the ids of its pending comments), as one command.
func (s *Server) commentsDispose(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	r := readFormOf(c, "bulk", string(workflow.RecDisposition))
	filter := commentsFilterOf(c)
	cmd := &workflow.DisposeComments{Disposition: workflow.Disposition(r.value("disposition")), Reason: r.value("reason")}
	sel := c.Request().Form["sel"]
	r.f.Values["sel"] = sel
	cmd.CommentIDs, err = splitIDs(sel, workflow.MaxBulkComments)
	switch {
	case err != nil:
		r.f.Errors["comments"] = "所选意见无效，请刷新页面后重新选择"
	case len(cmd.CommentIDs) == 0:
		r.f.Errors["comments"] = "请至少选择一条待处理的意见"
	}
	saved := func() error {
		setFlash(c, fmt.Sprintf("已处理 %d 条意见：%s。", len(cmd.CommentIDs), cmd.Disposition.Label()))
		id, _ := pathID(c, "id")
		p := views.CommentsPage{DecisionID: id}
		return redirect(c, p.URL(views.CommentsFilter{Status: filter.Status, Source: filter.Source, Group: filter.Group}, 1))
	}
	refuse := func(status int, f *views.Form, problems []workflow.Problem) error {
		d, err := s.pathDecisionParts(c, func(d *workflow.Decision) bool { return mayView(u, d) }, 0)
		if err != nil {
			return err
		}
		if len(problems) > 0 {
			// The same form sent twice (a double click, a resent page): the first did it all.
			full, err := s.db.Decision(c.Request().Context(), d.ID)
			if err != nil {
				return err
			}
			if alreadyDisposed(full, cmd) {
				return saved()
			}
		}
		if status == http.StatusConflict {
			f.Top = append(f.Top, "在您提交期间本事项有了变化，未保存任何内容；请核对后重新提交。")
		}
		return s.renderComments(c, u, d, status, filter, f)
	}
	return s.applyWith(c, cmd, r.f, applyOpts{onRefuse: refuse, onSaved: saved, current: true})
}

// alreadyDisposed says whether every comment cmd names has cmd's disposition and reason on d.
func alreadyDisposed(d *workflow.Decision, cmd *workflow.DisposeComments) bool {
	want := make(map[int64]bool, len(cmd.CommentIDs))
	for _, id := range cmd.CommentIDs {
		want[id] = true
	}
	for _, x := range d.Comments {
		if want[x.ID] {
			if x.Disposition != cmd.Disposition || x.Reason != cmd.Reason {
				return false
			}
			delete(want, x.ID)
		}
	}
	return len(want) == 0
}

// splitIDs reads the ticked values, each a list of ids and runs a-b (views.JoinIDs), into at
// most most distinct ids.
func splitIDs(values []string, most int) ([]int64, error) {
	seen := map[int64]bool{}
	var out []int64
	add := func(id int64) error {
		if id <= 0 {
			return fmt.Errorf("bad id %d", id)
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
		if len(out) > most {
			return fmt.Errorf("more than %d ids", most)
		}
		return nil
	}
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if part == "" {
				continue
			}
			lo, hi, isRun := strings.Cut(part, "-")
			a, err := strconv.ParseInt(lo, 10, 64)
			if err != nil {
				return nil, err
			}
			b := a
			if isRun {
				if b, err = strconv.ParseInt(hi, 10, 64); err != nil || b < a || b-a > int64(most) {
					return nil, fmt.Errorf("bad run %q", part)
				}
			}
			for id := a; id <= b; id++ {
				if err := add(id); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, nil
}

// commentShow is one comment's page: where its disposition is recorded or changed one by one.
func (s *Server) commentShow(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	d, err := s.pathDecisionParts(c, func(d *workflow.Decision) bool { return mayView(u, d) }, 0)
	if err != nil {
		return err
	}
	return s.renderComment(c, u, d, http.StatusOK, nil)
}

// renderComment draws comment :cid of d; form is the refused disposition form, nil for the
// one filled with what is recorded.
func (s *Server) renderComment(c echo.Context, u *store.User, d *workflow.Decision, status int, form *views.Form) error {
	cid, err := pathID(c, "cid")
	if err != nil {
		return err
	}
	x, err := s.db.Comment(c.Request().Context(), d.ID, cid)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	p := views.CommentPage{
		Page:       page(c, "公众意见 "+x.Ref+"："+d.Title, "decisions"),
		DecisionID: d.ID, Title: d.Title, Version: d.Version, C: x, Form: form, Flash: takeFlash(c),
		MayDispose: mayChange(u, d) && u.Role == workflow.RoleClerk && workflow.MayRecord(u.Role, workflow.RecDisposition, d.State),
	}
	if p.Form == nil {
		p.Form = views.NewForm(fmt.Sprintf("disposition-%d", x.ID), map[string]string{"disposition": string(x.Disposition), "reason": x.Reason})
	}
	if p.Form.HasErrors() {
		p.Page.Title = "错误：" + p.Page.Title
	}
	return render(c, status, views.CommentView(p))
}

// commentAnswers are the answers to one comment's disposition sent from its own page: refused,
// the page again with what was typed; saved, back to it.
func (s *Server) commentAnswers(c echo.Context, cid int64) applyOpts {
	page := func(status int, f *views.Form) error {
		u, err := requireUser(c)
		if err != nil {
			return err
		}
		d, err := s.pathDecisionParts(c, func(d *workflow.Decision) bool { return mayView(u, d) }, 0)
		if err != nil {
			return err
		}
		return s.renderComment(c, u, d, status, f)
	}
	return applyOpts{
		onRefuse: func(status int, f *views.Form, _ []workflow.Problem) error {
			if status == http.StatusConflict {
				f.Top = append(f.Top, "在您填写期间本事项有了变化，未保存任何内容；您填写的内容保留在下方，请核对后重新提交。")
			}
			return page(status, f)
		},
		onSaved: func() error {
			setFlash(c, "已保存处理结果。")
			id, _ := pathID(c, "id")
			return redirect(c, fmt.Sprintf("/decisions/%d/comments/%d", id, cid))
		},
	}
}
