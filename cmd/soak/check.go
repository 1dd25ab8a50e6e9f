package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// ack is one write the server acknowledged with its redirect: on decision, an event action
// whose summary or changes carry token ("" when the action alone names the write, as for
// start, which happens once per decision).
type ack struct {
	decision int64
	action   string
	token    string
}

// event is one history event as the checker needs it.
type event struct {
	seq      int64
	decision int64
	action   string
	from, to string
	summary  string
	changes  string
}

// history is what the checker reads back from the database after the run.
type history struct {
	states map[int64]string // each decision's current state
	events []event          // in seq order
}

// commentAck is a public comment the portal acknowledged with a receipt.
type commentAck struct {
	decision int64
	ref      string // the reference number on the receipt
	token    string // carried in the comment's body
}

// storedComment is a comment row as read back.
type storedComment struct {
	decision int64
	ref      string
	body     string
}

// checkAcks reports how many acknowledged writes are in the history, and one problem per
// write that is not: an acknowledged write must survive anything, a crash included.
func checkAcks(h history, acks []ack) (present int, problems []string) {
	byDecision := map[int64][]event{}
	for _, e := range h.events {
		byDecision[e.decision] = append(byDecision[e.decision], e)
	}
	for _, a := range acks {
		found := slices.ContainsFunc(byDecision[a.decision], func(e event) bool {
			return e.action == a.action && (a.token == "" || strings.Contains(e.summary, a.token) || strings.Contains(e.changes, a.token))
		})
		if found {
			present++
		} else {
			problems = append(problems, fmt.Sprintf("decision %d: acknowledged %s %q missing from the history", a.decision, a.action, a.token))
		}
	}
	return present, problems
}

// checkStates reports every decision whose state is not the end of an unbroken run of state
// changes in its history: the create event first (into proposed), each change leaving the
// state the one before entered, the last entering the stored state. So no state change
// happened without its history event, and no history event without its change.
func checkStates(h history) (problems []string) {
	last := map[int64]string{} // the state the latest state change entered
	seen := map[int64]bool{}
	for _, e := range h.events {
		if e.to == "" || e.decision == 0 {
			continue // a record, not a state change
		}
		if !seen[e.decision] {
			seen[e.decision] = true
			if e.from != "" {
				problems = append(problems, fmt.Sprintf("decision %d: first state change (event %d) leaves %q, not created", e.decision, e.seq, e.from))
			}
		} else if e.from != last[e.decision] {
			problems = append(problems, fmt.Sprintf("decision %d: event %d leaves %q but the decision was in %q", e.decision, e.seq, e.from, last[e.decision]))
		}
		last[e.decision] = e.to
	}
	ids := make([]int64, 0, len(h.states))
	for id := range h.states {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if !seen[id] {
			problems = append(problems, fmt.Sprintf("decision %d: in %q with no create event", id, h.states[id]))
		} else if last[id] != h.states[id] {
			problems = append(problems, fmt.Sprintf("decision %d: stored state %q, but its history ends in %q", id, h.states[id], last[id]))
		}
	}
	for id := range seen {
		if _, ok := h.states[id]; !ok {
			problems = append(problems, fmt.Sprintf("decision %d: history events for a decision that does not exist", id))
		}
	}
	return problems
}

// checkComments reports how many acknowledged comments are stored under their decision with
// their reference number and body, and one problem per comment that is not.
func checkComments(stored []storedComment, acks []commentAck) (present int, problems []string) {
	byRef := make(map[string]storedComment, len(stored))
	for _, c := range stored {
		byRef[c.ref] = c
	}
	for _, a := range acks {
		c, ok := byRef[a.ref]
		if ok && c.decision == a.decision && strings.Contains(c.body, a.token) {
			present++
		} else {
			problems = append(problems, fmt.Sprintf("comment %s (%s) on decision %d: acknowledged but not stored", a.ref, a.token, a.decision))
		}
	}
	return present, problems
}

// percentile is the p-th percentile (0 < p ≤ 100) of sorted durations by the nearest-rank
// method; 0 for none.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(float64(len(sorted))*p/100)) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}
