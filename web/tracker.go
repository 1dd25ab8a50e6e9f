package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// The public implementation tracker (条例第34–36条): the clerk sets milestones and marks reports
// public; the portal shows them with the decision and takes the public's opinions on its
// implementation; when those reach the setting's number, the staff's page proposes a
// post-evaluation (条例第36条).

// moreSections adds to the staff's decision page what lives beside the decision's records: the
// draw of hearing participants, the implementation tracker and the urge form.
func (s *Server) moreSections(c echo.Context, u *store.User, d *workflow.Decision, p *views.DecisionPage) error {
	if err := s.drawSection(c, u, d, p); err != nil {
		return err
	}
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
	ctx := c.Request().Context()
	ms, err := s.db.Milestones(ctx, d.ID)
	if err != nil {
		return err
	}
	ops, err := s.db.ImplementationOpinions(ctx, d.ID)
	if err != nil {
		return err
	}
	settings := s.env().Settings
	p.Tracker = &views.TrackerView{Milestones: ms, Opinions: ops, Threshold: settings.PostEvalOpinions,
		Suggest: workflow.EvaluationSuggested(len(ops), settings)}
	return nil
}

// milestoneAdd adds a milestone of the decision's implementation.
func (s *Server) milestoneAdd(c echo.Context) error {
	r := readForm(c, "milestone")
	m := workflow.Milestone{
		Title:     r.short("title", "节点", true, 200),
		PlannedOn: r.date("planned_on", "计划完成日期", true),
		Status:    workflow.MilestoneStatus(r.choice("status", "状态", true, strs(workflow.MilestoneStatuses))),
	}
	return s.record(c, workflow.RecMilestone, r.f, func(tx *store.Tx, a workflow.Actor, at time.Time, d *workflow.Decision) error {
		_, err := tx.AddMilestone(c.Request().Context(), a, at, d, m)
		return err
	})
}

// milestoneUpdate records where a milestone stands; a done one needs the day it was done, not
// in the future.
func (s *Server) milestoneUpdate(c echo.Context) error {
	id, err := s.pathChild(c, "msid", func(d *workflow.Decision, id int64) (bool, error) {
		ms, err := s.db.Milestones(c.Request().Context(), d.ID)
		return slices.ContainsFunc(ms, func(m workflow.Milestone) bool { return m.ID == id }), err
	})
	if err != nil {
		return err
	}
	r := readForm(c, fmt.Sprintf("milestone-%d", id))
	status := workflow.MilestoneStatus(r.choice("status", "状态", true, strs(workflow.MilestoneStatuses)))
	done := r.date("done_on", "完成日期", false)
	note := r.text("note", "说明", false)
	switch {
	case status == workflow.MilestoneDone && done.IsZero() && r.f.Errors["done_on"] == "":
		r.f.Errors["done_on"] = "状态为已完成时请填写完成日期"
	case status != workflow.MilestoneDone && !done.IsZero():
		r.f.Errors["done_on"] = "尚未完成的节点不填完成日期"
	case !done.IsZero() && done.After(s.today()):
		r.f.Errors["done_on"] = "完成日期不能晚于今日"
	}
	return s.record(c, workflow.RecMilestone, r.f, func(tx *store.Tx, a workflow.Actor, at time.Time, d *workflow.Decision) error {
		return tx.UpdateMilestone(c.Request().Context(), a, at, d, id, status, done, note)
	})
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
