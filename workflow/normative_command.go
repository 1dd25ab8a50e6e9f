package workflow

import (
	"slices"
	"strings"
	"time"
)

// The commands of the normative procedure's own records. The shared stages use the major
// decision's commands (AddRevision, SaveNotice, AddSubmission, SignReview, AddMeeting,
// DecideAtMeeting …).

// crossUnit is a command a clerk of another unit than the drafting one may give: a consulted
// department's reply.
type crossUnit interface {
	actsFor(d *Decision, a Actor) bool
}

// answersFor reports whether cmd is one a's unit may give on d although d is not its own.
func answersFor(cmd Command, d *Decision, a Actor) bool {
	c, ok := cmd.(crossUnit)
	return ok && c.actsFor(d, a)
}

func (d *Decision) request(id int64) *DeptRequest {
	if d.Normative == nil {
		return nil
	}
	for i := range d.Normative.Requests {
		if d.Normative.Requests[i].ID == id {
			return &d.Normative.Requests[i]
		}
	}
	return nil
}

func (d *Decision) coordination(id int64) *Coordination {
	for i := range normCoordination(d) {
		if d.Normative.Coordination[i].ID == id {
			return &d.Normative.Coordination[i]
		}
	}
	return nil
}

func need(field, msg, basis string) []Problem {
	return []Problem{{Field: field, Message: msg, Basis: basis}}
}

// RequestOpinion asks a department whose duties the draft touches for its opinion by DueOn
// (规划三(三)2).
type RequestOpinion struct {
	plainRecord
	UnitID int64
	DueOn  time.Time
}

// Writes names the record.
func (*RequestOpinion) Writes() Record { return RecDeptRequest }

func (c *RequestOpinion) check(d *Decision, env Env) []Problem {
	var out []Problem
	switch {
	case c.UnitID == 0:
		out = append(out, need("unit_id", "请选择征求意见的部门", planNorm2)...)
	case c.UnitID == d.UnitID:
		out = append(out, need("unit_id", "起草部门不能向本部门征求意见", planNorm2)...)
	default:
		for _, r := range normRequests(d) {
			if r.UnitID == c.UnitID && r.Reply == nil {
				out = append(out, need("unit_id", "已向"+r.UnitName+"征求意见，尚待回复", planNorm2)...)
			}
		}
	}
	switch {
	case c.DueOn.IsZero():
		out = append(out, need("due_on", "请填写回复期限", planNorm2)...)
	case Day(c.DueOn).Before(today(env)):
		out = append(out, need("due_on", "回复期限不能早于今日（"+dateCN(env.Now)+"）", planNorm2)...)
	}
	return out
}

// ReplyOpinion is the consulted department's reply: it agrees, or has different opinions
// (有不同意见), which it writes.
type ReplyOpinion struct {
	plainRecord
	RequestID int64
	Agrees    bool
	Opinion   string
}

// Writes names the record.
func (*ReplyOpinion) Writes() Record { return RecDeptReply }

func (c *ReplyOpinion) actsFor(d *Decision, a Actor) bool {
	r := d.request(c.RequestID)
	return r != nil && r.UnitID == a.UnitID
}

func (c *ReplyOpinion) check(d *Decision, _ Env) []Problem {
	r := d.request(c.RequestID)
	switch {
	case r == nil:
		return need("request_id", "没有这项征求意见", planNorm2)
	case r.Reply != nil:
		return need("request_id", r.UnitName+"已于"+dateCN(r.Reply.RepliedAt)+"回复，回复不能修改", planNorm2)
	case !c.Agrees && blank(c.Opinion):
		return need("opinion", "有不同意见的，须写明具体意见和理由", planNorm2)
	}
	return nil
}

// Coordinate records the legal office's coordination of a department's different opinions
// (规划三(三)2): the main issues, each side's view, and, when agreement is not reached, the legal
// office's proposal for the government's leaders or the executive meeting.
type Coordinate struct {
	plainRecord
	RequestID int64
	Issues    string
	Views     string
	Proposal  string
	Agreed    bool
}

// Writes names the record.
func (*Coordinate) Writes() Record { return RecCoordination }

func (c *Coordinate) check(d *Decision, _ Env) []Problem {
	r := d.request(c.RequestID)
	if r == nil || !r.Disagrees() {
		return need("request_id", "只能协调部门回复中的不同意见", planNorm2)
	}
	if x := coordinationOf(d, r.ID); x != nil {
		return need("request_id", "与"+r.UnitName+"的分歧已经协调", planNorm2)
	}
	var out []Problem
	if blank(c.Issues) {
		out = append(out, need("issues", "请写明争议的主要问题", planNorm2)...)
	}
	if blank(c.Views) {
		out = append(out, need("views", "请写明有关部门各自的意见", planNorm2)...)
	}
	if !c.Agreed && blank(c.Proposal) {
		out = append(out, need("proposal", "协调仍不一致的，须写明法制机构的建议，报政府领导协调或者政府常务会议研究决定", planNorm2)...)
	}
	return out
}

