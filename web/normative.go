package web

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// Normative documents (行政规范性文件): they are decisions of another kind, so their page is the
// decision page (/decisions/:id) drawn by NormativeDocView, the shared stages' forms post to the
// decision's routes, and their own records to the routes below, all through s.apply.

// consulted reports whether u is a clerk of a department asked for its opinion on d.
func consulted(u *store.User, d *workflow.Decision) bool {
	if u.Role != workflow.RoleClerk || d.Normative == nil {
		return false
	}
	for _, r := range d.Normative.Requests {
		if r.UnitID == u.UnitID {
			return true
		}
	}
	return false
}

// kindNoun names the matter in a refusal.
func kindNoun(d *workflow.Decision) string {
	if d.Kind == workflow.KindNormative {
		return "该规范性文件"
	}
	return "该决策事项"
}

// normativeEvent reports whether ev is an event of the normative procedure's own.
func normativeEvent(ev workflow.Event) bool {
	_, ok := workflow.Normative.TransitionOf(ev)
	return ok
}

// renderNormative draws a normative document's page from the decision page p built for it.
func (s *Server) renderNormative(c echo.Context, u *store.User, d *workflow.Decision, status int, p views.DecisionPage) error {
	env := s.env()
	n := views.NewNormPanel(d, env)
	n.OwnUnit = mayChange(u, d)
	for _, r := range n.N.Requests {
		if r.Reply == nil && u.Role == workflow.RoleClerk && r.UnitID == u.UnitID && d.State == workflow.Drafting {
			n.Answerable = append(n.Answerable, r.ID)
		}
	}
	if n.OwnUnit {
		n.MayRequest = p.Can[workflow.RecDeptRequest]
		n.MayCoord = p.Can[workflow.RecCoordination]
		n.MayRule = p.Can[workflow.RecRuling]
		n.MayPublish = p.Can[workflow.RecNormPublish] && n.N.Doc == nil
		n.MayFile = p.Can[workflow.RecFiling] && n.N.Doc != nil && n.N.Doc.Filing == nil
		n.MayValidity = p.Can[workflow.RecValidity] && n.N.Doc != nil
		n.MayCleanup = p.Can[workflow.RecCleanup] && n.N.Doc != nil && n.N.Doc.Status == workflow.Valid
		n.MayReview = p.Can[workflow.RecFilingReview] && n.N.Doc != nil && n.N.Doc.Filing != nil && n.N.Doc.Filing.Review == nil
	}
	n.MayAnswer = p.Can[workflow.RecObjectionReply]
	if n.MayRequest {
		units, err := s.db.Units(c.Request().Context())
		if err != nil {
			return err
		}
		n.Units = []views.Option{{Value: "", Label: "请选择"}}
		for _, x := range units {
			if x.ID != d.UnitID {
				n.Units = append(n.Units, views.Option{Value: itoa(x.ID), Label: x.Name})
			}
		}
	}
	var err error
	if n.Versions, err = s.versions(c, d); err != nil {
		return err
	}
	p.Page.Title = strings.Replace(p.Page.Title, d.Title, d.Title+" · 规范性文件", 1)
	return render(c, status, views.NormativeDocView(p, n))
}

// normativeList is the register of normative documents, with the filing clock: the published
// ones not yet filed show their due day, the late ones are marked.
func (s *Server) normativeList(c echo.Context) error {
	return s.normatives(c, false)
}

// filingReviewQueue is the legal office's queue: the filed documents awaiting the filing review.
func (s *Server) filingReviewQueue(c echo.Context) error {
	return s.normatives(c, true)
}

