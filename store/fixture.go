package store

import (
	"context"
	"time"

	"juece/workflow"
)

// SetStateForTest moves d to state to by event ev with its history event, without asking
// workflow. It is for the fixtures of other packages' tests, which need decisions in a given
// state without every record the gates ask for; everything else changes a state through Apply
// only (TestOnlyApplyChangesState keeps it so).
func (tx *Tx) SetStateForTest(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, ev workflow.Event, to workflow.State, reason string) error {
	return tx.transition(ctx, a, at, d, ev, to, reason)
}
