package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// The yearly decision catalog (决策事项目录, 条例第3条): every non-admin user reads it; the
// secretary (the government office drafts it) adds items and publishes the year; a clerk links
// a decision of their unit to one of their unit's items; the public portal shows a published
// year with each item's stage.

// catalogYearParam is the year asked for in the query or form, or this year. A page shown for
// an invalid year in the query shows this year's (a filter outside its allow-list is ignored).
func (s *Server) catalogYearParam(c echo.Context) int {
	v := c.QueryParam("year")
	if c.Request().Method == http.MethodPost {
		v = c.FormValue("year")
	}
	if y, ok := validCatalogYear(v); ok {
		return y
	}
	return s.now().In(workflow.Shanghai).Year()
}

func validCatalogYear(v string) (int, bool) {
	y, err := strconv.Atoi(v)
	return y, err == nil && y >= 2000 && y <= 2100
}

// errCatalogYear refuses a change to a catalog whose year is missing or invalid: it must never
// land in another year's catalog.
var errCatalogYear = echo.NewHTTPError(http.StatusUnprocessableEntity, "目录年度无效（应为 2000—2100 之间的年份），未作更改。请在目录页面选择年度后重新提交。")

// progress is what the catalog shows of an item's decision: its stage, or 未启动.
func progress(it store.CatalogItem) string {
	if it.DecisionID == 0 {
		return "未启动"
	}
	return it.DecisionState.Label()
}

func requireStaff(c echo.Context) (*store.User, error) {
	u, err := requireUser(c)
	if err != nil {
		return nil, err
	}
	if u.Role == workflow.RoleAdmin {
		return nil, errForbidden
	}
	return u, nil
}

func (s *Server) catalogShow(c echo.Context) error {
	u, err := requireStaff(c)
	if err != nil {
		return err
	}
	notice := map[string]string{"added": "已新增目录事项。", "published": "已公布本年度目录。",
		"adjusted": "已提出调整，经党委同意后随下一次公布生效。"}[c.QueryParam("done")]
	return s.renderCatalog(c, u, http.StatusOK, catalogForms{}, notice)
}

// catalogForms are the catalog page's forms that were refused, keeping what was typed.
type catalogForms struct {
	add, publish *views.Form
	adjust       map[int64]*views.Form
}

func (s *Server) renderCatalog(c echo.Context, u *store.User, status int, forms catalogForms, notice string) error {
	ctx := c.Request().Context()
	year := s.catalogYearParam(c)
	items, err := s.db.CatalogItems(ctx, year)
	if err != nil {
		return err
	}
	adjustments, err := s.db.CatalogAdjustments(ctx, year)
	if err != nil {
		return err
	}
	pubs, err := s.db.CatalogPublications(ctx, year)
	if err != nil {
		return err
	}
	if forms.add == nil {
		forms.add = views.NewForm("add", nil)
	}
	if forms.publish == nil {
		forms.publish = views.NewForm("publish", nil)
	}
	p := views.CatalogPage{Page: page(c, "决策事项目录", "catalog"), Year: year, Add: forms.add, Notice: notice,
		MayEdit: u.Role == workflow.RoleSecretary, Publish: forms.publish, AdjustForms: forms.adjust,
		Adjustments: adjustmentRows(adjustments, false), Publications: publicationRows(pubs)}
	adjusting := map[int64]bool{}
	for _, a := range adjustments {
		if a.PublishedOn.IsZero() {
			adjusting[a.ItemID] = true
			if a.Kind != "add" {
				p.PendingAdj++
			}
		}
	}
	this := s.now().In(workflow.Shanghai).Year()
	for y := min(year, this-1); y <= max(year, this+1); y++ {
		p.Years = append(p.Years, views.Option{Value: strconv.Itoa(y), Label: fmt.Sprintf("%d 年", y)})
	}
	for _, it := range items {
		row := views.CatalogRow{ID: it.ID, UnitID: it.UnitID, Seq: it.Seq, Title: it.Title, Unit: it.UnitName, Planned: it.Planned,
			Progress: progress(it), Published: it.Published(), Removed: !it.RemovedOn.IsZero(), Adjusting: adjusting[it.ID]}
		if it.DecisionID != 0 && (u.Role != workflow.RoleClerk || u.UnitID == it.UnitID) {
			row.DecisionID = it.DecisionID
		}
		if it.Published() {
			p.Published = true
		} else {
			p.Pending++
		}
		p.Items = append(p.Items, row)
	}
	if p.MayEdit {
		units, err := s.db.Units(ctx)
		if err != nil {
			return err
		}
		for _, un := range units {
			if un.Kind == store.UnitUndertaking {
				p.Units = append(p.Units, views.Option{Value: strconv.FormatInt(un.ID, 10), Label: un.Name})
			}
		}
	}
	return render(c, status, views.CatalogView(p))
}