// Rule records the government leaders' coordination or the executive meeting's decision on a
// disagreement the legal office could not settle (规划三(三)2).
type Rule struct {
	plainRecord
	CoordinationID int64
	RuledBy        string // 政府领导（姓名、职务）或 第N次政府常务会议
	Ruling         string
}

// Writes names the record.
func (*Rule) Writes() Record { return RecRuling }

func (c *Rule) check(d *Decision, _ Env) []Problem {
	x := d.coordination(c.CoordinationID)
	if x == nil || !x.Escalated() || !x.RuledAt.IsZero() {
		return need("coordination_id", "没有待政府领导或常务会议决定的分歧", planNorm2)
	}
	var out []Problem
	if blank(c.RuledBy) {
		out = append(out, need("ruled_by", "请写明作出决定的政府领导或会议", planNorm2)...)
	}
	if blank(c.Ruling) {
		out = append(out, need("ruling", "请写明决定的内容", planNorm2)...)
	}
	return out
}

// PublishNormative registers, numbers and publishes the approved document (统一登记、统一编号、
// 统一发布, 规划三(三)1). The store allocates the number in the same transaction.
type PublishNormative struct {
	plainRecord
	PublishedOn time.Time
	ValidUntil  time.Time
	Channels    string
	Link        string
	Text        string
	// Supersedes is the number of the document this new version replaces, if any; the web
	// handler finds it in the register: its id (0 when there is none) and the number of the
	// document that already replaced it.
	Supersedes   string
	SupersedesID int64
	SupersededBy string
}

// Writes names the record.
func (*PublishNormative) Writes() Record { return RecNormPublish }

func (c *PublishNormative) check(d *Decision, env Env) []Problem {
	if d.Normative != nil && d.Normative.Doc != nil {
		return need("published_on", "已登记公布为"+d.Normative.Doc.Number+"，编号不能重复取得", planNorm1)
	}
	var out []Problem
	prefix := ""
	if d.Normative != nil {
		prefix = d.Normative.Prefix
	}
	switch {
	case blank(prefix):
		out = append(out, need("prefix", "尚未确定发文机关代字，不能编号", planNorm1)...)
	case len(env.Settings.DocPrefixes) > 0 && !slices.Contains(env.Settings.DocPrefixes, prefix):
		out = append(out, need("prefix", "发文机关代字“"+prefix+"”不是本市设置的代字", docNumberBasis)...)
	}
	label := "公布日期"
	if c.PublishedOn.IsZero() {
		out = append(out, need("published_on", "请填写公布日期", planNorm1)...)
	} else {
		out = append(out, notFuture("published_on", label, c.PublishedOn, env, planNorm1)...)
		if m := d.deciding(); m != nil {
			out = append(out, notBefore("published_on", label, c.PublishedOn, "作出决定的会议日期", m.HeldOn, planNorm1)...)
		}
		if !c.ValidUntil.IsZero() && !Day(c.ValidUntil).After(Day(c.PublishedOn)) {
			out = append(out, need("valid_until", "有效期截止日期须晚于公布日期", planNorm1)...)
		}
	}
	if blank(c.Channels) {
		out = append(out, need("channels", "请写明公布渠道（政府公报、政府网站等）；未经公布的规范性文件不得作为行政管理的依据", planNorm1)...)
	}
	if blank(c.Text) {
		out = append(out, need("text", "请填写公布的文件全文", planNorm1)...)
	}
	switch {
	case blank(c.Supersedes):
	case c.SupersedesID == 0:
		out = append(out, need("supersedes", "登记簿中没有文号为“"+c.Supersedes+"”的规范性文件", planNorm1)...)
	case c.SupersededBy != "":
		out = append(out, need("supersedes", c.Supersedes+"已被"+c.SupersededBy+"取代，新版本应取代现行的版本", planNorm1)...)
	}
	return out
}

// FileNormative records the filing of the published document (报送备案, 规划三(三)3). A filing
// after its due day needs the reason.
type FileNormative struct {
	plainRecord
	Body       string
	FiledOn    time.Time
	LateReason string
}

// Writes names the record.
func (*FileNormative) Writes() Record { return RecFiling }

