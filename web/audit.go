package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

const auditPageSize = 100

func requireAuditor(c echo.Context) (*store.User, error) { return requireRole(c, workflow.RoleAuditor) }

func (s *Server) auditLog(c echo.Context) error {
	if _, err := requireAuditor(c); err != nil {
		return err
	}
	return s.renderAudit(c, nil)
}

// renderAudit draws the activity log under the filters in the query string; verify is the
// outcome of the chain check when the auditor just ran it.
func (s *Server) renderAudit(c echo.Context, verify *views.VerifyResult) error {
	ctx := c.Request().Context()
	users, err := s.db.Users(ctx)
	if err != nil {
		return err
	}
	units, err := s.db.Units(ctx)
	if err != nil {
		return err
	}
	actions, err := s.db.Actions(ctx)
	if err != nil {
		return err
	}
	p := views.AuditPage{Page: page(c, "审计监督", "audit"), Verify: verify}
	var userIDs, unitIDs []string
	for _, u := range users {
		id := strconv.FormatInt(u.ID, 10)
		userIDs = append(userIDs, id)
		p.Users = append(p.Users, views.Option{Value: id, Label: u.DisplayName + "（" + u.UnitName + "）"})
	}
	for _, x := range units {
		id := strconv.FormatInt(x.ID, 10)
		unitIDs = append(unitIDs, id)
		p.Units = append(p.Units, views.Option{Value: id, Label: x.Name})
	}
	for _, a := range actions {
		p.Actions = append(p.Actions, views.Option{Value: a, Label: actionLabel(a)})
	}
	// Filters come only from these allow-lists; a value outside them is ignored.
	r := &formReader{c: &queryContext{c}, f: views.NewForm("audit", nil)}
	f := store.ActivityFilter{Limit: auditPageSize}
	f.UserID, _ = strconv.ParseInt(r.choice("user", "办理人", false, userIDs), 10, 64)
	f.UnitID, _ = strconv.ParseInt(r.choice("unit", "单位", false, unitIDs), 10, 64)
	f.Action = r.choice("action", "操作", false, actions)
	if v := r.raw("decision"); v != "" {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			f.DecisionID = id
		} else {
			r.f.Errors["decision"] = "事项编号应为数字"
		}
	}
	f.From = r.date("from", "起始日期", false)
	if to := r.date("to", "截止日期", false); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1)
	}
	f.BeforeID, _ = strconv.ParseInt(c.QueryParam("before"), 10, 64)
	r.ignoreBad() // before the next page's link is built from the values
	rows, err := s.db.Activity(ctx, f)
	if err != nil {
		return err
	}
	if len(rows) > auditPageSize {
		rows = rows[:auditPageSize]
		q := url.Values{}
		for k, v := range r.f.Values {
			if len(v) > 0 && v[0] != "" {
				q.Set(k, v[0])
			}
		}
		q.Set("before", strconv.FormatInt(rows[len(rows)-1].ID, 10))
		p.NextURL = "/audit?" + q.Encode()
	}
	for _, e := range rows {
		p.Rows = append(p.Rows, views.AuditRow{ID: e.ID, At: e.At, Who: e.UserName, Role: e.Role.Label(),
			DecisionID: e.DecisionID, DecisionTitle: e.DecisionTitle, Summary: e.Summary,
			From: labelOf(e.FromState), To: labelOf(e.ToState)})
	}
	p.Filter = r.f
	status := http.StatusOK
	if verify != nil && !verify.OK {
		status = http.StatusConflict
	}
	return render(c, status, views.Audit(p))
}

// queryContext makes a GET's query string readable through formReader.
type queryContext struct{ echo.Context }

func (q *queryContext) FormValue(name string) string { return q.QueryParam(name) }

// actionLabel names a history action in Chinese for the filter.
func actionLabel(a string) string {
	if t, ok := workflow.TransitionOf(workflow.Event(a)); ok {
		return t.Event.Label()
	}
	if l, ok := actionLabels[a]; ok {
		return l
	}
	return a
}

