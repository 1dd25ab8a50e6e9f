package web

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// The open-data pages: /public/data with its downloads, and the read-only JSON API under
// /api/v1/public/ described by its OpenAPI document.

// Page sizes of the API, and the batch a download reads at a time.
const (
	apiPerPage    = 50
	apiMaxPerPage = 200
	downloadBatch = 500
)

// openDataVersion changes when the data sets' fields change, so that cached copies are dropped.
const openDataVersion = 1

// openCache sets the caching headers of an open-data answer and reports whether the client's
// copy is still current (then it has been answered 304). Every change to a record is an event
// of the history and what is public depends on the day, so the history's head and today name
// the state of every public answer.
func (s *Server) openCache(c echo.Context) (bool, error) {
	head, err := s.db.Head(c.Request().Context())
	if err != nil {
		return false, err
	}
	tag := fmt.Sprintf(`W/"%d-%d-%s"`, openDataVersion, head.Seq, s.today().In(workflow.Shanghai).Format("20060102"))
	h := c.Response().Header()
	publicCache(c)
	h.Set("ETag", tag)
	h.Set("Access-Control-Allow-Origin", "*") // anyone's program may read what anyone may read
	for _, t := range strings.Split(c.Request().Header.Get("If-None-Match"), ",") {
		if t = strings.TrimSpace(t); t == tag || t == "*" {
			return true, c.NoContent(http.StatusNotModified)
		}
	}
	return false, nil
}

// publicData is the download page: every data set with its schema and the licence.
func (s *Server) publicData(c echo.Context) error {
	p := views.PublicData{Page: publicPage("开放数据"), Licence: openLicence}
	for _, ds := range openDatasets {
		v := views.DataSet{Name: ds.Name, Title: ds.Title, About: ds.About}
		for _, col := range ds.Columns {
			v.Columns = append(v.Columns, views.DataColumn{Name: col.Name, Type: col.Type, Label: col.Label})
		}
		p.Datasets = append(p.Datasets, v)
	}
	publicCache(c)
	return render(c, http.StatusOK, views.PublicDataView(p))
}

// publicDataFile downloads a whole data set as <name>.csv (UTF-8 with a byte-order mark, so
// that spreadsheets read the Chinese) or <name>.json.
func (s *Server) publicDataFile(c echo.Context) error {
	name, ext, _ := strings.Cut(c.Param("file"), ".")
	ds := openDatasetNamed(name)
	if ds == nil || (ext != "csv" && ext != "json") {
		return errNotFound
	}
	if done, err := s.openCache(c); done || err != nil {
		return err
	}
	today := s.today()
	file := fmt.Sprintf("juece-%s-%s.%s", ds.Name, today.In(workflow.Shanghai).Format("20060102"), ext)
	h := c.Response().Header()
	h.Set("Content-Disposition", `attachment; filename="`+file+`"`)
	w := c.Response()
	if ext == "csv" {
		h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		cw := csv.NewWriter(w)
		w.Write([]byte("\ufeff"))
		header := make([]string, len(ds.Columns))
		for i, col := range ds.Columns {
			header[i] = col.Name
		}
		cw.Write(header)
		return eachBatch(s, c, ds, today, func(rows [][]any) error {
			for _, r := range rows {
				cells := make([]string, len(r))
				for i, v := range r {
					cells[i] = csvValue(v)
				}
				cw.Write(cells)
			}
			cw.Flush()
			return cw.Error()
		})
	}
	h.Set(echo.HeaderContentType, "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	head, _ := json.Marshal(map[string]any{"dataset": ds.Name, "title": ds.Title, "licence": openLicence,
		"schema": "/public/data#" + ds.Name})
	w.Write(head[:len(head)-1])
	w.Write([]byte(`,"data":[`))
	first := true
	err := eachBatch(s, c, ds, today, func(rows [][]any) error {
		for _, rec := range ds.records(rows) {
			raw, err := json.Marshal(rec)
			if err != nil {
				return err
			}
			if !first {
				w.Write([]byte(","))
			}
			first = false
			w.Write(raw)
		}
		return nil
	})
	if err != nil {
		return err
	}
	_, err = w.Write([]byte("]}\n"))
	return err
}

// eachBatch reads a whole data set in batches.
func eachBatch(s *Server, c echo.Context, ds *openDataset, today time.Time, write func([][]any) error) error {
	for off := 0; ; off += downloadBatch {
		rows, total, err := ds.page(s, c.Request().Context(), today, store.OpenPage{Offset: off, Limit: downloadBatch})
		if err != nil {
			return err
		}
		if err := write(rows); err != nil {
			return err
		}
		if off+downloadBatch >= total {
			return nil
		}
	}
}

