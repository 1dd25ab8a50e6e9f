package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"juece/store"
	"juece/workflow"
)

// Open data (政务数据开放): what the portal publishes, as data sets a citizen downloads from
// /public/data (CSV and JSON) and a program reads page by page from /api/v1/public/. Each data
// set's fields are described once below; that description gives the CSV header, the JSON keys,
// the schema on the download page and the OpenAPI document. The rows come from the same
// records and the same visibility checks as the portal's pages (public.go), never from more.

// openLicence is the terms under which the data sets are published.
const openLicence = "本平台开放数据依据《中华人民共和国政府信息公开条例》公开，可自由下载、复制、使用和传播，使用时请注明来源“江澜市重大行政决策公众参与平台”，并不得歪曲原意（知识共享 署名 4.0 国际许可协议 CC BY 4.0）。"

// openColumn is one field of a data set.
type openColumn struct {
	Name  string // the CSV header and the JSON key
	Type  string // string, integer, boolean, date (YYYY-MM-DD, Beijing time; empty or null when none) or participants
	Label string // what it means, in Chinese
}

// openDataset is one data set: its fields and how to read a page of its rows.
type openDataset struct {
	Name    string // in URLs: /public/data/<name>.csv, /api/v1/public/<name>
	Title   string
	About   string // what is in it, and when a row appears
	Columns []openColumn
	page    func(s *Server, ctx context.Context, today time.Time, pg store.OpenPage) ([][]any, int, error)
}

// participant is a hearing participant as published: name, category and organisation.
type participant struct {
	Name         string `json:"name"`
	Category     string `json:"category"`
	Organisation string `json:"organisation"`
}

// participants is a published participant list; in CSV one cell, 姓名（类别，单位） separated by ；.
type participants []participant

func (ps participants) csvText() string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, fmt.Sprintf("%s（%s，%s）", p.Name, p.Category, p.Organisation))
	}
	return strings.Join(parts, "；")
}

var (
	colDecisionID = openColumn{"decision_id", "integer", "决策事项编号（与公众参与平台页面地址中的编号相同）"}
	colTitle      = openColumn{"title", "string", "决策事项名称"}
	colUnit       = openColumn{"unit", "string", "决策承办单位"}
	colURL        = openColumn{"url", "string", "公众参与平台上的页面地址（相对地址）"}
)

// openDatasets are the data sets, in the order the download page lists them.
var openDatasets = []*openDataset{
	{Name: "decisions", Title: "已公布的重大行政决策", About: "已经公布（条例第32条）的决策：公布日期已到、处于公布后阶段的决策，最新公布的在前。",
		Columns: []openColumn{colDecisionID, colTitle, colUnit,
			{"category", "string", "决策事项类别（条例第3条）"},
			{"state", "string", "当前阶段代码：published 决策公布，implementation 决策执行，suspended 暂停执行，post_evaluation 决策后评估，closed 已办结"},
			{"state_label", "string", "当前阶段名称"},
			{"doc_number", "string", "文号"},
			{"published_on", "date", "公布日期"},
			{"channels", "string", "公布渠道"},
			{"text", "string", "决策文本"},
			{"explanation", "string", "公众和专家意见采纳情况说明"},
			{"evaluation_conclusion", "string", "决策后评估结论（继续执行、调整、停止执行；未评估为空）"},
			{"evaluation_reasons", "string", "决策后评估理由"},
			{"evaluated_on", "date", "决策后评估日期"},
			colURL},
		page: decisionsPage},
	{Name: "consultations", Title: "公开征求意见", About: "已发布征求意见公告的决策草案（条例第15条），无论决策此后进展如何；含意见采纳情况反馈（反馈发布后即公开）。依法不得公开的事项不在其中。",
		Columns: []openColumn{colDecisionID, colTitle, colUnit,
			{"notice_published_on", "date", "公告发布日期"},
			{"starts_on", "date", "征求意见期开始日期"},
			{"ends_on", "date", "征求意见期截止日期（含当日）"},
			{"open", "boolean", "今日是否仍在接收意见"},
			{"channel", "string", "发布渠道"},
			{"how_to_submit", "string", "意见提交方式"},
			{"link", "string", "公告原文链接"},
			{"short_reason", "string", "征求意见期少于30日的理由"},
			{"explanation", "string", "起草说明"},
			{"draft", "string", "决策草案（征求意见稿）"},
			{"draft_options", "string", "备选方案"},
			{"feedback_published_on", "date", "意见采纳情况反馈发布日期（未反馈为空）"},
			{"feedback_channel", "string", "反馈渠道"},
			{"feedback_summary", "string", "意见采纳情况说明"},
			colURL},
		page: consultationsPage},
	{Name: "comments", Title: "公众意见处理情况", About: "决策公布后，或意见采纳情况反馈发布后，公开的每条公众意见及其处理情况（采纳、部分采纳、未采纳）和理由。不含提出人的姓名、单位和联系方式。",
		Columns: []openColumn{
			{"ref", "string", "意见编号（提交意见时取得的回执编号）"},
			colDecisionID,
			{"decision_title", "string", "决策事项名称"},
			{"body", "string", "意见内容"},
			{"disposition", "string", "处理结果代码：adopted 采纳，partly 部分采纳，not_adopted 未采纳，duplicate 重复，irrelevant 与本事项无关，空为待处理"},
			{"disposition_label", "string", "处理结果"},
			{"reason", "string", "理由"}},
		page: commentsPage},
	{Name: "hearings", Title: "听证", About: "已发布听证公告的听证（条例第16—18条）；遴选办法和参加人名单自其公布之日起公开（只公开姓名、类别和单位，不公开联系方式）。",
		Columns: []openColumn{colDecisionID, colTitle, colUnit,
			{"notice_published_on", "date", "听证公告发布日期"},
			{"notice_channel", "string", "发布渠道"},
			{"held_on", "date", "听证日期"},
			{"place", "string", "听证地点"},
			{"selection_method", "string", "参加人遴选办法（公布后）"},
			{"selection_published_on", "date", "遴选办法公布日期"},
			{"list_published_on", "date", "参加人名单公布日期"},
			{"held", "boolean", "听证会已举行且笔录经参加人确认签字"},
			{"participants", "participants", "听证参加人（名单公布后）：JSON 中为 name、category、organisation 组成的数组；CSV 中为“姓名（类别，单位）”，以“；”分隔"},
			colURL},
		page: hearingsPage},
	{Name: "catalogs", Title: "年度重大行政决策事项目录", About: "各年度已公布的决策事项目录（条例第3条），年度新的在前，按序号排列。",
		Columns: []openColumn{
			{"year", "integer", "目录年度"},
			{"seq", "integer", "序号"},
			{"title", "string", "事项名称"},
			{"unit", "string", "承办单位"},
			{"planned", "string", "计划完成时间"},
			{"published_on", "date", "公布日期"},
			{"progress", "string", "进展：对应决策所处阶段，未启动的为“未启动”"}},
		page: catalogsPage},
}