func (s *Server) catalogAdd(c echo.Context) error {
	u, err := requireRole(c, workflow.RoleSecretary)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	year, ok := validCatalogYear(c.FormValue("year"))
	if !ok {
		return errCatalogYear
	}
	r := readForm(c, "add")
	title := r.short("title", "决策事项名称", true, 200)
	planned := r.short("planned", "计划完成时间", false, 50)
	reason := r.text("reason", "调整理由", false)
	published, err := s.db.CatalogPublished(ctx, year)
	if err != nil {
		return err
	}
	if published && reason == "" && r.f.Errors["reason"] == "" {
		r.f.Errors["reason"] = "目录已经公布，新增事项须说明调整理由"
	}
	units, err := s.db.Units(ctx)
	if err != nil {
		return err
	}
	var allowed []string
	for _, un := range units {
		if un.Kind == store.UnitUndertaking {
			allowed = append(allowed, strconv.FormatInt(un.ID, 10))
		}
	}
	unitID, _ := strconv.ParseInt(r.choice("unit_id", "承办单位", true, allowed), 10, 64)
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。未作更改。")
		return s.renderCatalog(c, u, http.StatusUnprocessableEntity, catalogForms{add: r.f}, "")
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.AddCatalogItem(ctx, u.Actor(), s.now(), store.CatalogItem{Year: year, Title: title, UnitID: unitID, Planned: planned, Reason: reason})
		return err
	})
	if errors.Is(err, store.ErrBadCatalogItem) {
		r.f.Top = append(r.f.Top, "提交的内容有误，未作更改。")
		return s.renderCatalog(c, u, http.StatusUnprocessableEntity, catalogForms{add: r.f}, "")
	}
	if err != nil {
		return err
	}
	return redirect(c, fmt.Sprintf("/catalog?year=%d&done=added", year))
}

func (s *Server) catalogPublish(c echo.Context) error {
	u, err := requireRole(c, workflow.RoleSecretary)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	year, ok := validCatalogYear(c.FormValue("year"))
	if !ok {
		return errCatalogYear
	}
	r := readForm(c, "publish")
	ag := store.PartyAgreement{AgreedOn: r.date("agreed_on", "党委同意日期", true), Document: r.short("document", "党委同意文件", true, 200)}
	if !ag.AgreedOn.IsZero() && ag.AgreedOn.After(s.today()) {
		r.f.Errors["agreed_on"] = "党委同意日期不能晚于今日"
	}
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "决策事项目录及其调整须经同级党委同意后公布（条例第3条）。未公布。")
		return s.renderCatalog(c, u, http.StatusUnprocessableEntity, catalogForms{publish: r.f}, "")
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.PublishCatalog(ctx, u.Actor(), s.now(), year, ag)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return echo.NewHTTPError(http.StatusUnprocessableEntity, "该年度目录没有事项，不能公布。")
	}
	if errors.Is(err, store.ErrBadCatalogItem) {
		r.f.Top = append(r.f.Top, strings.TrimPrefix(err.Error(), store.ErrBadCatalogItem.Error()+": ")+"。未公布。")
		return s.renderCatalog(c, u, http.StatusUnprocessableEntity, catalogForms{publish: r.f}, "")
	}
	if err != nil {
		return err
	}
	return redirect(c, fmt.Sprintf("/catalog?year=%d&done=published", year))
}

// catalogYearOf is the year whose catalog a decision carries out: the year it was proposed.
func catalogYearOf(d *workflow.Decision) int { return d.CreatedAt.In(workflow.Shanghai).Year() }

// mayLinkCatalog: a clerk of the decision's unit, while it is proposed or being drafted.
func mayLinkCatalog(u *store.User, d *workflow.Decision) bool {
	return mayChange(u, d) && workflow.MayLinkCatalog(u.Role, d.State)
}

