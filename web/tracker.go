package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// The public implementation tracker (条例第34—36条): the clerk sets milestones and marks reports
// public; the portal shows them with the decision and takes the public's opinions on its
// implementation; when those reach the setting's number, the staff's page proposes a
// post-evaluation (条例第36条).

// moreSections adds to the staff's decision page what lives beside the decision's records: the
// draw of hearing participants, the implementation tracker and the urge form.
func (s *Server) moreSections(c echo.Context, u *store.User, d *workflow.Decision, p *views.DecisionPage) error {
	s.drawSection(d, p)
	if err := s.trackerSection(c, d, p); err != nil {
		return err
	}
	p.MayUrge = mayUrge(u, d)
	return nil
}

// trackerSection puts the milestones and the public's opinions on the page of a published decision.
func (s *Server) trackerSection(c echo.Context, d *workflow.Decision, p *views.DecisionPage) error {
	if d.Publication == nil {
		return nil
	}
	ops, err := s.db.ImplementationOpinions(c.Request().Context(), d.ID)
	if err != nil {
		return err
	}
	settings := s.env().Settings
	p.Tracker = &views.TrackerView{Milestones: d.Milestones, Opinions: ops, Threshold: settings.PostEvalOpinions,
		Suggest: workflow.EvaluationSuggested(len(ops), settings)}
	return nil
}

// milestoneAdd adds a milestone of the decision's implementation.
func (s *Server) milestoneAdd(c echo.Context) error {
	r := readForm(c, "milestone")
	m := workflow.Milestone{
		Title:     r.value("title"),
		PlannedOn: r.day("planned_on"),
		Status:    workflow.MilestoneStatus(r.value("status")),
		More:      r.more(),
	}
	return s.apply(c, &workflow.AddMilestone{Milestone: m}, r.f, nil)
}

// milestoneUpdate records where a milestone stands; a done one needs the day it was done, not
// in the future.
func (s *Server) milestoneUpdate(c echo.Context) error {
	id, err := s.pathChild(c, "msid", func(d *workflow.Decision, id int64) (bool, error) {
		return slices.ContainsFunc(d.Milestones, func(m workflow.Milestone) bool { return m.ID == id }), nil
	})
	if err != nil {
		return err
	}
	r := readFormOf(c, fmt.Sprintf("milestone-%d", id), workflow.FormMilestoneUpdate)
	cmd := &workflow.UpdateMilestone{ID: id, Status: workflow.MilestoneStatus(r.value("status")),
		DoneOn: r.day("done_on"), Note: r.value("note")}
	return s.apply(c, cmd, r.f, nil)
}

// opinionsOpen: the public may give opinions on the decision's implementation today.
func opinionsOpen(d *workflow.Decision) bool {
	return d.State == workflow.Implementation || d.State == workflow.Suspended
}

// publicTracker fills the portal's tracker of a published decision.
func (s *Server) publicTracker(c echo.Context, d *workflow.Decision, p *views.PublicDecision, f *views.Form, receipt *workflow.ImplementationOpinion) error {
	ms, err := s.db.Milestones(c.Request().Context(), d.ID)
	if err != nil {
		return err
	}
	p.Milestones = ms
	for _, r := range d.Reports {
		if r.Public && r.Kind != workflow.ReportOpinion {
			p.Reports = append(p.Reports, r)
		}
	}
	p.OpinionOpen, p.OpinionForm, p.OpinionReceipt = opinionsOpen(d), f, receipt
	if p.OpinionForm == nil {
		p.OpinionForm = views.NewForm("opinion", nil)
	}
	return nil
}

// publicOpinionAdd receives an opinion on a decision's implementation from the portal, with a
// receipt number; it counts towards proposing a post-evaluation.
func (s *Server) publicOpinionAdd(c echo.Context) error {
	d, err := s.publicDecisionByID(c, decisionPublic, decisionParts)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	if !opinionsOpen(d) {
		f := views.NewForm("opinion", nil)
		f.Top = append(f.Top, "本决策当前不在执行阶段，未能提交。")
		return s.renderPublicDecision(c, d, http.StatusUnprocessableEntity, f, nil)
	}
	ip := s.clientIP(c)
	if strings.TrimSpace(c.FormValue("website")) != "" {
		s.publicComments.take(ip, s.now())
		s.log.Warn("public opinion: honeypot filled", "decision", d.ID, "ip", ip)
		return echo.NewHTTPError(http.StatusBadRequest, "提交未被接受。请刷新页面后重新填写。")
	}
	r := readForm(c, "opinion")
	o := workflow.ImplementationOpinion{
		Body:    r.short("body", "意见内容", true, views.CommentMax),
		Author:  r.short("author", "姓名或单位", false, 100),
		Contact: r.short("contact", "联系方式", false, 100),
	}
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。意见尚未提交。")
		return s.renderPublicDecision(c, d, http.StatusUnprocessableEntity, r.f, nil)
	}
	if !s.publicComments.take(ip, s.now()) {
		return echo.NewHTTPError(http.StatusTooManyRequests, "提交过于频繁，请 10 分钟后再试。")
	}
	err = s.db.InTx(c.Request().Context(), func(tx *store.Tx) error {
		o, err = tx.AddImplementationOpinion(c.Request().Context(), s.now(), d.ID, o)
		return err
	})
	if err != nil {
		return err
	}
	return s.renderPublicDecision(c, d, http.StatusOK, nil, &o)
}
