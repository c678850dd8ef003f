package bot

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/reporting"
)

// The engine, reporting and clientos answer with typed errors that carry data; this file is where
// they become sentences, with the /mos commands that fix them.

// ReportCommands are the commands a weekly report points its readers to. The terminal's report
// (mos report) names the same ones.
var ReportCommands = reporting.Commands{
	EnterResults:  "/mos results",
	ImportResults: "mos metrics import",
	LogHuman:      "/mos log <url>",
	ReportNow:     "/mos report now",
}

const (
	bindUsage      = "Try: /mos bind <client> <platform> [cap], e.g. /mos bind northwind linkedin 3"
	addApproverFix = "An approver can add you with: /mos approvers add @you"
)

// refusalWords says, in plain text (the caller escapes it), why a request was refused when the
// person can do something about it; ok is false for failures on our side.
func refusalWords(err error) (words string, ok bool) {
	var (
		ue    *engine.UserError
		capE  *engine.CapError
		rng   *engine.CapRangeError
		plat  *engine.PlatformError
		unk   *engine.UnknownClientError
		stale *engine.StaleError
		vc    *engine.VersionChangedError
	)
	switch {
	case errors.As(err, &ue):
		return userErrorWords(ue), true
	case errors.As(err, &capE):
		return capWords(capE), true
	case errors.As(err, &rng):
		return fmt.Sprintf("The daily cap must be a whole number from 0 to %d, not %d. Try: /mos cap 3", rng.Max, rng.Got), true
	case errors.As(err, &plat):
		return platformWords(plat), true
	case errors.As(err, &unk):
		return unknownClientWords(unk), true
	case errors.As(err, &stale):
		return staleWords(stale), true
	case errors.As(err, &vc):
		return versionChangedWords(vc), true
	case errors.Is(err, engine.ErrNotBound):
		return "this channel is not bound to a client yet. " + bindUsage, true
	case errors.Is(err, engine.ErrBindWhat):
		return "Name the client and the platform. " + bindUsage, true
	case errors.Is(err, clientos.ErrNotApprover):
		return "only this client's approvers can do that. " + addApproverFix, true
	case errors.Is(err, clientos.ErrFirstApprover):
		return "only a workspace admin, someone in MOS_ADMINS, or an operator with `mos approvers add` " +
			"can name a client's first approver.", true
	}
	return "", false
}

// draftHints are the commands a draft refusal ends with, by the input and what was wrong with it.
var draftHints = map[hintKey]string{
	{"", engine.ProblemMissing}:              " Try: " + draftExample + " (or type /draft alone to open a form)",
	{"source_url", engine.ProblemMissing}:    " Try: " + draftExample,
	{"source_url", engine.ProblemTooLong}:    " Try: " + draftExample,
	{"source_url", engine.ProblemUnreadable}: " Try: " + draftExample,
	{"source_url", engine.ProblemBadScheme}:  " Try: " + draftExample,
	{"source_type", engine.ProblemUnknown}:   " Try: " + draftExample,
	{"brief", engine.ProblemMissing}:         " Try: " + draftExample,
}

type hintKey struct {
	field   string
	problem engine.Problem
}

// userErrorWords is the plain account of a mistake — the engine's words, or the sentence worded
// here from its data — plus the command that fixes it.
func userErrorWords(ue *engine.UserError) string {
	msg := ue.Msg
	if msg == "" {
		msg = inputSentence(ue)
	}
	return msg + draftHints[hintKey{ue.Field, ue.Problem}]
}

// inputSentence words a mistake the engine gave as data only: by its input and its problem.
func inputSentence(ue *engine.UserError) string {
	if say, ok := inputSentences[hintKey{ue.Field, ue.Problem}]; ok {
		return say(ue)
	}
	return fmt.Sprintf("That %s was refused (%s); nothing changed.", strings.ReplaceAll(ue.Field, "_", " "),
		strings.ReplaceAll(string(ue.Problem), "_", " "))
}

