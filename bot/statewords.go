package bot

import (
	"fmt"
	"strings"

	"github.com/mos-hq/mos/engine"
)

// stateWording is how the adapter words one state of a piece, everywhere it shows. Lines are the
// words after the emoji; a nil line means that place shows no line of its own for the state.
type stateWording struct {
	label string // a few words for lists and refusals: "outline ready for review"
	emoji string // the status lines' emoji
	// editedEmoji replaces emoji on the DM card when a person wrote the version waiting there.
	editedEmoji string
	piece       func(pieceCard) string // the status line of the piece message in the channel
	draft       func(draftCard) string // the status line of the draft message in its thread
	card        func(dmCard) string    // the status line of the approver's DM card
	// notify is the piece message's push line; nil reads "<title> (<client> · <platform>): <state>".
	notify func(c pieceCard, title, where string) string
}

// stateWordings has one row per state (TestEveryStateIsWorded).
var stateWordings = map[engine.State]stateWording{
	engine.StateRequested: {label: "writing the outline", emoji: ":hourglass_flowing_sand:",
		piece: func(pieceCard) string { return "Writing the outline…" },
		card:  func(dmCard) string { return "Writing the outline…" },
		notify: func(_ pieceCard, title, where string) string {
			return fmt.Sprintf("Writing an outline for %s (%s)", title, where)
		}},
	engine.StateOutlineReady: {label: "outline ready for review", emoji: ":eyes:", editedEmoji: ":pencil2:",
		piece: func(pieceCard) string {
			return "Outline ready for review. An approver can *Approve*, *Edit*, *Revise* or *Reject*."
		},
		card: waitingWords,
		notify: func(_ pieceCard, title, where string) string {
			return fmt.Sprintf("Outline ready for review: %s (%s)", title, where)
		}},
	engine.StateOutlineApproved: {label: "outline approved", emoji: ":white_check_mark:",
		piece: func(c pieceCard) string {
			return "Outline approved by <@" + c.DecidedBy + ">. The draft comes next, in this thread."
		},
		card: func(c dmCard) string { return "Approved by <@" + c.DecidedBy + "> — the draft is being written." }},
	engine.StateDraftReady: {label: "draft ready for review", emoji: ":eyes:", editedEmoji: ":pencil2:",
		piece: func(pieceCard) string { return "Draft ready for review in the thread." },
		draft: func(draftCard) string { return "Draft ready for review." },
		card:  waitingWords},
	engine.StateApproved: {label: "approved", emoji: ":white_check_mark:",
		piece: func(c pieceCard) string {
			return "Draft approved by <@" + c.DecidedBy + ">. Mark it published from the thread once it is live."
		},
		draft: func(c draftCard) string { return approvedWords(c.DecidedBy) },
		card:  func(c dmCard) string { return approvedWords(c.DecidedBy) }},
	engine.StatePublished: {label: "published", emoji: ":rocket:",
		piece: func(pieceCard) string { return "Published." },
		draft: publishedDraftWords,
		card:  func(c dmCard) string { return "Published: " + link(c.PublishedURL, liveLabel(c.PublishedURL)) }},
	engine.StateRejected: {label: "rejected", emoji: ":x:",
		piece: func(c pieceCard) string { return "Rejected by <@" + c.DecidedBy + ">." },
		draft: func(c draftCard) string { return "Rejected by <@" + c.DecidedBy + ">." },
		card:  rejectedCardWords},
	engine.StateFailed: {label: "failed", emoji: ":warning:",
		piece: func(c pieceCard) string {
			return "*Writing the " + c.FailedPhase + " failed.* " + escapeText(truncate(c.Failure, 500)) +
				" Press *Retry* to try again."
		},
		card: func(c dmCard) string { return escapeText(truncate(c.Failure, 500)) + " Press *Retry* to try again." },
		notify: func(c pieceCard, _, where string) string {
			return fmt.Sprintf("Generation failed for piece #%d (%s): press Retry", c.ID, where)
		}},
	engine.StateCancelled: {label: "cancelled", emoji: ":no_entry_sign:",
		piece: func(c pieceCard) string { return cancelledWords(c.DecidedBy, ".") },
		card:  func(c dmCard) string { return cancelledWords(c.DecidedBy, ": nothing waits for you here.") }},
}

func stateLabel(s engine.State) string {
	if w, ok := stateWordings[s]; ok {
		return w.label
	}
	return stateWords(s)
}

// stateWords is a state's own name, read aloud: "draft ready".
func stateWords(state engine.State) string { return strings.ReplaceAll(string(state), "_", " ") }

// withEmoji is a status line: the emoji, then the words.
func withEmoji(emoji, words string) string { return emoji + " " + words }

func approvedWords(by string) string {
	return "Approved by <@" + by + ">. Press *Mark published* once it is live."
}

func cancelledWords(by, tail string) string {
	if by == "" {
		return "Cancelled" + tail
	}
	return "Cancelled by <@" + by + ">" + tail
}

func publishedDraftWords(c draftCard) string {
	s := "Published: " + link(c.PublishedURL, c.PublishedURL)
	if c.MarkedBy != "" {
		s += "\n:speech_balloon: *Sounds like us*, marked by <@" + c.MarkedBy + ">: the weekly report considers it for a sample post."
	}
	return s
}

func rejectedCardWords(c dmCard) string {
	s := "Rejected by <@" + c.DecidedBy + ">"
	if len(c.FailureModes) > 0 {
		s += " (" + escapeText(strings.Join(c.FailureModes, ", ")) + ")"
	}
	return s + "."
}

// waitingWords is the status of a version waiting for the approver: who changed it, if a person.
func waitingWords(c dmCard) string {
	if c.EditedBy != "" {
		return fmt.Sprintf("Edited by <@%s> — now v%d. It waits for your decision.", c.EditedBy, c.Version)
	}
	return fmt.Sprintf("%s v%d waits for your decision.", upperFirst(c.Phase), c.Version)
}
