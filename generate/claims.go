package generate

import (
	"context"
	"fmt"

	"github.com/mos-hq/mos/claim"
)

// Verdicts of a claim flag.
const (
	// VerdictNotInSource: the source was read and neither it nor the Client OS contains the claim.
	VerdictNotInSource = "not_in_source"
	// VerdictUnverified: the source could not be read, so nothing but the Client OS (and a pasted
	// excerpt) could back the claim.
	VerdictUnverified = "unverified"
)

// ClaimFlag is a claim in a generated version that nothing the piece rests on contains. Flags are
// stored with the version and shown to reviewers; they are never fixed silently.
type ClaimFlag struct {
	Kind    string // claim.KindPercent, …
	Claim   string // as written, e.g. 87% of CFOs
	Verdict string
	// Reason is claim.ReasonMissing, …Elsewhere or …Direction; "" on flags stored before reasons were.
	Reason string
	// SourceSays is the source's sentence holding the figure, when the source gives it about
	// something else or going the other way: what to write instead.
	SourceSays string
}

// checkClaims flags the claims of a generated text that what the model was given does not contain:
// the source texts (the link's, a pasted transcript's, an attached file's) as the prompt carried
// them, cut to the token budget around the brief, a pasted excerpt and the Client OS. A piece whose
// source was never read (no link, or no reader) is not checked.
func checkClaims(ctx context.Context, in input, text string) ([]ClaimFlag, error) {
	if !in.source.attempted() {
		return nil, nil
	}
	verdict := VerdictUnverified
	if in.source.readable() {
		verdict = VerdictNotInSource
	}
	given := sourceTextOf(in.source, in.req.Brief)
	sources := []string{in.source.Excerpt, in.os.Prompt.Text, given.SourceText}
	for _, input := range given.SourceInputs {
		sources = append(sources, input.Text)
	}
	unsupported, err := claim.Unsupported(ctx, text, sources...)
	if err != nil {
		return nil, fmt.Errorf("generate: check claims: %w", err)
	}
	return flagsOf(unsupported, verdict), nil
}

func flagsOf(unsupported []claim.Claim, verdict string) []ClaimFlag {
	var flags []ClaimFlag
	for _, c := range unsupported {
		flags = append(flags, ClaimFlag{Kind: c.Kind, Claim: c.Text, Verdict: verdict, Reason: c.Reason, SourceSays: c.Source})
	}
	return flags
}

// CheckText runs on any text the checks a generated version gets: the Client OS's forbidden
// phrases and substitutions, and for PhaseDraft the platform's length and hashtag limits; then the
// claim check against os.Prompt and the given source texts. Claims are
// VerdictNotInSource when sources are given, VerdictUnverified when only the OS could back them.
// The claim check stops when ctx ends (its error is returned).
func CheckText(ctx context.Context, os OS, platform, phase, text string, sources ...string) ([]Warning,
	[]ClaimFlag, error) {
	warnings := Check(os, platform, phase, text)
	verdict := VerdictUnverified
	backing := []string{os.Prompt.Text}
	for _, s := range sources {
		if s != "" {
			backing, verdict = append(backing, s), VerdictNotInSource
		}
	}
	claims, err := claim.Unsupported(ctx, text, backing...)
	if err != nil {
		return nil, nil, err
	}
	return warnings, flagsOf(claims, verdict), nil
}