// errBadPage answers a page or page size that is not a positive number in range.
var errBadPage = echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("page 须为正整数，per_page 须为 1 至 %d 的整数。", apiMaxPerPage))

// apiPage reads ?page= (from 1) and ?per_page=.
func apiPage(c echo.Context) (page, per int, err error) {
	page, per = 1, apiPerPage
	if v := c.QueryParam("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 || page > 1_000_000 {
			return 0, 0, errBadPage
		}
	}
	if v := c.QueryParam("per_page"); v != "" {
		if per, err = strconv.Atoi(v); err != nil || per < 1 || per > apiMaxPerPage {
			return 0, 0, errBadPage
		}
	}
	return page, per, nil
}

// apiList answers one page of a data set.
func (s *Server) apiList(name string) echo.HandlerFunc {
	ds := openDatasetNamed(name)
	return func(c echo.Context) error {
		page, per, err := apiPage(c)
		if err != nil {
			return err
		}
		if done, err := s.openCache(c); done || err != nil {
			return err
		}
		rows, total, err := ds.page(s, c.Request().Context(), s.today(), store.OpenPage{Offset: (page - 1) * per, Limit: per})
		if err != nil {
			return err
		}
		var next any
		if page*per < total {
			u := fmt.Sprintf("/api/v1/public/%s?page=%d&per_page=%d", ds.Name, page+1, per)
			next = u
			c.Response().Header().Set("Link", "<"+u+`>; rel="next"`)
		}
		return c.JSON(http.StatusOK, map[string]any{"dataset": ds.Name, "page": page, "per_page": per, "total": total,
			"next": next, "data": ds.records(rows)})
	}
}

// apiDecision answers a published decision with the comments and feedback its page shows.
func (s *Server) apiDecision(c echo.Context) error {
	d, err := s.publicDecisionByID(c, decisionPublic, openDecisionParts)
	if err != nil {
		return err
	}
	if done, err := s.openCache(c); done || err != nil {
		return err
	}
	today := s.today()
	rec := openRecord{cols: openDatasetNamed("decisions").Columns, vals: decisionRow(d)}
	var feedback any
	comments := []openRecord{}
	if !d.Flags.NotDisclosed {
		if f := d.Feedback; f != nil && onOrBefore(f.PublishedOn, today) {
			feedback = map[string]any{"published_on": openValue(f.PublishedOn), "channel": f.Channel, "summary": f.Summary}
		}
		comments = openDatasetNamed("comments").records(commentRows(d))
	}
	// The implementation tracker, as the page shows it.
	var tracker views.PublicDecision
	if err := s.publicTracker(c, d, &tracker, nil, nil); err != nil {
		return err
	}
	milestones := []map[string]any{}
	for _, m := range tracker.Milestones {
		milestones = append(milestones, map[string]any{"title": m.Title, "planned_on": openValue(m.PlannedOn),
			"status": string(m.Status), "status_label": m.Status.Label(), "done_on": openValue(m.DoneOn), "note": m.Note})
	}
	reports := []map[string]any{}
	for _, r := range tracker.Reports {
		reports = append(reports, map[string]any{"reported_on": openValue(r.ReportedOn), "kind": string(r.Kind),
			"kind_label": r.Kind.Label(), "executing_unit": r.ExecutingUnit, "body": r.Body})
	}
	rec.extra = []openField{{"feedback", feedback}, {"comments", comments}, {"milestones", milestones}, {"reports", reports},
		{"opinions_open", tracker.OpinionOpen}}
	return c.JSON(http.StatusOK, rec)
}

// apiConsultation answers a public comment notice with its draft, and the handling of the
// comments once the feedback is published.
func (s *Server) apiConsultation(c echo.Context) error {
	d, err := s.publicDecisionByID(c, consultationPublic, openConsultationParts)
	if err != nil {
		return err
	}
	if done, err := s.openCache(c); done || err != nil {
		return err
	}
	today := s.today()
	rec := openRecord{cols: openDatasetNamed("consultations").Columns, vals: consultationRow(d, today)}
	var comments any
	if feedbackPublic(d, today) {
		comments = openDatasetNamed("comments").records(commentRows(d))
	}
	rec.extra = []openField{{"comments", comments}}
	return c.JSON(http.StatusOK, rec)
}

