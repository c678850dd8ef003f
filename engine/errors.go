package engine

import (
	"errors"
	"fmt"
	"time"
)

// UserError is a mistake the person can fix. Field names the input it concerns (for modals:
// "brief", "source_url", "source_type", "pillar", "excerpt", "cap"; for a piece's forms: "text",
// "instruction", "failure_modes", "comment"; for a request's own source: "transcript", "file"), or
// is empty; Problem says what is wrong with it, and the other fields carry the data to say so: the
// sizes, the value given and the values allowed. Msg, when set, says it in plain words with no
// command, link syntax or markup of any chat platform; when it is empty the adapter words the
// error from Field, Problem and the data. Either way an adapter that offers a command adds it,
// choosing by Field and Problem.
type UserError struct {
	Field   string
	Problem Problem
	Msg     string
	Got     int // the size or count given, when the problem is one of size or count
	Limit   int // the most allowed
	Min     int // the least allowed, for a count (ProblemCount)
	// Phase is the phase of the text the problem is in (PhaseOutline, PhaseDraft), for field "text".
	Phase string
	// Values are the values given that are wrong (a failure mode, a repeated key, the keys
	// missing), or the line that could not be placed.
	Values []string
	// Allowed are the values that may be given instead (failure mode ids).
	Allowed []string
}

func (e *UserError) Error() string {
	if e.Msg != "" {
		return e.Msg
	}
	return fmt.Sprintf("engine: %s %s %q (got %d, %d to %d)", e.Field, e.Problem, e.Values, e.Got, e.Min, e.Limit)
}

// Problem says what is wrong with an input, so an adapter can word its own hint for it.
type Problem string

// The problems an adapter may add a hint to. An error without one has Problem "".
const (
	ProblemMissing    Problem = "missing"     // nothing was given
	ProblemNoSource   Problem = "no_source"   // neither a link nor a source of its own
	ProblemTooLong    Problem = "too_long"    // Got is over Limit
	ProblemUnknown    Problem = "unknown"     // not one of the accepted values
	ProblemUnreadable Problem = "unreadable"  // a link that does not parse
	ProblemNoScheme   Problem = "no_scheme"   // a link without http(s)://
	ProblemBadScheme  Problem = "bad_scheme"  // a link that is not http(s)
	ProblemCredential Problem = "credentials" // a link with a username or password
	ProblemNoHost     Problem = "no_host"     // a link with no site name
	ProblemDuplicate  Problem = "duplicate"   // already recorded
	ProblemFuture     Problem = "future"      // a date ahead of today
	ProblemNoKey      Problem = "no_key"      // outline text before its first "Key:" line (Values[0])
	ProblemEmptyLine  Problem = "empty_line"  // an outline's "Key:" line with nothing after it (Values[0])
	ProblemCount      Problem = "count"       // Got is below Min or over Limit
)

// Problems lists every Problem, for the adapters' tests that each has its words.
func Problems() []Problem {
	return []Problem{ProblemMissing, ProblemNoSource, ProblemTooLong, ProblemUnknown, ProblemUnreadable,
		ProblemNoScheme, ProblemBadScheme, ProblemCredential, ProblemNoHost, ProblemDuplicate, ProblemFuture,
		ProblemNoKey, ProblemEmptyLine, ProblemCount}
}

// problemf is a UserError the engine words itself.
func problemf(field string, problem Problem, format string, args ...any) *UserError {
	return &UserError{Field: field, Problem: problem, Msg: fmt.Sprintf(format, args...)}
}

// tooLong is a size problem the adapter words: got is over limit.
func tooLong(field string, got, limit int) *UserError {
	return &UserError{Field: field, Problem: ProblemTooLong, Got: got, Limit: limit}
}

// tooLongf is a size problem the engine words: got is over limit.
func tooLongf(field string, got, limit int, format string, args ...any) *UserError {
	return &UserError{Field: field, Problem: ProblemTooLong, Got: got, Limit: limit, Msg: fmt.Sprintf(format, args...)}
}

// ErrNotBound means the channel has no client and platform yet.
var ErrNotBound = errors.New("engine: the channel is not bound to a client")

// ErrBindWhat refuses a binding that names no client or no platform.
var ErrBindWhat = errors.New("engine: a binding needs a client and a platform")

// UnknownClientError refuses to bind a channel to a client that does not exist.
type UnknownClientError struct {
	Slug  string
	Known []string // the slugs of the clients that do exist, sorted
}

func (e *UnknownClientError) Error() string {
	return fmt.Sprintf("engine: no client %q (known: %v)", e.Slug, e.Known)
}

// CapError refuses a request over the channel's daily cap. Nothing was stored.
type CapError struct {
	Used     int
	Cap      int
	ResetsAt time.Time // the next local midnight in the client's time zone
}

func (e *CapError) Error() string {
	return fmt.Sprintf("engine: daily cap reached: %d of %d pieces today, resets %s", e.Used, e.Cap,
		e.ResetsAt.Format(time.RFC3339))
}

// CapRangeError refuses a daily cap outside 0…Max.
type CapRangeError struct {
	Got int
	Max int
}

func (e *CapRangeError) Error() string {
	return fmt.Sprintf("engine: daily cap %d is outside 0…%d", e.Got, e.Max)
}

// PlatformError refuses to bind a channel to a platform the client's OS has no style guide for.
type PlatformError struct {
	ClientName string
	ClientSlug string
	Platform   string
	Platforms  []string // the platforms the OS has a style guide for, sorted
}

func (e *PlatformError) Error() string {
	return fmt.Sprintf("engine: %s's OS has no style guide for %q (it has: %v)", e.ClientSlug, e.Platform, e.Platforms)
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
	if e.Revising() {
		return fmt.Sprintf("engine: piece %d is being revised", e.PieceID)
	}
	return fmt.Sprintf("engine: piece %d is %s, not %s", e.PieceID, e.State, e.Want)
}

// Revising says the piece is where the action needed it, but a revision is being written.
func (e *StaleError) Revising() bool { return e.Busy != "" && e.State == e.Want }

// ErrUnchanged is returned by Edit, together with the current version, when the submitted text is
// the same as the current version: no version, review or notification was made.
var ErrUnchanged = errors.New("engine: nothing changed: the text is the same as the current version")

// VersionChangedError refuses an approval or an edit given to an older version than the current
// one: someone edited or revised the piece after the person's screen was drawn. Nothing was
// approved or stored.
type VersionChangedError struct {
	PieceID int64
	Phase   string
	Seen    int
	Current int
	Doing   Action // ActionApprove or ActionEdit
}

func (e *VersionChangedError) Error() string {
	return fmt.Sprintf("engine: the %s of piece %d changed: v%d seen, v%d current", e.Phase, e.PieceID, e.Seen, e.Current)
}

// AlreadyMarkedError answers a sounds-like-us mark on a piece that already has one: nothing
// changed. By and At are the first mark's approver and time.
type AlreadyMarkedError struct {
	PieceID int64
	By      string
	At      time.Time
}

func (e *AlreadyMarkedError) Error() string {
	return fmt.Sprintf("engine: piece %d is already marked sounds like us (by %s)", e.PieceID, e.By)
}
