package engine

import (
	"errors"
	"fmt"
	"time"
)

// UserError is a mistake the person can fix. Its message says what was wrong and what to type
// instead, so the adapter can show it as-is. Field names the input it concerns (for modals:
// "brief", "source_url", "source_type", "pillar", "excerpt", "cap"), or is empty.
type UserError struct {
	Field string
	Msg   string
}

func (e *UserError) Error() string { return e.Msg }

func userErrorf(field, format string, args ...any) *UserError {
	return &UserError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// ErrNotBound means the channel has no client and platform yet.
var ErrNotBound = errors.New("this channel is not bound to a client yet. " +
	"Try: /mos bind <client> <platform> [cap], e.g. /mos bind northwind linkedin 3")

// ErrNotApprover means the person is not one of the client's approvers; nothing was changed.
var ErrNotApprover = errors.New("only this client's approvers can do that. " +
	"An approver can add you with: /mos approvers add @you")

// CapError refuses a request over the channel's daily cap. Nothing was stored.
type CapError struct {
	Used     int
	Cap      int
	ResetsAt time.Time // the next local midnight in the client's time zone
}

func (e *CapError) Error() string {
	reset := e.ResetsAt.Format("Mon 15:04 MST")
	if e.Cap == 0 {
		return fmt.Sprintf("this channel's daily cap is 0, so no new pieces can start here. "+
			"An approver can raise it with: /mos cap <n> (the count resets at %s)", reset)
	}
	return fmt.Sprintf("this channel has started %d of %d pieces today, so the daily cap is reached. "+
		"It resets at midnight (%s); an approver can raise it with: /mos cap <n>", e.Used, e.Cap, reset)
}

// StaleError means a transition did not apply because the piece had already moved on (a repeated
// click, a second approver, a retried job). It is an answer, not a failure: the adapter says
// politely what state the piece is in now.
type StaleError struct {
	PieceID int64
	Want    State // the state the action needed
	State   State // the state the piece is in now
	// Busy is set (BusyRevising) when the piece is in the wanted state but a revision is being
	// written: the action has to wait for the new version.
	Busy string
}

func (e *StaleError) Error() string {
	if e.Busy != "" && e.State == e.Want {
		return fmt.Sprintf("piece %d is being revised right now; try again once the new version is posted", e.PieceID)
	}
	return fmt.Sprintf("piece %d is now %s (this needed %s)", e.PieceID, StateLabel(e.State), StateLabel(e.Want))
}

// ErrUnchanged is returned by Edit, together with the current version, when the submitted text is
// the same as the current version: no version, review or notification was made.
var ErrUnchanged = errors.New("nothing changed: the text is the same as the current version")

// VersionChangedError refuses an approval given to an older version than the current one: someone
// edited or revised the piece after the approver's screen was drawn. Nothing was approved.
type VersionChangedError struct {
	PieceID int64
	Phase   string
	Seen    int
	Current int
}

func (e *VersionChangedError) Error() string {
	return fmt.Sprintf("the %s changed while you were looking: you saw v%d, it is now v%d. "+
		"Read the new version, then approve it", e.Phase, e.Seen, e.Current)
}