// catalogSection fills in the decision page's catalog link and, when the user may link, the
// unit's items of the year that no other decision carries out.
func (s *Server) catalogSection(c echo.Context, u *store.User, d *workflow.Decision, p *views.DecisionPage) error {
	ctx := c.Request().Context()
	if d.CatalogItem != 0 {
		it, err := s.db.CatalogItem(ctx, d.CatalogItem)
		if err != nil {
			return err
		}
		p.CatalogLabel = fmt.Sprintf("%d年第%d项：%s", it.Year, it.Seq, it.Title)
	}
	if !mayLinkCatalog(u, d) {
		return nil
	}
	p.CatalogYear = catalogYearOf(d)
	items, err := s.db.CatalogItems(ctx, p.CatalogYear)
	if err != nil {
		return err
	}
	p.CatalogItems = []views.Option{}
	for _, it := range items {
		if it.UnitID == d.UnitID && it.RemovedOn.IsZero() && (it.DecisionID == 0 || it.DecisionID == d.ID) {
			p.CatalogItems = append(p.CatalogItems, views.Option{Value: strconv.FormatInt(it.ID, 10),
				Label: fmt.Sprintf("第%d项：%s", it.Seq, it.Title)})
		}
	}
	if _, ok := p.Forms["catalog"]; !ok {
		p.Forms["catalog"] = views.NewForm("catalog", map[string]string{"catalog_item": showItemID(d.CatalogItem)})
	}
	return nil
}

func showItemID(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// decisionCatalog links the decision to a catalog item of its unit (or removes the link).
func (s *Server) decisionCatalog(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	d, err := s.visibleDecision(c, u)
	if err != nil {
		return err
	}
	if u.Role != workflow.RoleClerk || !mayChange(u, d) {
		return errForbidden
	}
	if !mayLinkCatalog(u, d) {
		return echo.NewHTTPError(http.StatusUnprocessableEntity,
			fmt.Sprintf("该决策事项当前处于“%s”阶段，不能修改关联的决策事项目录。", d.State.Label()))
	}
	ctx := c.Request().Context()
	r := readForm(c, "catalog")
	var itemID int64
	if v := r.raw("catalog_item"); v != "" {
		if itemID, err = strconv.ParseInt(v, 10, 64); err != nil || itemID <= 0 {
			r.f.Errors["catalog_item"] = "请选择目录事项"
		}
	}
	if itemID != 0 && !r.f.HasErrors() {
		it, err := s.db.CatalogItem(ctx, itemID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			r.f.Errors["catalog_item"] = "请选择目录事项"
		case err != nil:
			return err
		case it.UnitID != d.UnitID || it.Year != catalogYearOf(d):
			r.f.Errors["catalog_item"] = "只能关联本单位本年度的目录事项"
		case !it.RemovedOn.IsZero():
			r.f.Errors["catalog_item"] = "该事项已移出目录"
		}
	}
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。未保存任何内容。")
		return s.renderDecision(c, u, d, http.StatusUnprocessableEntity, r.f, nil, "")
	}
	version := formVersion(c)
	_, err = s.db.Apply(ctx, d.ID, version, u.Actor(), s.now(), &workflow.LinkCatalog{ItemID: itemID})
	var notAllowed *workflow.NotAllowedError
	if errors.As(err, &notAllowed) {
		err = store.ErrConflict // the stage moved on since the form was drawn
	}
	if errors.Is(err, store.ErrConflict) {
		return s.conflict(c, u, d.ID, version, r.f)
	}
	if errors.Is(err, store.ErrCatalogTaken) || errors.Is(err, store.ErrBadCatalogItem) {
		r.f.Errors["catalog_item"] = "该目录事项已由其他决策事项关联，或不属于本单位"
		r.f.Top = append(r.f.Top, "未保存任何内容。")
		return s.renderDecision(c, u, d, http.StatusUnprocessableEntity, r.f, nil, "")
	}
	if err != nil {
		return err
	}
	return redirect(c, fmt.Sprintf("/decisions/%d#proposal", d.ID))
}