// inputSentences says what was wrong with a piece's forms (edit, revise, reject) and with a
// request's own source (transcript, file), by input and problem.
var inputSentences = map[hintKey]func(*engine.UserError) string{
	{"text", engine.ProblemMissing}: textMissing,
	{"text", engine.ProblemTooLong}: func(ue *engine.UserError) string {
		return fmt.Sprintf("The %s is %d characters; the limit is %d. Shorten it and submit again.", ue.Phase, ue.Got, ue.Limit)
	},
	{"text", engine.ProblemNoKey}: func(ue *engine.UserError) string {
		return fmt.Sprintf("The outline must start with a line such as \"Title: …\"; I could not tell which part %q "+
			"belongs to.", firstValue(ue.Values))
	},
	{"text", engine.ProblemEmptyLine}: func(ue *engine.UserError) string {
		return fmt.Sprintf("The outline's %s: line is empty; write something after it.", firstValue(ue.Values))
	},
	{"text", engine.ProblemDuplicate}: func(ue *engine.UserError) string {
		return fmt.Sprintf("%q appears twice in the outline; keep one %s: line.", firstValue(ue.Values), firstValue(ue.Values))
	},
	{"text", engine.ProblemCount}: func(ue *engine.UserError) string {
		return fmt.Sprintf("The outline has %d sections; it needs %d to %d, one \"- \" line each under Sections:.",
			ue.Got, ue.Min, ue.Limit)
	},
	{"instruction", engine.ProblemMissing}: func(*engine.UserError) string {
		return "Say what to change, e.g. \"shorter hook, and name the 3-day close\"."
	},
	{"instruction", engine.ProblemTooLong}: func(ue *engine.UserError) string {
		return fmt.Sprintf("The instruction is %d characters; the limit is %d. Say what to change in a few sentences, "+
			"or use Edit to write it yourself.", ue.Got, ue.Limit)
	},
	{"failure_modes", engine.ProblemUnknown}: func(ue *engine.UserError) string {
		return fmt.Sprintf("%s is not a failure mode. Pick one or more of: %s.", clientos.Quote(firstValue(ue.Values)),
			failureModeLabels(ue.Allowed))
	},
	{"failure_modes", engine.ProblemMissing}: func(ue *engine.UserError) string {
		return fmt.Sprintf("Pick at least one reason for rejecting (%s), so the weekly report can learn from it.",
			failureModeLabels(ue.Allowed))
	},
	{"comment", engine.ProblemTooLong}: func(ue *engine.UserError) string {
		return fmt.Sprintf("The comment is %d characters; the limit is %d. Keep it to what went wrong.", ue.Got, ue.Limit)
	},
	{"transcript", engine.ProblemTooLong}: func(ue *engine.UserError) string {
		return fmt.Sprintf("The transcript is %d characters; the limit here is %d. Attach the whole transcript as a "+
			".txt, .md or .pdf file instead, or paste only the key passages.", ue.Got, ue.Limit)
	},
	{"file", engine.ProblemUnreadable}: func(*engine.UserError) string {
		return "I could not tell which file was attached. Attach it again."
	},
}

// textMissing says a text is empty, or which of an outline's keys are missing.
func textMissing(ue *engine.UserError) string {
	if len(ue.Values) == 0 {
		return fmt.Sprintf("The %s is empty. Write the text you want, or close the form to keep the current version.",
			ue.Phase)
	}
	return fmt.Sprintf("The outline is missing %s. Keep the lines Title:, Hook:, Pillar:, Sections: (one \"- \" line "+
		"per section) and CTA:.", strings.Join(ue.Values, ", "))
}

// failureModeLabels lists failure modes by the words people read for them.
func failureModeLabels(modes []string) string {
	labels := make([]string, len(modes))
	for i, m := range modes {
		labels[i] = engine.FailureModeLabel(m)
	}
	return strings.Join(labels, ", ")
}

// firstValue is the first of values, or "" when there is none.
func firstValue(values []string) string {
	if len(values) == 0 {
		return ""
	}
	return values[0]
}

func capWords(e *engine.CapError) string {
	reset := e.ResetsAt.Format("Mon 15:04 MST")
	if e.Cap == 0 {
		return fmt.Sprintf("this channel's daily cap is 0, so no new pieces can start here. "+
			"An approver can raise it with: /mos cap <n> (the count resets at %s)", reset)
	}
	return fmt.Sprintf("this channel has started %d of %d pieces today, so the daily cap is reached. "+
		"It resets at midnight (%s); an approver can raise it with: /mos cap <n>", e.Used, e.Cap, reset)
}

func platformWords(e *engine.PlatformError) string {
	example := platformExample(e.Platform)
	if len(e.Platforms) == 0 {
		return fmt.Sprintf("%s's OS has no style guide yet, so I cannot write for %s. "+
			"Add style/%s.md to its OS folder and run `mos os import --client %s <dir>`, then bind again.",
			e.ClientName, clientos.Quote(e.Platform), example, e.ClientSlug)
	}
	return fmt.Sprintf("%s's OS has no style guide for %s. Platforms it has: %s. "+
		"Try: /mos bind %s %s — then add the new style guide with `/mos os edit style/%s` and bind again.",
		e.ClientName, clientos.Quote(e.Platform), strings.Join(e.Platforms, ", "), e.ClientSlug, e.Platforms[0], example)
}

