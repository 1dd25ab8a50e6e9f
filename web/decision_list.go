package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

const listPageSize = 50

func (s *Server) decisionList(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	if u.Role == workflow.RoleAdmin {
		return errForbidden
	}
	pageNo, _ := strconv.Atoi(c.QueryParam("page"))
	if pageNo < 1 || pageNo > 100000 {
		pageNo = 1
	}
	var unit int64
	if u.Role == workflow.RoleClerk {
		unit = u.UnitID // a clerk sees only their own unit's decisions
	}
	key := listKey{list: "decisions", role: u.Role, unit: unit, query: listQuery(c, pageNo, "q", "state", "kind", "unit", "year")}
	return s.listFromKept(c, key, "决策事项", "decisions", func(now time.Time, frame views.Page) (templ.Component, time.Time, error) {
		p, err := s.decisionListPage(c, u, unit, pageNo, now)
		if err != nil {
			return nil, time.Time{}, err
		}
		p.Page = frame
		return views.DecisionListMain(p), nextDay(now), nil // the years offered change with the day
	})
}

// decisionListPage reads the page pageNo of the decisions the filters of the query ask for.
func (s *Server) decisionListPage(c echo.Context, u *store.User, clerkUnit int64, pageNo int, now time.Time) (views.DecisionListPage, error) {
	ctx := c.Request().Context()
	units, err := s.db.Units(ctx)
	if err != nil {
		return views.DecisionListPage{}, err
	}
	now = now.In(workflow.Shanghai)
	r := readForm(c, "filter")
	f := store.DecisionFilter{Limit: listPageSize}
	f.Query = r.short("q", "名称", false, 100)
	f.State = workflow.State(r.choice("state", "阶段", false, strs(workflow.States)))
	f.Kind = workflow.Kind(r.choice("kind", "类型", false, strs(workflow.Kinds)))
	var unitOpts []views.Option
	if clerkUnit != 0 {
		f.UnitID = clerkUnit
	} else {
		ids := make([]string, 0, len(units))
		for _, x := range units {
			if x.Kind == store.UnitUndertaking {
				ids = append(ids, strconv.FormatInt(x.ID, 10))
				unitOpts = append(unitOpts, views.Option{Value: strconv.FormatInt(x.ID, 10), Label: x.Name})
			}
		}
		f.UnitID, _ = strconv.ParseInt(r.choice("unit", "承办单位", false, ids), 10, 64)
	}
	var years []views.Option
	var yearVals []string
	for y := now.Year(); y >= now.Year()-9; y-- {
		years = append(years, views.Option{Value: strconv.Itoa(y), Label: fmt.Sprintf("%d 年", y)})
		yearVals = append(yearVals, strconv.Itoa(y))
	}
	f.Year, _ = strconv.Atoi(r.choice("year", "年度", false, yearVals))
	f.Offset = (pageNo - 1) * listPageSize
	rows, total, err := s.db.Decisions(ctx, f)
	if err != nil {
		return views.DecisionListPage{}, err
	}
	p := views.DecisionListPage{Total: total, Filter: r.f,
		States: views.StateOptions(), Kinds: views.KindOptions(), Units: unitOpts, Years: years, PageNo: pageNo, Now: now,
		MayAdd: u.Role == workflow.RoleClerk}
	r.ignoreBad() // a bad filter value is ignored, not an error
	p.Pages = (total + listPageSize - 1) / listPageSize
	for _, row := range rows {
		p.Items = append(p.Items, item(row))
	}
	link := func(n int) string {
		q := url.Values{}
		for k, v := range r.f.Values {
			if len(v) > 0 && v[0] != "" {
				q.Set(k, v[0])
			}
		}
		q.Set("page", strconv.Itoa(n))
		return "/decisions?" + q.Encode()
	}
	if pageNo > 1 {
		p.PrevURL = link(pageNo - 1)
	}
	if pageNo < p.Pages {
		p.NextURL = link(pageNo + 1)
	}
	return p, nil
}

// listQuery is the key of what a list shows for its query: the page number and the fields
// names as the list reads them (trimmed and cleaned by cleanForm; one that had bidi controls
// marked, since the list refuses it).
func listQuery(c echo.Context, pageNo int, names ...string) string {
	bidi, _ := c.Get(ctxBidi).(map[string]bool)
	q := url.Values{"page": {strconv.Itoa(pageNo)}}
	for _, n := range names {
		v := strings.TrimSpace(c.FormValue(n))
		if bidi[n] {
			v += "\x00bidi"
		}
		q.Set(n, v)
	}
	return q.Encode()
}