// openDataset finds a data set by name.
func openDatasetNamed(name string) *openDataset {
	for _, ds := range openDatasets {
		if ds.Name == name {
			return ds
		}
	}
	return nil
}

// The records each data set reads: the same as the public page's.
const (
	openDecisionParts     = decisionParts | store.PartComments
	openConsultationParts = consultationParts | store.PartComments
	openHearingParts      = hearingParts
)

// publicDecisions loads the decisions of ids that public says may be shown, in order.
func (s *Server) publicDecisions(ctx context.Context, ids []int64, parts store.Parts, today time.Time, public func(*workflow.Decision, time.Time) bool) ([]*workflow.Decision, error) {
	out := make([]*workflow.Decision, 0, len(ids))
	for _, id := range ids {
		d, err := s.db.DecisionParts(ctx, id, parts)
		if err != nil {
			return nil, err
		}
		if !public(d, today) { // the list's query and the page's rule disagree: show less, and say so
			s.log.Error("open data: a listed decision is not public", "decision", id)
			continue
		}
		out = append(out, d)
	}
	return out, nil
}

func decisionsPage(s *Server, ctx context.Context, today time.Time, pg store.OpenPage) ([][]any, int, error) {
	ids, total, err := s.db.PublishedDecisionIDs(ctx, today, pg)
	if err != nil {
		return nil, 0, err
	}
	ds, err := s.publicDecisions(ctx, ids, openDecisionParts, today, decisionPublic)
	var rows [][]any
	for _, d := range ds {
		rows = append(rows, decisionRow(d))
	}
	return rows, total, err
}

func decisionRow(d *workflow.Decision) []any {
	p := d.Publication
	var conclusion, reasons string
	var evaluated time.Time
	if e := d.Evaluation; e != nil && e.Conclusion != "" {
		conclusion, reasons, evaluated = e.Conclusion.Label(), e.Reasons, e.EvaluatedOn
	}
	return []any{d.ID, d.Title, d.UnitName, d.Category.Label(), string(d.State), d.State.Label(), p.DocNumber,
		p.PublishedOn, p.Channels, p.Text, p.Explanation, conclusion, reasons, evaluated,
		fmt.Sprintf("/public/decisions/%d", d.ID)}
}

func consultationsPage(s *Server, ctx context.Context, today time.Time, pg store.OpenPage) ([][]any, int, error) {
	ids, total, err := s.db.PublicConsultationIDs(ctx, today, pg)
	if err != nil {
		return nil, 0, err
	}
	ds, err := s.publicDecisions(ctx, ids, consultationParts, today, consultationPublic)
	var rows [][]any
	for _, d := range ds {
		rows = append(rows, consultationRow(d, today))
	}
	return rows, total, err
}