var actionLabels = map[string]string{
	"create": "登记决策建议", "update_proposal": "修改决策建议", "edit_flags": "修改决策属性", "set_start": "登记决定启动",
	"add_revision": "保存草案", "add_dispute": "登记部门分歧", "add_method": "登记听取意见方式", "save_notice": "保存征求意见公告",
	"add_comment": "登记公众意见", "dispose_comment": "处理公众意见", "save_feedback": "反馈意见采纳情况", "add_expert": "登记专家论证意见",
	"save_hearing": "保存听证记录", "add_participant": "登记听证参加人", "save_risk": "保存风险评估报告", "add_submission": "送请合法性审查",
	"return_submission": "退回补充材料", "sign_review": "签署合法性审查意见", "add_meeting": "登记集体讨论会议", "add_opinion": "记录会议发言",
	"head_decision": "记录行政首长决定", "save_party_report": "登记向党委请示报告", "save_publication": "登记决策公布", "add_report": "报告执行情况",
	"save_evaluation": "保存决策后评估报告", "add_case": "登记责任追究案件", "update_case": "更新责任追究案件", "add_attachment": "上传附件",
	"add_user": "新增账号", "set_password": "重置密码", "set_disabled": "停用或启用账号", "add_unit": "新增单位",
	"lift_login_lock": "解除登录暂停",
	"record_baseline": "开始完整记录",
	"late_entry":      "补录", "request_withdrawal": "申请撤回", "decline_withdrawal": "不同意撤回",
	"note_draft_change": "说明草案修改", "add_third_party": "登记第三方机构",
}

