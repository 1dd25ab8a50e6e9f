package views

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"juece/workflow"
)

// CommentsPage is a consultation's comments page: identical and near-identical comments
// grouped, filters, pages of 50 with the true total, and the form that disposes of a selection.
type CommentsPage struct {
	Page
	DecisionID int64
	Title      string
	Flash      string
	Filter     CommentsFilter
	Groups     []CommentGroupRow
	Total      int // groups under the filter (a group's comments when one is opened)
	Comments   int // comments under the filter
	All        int
	Pending    int
	ByStatus   map[string]int
	Sources    []string
	BySource   map[string]int
	GroupText  string // the opened group's text
	PageNo     int
	Pages      int
	MayDispose bool  // the undertaking unit's clerk, in consultation
	Form       *Form // the disposition form: what was typed and what was wrong
}

// CommentsFilter is what the page shows, as its query says.
type CommentsFilter struct {
	Status, Source string
	Group          int64
}

// CommentGroupRow is one group (or, in an opened group, one comment).
type CommentGroupRow struct {
	First        workflow.Comment
	Count        int
	PendingIDs   []int64
	Dispositions []workflow.Disposition
}

// Selection is the value of the group's checkbox: the ids of its pending comments, runs as
// first-last, as the page showed them (comments that arrive later are not taken with it).
func (g CommentGroupRow) Selection() string { return JoinIDs(g.PendingIDs) }

// JoinIDs writes ids (sorted) as a list of numbers and runs a-b.
func JoinIDs(ids []int64) string {
	var b strings.Builder
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && ids[j+1] == ids[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(ids[i], 10))
		if j > i {
			b.WriteByte('-')
			b.WriteString(strconv.FormatInt(ids[j], 10))
		}
		i = j + 1
	}
	return b.String()
}

// CommentStatuses are the filter's choices of handling, in the order offered.
func CommentStatuses() []Option {
	out := []Option{{Value: "pending", Label: "待处理"}, {Value: "disposed", Label: "已处理"}}
	for _, d := range workflow.Dispositions {
		out = append(out, Option{Value: string(d), Label: d.Label()})
	}
	return out
}

// URL is the page's address with the filter f on page n.
func (p CommentsPage) URL(f CommentsFilter, n int) string {
	q := url.Values{}
	if f.Status != "" {
		q.Set("status", f.Status)
	}
	if f.Source != "" {
		q.Set("source", f.Source)
	}
	if f.Group != 0 {
		q.Set("group", strconv.FormatInt(f.Group, 10))
	}
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	u := fmt.Sprintf("/decisions/%d/comments", p.DecisionID)
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// statusOptions are the filter's choices of handling, each with how many comments it has.
func (p CommentsPage) statusOptions() []Option {
	out := CommentStatuses()
	for i, o := range out {
		n := p.ByStatus[o.Value]
		switch o.Value {
		case "pending":
			n = p.Pending
		case "disposed":
			n = p.All - p.Pending
		}
		out[i].Label = fmt.Sprintf("%s（%d）", o.Label, n)
	}
	return out
}

// sourceOptions are the sources the comments came from, each with its count.
func (p CommentsPage) sourceOptions() []Option {
	out := make([]Option, len(p.Sources))
	for i, s := range p.Sources {
		out[i] = Option{Value: s, Label: fmt.Sprintf("%s（%d）", commentSource(s), p.BySource[s])}
	}
	return out
}

// selected says whether the checkbox of value was ticked when the form was refused.
func (p CommentsPage) selected(value string) bool {
	return p.Form != nil && slices.Contains(p.Form.Values["sel"], value)
}

// pagePending are the pending comments of every group on the page, in order.
func (p CommentsPage) pagePending() []int64 {
	var out []int64
	for _, g := range p.Groups {
		out = append(out, g.PendingIDs...)
	}
	slices.Sort(out)
	return out
}

// groupStatus says how a group stands: how many await a disposition, and what the others got.
func groupStatus(g CommentGroupRow) string {
	var parts []string
	if n := len(g.PendingIDs); n > 0 {
		if g.Count == 1 {
			parts = append(parts, "待处理")
		} else {
			parts = append(parts, fmt.Sprintf("待处理 %d 条", n))
		}
	}
	if len(g.Dispositions) > 0 {
		ls := make([]string, len(g.Dispositions))
		for i, d := range g.Dispositions {
			ls[i] = d.Label()
		}
		what := "已处理："
		if g.Count == 1 {
			what = ""
		}
		parts = append(parts, what+strings.Join(ls, "、"))
	}
	return strings.Join(parts, "；")
}

// CommentPage is one comment's page, with the form that records or changes its disposition.
type CommentPage struct {
	Page
	DecisionID int64
	Title      string
	Version    int64 // the decision's, which the form carries
	C          workflow.Comment
	Flash      string
	MayDispose bool
	Form       *Form
}