func (s *Server) normatives(c echo.Context, queue bool) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	if u.Role == workflow.RoleAdmin || queue && u.Role != workflow.RoleReviewer {
		return errForbidden
	}
	f := views.NewForm("filter", nil)
	q := strings.TrimSpace(c.QueryParam("q"))
	f.Values.Set("q", q)
	cleanup := !queue && c.QueryParam("cleanup") == "1"
	rows, err := s.db.Normatives(c.Request().Context(), store.NormativeFilter{Query: q, AwaitingReview: queue, PublishedOnly: cleanup})
	if err != nil {
		return err
	}
	env := s.env()
	p := views.NormativeListPage{Page: page(c, "行政规范性文件", "normative"), Now: env.Now, Filter: f,
		Heading: "行政规范性文件", Action: "/normative",
		Intro: "统一登记、统一编号、统一发布（规划三(三)1）；自公布之日起15日内报送备案（规划三(三)3）。",
		Due:   map[int64]time.Time{}, Late: map[int64]bool{}, MayAdd: u.Role == workflow.RoleClerk, Label: workflow.Normative.StateLabel}
	if queue {
		p.Page.Title, p.Heading, p.Action = "备案审查", "备案审查", "/normative/filing-review"
		p.Intro = "已报送备案、尚未作出审查结论的规范性文件。重点审查是否违法增加公民、法人和其他组织义务或者影响其合法权益，是否搞地方或行业保护（规划三(三)3）。"
	}
	if cleanup {
		p.Page.Title, p.Heading, p.Action, p.Cleanup = "待清理的规范性文件", "待清理的规范性文件", "/normative", true
		p.Intro = fmt.Sprintf("现行有效、距公布或上次清理已满%d年的文件。清理结果为继续有效、修改、废止或宣布失效，须写明理由，并向社会公布（规划三(三)3）。", env.Settings.NormCleanupYears)
	}
	for _, r := range rows {
		if u.Role == workflow.RoleClerk && r.UnitName != u.UnitName {
			continue
		}
		if cleanup {
			doc := &workflow.NormativeDoc{PublishedOn: r.PublishedOn, Status: r.Status}
			if !r.CleanedAt.IsZero() {
				doc.Cleanup = &workflow.Cleanup{At: r.CleanedAt}
			}
			if due, ok := doc.CleanupDue(env); !ok || due.After(workflow.Day(env.Now)) {
				continue
			}
		}
		if r.Number != "" {
			doc := &workflow.NormativeDoc{PublishedOn: r.PublishedOn}
			if !r.FiledOn.IsZero() {
				doc.Filing = &workflow.Filing{FiledOn: r.FiledOn}
			}
			p.Due[r.ID], p.Late[r.ID] = workflow.FilingDue(r.PublishedOn, env), doc.FiledLate(env)
		}
		p.Rows = append(p.Rows, r)
	}
	return render(c, http.StatusOK, views.NormativeListView(p))
}

func (s *Server) normativeNew(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	if u.Role != workflow.RoleClerk {
		return errForbidden
	}
	return s.renderNormativeNew(c, http.StatusOK, views.NewForm(workflow.FormNormNew, nil))
}

func (s *Server) renderNormativeNew(c echo.Context, status int, f *views.Form) error {
	p := views.NormativeNewPage{Page: page(c, "登记规范性文件起草", "normative"), Form: f, Prefixes: s.env().Settings.DocPrefixes}
	if f.HasErrors() {
		p.Page.Title = "错误：" + p.Page.Title
	}
	return render(c, status, views.NormativeNewView(p))
}

// normativeCreate registers the drafting by the clerk's own department.
func (s *Server) normativeCreate(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	if u.Role != workflow.RoleClerk {
		return errForbidden
	}
	r := readForm(c, workflow.FormNormNew)
	n := store.NewNormative{Title: r.value("title"), Prefix: r.value("prefix"), AffectsRights: r.check("affects_rights"), UnitID: u.UnitID}
	if ps := s.env().Settings.DocPrefixes; n.Prefix != "" && len(ps) > 0 && !slices.Contains(ps, n.Prefix) {
		r.f.Errors["prefix"] = fmt.Sprintf("发文机关代字“%s”不是本市设置的代字（%s）", n.Prefix, strings.Join(ps, "、"))
	}
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。未保存任何内容。")
		return s.renderNormativeNew(c, http.StatusUnprocessableEntity, r.f)
	}
	var id int64
	err = s.db.InTx(c.Request().Context(), func(tx *store.Tx) error {
		var err error
		id, err = tx.CreateNormative(c.Request().Context(), u.Actor(), s.now(), n)
		return err
	})
	if err != nil {
		return err
	}
	return redirect(c, "/decisions/"+itoa(id))
}

// deptRequestAdd asks a department for its opinion by a deadline.
func (s *Server) deptRequestAdd(c echo.Context) error {
	r := readForm(c, string(workflow.RecDeptRequest))
	unit, _ := strconv.ParseInt(r.raw("unit_id"), 10, 64)
	if unit <= 0 {
		r.f.Errors["unit_id"] = "请选择征求意见的部门"
	}
	return s.apply(c, &workflow.RequestOpinion{UnitID: unit, DueOn: r.day("due_on")}, r.f, nil)
}

// deptReply is the consulted department's reply.
func (s *Server) deptReply(c echo.Context) error {
	rid, err := s.subID(c, "rid")
	if err != nil {
		return err
	}
	r := readFormOf(c, fmt.Sprintf("reply-%d", rid), string(workflow.RecDeptReply))
	answer := r.value("answer")
	return s.apply(c, &workflow.ReplyOpinion{RequestID: rid, Agrees: answer == "agree", Opinion: r.value("opinion")}, r.f, nil)
}