// platformExample is platform as it may appear in a suggested command: itself when it is a valid
// platform name, else a placeholder, so a hint never echoes pasted junk.
func platformExample(platform string) string {
	if clientos.CheckDocument(clientos.StyleDocument(platform)) != nil {
		return "<platform>"
	}
	return platform
}

func unknownClientWords(e *engine.UnknownClientError) string {
	example := e.Slug
	if clientos.ValidateSlug(e.Slug) != nil {
		example = "<slug>"
	}
	howTo := fmt.Sprintf("To add a client, import its OS folder with `mos os import --client %s <dir>`, "+
		"then bind again.", example)
	if len(e.Known) == 0 {
		return fmt.Sprintf("There is no client called %s; no clients exist yet. %s", clientos.Quote(e.Slug), howTo)
	}
	return fmt.Sprintf("There is no client called %s. Known clients: %s. %s", clientos.Quote(e.Slug),
		strings.Join(e.Known, ", "), howTo)
}

func staleWords(e *engine.StaleError) string {
	if e.Revising() {
		return fmt.Sprintf("piece %d is being revised right now; try again once the new version is posted", e.PieceID)
	}
	return fmt.Sprintf("piece %d is now %s (this needed %s)", e.PieceID, stateLabel(e.State), stateLabel(e.Want))
}

// proposalRefusalWords words reporting's refusals of Apply and Dismiss.
func proposalRefusalWords(err error) (string, bool) {
	var stale *reporting.StaleError
	switch {
	case errors.As(err, &stale):
		return fmt.Sprintf("proposal #%d was made against %s v%d, but %s is now v%d, so applying it would undo that "+
			"change; it is marked stale. Run %s (or wait for the next weekly report) to get proposals made against "+
			"the current version", stale.ProposalID, stale.Document, stale.Base, stale.Document, stale.Current,
			ReportCommands.ReportNow), true
	case errors.Is(err, clientos.ErrNotApprover):
		return "only this client's approvers can apply or dismiss proposals. " + addApproverFix, true
	}
	return "", false
}

// terminalRevert is how to undo an applied proposal from a terminal.
func terminalRevert(clientSlug string, res reporting.ApplyResult) string {
	return fmt.Sprintf("mos os revert --client %s %s %d", clientSlug, res.Document, res.BaseVersion)
}

// soundsLikeUsNotApprover answers a writer who presses Sounds like us: thanks, and who can.
const soundsLikeUsNotApprover = ":wave: Thanks — glad it reads right to you. Only this client's approvers can mark a " +
	"piece *Sounds like us*, so ask one of them to press it. " + addApproverFix

// soundsLikeUsThanks confirms a mark to the approver who made it.
func soundsLikeUsThanks(pieceID int64) string {
	return fmt.Sprintf(":speech_balloon: Marked piece %d *Sounds like us*. The next weekly report (or %s) considers it "+
		"for a sample post in brand.md, even if people edited it a lot.", pieceID, ReportCommands.ReportNow)
}

// alreadyMarkedText answers a second mark: nothing changed, and who marked it first.
func alreadyMarkedText(e *engine.AlreadyMarkedError) string {
	by := "an approver"
	if slackID.MatchString(e.By) {
		by = "<@" + e.By + ">"
	}
	return fmt.Sprintf(":white_check_mark: Piece %d is already marked *Sounds like us* (by %s), so nothing changed.", e.PieceID, by)
}

// slackID is a Slack user id as stored by the engine: safe to put in a mention.
var slackID = regexp.MustCompile(`^[UW][A-Z0-9]{2,20}$`)

// versionChangedWords says a person acted on a version that is no longer the latest.
func versionChangedWords(vc *engine.VersionChangedError) string {
	next := "Read the new version, then approve it"
	if vc.Doing == engine.ActionEdit {
		next = "Nothing was saved, so your edit cannot undo the newer one: press Edit on the new version " +
			"and add your change again (your text is below)"
	}
	return fmt.Sprintf("the %s changed while you were looking: you saw v%d, it is now v%d. %s",
		vc.Phase, vc.Seen, vc.Current, next)
}

// givenUpText tells a person that what they did was tried tries times without finishing.
func givenUpText(what string, tries int) string {
	return fmt.Sprintf(":warning: mos tried %d times to finish your *%s* and was stopped each time, so it may not "+
		"have taken effect. Look at the piece (or run the command again) and do it once more if nothing changed.",
		tries, escapeText(what))
}
