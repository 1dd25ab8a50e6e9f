package web

import (
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// todo says, per role and stage, what waits for the user: the worklist's states are its keys.
var todo = map[workflow.Role]map[workflow.State]string{
	workflow.RoleClerk: {
		workflow.Proposed:       "完善决策建议，等待决定启动",
		workflow.Drafting:       "起草决策草案，确定决策属性",
		workflow.Consultation:   "听取意见、处理公众意见、组织专家论证",
		workflow.Hearing:        "组织听证并整理听证意见",
		workflow.RiskAssessment: "开展风险评估",
		workflow.LegalityReview: "报送合法性审查材料",
		workflow.Implementation: "报告执行情况",
		workflow.Suspended:      "暂停执行中，报告执行情况",
		workflow.PostEvaluation: "开展决策后评估",
	},
	workflow.RoleReviewer: {
		workflow.LegalityReview: "合法性审查",
	},
	workflow.RoleSecretary: {
		workflow.Proposed:             "决定是否启动决策程序",
		workflow.CollectiveDiscussion: "组织集体讨论并记录行政首长决定",
		workflow.Deferred:             "暂缓事项，择期再议",
		workflow.Published:            "登记公布及向党委请示报告",
		workflow.Suspended:            "暂停执行中，决定是否恢复",
	},
}

// normTodo is what differs for a normative document in its own procedure's stages.
var normTodo = map[workflow.Role]map[workflow.State]string{
	workflow.RoleClerk: {
		workflow.Drafting:       "起草文件草案，征求相关部门意见",
		workflow.Consultation:   "公开征求意见并处理公众意见",
		workflow.LegalityReview: "报送合法性审查材料",
	},
	workflow.RoleSecretary: {
		workflow.CollectiveDiscussion: "提请政府常务会议或部门领导班子会议审议",
		workflow.Published:            "统一登记编号公布，报送备案",
	},
}

// worklistMax bounds the worklist: the nearest due dates; the list pages find the rest.
const worklistMax = 100

func (s *Server) worklist(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	if u.Role == workflow.RoleAdmin {
		return redirect(c, "/admin/users")
	}
	var states []workflow.State
	intro := "以下事项等待您办理，按当前阶段的期限由近到远排列，已逾期的标红。"
	if u.Role == workflow.RoleAuditor {
		for _, st := range workflow.States {
			if !st.Final() {
				states = append(states, st)
			}
		}
		intro = "审计人员可查阅全部事项：以下为尚未办结的事项，按当前阶段的期限由近到远排列，已逾期的标红。"
	} else {
		for st := range todo[u.Role] {
			states = append(states, st)
		}
	}
	var unit int64
	if u.Role == workflow.RoleClerk {
		unit = u.UnitID
	}
	// The rows, the stages' tasks and the intro are the role's (and a clerk's unit's): nothing
	// of the user alone.
	key := listKey{list: "worklist", role: u.Role, unit: unit}
	return s.listFromKept(c, key, "我的待办", "worklist", func(now time.Time, frame views.Page) (templ.Component, time.Time, error) {
		rows, total, err := s.db.Worklist(c.Request().Context(), states, unit, worklistMax)
		if err != nil {
			return nil, time.Time{}, err
		}
		env := s.env()
		env.Now = now
		p := views.WorklistPage{Page: frame, Now: now, Intro: intro, More: total - len(rows)}
		until := nextDay(now)
		for _, r := range rows {
			it := item(r)
			proc := workflow.ProcedureOf(r.Kind)
			it.Due = deadlineIn(proc, r.State, r.DueOn, env)
			if it.Due != nil && r.State == workflow.LegalityReview {
				it.Due.Limit = stageLimitOf(proc, r.LimitOn, env) // the reviewers' due date besides the minimum
			}
			it.Todo = todo[u.Role][r.State]
			if t, ok := normTodo[u.Role][r.State]; ok && r.Kind == workflow.KindNormative {
				it.Todo = t
			}
			if it.Todo == "" {
				it.Todo = "查阅"
			}
			p.Items = append(p.Items, it)
			if w := views.WaitingUntil(r.StateSince, now); w.Before(until) {
				until = w
			}
		}
		return views.WorklistMain(p), until, nil
	})
}

func item(r store.DecisionRow) views.DecisionItem {
	return views.DecisionItem{ID: r.ID, Title: r.Title, Category: r.Category, State: r.State, Unit: r.UnitName,
		StateSince: r.StateSince, UpdatedAt: r.UpdatedAt, Kind: r.Kind}
}