// coordinationAdd records the legal office's coordination of a disagreement.
func (s *Server) coordinationAdd(c echo.Context) error {
	rid, err := s.subID(c, "rid")
	if err != nil {
		return err
	}
	r := readFormOf(c, fmt.Sprintf("coord-%d", rid), string(workflow.RecCoordination))
	return s.apply(c, &workflow.Coordinate{RequestID: rid, Issues: r.value("issues"), Views: r.value("views"),
		Agreed: r.check("agreed"), Proposal: r.value("proposal")}, r.f, nil)
}

// rulingAdd records the leaders' or the meeting's ruling on a disagreement.
func (s *Server) rulingAdd(c echo.Context) error {
	cid, err := s.subID(c, "cid")
	if err != nil {
		return err
	}
	r := readFormOf(c, fmt.Sprintf("ruling-%d", cid), string(workflow.RecRuling))
	return s.apply(c, &workflow.Rule{CoordinationID: cid, RuledBy: r.value("ruled_by"), Ruling: r.value("ruling")}, r.f, nil)
}

// normPublish registers, numbers and publishes the document.
func (s *Server) normPublish(c echo.Context) error {
	r := readForm(c, string(workflow.RecNormPublish))
	cmd := &workflow.PublishNormative{PublishedOn: r.day("published_on"), ValidUntil: r.day("valid_until"),
		Channels: r.value("channels"), Link: r.value("link"), Text: r.value("text"), Supersedes: r.value("supersedes")}
	var err error
	if cmd.SupersedesID, cmd.SupersededBy, err = s.db.SupersedeTarget(c.Request().Context(), cmd.Supersedes); err != nil {
		return err
	}
	return s.apply(c, cmd, r.f, nil)
}

// filingSave records the filing.
func (s *Server) filingSave(c echo.Context) error {
	r := readForm(c, string(workflow.RecFiling))
	return s.apply(c, &workflow.FileNormative{Body: r.value("body"), FiledOn: r.day("filed_on"), LateReason: r.value("late_reason")}, r.f, nil)
}

// validitySave changes the document's status.
func (s *Server) validitySave(c echo.Context) error {
	r := readForm(c, string(workflow.RecValidity))
	return s.apply(c, &workflow.SetValidity{Status: workflow.Validity(r.value("status")), Note: r.value("note")}, r.f, nil)
}

// cleanupSave records the clean-up's outcome.
func (s *Server) cleanupSave(c echo.Context) error {
	r := readForm(c, string(workflow.RecCleanup))
	return s.apply(c, &workflow.RecordCleanup{Outcome: workflow.CleanupOutcome(r.value("outcome")), Reason: r.value("reason")}, r.f, nil)
}

// filingReviewSave records the legal office's conclusion on a filed document.
func (s *Server) filingReviewSave(c echo.Context) error {
	r := readForm(c, string(workflow.RecFilingReview))
	return s.apply(c, &workflow.ReviewFiling{Conclusion: workflow.FilingConclusion(r.value("conclusion")), Reasons: r.value("reasons")}, r.f, nil)
}

// publicNormativeList is the public library of published normative documents, searchable; with
// passed=1, the list of those that passed the filing review.
func (s *Server) publicNormativeList(c echo.Context) error {
	f := views.NewForm("filter", nil)
	q := strings.TrimSpace(c.QueryParam("q"))
	if len([]rune(q)) > 100 {
		q = string([]rune(q)[:100])
	}
	f.Values.Set("q", q)
	passed, cleaned := c.QueryParam("passed") == "1", c.QueryParam("cleaned") == "1"
	rows, err := s.db.Normatives(c.Request().Context(), store.NormativeFilter{PublishedOnly: true, Passed: passed, Cleaned: cleaned, Query: q})
	if err != nil {
		return err
	}
	title := "行政规范性文件库"
	switch {
	case cleaned:
		title = "规范性文件清理结果"
	case passed:
		title = "通过备案审查的规范性文件目录"
	}
	return render(c, http.StatusOK, views.PublicNormativeListView(views.PublicNormativeList{
		Page: views.Page{Title: title}, Rows: rows, Filter: f, Passed: passed && !cleaned, Cleaned: cleaned}))
}

// publicNormative is one published document: its number, dates, status, filing and full text.
func (s *Server) publicNormative(c echo.Context) error {
	d, err := s.pathDecision(c, publishedNormative)
	if err != nil {
		return err
	}
	return s.renderPublicNormative(c, d, http.StatusOK, nil)
}

