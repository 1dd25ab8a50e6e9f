package workflow

import (
	"strings"
	"time"
)

// The agenda package (条例第29条): what is put before the collective discussion is derived from
// what the decision holds, so that the meeting cannot be recorded while any of it is missing.

// FairCompetitionConclusion is the conclusion of a fair-competition review.
type FairCompetitionConclusion string

// The conclusions of a fair-competition review (《公平竞争审查条例》).
const (
	FCNoEffect  FairCompetitionConclusion = "no_effect" // 不具有排除、限制竞争效果
	FCAdjusted  FairCompetitionConclusion = "adjusted"  // 具有排除、限制竞争效果，已调整或删除有关内容
	FCException FairCompetitionConclusion = "exception" // 符合例外规定，可以出台
)

// FairCompetitionConclusions lists the conclusions.
var FairCompetitionConclusions = []FairCompetitionConclusion{FCNoEffect, FCAdjusted, FCException}

// Label is the conclusion in Chinese.
func (c FairCompetitionConclusion) Label() string {
	switch c {
	case FCNoEffect:
		return "不具有排除、限制竞争效果"
	case FCAdjusted:
		return "具有排除、限制竞争效果，已调整或删除有关内容"
	case FCException:
		return "具有排除、限制竞争效果，但符合例外规定"
	}
	return string(c)
}

// FairCompetitionReview is the fair-competition review of a draft that concerns the economic
// activity of market players (公平竞争审查).
type FairCompetitionReview struct {
	ReviewedOn time.Time
	Reviewer   string // the unit that reviewed
	Conclusion FairCompetitionConclusion
	Summary    string // the review's reasoning
	More       Values // fields added by their description alone (MoreFields)
}

// AgendaMaterial is one of the materials of the agenda package.
type AgendaMaterial struct {
	Name    string
	Basis   string
	Present bool
}

// AgendaPackage lists the materials the collective discussion needs for d (条例第29条), each
// present or not by what d holds: the draft and its explanation; the legality review opinion;
// how the public's opinions were adopted; the hearing's handling of opinions, when a hearing was
// held; the experts' opinions, when the matter is specialised; the risk assessment report, when
// one was required; the fair-competition review, when the matter concerns market activity.
func AgendaPackage(d *Decision) []AgendaMaterial {
	if d.Kind == KindNormative {
		return normativeAgenda(d)
	}
	out := []AgendaMaterial{
		{"决策草案及起草说明", "条例第29条", d.CurrentRevision() != nil},
	}
	out = append(out, AgendaMaterial{"合法性审查意见", "条例第29条", d.LatestReview() != nil})
	out = append(out, AgendaMaterial{"社会公众意见采纳情况", "条例第29条",
		d.Feedback != nil || (d.Flags.NotDisclosed && len(d.Methods) > 0)})
	if d.Hearing != nil && d.HearingSkip == "" {
		out = append(out, AgendaMaterial{"听证意见的研究处理情况", "条例第18条、第29条", strings.TrimSpace(d.Hearing.OpinionsHandling) != ""})
	}
	if d.Flags.Technical {
		out = append(out, AgendaMaterial{"专家论证意见及采纳情况", "条例第19条、第29条", len(d.Experts) > 0})
	}
	if d.RiskSkip == "" {
		out = append(out, AgendaMaterial{"风险评估报告", "条例第24条、第29条", d.Risk != nil})
	}
	if d.Flags.MarketActivity {
		out = append(out, AgendaMaterial{"公平竞争审查结论", "《公平竞争审查条例》；条例第29条", d.FairCompetition != nil})
	}
	return out
}

// MissingAgenda names the materials of the agenda package that d lacks.
func MissingAgenda(d *Decision) []string {
	var miss []string
	for _, m := range AgendaPackage(d) {
		if !m.Present {
			miss = append(miss, m.Name)
		}
	}
	return miss
}