// auditVerify checks the whole record — the hash chain against every signed checkpoint, every
// recorded row against the history, every stored file against its hash — and shows the result
// above the log.
func (s *Server) auditVerify(c echo.Context) error {
	if _, err := requireAuditor(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	result := &views.VerifyResult{}
	dir := store.CheckpointDir(s.data)
	cps, err := store.ReadCheckpoints(dir)
	var cpErr *store.CheckpointError
	switch {
	case errors.As(err, &cpErr):
		result.Message = err.Error()
		s.log.Warn("audit verify failed", "err", err)
		return s.renderAudit(c, result)
	case err != nil:
		return err
	}
	in := store.AuditInput{Checkpoints: cps, DataDir: s.data}
	keys := []string{store.CheckpointPubFile(dir)}
	if s.signer != nil {
		keys = append(keys, s.signer.KeyFile())
	}
	for _, k := range keys {
		if _, err := os.Stat(k); err == nil {
			in.KeyFound = k
		}
	}
	r, err := s.db.Audit(ctx, in)
	if err != nil {
		return err
	}
	if r.OK() {
		result.OK = true
		result.Message = fmt.Sprintf("办理记录完整：共 %d 个事件，最新事件摘要值 %s，已核对 %d 个签名检查点；%d 行记录、%d 个附件文件与历史一致。",
			r.Head.Seq, r.Head.Hash, r.Checkpoints, r.Records.Rows, r.Files)
	} else {
		shown := r.Problems[:min(len(r.Problems), 10)]
		result.Message = fmt.Sprintf("核验未通过（%d 处问题）：%s", len(r.Problems), strings.Join(shown, "；"))
		s.log.Warn("audit verify failed", "problems", len(r.Problems), "first", r.Problems[0])
	}
	if line := r.UnsignedLine(); line != "" {
		result.Message += " " + line
	}
	return s.renderAudit(c, result)
}

// auditCheckpoint signs a checkpoint of the history now, on an auditor's demand.
func (s *Server) auditCheckpoint(c echo.Context) error {
	if _, err := requireAuditor(c); err != nil {
		return err
	}
	var cp store.Checkpoint
	var err error
	if s.signer != nil {
		cp, err = s.signer.SignNow(c.Request().Context())
	} else {
		cp, err = s.db.WriteCheckpoint(c.Request().Context(), s.data)
	}
	result := &views.VerifyResult{OK: err == nil}
	switch {
	case err == nil:
		result.Message = fmt.Sprintf("已签署检查点：共 %d 个事件，最新事件摘要值 %s，文件 %s。请将检查点文件夹复制到本机以外保存。", cp.Size, cp.Hash, filepath.Base(cp.File))
	case errors.Is(err, store.ErrNoEvents):
		result.Message = "尚无办理记录，无需签署检查点。"
	default:
		var chainErr *store.ChainError
		var cpErr *store.CheckpointError
		if !errors.As(err, &chainErr) && !errors.As(err, &cpErr) {
			return err
		}
		result.Message = "未签署检查点：" + err.Error()
	}
	return s.renderAudit(c, result)
}

// anomaliesPerPage is how many decisions one page of /audit/anomalies checks.
const anomaliesPerPage = 200

func (s *Server) auditAnomalies(c echo.Context) error {
	if _, err := requireAuditor(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	// A page of decisions at a time: each is loaded with all its records to be checked.
	pageNo := 1
	if n, err := strconv.Atoi(c.QueryParam("page")); err == nil && n >= 1 && n <= 1_000_000 {
		pageNo = n
	}
	offset := (pageNo - 1) * anomaliesPerPage
	rows, total, err := s.db.Decisions(ctx, store.DecisionFilter{Limit: anomaliesPerPage, Offset: offset})
	if err != nil {
		return err
	}
	p := views.AnomaliesPage{Page: page(c, "程序异常提示", "audit"), From: min(offset+1, total), To: offset + len(rows), Total: total}
	if pageNo > 1 {
		p.PrevURL = fmt.Sprintf("/audit/anomalies?page=%d", pageNo-1)
	}
	if offset+len(rows) < total {
		p.NextURL = fmt.Sprintf("/audit/anomalies?page=%d", pageNo+1)
	}
	env := s.env()
	for _, r := range rows {
		d, err := s.db.Decision(ctx, r.ID)
		if err != nil {
			return err
		}
		as, err := s.anomalies(ctx, d, env)
		if err != nil {
			return err
		}
		if len(as) > 0 {
			p.Decisions = append(p.Decisions, views.FlaggedDecision{ID: d.ID, Title: d.Title, Unit: d.UnitName, State: d.State, Anomalies: as})
		}
	}
	return render(c, http.StatusOK, views.Anomalies(p))
}

// anomalies is what an auditor should look at in d: its own record's anomalies and its uses
// of normative documents that may no longer be a basis.
func (s *Server) anomalies(ctx context.Context, d *workflow.Decision, env workflow.Env) ([]workflow.Anomaly, error) {
	cited, err := s.db.CitedDocs(ctx, d)
	if err != nil {
		return nil, err
	}
	return append(workflow.Anomalies(d, env), workflow.UseAnomalies(d, cited)...), nil
}

// auditorView adds the anomalies and accountability cases to the decision page of an auditor.
func (s *Server) auditorView(c echo.Context, p *views.DecisionPage, failed *views.Form) error {
	p.MayAudit = true
	var err error
	if p.Anomalies, err = s.anomalies(c.Request().Context(), p.D, s.env()); err != nil {
		return err
	}
	cases, err := s.db.Cases(c.Request().Context(), p.D.ID)
	if err != nil {
		return err
	}
	for _, x := range cases {
		key := "case-" + strconv.FormatInt(x.ID, 10)
		f := views.NewForm(key, map[string]string{"handling": x.Handling, "status": string(x.Status),
			"case_version": strconv.FormatInt(x.Version, 10)})
		if failed != nil && failed.Key == key {
			f = failed
		}
		p.Cases = append(p.Cases, views.CaseItem{ID: x.ID, Kind: x.Kind.Label(), Persons: x.Persons, Facts: x.Facts,
			Handling: x.Handling, Status: x.Status.Label(), CreatedBy: p.Name(x.CreatedBy), CreatedAt: x.CreatedAt, Form: f})
	}
	return nil
}

// caseAdd records an accountability case. Auditors change no decision: the case has its own
// row and stands in the decision's history, and the decision's version is left alone.
func (s *Server) caseAdd(c echo.Context) error {
	u, err := requireAuditor(c)
	if err != nil {
		return err
	}
	d, err := s.visibleDecision(c, u)
	if err != nil {
		return err
	}
	r := readForm(c, "case")
	x := store.Case{
		DecisionID: d.ID,
		Kind:       workflow.CaseKind(r.choice("kind", "追究事由", true, strs(workflow.CaseKinds))),
		Persons:    r.text("persons", "责任人员", true),
		Facts:      r.text("facts", "事实", true),
		Handling:   r.text("handling", "处理情况", false),
		Status:     workflow.CaseStatus(r.choice("status", "状态", true, strs(workflow.CaseStatuses))),
	}
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。未登记。")
		return s.renderDecision(c, u, d, http.StatusUnprocessableEntity, r.f, nil, "")
	}
	err = s.db.InTx(c.Request().Context(), func(tx *store.Tx) error {
		_, err := tx.AddCase(c.Request().Context(), u.Actor(), s.now(), x)
		return err
	})
	if err != nil {
		return err
	}
	return redirect(c, "/decisions/"+itoa(d.ID)+"#cases")
}

func (s *Server) caseUpdate(c echo.Context) error {
	u, err := requireAuditor(c)
	if err != nil {
		return err
	}
	d, err := s.visibleDecision(c, u)
	if err != nil {
		return err
	}
	cid, err := pathID(c, "cid")
	if err != nil {
		return err
	}
	r := readForm(c, "case-"+strconv.FormatInt(cid, 10))
	handling := r.text("handling", "处理情况", false)
	status := workflow.CaseStatus(r.choice("status", "状态", true, strs(workflow.CaseStatuses)))
	// The form carries the version of the case it was built on (a case has its own version:
	// recording one leaves the decision's alone).
	version, err := strconv.ParseInt(r.raw("case_version"), 10, 64)
	if err != nil || version < 1 {
		r.f.Top = append(r.f.Top, "表单缺少案件版本，请刷新页面后重新填写。未作更改。")
	}
	if r.f.HasErrors() || len(r.f.Top) > 0 {
		return s.renderDecision(c, u, d, http.StatusUnprocessableEntity, r.f, nil, "")
	}
	err = s.db.InTx(c.Request().Context(), func(tx *store.Tx) error {
		old, err := tx.Case(c.Request().Context(), d.ID, cid)
		if err != nil {
			return err
		}
		old.Version = version
		return tx.UpdateCase(c.Request().Context(), u.Actor(), s.now(), old, handling, status)
	})
	switch {
	case err == nil:
		return redirect(c, "/decisions/"+itoa(d.ID)+"#cases")
	case isNotFound(err):
		return errNotFound
	case isConflict(err):
		// Shown again on the case as it is now: its current version, so that the form, once
		// checked, can be sent again.
		cases, err := s.db.Cases(c.Request().Context(), d.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(cases, func(x store.Case) bool { return x.ID == cid })
		if i < 0 {
			return errNotFound
		}
		cur := cases[i]
		r.f.Values.Set("case_version", strconv.FormatInt(cur.Version, 10))
		r.f.Top = append(r.f.Top, fmt.Sprintf("在您填写期间，该案件已于 %s 被更新（当前处理情况：%s；状态：%s）。您填写的内容保留在下方，未保存；请核对后重新提交。",
			views.DateTime(cur.UpdatedAt), orNone(cur.Handling), cur.Status.Label()))
		return s.renderDecision(c, u, d, http.StatusConflict, r.f, nil, "")
	}
	return err
}

func orNone(s string) string {
	if s == "" {
		return "无"
	}
	return s
}

func (s *Server) revisionDiff(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	d, err := s.visibleDecision(c, u)
	if err != nil {
		return err
	}
	p := views.DiffPage{Page: page(c, "草案比对", "decisions"), DecisionID: d.ID, Title: d.Title}
	var nos []string
	for _, r := range d.Revisions {
		n := strconv.Itoa(r.No)
		nos = append(nos, n)
		p.Revisions = append(p.Revisions, views.Option{Value: n, Label: "第 " + n + " 稿（" + views.DateTime(r.CreatedAt) + "）"})
	}
	r := &formReader{c: &queryContext{c}, f: views.NewForm("diff", nil)}
	from, _ := strconv.Atoi(r.choice("from", "原稿", false, nos))
	to, _ := strconv.Atoi(r.choice("to", "新稿", false, nos))
	r.ignoreBad()
	if n := len(d.Revisions); n >= 2 && from == 0 && to == 0 {
		from, to = d.Revisions[n-2].No, d.Revisions[n-1].No
		r.f.Values.Set("from", strconv.Itoa(from))
		r.f.Values.Set("to", strconv.Itoa(to))
	}
	for i := range d.Revisions {
		if d.Revisions[i].No == from {
			p.From = &d.Revisions[i]
		}
		if d.Revisions[i].No == to {
			p.To = &d.Revisions[i]
		}
	}
	if p.From != nil && p.To != nil {
		p.Lines = views.LineDiff(p.From.Body, p.To.Body)
	}
	p.Filter = r.f
	return render(c, http.StatusOK, views.Diff(p))
}
