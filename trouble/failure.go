package trouble

import (
	"fmt"
	"strings"

	"github.com/mos-hq/mos/engine"
)

// Failure is the reason a piece that gave up shows with its Retry button: the problem, how hard it
// tried, and the advice. A revision that gave up says so and that the previous version is kept.
func Failure(f engine.Failure) string {
	if f.Revision {
		return revisionFailure(f)
	}
	if f.Cause == engine.CauseLost {
		return "generation never finished"
	}
	var b strings.Builder
	b.WriteString(Problem(f.Trouble) + ".")
	switch {
	case !f.Cause.Retryable():
		// it was not worth trying again
	case f.Attempt > 1:
		fmt.Fprintf(&b, " Gave up after %d attempts over %s.", f.Attempt, Seconds(f.Tried))
	default:
		fmt.Fprintf(&b, " Gave up: trying again would have gone past %s.", Seconds(f.GiveUpAfter))
	}
	if a := Advice(f.Trouble); a != "" {
		b.WriteString(" " + a)
	}
	return truncate(b.String(), 500)
}

// revisionFailure is the note a piece shows when its revision gave up.
func revisionFailure(f engine.Failure) string {
	why := "it did not finish."
	if f.Cause != engine.CauseLost {
		f.Revision = false
		why = Failure(f)
	}
	return truncate("Revision failed: "+why+" The previous version is kept; press Revise to try again.", 600)
}

// Stored words what the engine stored as a failure (engine.Piece.FailureReason, or the Note of a
// revision that gave up) or a notice (engine.Piece.Note). Anything else — a note or reason stored
// in words before they were stored as data — is returned as it is.
func Stored(s string) string {
	if f, ok := engine.StoredFailure(s); ok {
		return Failure(f)
	}
	if n, ok := engine.StoredNotice(s); ok {
		return Notice(n)
	}
	return s
}

// CouldNotWrite says why writing a phase failed, with what to do about it: "Could not write the
// outline: the model endpoint refused our API key (HTTP 401). Check OPENAI_API_KEY: …".
func CouldNotWrite(phase string, t engine.Trouble) string {
	s := "Could not write the " + phase + ": " + lowerFirst(Problem(t)) + "."
	if a := Advice(t); a != "" {
		s += " " + a
	}
	return s
}

// lowerFirst lowers a sentence's first letter to follow a colon, unless it starts a name
// (MOS_MODEL, HTTP).
func lowerFirst(s string) string {
	if s == "" || (len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z') {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// HealthProblem says why the model is degraded, in the words the pieces show; "" when it is not.
func HealthProblem(h engine.Health) string {
	switch {
	case h.Trouble != nil:
		return Problem(*h.Trouble)
	case h.CallError != "":
		return "The latest model call failed: " + truncate(h.CallError, 200)
	}
	return ""
}