func (c *FileNormative) check(d *Decision, env Env) []Problem {
	doc := (*NormativeDoc)(nil)
	if d.Normative != nil {
		doc = d.Normative.Doc
	}
	if doc == nil {
		return need("filed_on", "文件尚未登记公布，不能报送备案", FilingBasis)
	}
	if doc.Filing != nil {
		return need("filed_on", "已于"+dateCN(doc.Filing.FiledOn)+"报送备案", FilingBasis)
	}
	var out []Problem
	if blank(c.Body) {
		out = append(out, need("body", "请写明备案机关", FilingBasis)...)
	}
	if c.FiledOn.IsZero() {
		return append(out, need("filed_on", "请填写报送备案日期", FilingBasis)...)
	}
	out = append(out, notFuture("filed_on", "报送备案日期", c.FiledOn, env, FilingBasis)...)
	out = append(out, notBefore("filed_on", "报送备案日期", c.FiledOn, "公布日期", doc.PublishedOn, FilingBasis)...)
	c.LateReason = strings.TrimSpace(c.LateReason)
	if due := FilingDue(doc.PublishedOn, env); Day(c.FiledOn).After(due) && blank(c.LateReason) {
		out = append(out, need("late_reason", "应于"+dateCN(due)+"前报送备案，逾期报送的须说明理由", FilingBasis)...)
	}
	return out
}

// SetValidity changes a published document's status (有效 / 已修改 / 已废止 / 已失效) with the
// reason.
type SetValidity struct {
	plainRecord
	Status Validity
	Note   string
}

// Writes names the record.
func (*SetValidity) Writes() Record { return RecValidity }

func (c *SetValidity) check(d *Decision, _ Env) []Problem {
	if d.Normative == nil || d.Normative.Doc == nil {
		return need("status", "文件尚未登记公布", planNorm1)
	}
	var out []Problem
	switch {
	case !slices.Contains(Validities, c.Status):
		out = append(out, need("status", "请选择文件状态", "规划三(三)3")...)
	case c.Status == d.Normative.Doc.Status:
		out = append(out, need("status", "文件已是“"+c.Status.Label()+"”状态", "规划三(三)3")...)
	}
	if blank(c.Note) {
		out = append(out, need("note", "请写明状态变更的理由和依据", "规划三(三)3")...)
	}
	return out
}

// normativeAgenda is the package before the meeting: the draft and its explanation, the
// legality review opinion, the public's opinions and their adoption when consulted, and the
// departments' opinions with their coordination when asked (规划三(三)1–2).
func normativeAgenda(d *Decision) []AgendaMaterial {
	out := []AgendaMaterial{
		{"文件草案及起草说明", planNorm1, d.CurrentRevision() != nil},
		{"合法性审查意见", planNorm1, d.LatestReview() != nil},
	}
	if d.Notice != nil {
		out = append(out, AgendaMaterial{"公开征求意见采纳情况", planNorm1, d.Feedback != nil})
	}
	if len(normRequests(d)) > 0 {
		settled := true
		for _, r := range normRequests(d) {
			if r.Disagrees() {
				if c := coordinationOf(d, r.ID); c == nil || !c.Settled() {
					settled = false
				}
			}
		}
		out = append(out, AgendaMaterial{"相关部门意见及协调情况", planNorm2, settled})
	}
	return out
}

// ReviewFiling records the legal office's conclusion on a filed document (备案审查, 规划三(三)3):
// 通过, or 要求纠正 / 建议撤销 with the reasons.
type ReviewFiling struct {
	plainRecord
	Conclusion FilingConclusion
	Reasons    string
}

// Writes names the record.
func (*ReviewFiling) Writes() Record { return RecFilingReview }

func (c *ReviewFiling) check(d *Decision, _ Env) []Problem {
	const basis = "规划三(三)3"
	if d.Normative == nil || d.Normative.Doc == nil || d.Normative.Doc.Filing == nil {
		return need("conclusion", "文件尚未报送备案，不能审查", basis)
	}
	if r := d.Normative.Doc.Filing.Review; r != nil {
		return need("conclusion", "已于"+dateCN(r.At)+"作出审查结论（"+r.Conclusion.Label()+"）", basis)
	}
	switch {
	case !slices.Contains(FilingConclusions, c.Conclusion):
		return need("conclusion", "请选择审查结论", basis)
	case c.Conclusion != FilingPassed && blank(c.Reasons):
		return need("reasons", c.Conclusion.Label()+"的，须写明理由", basis)
	}
	return nil
}

// RecordCleanup records the drafting department's clean-up outcome of a valid document
// (继续有效 / 修改 / 废止 / 宣布失效, 规划三(三)3), with the reason; the status follows it.
type RecordCleanup struct {
	plainRecord
	Outcome CleanupOutcome
	Reason  string
}

// Writes names the record.
func (*RecordCleanup) Writes() Record { return RecCleanup }

func (c *RecordCleanup) check(d *Decision, _ Env) []Problem {
	const basis = "规划三(三)3"
	if d.Normative == nil || d.Normative.Doc == nil || d.Normative.Doc.Status != Valid {
		return need("outcome", "只清理已公布、现行有效的文件", basis)
	}
	var out []Problem
	if !slices.Contains(CleanupOutcomes, c.Outcome) {
		out = append(out, need("outcome", "请选择清理结果", basis)...)
	}
	if blank(c.Reason) {
		out = append(out, need("reason", "请写明清理结果的理由", basis)...)
	}
	return out
}
