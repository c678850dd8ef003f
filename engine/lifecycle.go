package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mos-hq/mos/generate"
)

// State is where a piece is in its lifecycle. The pieces.state column holds the same names and its
// CHECK constraint lists them; a test holds the two together. ARCHITECTURE.md draws the lifecycle.
type State string

// The states of a piece.
const (
	StateRequested       State = "requested"        // the outline is being written
	StateOutlineReady    State = "outline_ready"    // the outline waits for a decision
	StateOutlineApproved State = "outline_approved" // the draft is being written
	StateDraftReady      State = "draft_ready"      // the draft waits for a decision
	StateApproved        State = "approved"         // the draft is approved; it waits to go live
	StatePublished       State = "published"        // live, with its link and date
	StateRejected        State = "rejected"         // a person rejected the outline or the draft
	StateFailed          State = "failed"           // a generation failed; Retry resumes Piece.FailedFrom
	StateCancelled       State = "cancelled"        // a person stopped a generation that kept failing
)

// States lists every state in lifecycle order, for summaries.
var States = []State{StateRequested, StateOutlineReady, StateOutlineApproved, StateDraftReady,
	StateApproved, StatePublished, StateRejected, StateFailed, StateCancelled}

// Phases of generated content: every version is an outline or a draft.
const (
	PhaseOutline = generate.PhaseOutline
	PhaseDraft   = generate.PhaseDraft
)

// Review decisions, as stored in reviews.decision: the record a move leaves of who decided what.
const (
	DecisionApproved  = "approved"
	DecisionRejected  = "rejected"
	DecisionEdited    = "edited"
	DecisionRevised   = "revised"
	DecisionPublished = "published"
	// DecisionSoundsLikeUs is an approver's mark on a published piece: it sounds like the client.
	DecisionSoundsLikeUs = "sounds_like_us"
	DecisionCancelled    = "cancelled"
)

// Role is who may make a move.
type Role string

// The roles of the lifecycle.
const (
	// RoleRequester is anyone in a bound channel: everyone who may request a piece.
	RoleRequester Role = "requester"
	// RoleApprover is one of the client's approvers.
	RoleApprover Role = "approver"
	// RoleSystem is the engine itself: a generation job's result, or a sweep of lost jobs.
	RoleSystem Role = "system"
)

// Action names what a move does.
type Action string

// The actions of the lifecycle. Those a person takes are offered on View.Actions.
const (
	ActionRequest      Action = "request"       // start a piece from a source and a brief
	ActionLog          Action = "log"           // log a published piece people wrote without the engine
	ActionWriteOutline Action = "write_outline" // the outline job stored the outline
	ActionWriteDraft   Action = "write_draft"   // the draft job stored the draft
	ActionFail         Action = "fail"          // a generation failed for good
	ActionApprove      Action = "approve"
	ActionEdit         Action = "edit"
	ActionRevise       Action = "revise"
	ActionReject       Action = "reject"
	ActionRetry        Action = "retry"
	ActionPublish      Action = "publish"
	ActionSoundsLikeUs Action = "sounds_like_us" // an approver marks a published piece as the voice done right
	ActionRetryNow     Action = "retry_now"      // run a generation that is waiting to retry at once
	ActionCancel       Action = "cancel"         // stop a generation that is waiting to retry, for good
)

// Job is the generation job a move queues in its own transaction.
type Job string

// The jobs a move may queue.
const (
	JobNone    Job = ""
	JobOutline Job = "outline" // OutlineArgs
	JobDraft   Job = "draft"   // DraftArgs
	JobRevise  Job = "revise"  // ReviseArgs
)

// Move is one row of the lifecycle: who may take a piece from From to To, the job that queues and
// the review it records, all in one transaction. From "" creates the piece. To == From changes
// the piece's version (edit) or what it is busy with (revise), not its state.
type Move struct {
	Action Action
	Phase  string // the phase whose version the move concerns; "" when none
	From   State
	To     State
	Who    Role
	Job    Job
	Review string // the decision recorded in reviews; "" records none
	// InTrouble offers the move only while the piece's generation retries after a failed attempt
	// (Piece.Trouble set).
	InTrouble bool
}