// subID reads the id of a request or coordination of the decision in the path, once the user
// may see the decision: a malformed id, or one of another decision, answers 404.
func (s *Server) subID(c echo.Context, name string) (int64, error) {
	u, err := requireUser(c)
	if err != nil {
		return 0, err
	}
	d, err := s.visibleDecision(c, u)
	if err != nil {
		return 0, err
	}
	id, err := pathID(c, name)
	if err != nil {
		return 0, err
	}
	if d.Normative != nil {
		for _, r := range d.Normative.Requests {
			if name == "rid" && r.ID == id {
				return id, nil
			}
		}
		for _, x := range d.Normative.Coordination {
			if name == "cid" && x.ID == id {
				return id, nil
			}
		}
	}
	return 0, errNotFound
}

// publicNormativeFeed lists the published normative documents as an Atom feed, the latest
// publication first, with their number, issuing department and status.
func (s *Server) publicNormativeFeed(c echo.Context) error {
	rows, err := s.db.Normatives(c.Request().Context(), store.NormativeFilter{PublishedOnly: true, Limit: 100})
	if err != nil {
		return err
	}
	base := s.publicURL
	feed := atomFeed{
		Title:  "江澜市行政规范性文件",
		ID:     feedID("/normative/feed"),
		Link:   []atomLink{{Href: base + "/public/normative/feed.atom", Rel: "self"}, {Href: base + "/public/normative"}},
		Author: atomAuthor{Name: "江澜市人民政府"},
	}
	updated := time.Unix(0, 0)
	for _, r := range rows {
		path := fmt.Sprintf("/normative/%d", r.ID)
		feed.Entries = append(feed.Entries, atomEntry{
			Title: r.Number + " " + r.Title, ID: feedID(path), Updated: feedStamp(r.PublishedOn), Link: atomLink{Href: base + "/public" + path},
			Summary: fmt.Sprintf("制定机关：%s；公布日期：%s；状态：%s", r.UnitName, views.Date(r.PublishedOn), r.Status.Label()),
		})
		if r.PublishedOn.After(updated) {
			updated = r.PublishedOn
		}
	}
	feed.Updated = feedStamp(updated)
	body, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), body...))
}

// normativeReportTable is the yearly report's section on normative documents: those published
// in the year, their filing on time or late (规划三(三)3) and the filing review's conclusions,
// their status now, and the clean-ups recorded in the year (workflow.CountNormativeYear). n is
// how many rows it counts: a year with none has no section.
func (s *Server) normativeReportTable(c echo.Context, from, cutoff time.Time, env workflow.Env) (t views.ReportTable, n int, err error) {
	rows, err := s.db.Normatives(c.Request().Context(), store.NormativeFilter{PublishedOnly: true, Limit: 100000})
	if err != nil {
		return views.ReportTable{}, 0, err
	}
	docs := make([]workflow.NormReportDoc, len(rows))
	for i, r := range rows {
		docs[i] = workflow.NormReportDoc{PublishedOn: r.PublishedOn, FiledOn: r.FiledOn, Review: r.Review, Status: r.Status,
			Cleanup: r.Cleanup, CleanedAt: r.CleanedAt}
	}
	y := workflow.CountNormativeYear(docs, from, cutoff, env)
	t = views.ReportTable{Key: "normative", Title: "行政规范性文件",
		Note: "本年度统一编号公布的行政规范性文件，及其报送备案（自公布之日起15日内，规划三(三)3）和备案审查情况；状态为统计时的状态。" +
			"清理结果为本年度记录的清理（规划三(三)3，每隔2年清理一次），不论文件公布于哪一年。",
		Columns: []string{"项目", "件数"}, Chart: views.BarChart{Caption: "件数"}}
	items := []struct {
		label string
		n     int
	}{{"公布", y.Made}, {"按期报送备案", y.FiledOnTime}, {"逾期报送备案", y.FiledLate}, {"逾期未报送备案", y.Unfiled},
		{"尚在报送备案期限内", y.Open},
		{"备案审查通过", y.Passed}, {"备案审查要求纠正", y.Correct}, {"备案审查建议撤销", y.Annul}, {"已废止或已失效", y.Ended},
		{"清理", y.CleanedTotal()}}
	for _, o := range workflow.CleanupOutcomes {
		items = append(items, struct {
			label string
			n     int
		}{"清理结果：" + o.Label(), y.Cleaned[o]})
	}
	for _, x := range items {
		t.Rows = append(t.Rows, []string{x.label, strconv.Itoa(x.n)})
		t.Chart.Bars = append(t.Chart.Bars, views.Bar{Label: x.label, Value: float64(x.n), Text: strconv.Itoa(x.n)})
	}
	if err := s.objectionReportRows(c, from, cutoff, env, &t); err != nil {
		return views.ReportTable{}, 0, err
	}
	return t, y.Made + y.CleanedTotal(), nil
}
