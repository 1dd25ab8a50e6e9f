package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// formReader parses one submitted form into typed values, keeping what was typed and a Chinese
// message next to every field that is wrong. Parsing is here; the legal gates are in workflow.
type formReader struct {
	c    echo.Context
	f    *views.Form
	form string // the form whose fields workflow describes (workflow.Forms)
}

// readForm reads the form key; its fields, where workflow describes them, are those of the form
// of the same name.
func readForm(c echo.Context, key string) *formReader {
	return &formReader{c: c, f: views.NewForm(key, nil), form: key}
}

// readFormOf reads the form key (one of several on a page) whose fields are those of form.
func readFormOf(c echo.Context, key, form string) *formReader {
	return &formReader{c: c, f: views.NewForm(key, nil), form: form}
}

// maxText is the longest text a single field accepts.
const maxText = workflow.MaxText

// value reads a text, link or choice field as workflow describes it: its label in every
// message, whether it is required, its length limit and what it may be.
func (r *formReader) value(name string) string {
	fd := workflow.FieldOf(r.form, name)
	switch fd.Kind {
	case workflow.KindChoice:
		allowed := make([]string, len(fd.Choices))
		for i, c := range fd.Choices {
			allowed[i] = c.Value
		}
		return r.choice(name, fd.Label, fd.Required, allowed)
	case workflow.KindLink:
		return link(r, name, fd.Label)
	}
	return r.short(name, fd.Label, fd.Required, fd.Limit())
}

// day reads a date field as workflow describes it.
func (r *formReader) day(name string) time.Time {
	fd := workflow.FieldOf(r.form, name)
	return r.date(name, fd.Label, fd.Required)
}

// raw reads a field as cleanForm normalised it. A field that came with bidi controls is
// refused: they were removed, and the writer is to check the text they would have reordered.
func (r *formReader) raw(name string) string {
	v := strings.TrimSpace(r.c.FormValue(name))
	r.f.Values.Set(name, v)
	if bidi, _ := r.c.Get(ctxBidi).(map[string]bool); bidi[name] {
		r.f.Errors[name] = msgBidi
	}
	return v
}

// msgBidi refuses a field that contained bidi controls.
const msgBidi = "含有改变文字显示方向的控制字符（如 U+202E），会使显示的内容与实际内容不符，已被删除；请核对后重新提交"

// text reads a text field; required ones must not be empty.
func (r *formReader) text(name, label string, required bool) string {
	v := r.raw(name)
	switch {
	case required && v == "":
		r.f.Errors[name] = "请填写" + label
	case len([]rune(v)) > maxText:
		r.f.Errors[name] = fmt.Sprintf("%s不超过 %d 字", label, maxText)
	}
	return v
}

// short reads a one-line field of at most max characters.
func (r *formReader) short(name, label string, required bool, max int) string {
	v := r.text(name, label, required)
	if r.f.Errors[name] == "" && len([]rune(v)) > max {
		r.f.Errors[name] = fmt.Sprintf("%s不超过 %d 字", label, max)
	}
	return v
}