// lifecycle is the one table of moves. Everything that changes a piece's state finds its row here
// (applyTx), and a view offers exactly the moves a person may make from the piece's state.
var lifecycle = []Move{
	{Action: ActionRequest, From: "", To: StateRequested, Who: RoleRequester, Job: JobOutline},
	{Action: ActionLog, Phase: PhaseDraft, From: "", To: StatePublished, Who: RoleRequester, Review: DecisionPublished},

	{Action: ActionWriteOutline, Phase: PhaseOutline, From: StateRequested, To: StateOutlineReady, Who: RoleSystem},
	{Action: ActionFail, Phase: PhaseOutline, From: StateRequested, To: StateFailed, Who: RoleSystem},
	{Action: ActionRetryNow, Phase: PhaseOutline, From: StateRequested, To: StateRequested, Who: RoleRequester,
		InTrouble: true},
	{Action: ActionCancel, Phase: PhaseOutline, From: StateRequested, To: StateCancelled, Who: RoleRequester,
		Review: DecisionCancelled, InTrouble: true},
	{Action: ActionRetry, Phase: PhaseOutline, From: StateFailed, To: StateRequested, Who: RoleRequester, Job: JobOutline},

	{Action: ActionApprove, Phase: PhaseOutline, From: StateOutlineReady, To: StateOutlineApproved, Who: RoleApprover,
		Job: JobDraft, Review: DecisionApproved},
	{Action: ActionEdit, Phase: PhaseOutline, From: StateOutlineReady, To: StateOutlineReady, Who: RoleRequester,
		Review: DecisionEdited},
	{Action: ActionRevise, Phase: PhaseOutline, From: StateOutlineReady, To: StateOutlineReady, Who: RoleRequester,
		Job: JobRevise, Review: DecisionRevised},
	{Action: ActionReject, Phase: PhaseOutline, From: StateOutlineReady, To: StateRejected, Who: RoleApprover,
		Review: DecisionRejected},

	{Action: ActionWriteDraft, Phase: PhaseDraft, From: StateOutlineApproved, To: StateDraftReady, Who: RoleSystem},
	{Action: ActionFail, Phase: PhaseDraft, From: StateOutlineApproved, To: StateFailed, Who: RoleSystem},
	{Action: ActionRetryNow, Phase: PhaseDraft, From: StateOutlineApproved, To: StateOutlineApproved, Who: RoleRequester,
		InTrouble: true},
	{Action: ActionCancel, Phase: PhaseDraft, From: StateOutlineApproved, To: StateCancelled, Who: RoleRequester,
		Review: DecisionCancelled, InTrouble: true},
	{Action: ActionRetry, Phase: PhaseDraft, From: StateFailed, To: StateOutlineApproved, Who: RoleRequester, Job: JobDraft},

	{Action: ActionApprove, Phase: PhaseDraft, From: StateDraftReady, To: StateApproved, Who: RoleApprover,
		Review: DecisionApproved},
	{Action: ActionEdit, Phase: PhaseDraft, From: StateDraftReady, To: StateDraftReady, Who: RoleRequester,
		Review: DecisionEdited},
	{Action: ActionRevise, Phase: PhaseDraft, From: StateDraftReady, To: StateDraftReady, Who: RoleRequester,
		Job: JobRevise, Review: DecisionRevised},
	{Action: ActionReject, Phase: PhaseDraft, From: StateDraftReady, To: StateRejected, Who: RoleApprover,
		Review: DecisionRejected},

	{Action: ActionPublish, Phase: PhaseDraft, From: StateApproved, To: StatePublished, Who: RoleApprover,
		Review: DecisionPublished},
	{Action: ActionSoundsLikeUs, Phase: PhaseDraft, From: StatePublished, To: StatePublished, Who: RoleApprover,
		Review: DecisionSoundsLikeUs},
}

// Moves returns the lifecycle table, in its order: for documentation and tests.
func Moves() []Move { return slices.Clone(lifecycle) }

