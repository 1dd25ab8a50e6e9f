package workflow

import "time"

// The public implementation tracker (条例第34—36条): milestones of a published decision with
// their dates and status, the clerk's reports marked public or internal, and the public's
// opinions on implementation, whose number may call for a post-evaluation (条例第36条).

// MilestoneStatus is where a milestone stands.
type MilestoneStatus string

// The statuses of a milestone.
const (
	MilestonePlanned  MilestoneStatus = "planned"     // 未开始
	MilestoneUnderway MilestoneStatus = "in_progress" // 推进中
	MilestoneDone     MilestoneStatus = "done"        // 已完成
	MilestoneDelayed  MilestoneStatus = "delayed"     // 滞后
)

// MilestoneStatuses lists the statuses in their usual order.
var MilestoneStatuses = []MilestoneStatus{MilestonePlanned, MilestoneUnderway, MilestoneDone, MilestoneDelayed}

// Label is the status in Chinese.
func (s MilestoneStatus) Label() string {
	switch s {
	case MilestonePlanned:
		return "未开始"
	case MilestoneUnderway:
		return "推进中"
	case MilestoneDone:
		return "已完成"
	case MilestoneDelayed:
		return "滞后"
	}
	return string(s)
}

// Milestone is one step of carrying out a published decision.
type Milestone struct {
	ID        int64
	Title     string
	PlannedOn time.Time
	Status    MilestoneStatus
	DoneOn    time.Time // when done
	Note      string
	More      Values // fields added by their description alone (MoreFields)
}

// ImplementationOpinion is an opinion the public sent on the portal about how a decision is
// carried out (条例第35条).
type ImplementationOpinion struct {
	ID         int64
	Ref        string // receipt number
	Author     string // never published
	Contact    string // never published
	Body       string
	ReceivedAt time.Time
}

// EvaluationSuggested says whether the public's opinions on implementation are many enough to
// propose a post-evaluation (条例第36条 "社会公众提出较多意见"): Settings.PostEvalOpinions or more.
func EvaluationSuggested(opinions int, s Settings) bool {
	return s.PostEvalOpinions > 0 && opinions >= s.PostEvalOpinions
}