func consultationRow(d *workflow.Decision, today time.Time) []any {
	n, draft := d.Notice, noticeDraft(d)
	var fb workflow.Feedback
	if feedbackPublic(d, today) {
		fb = *d.Feedback
	}
	return []any{d.ID, d.Title, d.UnitName, n.PublishedOn, n.StartsOn, n.EndsOn, consultationOpen(d, today),
		n.Channel, n.HowToSubmit, n.Link, n.ShortReason, n.Explanation, draft.Body, draft.Options,
		fb.PublishedOn, fb.Channel, fb.Summary, fmt.Sprintf("/public/consultations/%d", d.ID)}
}

func commentsPage(s *Server, ctx context.Context, today time.Time, pg store.OpenPage) ([][]any, int, error) {
	cs, total, err := s.db.PublicComments(ctx, today, pg)
	var rows [][]any
	for _, c := range cs {
		rows = append(rows, []any{c.Ref, c.DecisionID, c.DecisionTitle, c.Body, string(c.Disposition), c.Disposition.Label(), c.Reason})
	}
	return rows, total, err
}

// commentRows are a decision's comments as the comments data set has them.
func commentRows(d *workflow.Decision) [][]any {
	var rows [][]any
	for _, c := range d.Comments {
		rows = append(rows, []any{c.Ref, d.ID, d.Title, c.Body, string(c.Disposition), c.Disposition.Label(), c.Reason})
	}
	return rows
}

func hearingsPage(s *Server, ctx context.Context, today time.Time, pg store.OpenPage) ([][]any, int, error) {
	ids, total, err := s.db.PublicHearingIDs(ctx, today, pg)
	if err != nil {
		return nil, 0, err
	}
	ds, err := s.publicDecisions(ctx, ids, openHearingParts, today, hearingPublic)
	var rows [][]any
	for _, d := range ds {
		rows = append(rows, hearingRow(d, today))
	}
	return rows, total, err
}

func hearingRow(d *workflow.Decision, today time.Time) []any {
	h := publicHearingRecord(d, today)
	ps := participants{}
	for _, p := range h.Participants {
		ps = append(ps, participant{p.Name, p.Category, p.Organisation})
	}
	var listOn time.Time
	if onOrBefore(h.ListPublishedOn, today) {
		listOn = h.ListPublishedOn
	}
	var selectionOn time.Time
	if h.SelectionMethod != "" {
		selectionOn = h.SelectionPublishedOn
	}
	return []any{d.ID, d.Title, d.UnitName, h.NoticePublishedOn, h.NoticeChannel, h.HeldOn, h.Place,
		h.SelectionMethod, selectionOn, listOn, hearingHeld(d, today), ps, fmt.Sprintf("/public/hearings/%d", d.ID)}
}

func catalogsPage(s *Server, ctx context.Context, _ time.Time, pg store.OpenPage) ([][]any, int, error) {
	items, total, err := s.db.PublishedCatalogItems(ctx, pg)
	var rows [][]any
	for _, it := range items {
		rows = append(rows, []any{it.Year, it.Seq, it.Title, it.UnitName, it.Planned, it.PublishedOn, progress(it)})
	}
	return rows, total, err
}

// openValue is a field's value as JSON has it: a date as YYYY-MM-DD in Beijing time, or null.
func openValue(v any) any {
	if t, ok := v.(time.Time); ok {
		if t.IsZero() {
			return nil
		}
		return t.In(workflow.Shanghai).Format(time.DateOnly)
	}
	return v
}

// csvValue is a field's value as a CSV cell.
func csvValue(v any) string {
	switch x := v.(type) {
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.In(workflow.Shanghai).Format(time.DateOnly)
	case participants:
		return x.csvText()
	case bool:
		if x {
			return "是"
		}
		return "否"
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// openRecord is one row as a JSON object whose keys keep the data set's order.
type openRecord struct {
	cols  []openColumn
	vals  []any
	extra []openField // nested records a detail answer adds
}

type openField struct {
	name  string
	value any
}

func (r openRecord) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	write := func(i int, name string, v any) error {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(name))
		b.WriteByte(':')
		raw, err := json.Marshal(openValue(v))
		b.Write(raw)
		return err
	}
	for i, c := range r.cols {
		if err := write(i, c.Name, r.vals[i]); err != nil {
			return nil, err
		}
	}
	for i, f := range r.extra {
		if err := write(len(r.cols)+i, f.name, f.value); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (ds *openDataset) records(rows [][]any) []openRecord {
	out := make([]openRecord, 0, len(rows))
	for _, r := range rows {
		out = append(out, openRecord{cols: ds.Columns, vals: r})
	}
	return out
}