// apiHearing answers a public hearing notice.
func (s *Server) apiHearing(c echo.Context) error {
	d, err := s.publicDecisionByID(c, hearingPublic, openHearingParts)
	if err != nil {
		return err
	}
	if done, err := s.openCache(c); done || err != nil {
		return err
	}
	rec := openRecord{cols: openDatasetNamed("hearings").Columns, vals: hearingRow(d, s.today())}
	pd, err := s.publicDraw(c, d, nil)
	if err != nil {
		return err
	}
	var draw any
	if pd != nil {
		draw = apiDrawOf(pd)
	}
	rec.extra = []openField{{"draw", draw}}
	return c.JSON(http.StatusOK, rec)
}

// apiDraw is the public draw as the API has it: what its portal page shows, so that a program
// can recompute the list (docs/hearing-draw.md).
type apiDraw struct {
	SignupClosesOn string           `json:"signup_closes_on"`
	Quotas         []apiQuota       `json:"quotas"`
	SeedHash       string           `json:"seed_hash"`
	SignupOpen     bool             `json:"signup_open"`
	Entries        []apiDrawEntry   `json:"entries"`
	DrawnAt        *time.Time       `json:"drawn_at"`
	Seed           string           `json:"seed"`
	ListDigest     string           `json:"list_digest"`
	Witnesses      string           `json:"witnesses"`
	List           []apiDrawnPerson `json:"list"`
}

type apiQuota struct {
	Category string `json:"category"`
	Seats    int    `json:"seats"`
}

type apiDrawEntry struct {
	Ref      string `json:"ref"`
	Category string `json:"category"`
}

type apiDrawnPerson struct {
	Category     string `json:"category"`
	Rank         int    `json:"rank"`
	Ref          string `json:"ref"`
	Name         string `json:"name"`
	Organisation string `json:"organisation"`
	Status       string `json:"status"`
}

func apiDrawOf(p *views.PublicDraw) apiDraw {
	out := apiDraw{SignupClosesOn: p.ClosesOn.In(workflow.Shanghai).Format(time.DateOnly), SeedHash: p.SeedHash,
		SignupOpen: p.Open, Seed: p.Seed, ListDigest: p.ListDigest, Witnesses: p.Witnesses,
		Quotas: []apiQuota{}, Entries: []apiDrawEntry{}, List: []apiDrawnPerson{}}
	if p.Drawn {
		at := p.DrawnAt.UTC()
		out.DrawnAt = &at
	}
	for _, q := range p.Quotas {
		out.Quotas = append(out.Quotas, apiQuota{q.Category, q.Seats})
	}
	for _, e := range p.Entries {
		out.Entries = append(out.Entries, apiDrawEntry{e.Ref, e.Category})
	}
	for _, x := range p.Standings {
		status := x.Status
		if x.Reserve > 0 {
			status = fmt.Sprintf("%s第 %d 位", x.Status, x.Reserve)
		}
		out.List = append(out.List, apiDrawnPerson{x.Category, x.Rank, x.Ref, x.Name, x.Organisation, status})
	}
	return out
}

var (
	openAPIOnce sync.Once
	openAPIDoc  []byte
)

// apiOpenAPI serves the OpenAPI 3 document of the public API, built from the data sets.
func (s *Server) apiOpenAPI(c echo.Context) error {
	openAPIOnce.Do(func() { openAPIDoc = openAPI() })
	c.Response().Header().Set("Access-Control-Allow-Origin", "*")
	publicCache(c)
	return c.Blob(http.StatusOK, "application/json; charset=utf-8", openAPIDoc)
}