// date reads a yyyy-mm-dd field as 00:00 of that day in Asia/Shanghai.
func (r *formReader) date(name, label string, required bool) time.Time {
	v := r.raw(name)
	if v == "" {
		if required {
			r.f.Errors[name] = "请填写" + label
		}
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02", v, workflow.Shanghai)
	if err != nil || t.Year() < 1990 || t.Year() > 2100 {
		r.f.Errors[name] = label + "应为有效日期，格式如 2026-11-26"
		return time.Time{}
	}
	return t
}

// check reads a checkbox.
func (r *formReader) check(name string) bool {
	v := r.c.FormValue(name)
	on := v == "1" || v == "on" || v == "true"
	if on {
		r.f.Values.Set(name, "1")
	}
	return on
}

// choice reads a value that must be one of allowed.
func (r *formReader) choice(name, label string, required bool, allowed []string) string {
	v := r.raw(name)
	if v == "" {
		if required {
			r.f.Errors[name] = "请选择" + label
		}
		return ""
	}
	for _, a := range allowed {
		if a == v {
			return v
		}
	}
	r.f.Errors[name] = "请从列表中选择" + label
	return ""
}

// ignoreBad drops from a GET filter every value that failed its check: a value outside its
// allow-list is ignored as if it had not been sent — not queried, not echoed back, not carried
// into the page links.
func (r *formReader) ignoreBad() {
	for name := range r.f.Errors {
		r.f.Values.Del(name)
	}
	r.f.Errors = map[string]string{}
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func b(v bool) string {
	if v {
		return "1"
	}
	return ""
}

// defaultForms pre-fills the forms that edit a record with what is recorded now.
func defaultForms(d *workflow.Decision, now time.Time) map[string]*views.Form {
	p := d.Proposal
	forms := map[string]*views.Form{
		"proposal": withMore(views.NewForm("proposal", map[string]string{
			"title": d.Title, "category": string(d.Category), "proposer_kind": string(p.Kind), "proposer": p.Proposer,
			"problem": p.Problem, "reasons": p.Reasons, "legal_basis": p.LegalBasis, "solution": p.Solution,
			"necessity": p.Necessity, "decision_organ": p.DecisionOrgan, "responsible_leader": p.ResponsibleLeader,
			"co_units": p.CoUnits}), p.More),
		"flags": views.NewForm("flags", map[string]string{
			"affects_interests": b(d.Flags.AffectsInterests), "not_disclosed": b(d.Flags.NotDisclosed),
			"not_disclosed_reason": d.Flags.NotDisclosedReason, "technical": b(d.Flags.Technical),
			"stability_risk": b(d.Flags.StabilityRisk), "hearing_required": b(d.Flags.HearingRequired),
			"hearing_chosen": b(d.Flags.HearingChosen), "market_activity": b(d.Flags.MarketActivity)}),
		"start": views.NewForm("start", map[string]string{"decided_on": views.ISODate(now)}),
	}
	if r := d.CurrentRevision(); r != nil {
		forms["revision"] = withMore(views.NewForm("revision", map[string]string{"body": r.Body, "options": r.Options}), r.More)
	}
	if n := d.Notice; n != nil {
		forms["notice"] = withMore(views.NewForm("notice", map[string]string{
			"channel": n.Channel, "how_to_submit": n.HowToSubmit, "explanation": n.Explanation,
			"starts_on": views.ISODate(n.StartsOn), "ends_on": views.ISODate(n.EndsOn), "link": n.Link,
			"short_reason": n.ShortReason, "published_on": views.ISODate(n.PublishedOn)}), n.More)
	}
	if f := d.Feedback; f != nil {
		forms["feedback"] = withMore(views.NewForm("feedback", map[string]string{
			"published_on": views.ISODate(f.PublishedOn), "channel": f.Channel, "summary": f.Summary}), f.More)
	}
	if h := d.Hearing; h != nil {
		forms["hearing"] = withMore(views.NewForm("hearing", map[string]string{
			"notice_published_on": views.ISODate(h.NoticePublishedOn), "notice_channel": h.NoticeChannel,
			"held_on": views.ISODate(h.HeldOn), "place": h.Place, "selection_method": h.SelectionMethod,
			"selection_published_on": views.ISODate(h.SelectionPublishedOn), "list_published_on": views.ISODate(h.ListPublishedOn),
			"materials_delivered_on": views.ISODate(h.MaterialsDeliveredOn), "record_signed": b(h.RecordSigned),
			"record_summary": h.RecordSummary, "opinions_handling": h.OpinionsHandling}), h.More)
	}
	if r := d.Risk; r != nil {
		v := map[string]string{"methods": r.Methods, "risk_points": r.RiskPoints, "measures": r.Measures,
			"contingency": r.Contingency, "assessor": r.Assessor, "assessor_unit": r.AssessorBody,
			"third_party": b(r.ThirdParty), "controllable": b(r.Controllable), "assessed_on": views.ISODate(r.AssessedOn)}
		for dim, a := range r.Dimensions {
			v[string(dim)+"_level"] = string(a.Level)
			v[string(dim)+"_analysis"] = a.Analysis
		}
		forms["risk"] = withMore(views.NewForm("risk", v), r.More)
	}
	if r := d.FairCompetition; r != nil {
		forms["fair_competition"] = withMore(views.NewForm("fair_competition", map[string]string{"reviewed_on": views.ISODate(r.ReviewedOn),
			"reviewer": r.Reviewer, "conclusion": string(r.Conclusion), "summary": r.Summary}), r.More)
	}
	if r := d.PartyReport; r != nil {
		forms["party_report"] = withMore(views.NewForm("party_report", map[string]string{"reported_on": views.ISODate(r.ReportedOn), "note": r.Note}), r.More)
	}
	if p := d.Publication; p != nil {
		forms["publication"] = withMore(views.NewForm("publication", map[string]string{
			"doc_number": p.DocNumber, "published_on": views.ISODate(p.PublishedOn), "channels": p.Channels,
			"link": p.Link, "text": p.Text, "explanation": p.Explanation, "not_published_reason": p.NotPublishedReason}), p.More)
	}
	if e := d.Evaluation; e != nil {
		forms["evaluation"] = withMore(views.NewForm("evaluation", map[string]string{
			"trigger": e.Trigger, "evaluators": e.Evaluators, "evaluator_unit": e.EvaluatorBody,
			"third_party": b(e.ThirdParty), "opinions": e.Opinions, "conclusion": string(e.Conclusion),
			"reasons": e.Reasons, "evaluated_on": views.ISODate(e.EvaluatedOn)}), e.More)
	}
	if s := d.CurrentSubmission(); s == nil {
		basis := d.Proposal.LegalBasis
		forms["submission"] = views.NewForm("submission", map[string]string{"legal_basis": basis})
	}
	return forms
}

// entry reads what every dated record may carry: the reason it is entered late (补录理由).
func (r *formReader) entry() workflow.Entry {
	return workflow.Entry{LateReason: r.value(workflow.LateReasonField.Name)}
}

// body reads a unit or registered third-party body chosen from bodies: its key and its name.
func (r *formReader) body(name string, bodies []store.Body) (key, label string) {
	fd := workflow.FieldOf(r.form, name)
	key = r.raw(name)
	for _, b := range bodies {
		if b.Key == key {
			return b.Key, b.Name
		}
	}
	if key != "" || fd.Required {
		r.f.Errors[name] = "请从列表中选择" + fd.Label
	}
	return "", ""
}

// bodyOptions are the units and registered bodies as a select offers them.
func bodyOptions(bodies []store.Body) []views.Option {
	out := make([]views.Option, len(bodies))
	for i, b := range bodies {
		out[i] = views.Option{Value: b.Key, Label: b.Name}
	}
	return out
}