// publicCatalog shows a published year's catalog; a year not published answers 404.
func (s *Server) publicCatalog(c echo.Context) error {
	ctx := c.Request().Context()
	y, err := strconv.Atoi(c.QueryParam("year"))
	if err != nil || y < 2000 || y > 2100 {
		return errNotFound
	}
	items, err := s.db.CatalogItems(ctx, y)
	if err != nil {
		return err
	}
	p := views.PublicCatalog{Page: publicPage(fmt.Sprintf("%d 年度决策事项目录", y)), Year: y}
	adjustments, err := s.db.CatalogAdjustments(ctx, y)
	if err != nil {
		return err
	}
	pubs, err := s.db.CatalogPublications(ctx, y)
	if err != nil {
		return err
	}
	p.Adjustments, p.Publications = adjustmentRows(adjustments, true), publicationRows(pubs)
	for _, it := range items {
		if !it.Published() || !it.RemovedOn.IsZero() {
			continue
		}
		p.Items = append(p.Items, views.CatalogRow{Seq: it.Seq, Title: it.Title, Unit: it.UnitName,
			Planned: it.Planned, Progress: progress(it)})
	}
	if len(p.Items) == 0 {
		return errNotFound
	}
	publicCache(c)
	return render(c, http.StatusOK, views.PublicCatalogView(p))
}

// adjustmentRows shows a year's adjustments; the portal's only the published ones.
func adjustmentRows(adjs []store.CatalogAdjustment, publishedOnly bool) []views.AdjustmentRow {
	var out []views.AdjustmentRow
	for _, a := range adjs {
		if publishedOnly && a.PublishedOn.IsZero() {
			continue
		}
		row := views.AdjustmentRow{Seq: a.Seq, Kind: a.KindLabel(), Item: a.Before, Reason: a.Reason,
			PublishedOn: a.PublishedOn, AgreedOn: a.AgreedOn, Document: a.Document}
		if a.Kind == "change" {
			row.Change = fmt.Sprintf("%s（%s，%s）", a.Title, a.UnitName, a.Planned)
		}
		if a.Kind == "add" {
			row.Item = fmt.Sprintf("第%d项", a.Seq)
		}
		out = append(out, row)
	}
	return out
}

func publicationRows(pubs []store.CatalogPublication) []views.PublicationRow {
	var out []views.PublicationRow
	for _, x := range pubs {
		out = append(out, views.PublicationRow{PublishedOn: x.PublishedOn, AgreedOn: x.AgreedOn, Document: x.Document,
			Items: x.Items, Adjustments: x.Adjustments})
	}
	return out
}

// catalogAdjust proposes the change or removal of a published item, with the reason.
func (s *Server) catalogAdjust(c echo.Context) error {
	u, err := requireRole(c, workflow.RoleSecretary)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	id, err := pathID(c, "cid")
	if err != nil {
		return err
	}
	it, err := s.db.CatalogItem(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	r := readForm(c, fmt.Sprintf("adjust-%d", id))
	kind := r.choice("kind", "调整", true, []string{"change", "remove"})
	c.Request().Form.Set("year", strconv.Itoa(it.Year)) // parsed by now: the page shown after is the item's year
	reason := r.text("reason", "调整理由", true)
	nw := store.CatalogItem{Title: it.Title, UnitID: it.UnitID, Planned: it.Planned}
	if kind == "change" {
		nw.Title = r.short("title", "决策事项名称", true, 200)
		nw.Planned = r.short("planned", "计划完成时间", false, 50)
		nw.UnitID, _ = strconv.ParseInt(r.raw("unit_id"), 10, 64)
		units, err := s.db.Units(ctx)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(units, func(un store.Unit) bool { return un.ID == nw.UnitID && un.Kind == store.UnitUndertaking }) {
			r.f.Errors["unit_id"] = "请从列表中选择承办单位"
		}
		if !r.f.HasErrors() && nw.Title == it.Title && nw.UnitID == it.UnitID && nw.Planned == it.Planned {
			r.f.Errors["title"] = "变更后的内容与原事项相同"
		}
	}
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。未作调整。")
		return s.renderCatalog(c, u, http.StatusUnprocessableEntity, catalogForms{adjust: map[int64]*views.Form{id: r.f}}, "")
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		return tx.AdjustCatalogItem(ctx, u.Actor(), s.now(), id, kind, reason, nw)
	})
	if errors.Is(err, store.ErrBadCatalogItem) {
		r.f.Top = append(r.f.Top, strings.TrimPrefix(err.Error(), store.ErrBadCatalogItem.Error()+": ")+"。未作调整。")
		return s.renderCatalog(c, u, http.StatusUnprocessableEntity, catalogForms{adjust: map[int64]*views.Form{id: r.f}}, "")
	}
	if err != nil {
		return err
	}
	return redirect(c, fmt.Sprintf("/catalog?year=%d&done=adjusted", it.Year))
}