// phaseMove is the move an action makes on a phase (approve, edit, revise, reject, publish, fail,
// retry, write); an unknown phase, or an action the phase has no move for, is an error.
func phaseMove(a Action, phase string) (Move, error) {
	for _, m := range lifecycle {
		if m.Action == a && m.Phase == phase && m.From != "" {
			return m, nil
		}
	}
	return Move{}, fmt.Errorf("engine: unknown phase %q for %s (want %q or %q)", phase, a, PhaseOutline, PhaseDraft)
}

// createMove is the move that creates a piece by an action (request, log).
func createMove(a Action) Move {
	for _, m := range lifecycle {
		if m.Action == a && m.From == "" {
			return m
		}
	}
	panic("engine: no lifecycle move creates a piece by " + string(a)) // the table is a constant
}

// mustPhaseMove is phaseMove for the engine's own constant arguments.
func mustPhaseMove(a Action, phase string) Move {
	m, err := phaseMove(a, phase)
	if err != nil {
		panic(err) // the table is a constant: caught by every test run
	}
	return m
}

// readyState is the state a piece waits in for a person's decision on a phase.
func readyState(phase string) (State, error) {
	m, err := phaseMove(ActionApprove, phase)
	return m.From, err
}

// movesFrom lists the moves that leave a state (in table order).
func movesFrom(s State) []Move {
	var out []Move
	for _, m := range lifecycle {
		if m.From == s && m.From != "" {
			out = append(out, m)
		}
	}
	return out
}

// Offer is one thing a person may do with a piece now: an action, who may take it, and the version
// it applies to. A View lists them; adapters draw their buttons from it.
type Offer struct {
	Action  Action
	Phase   string // the phase whose version the action applies to
	Version int    // the latest version of Phase, 0 before the first (a retry writes it)
	Who     Role   // RoleApprover or RoleRequester
}

// Offers lists what people may do with a piece now, in table order: the moves a person may make
// from its state (a retry only where the piece failed from; Retry now and Cancel only while its
// generation is in trouble), none while a revision is being written. latest gives the newest
// version of each phase (missing: none yet).
func Offers(p Piece, latest map[string]int) []Offer {
	if p.Busy != "" {
		return nil
	}
	var out []Offer
	for _, m := range movesFrom(p.State) {
		if m.Who == RoleSystem || (m.Action == ActionRetry && m.To != p.FailedFrom) ||
			(m.InTrouble && p.Trouble == nil) {
			continue
		}
		out = append(out, Offer{Action: m.Action, Phase: m.Phase, Version: latest[m.Phase], Who: m.Who})
	}
	return out
}

// retryMove is the move that resumes a failed piece at the state it failed from.
func retryMove(failedFrom State) (Move, bool) {
	for _, m := range lifecycle {
		if m.Action == ActionRetry && m.To == failedFrom {
			return m, true
		}
	}
	return Move{}, false
}

// statesFrom lists, once each and in table order, the states an action leaves.
func statesFrom(a Action) []State {
	var out []State
	for _, m := range lifecycle {
		if m.Action == a && m.From != "" && !slices.Contains(out, m.From) {
			out = append(out, m.From)
		}
	}
	return out
}

// AwaitingDecision lists the states in which a piece waits for an approver's decision on a version
// (the App Home's queue, reminders).
func AwaitingDecision() []State { return statesFrom(ActionApprove) }

// Final says whether no move takes a piece out of the state: the piece is done. A move that stays
// (marking a published piece "sounds like us") does not make a state open.
func (s State) Final() bool {
	for _, m := range movesFrom(s) {
		if m.To != s {
			return false
		}
	}
	return true
}

// finalStates lists the states no move leaves.
func finalStates() []State {
	var out []State
	for _, s := range States {
		if s.Final() {
			out = append(out, s)
		}
	}
	return out
}

// stateNames turns states into the strings a query parameter carries.
func stateNames(states []State) []string {
	out := make([]string, len(states))
	for i, s := range states {
		out[i] = string(s)
	}
	return out
}

// sqlList is states as an SQL list of literals ('a', 'b'), for a query that has to match a partial
// index's predicate, which a parameter cannot. The names are this file's constants.
func sqlList(states []State) string {
	quoted := make([]string, len(states))
	for i, s := range states {
		quoted[i] = "'" + string(s) + "'"
	}
	return strings.Join(quoted, ", ")
}