func openAPI() []byte {
	type obj = map[string]any
	schemaOf := func(ds *openDataset) obj {
		props, required := obj{}, []string{}
		for _, col := range ds.Columns {
			var p obj
			switch col.Type {
			case "integer":
				p = obj{"type": "integer"}
			case "boolean":
				p = obj{"type": "boolean"}
			case "date":
				p = obj{"type": "string", "format": "date", "nullable": true}
			case "participants":
				p = obj{"type": "array", "items": obj{"$ref": "#/components/schemas/participant"}}
			default:
				p = obj{"type": "string"}
			}
			p["description"] = col.Label
			props[col.Name] = p
			required = append(required, col.Name)
		}
		return obj{"type": "object", "description": ds.About, "properties": props, "required": required}
	}
	ref := func(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }
	jsonOf := func(schema obj, desc string) obj {
		return obj{"description": desc, "headers": obj{"ETag": obj{"schema": obj{"type": "string"}}},
			"content": obj{"application/json": obj{"schema": schema}}}
	}
	badRequest := obj{"description": "请求有误（400）", "content": obj{"application/json": obj{"schema": ref("error")}}}
	notFound := obj{"description": "不存在或尚未公开（与公众参与平台页面相同）", "content": obj{"application/json": obj{"schema": ref("error")}}}
	notModified := obj{"description": "与 If-None-Match 所给 ETag 相同，内容未变"}
	schemas := obj{
		"participant": obj{"type": "object", "properties": obj{"name": obj{"type": "string"}, "category": obj{"type": "string"},
			"organisation": obj{"type": "string"}}},
		"error":    obj{"type": "object", "properties": obj{"error": obj{"type": "string"}}},
		"feedback": obj{"type": "object", "nullable": true, "properties": obj{"published_on": obj{"type": "string", "format": "date"}, "channel": obj{"type": "string"}, "summary": obj{"type": "string"}}},
	}
	paths := obj{}
	params := []obj{
		{"name": "page", "in": "query", "schema": obj{"type": "integer", "minimum": 1, "default": 1}, "description": "页码，从 1 开始"},
		{"name": "per_page", "in": "query", "schema": obj{"type": "integer", "minimum": 1, "maximum": apiMaxPerPage, "default": apiPerPage}, "description": "每页条数"},
	}
	idParam := []obj{{"name": "id", "in": "path", "required": true, "schema": obj{"type": "integer"}, "description": "决策事项编号"}}
	for _, ds := range openDatasets {
		schemas[ds.Name] = schemaOf(ds)
		list := obj{"type": "object", "properties": obj{"dataset": obj{"type": "string"}, "page": obj{"type": "integer"},
			"per_page": obj{"type": "integer"}, "total": obj{"type": "integer"}, "next": obj{"type": "string", "nullable": true},
			"data": obj{"type": "array", "items": ref(ds.Name)}}}
		paths["/api/v1/public/"+ds.Name] = obj{"get": obj{"summary": ds.Title, "description": ds.About, "parameters": params,
			"responses": obj{"200": jsonOf(list, "一页数据"), "304": notModified, "400": badRequest}}}
	}
	withComments := func(name string, extra obj) obj {
		return obj{"allOf": []obj{ref(name), {"type": "object", "properties": extra}}}
	}
	comments := obj{"type": "array", "nullable": true, "items": ref("comments")}
	details := []struct {
		name, summary string
		schema        obj
	}{
		{"decisions", "一项已公布的决策，含征求意见采纳情况和执行情况（执行节点、公开的执行情况报告）", withComments("decisions", obj{"feedback": ref("feedback"), "comments": comments,
			"milestones": obj{"type": "array", "items": obj{"type": "object", "properties": obj{"title": obj{"type": "string"},
				"planned_on": obj{"type": "string", "format": "date"}, "status": obj{"type": "string", "enum": []string{"planned", "in_progress", "done", "delayed"}},
				"status_label": obj{"type": "string"}, "done_on": obj{"type": "string", "format": "date", "nullable": true}, "note": obj{"type": "string"}}}},
			"reports": obj{"type": "array", "items": obj{"type": "object", "properties": obj{"reported_on": obj{"type": "string", "format": "date"},
				"kind": obj{"type": "string"}, "kind_label": obj{"type": "string"}, "executing_unit": obj{"type": "string"}, "body": obj{"type": "string"}}}},
			"opinions_open": obj{"type": "boolean", "description": "今日是否接受公众对决策执行的意见"}})},
		{"consultations", "一项公开征求意见，反馈发布后含每条意见的处理情况", withComments("consultations", obj{"comments": comments})},
		{"hearings", "一项听证公告，采用公开报名随机抽选时含报名名单（编号和类别）、种子哈希值，抽选后含种子和抽选结果", withComments("hearings", obj{"draw": obj{"type": "object", "nullable": true,
			"description": "公开报名和随机抽选，算法见 /public/draw-method"}})},
	}
	for _, d := range details {
		paths["/api/v1/public/"+d.name+"/{id}"] = obj{"get": obj{"summary": d.summary, "parameters": idParam,
			"responses": obj{"200": jsonOf(d.schema, d.summary), "304": notModified, "404": notFound}}}
	}
	doc := obj{
		"openapi": "3.0.3",
		"info": obj{"title": "江澜市重大行政决策公众参与平台 开放数据接口", "version": "1.0.0",
			"description": "只读接口，公开范围与公众参与平台页面完全相同。每个回答带 ETag，可用 If-None-Match 条件请求；可缓存 60 秒。" + openLicence,
			"license":     obj{"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.zh-hans"}},
		"servers":    []obj{{"url": "/"}},
		"paths":      paths,
		"components": obj{"schemas": schemas},
	}
	raw, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err) // built from constants: cannot fail
	}
	return raw
}
