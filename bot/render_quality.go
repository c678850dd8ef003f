package bot

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/quality"
)

// qualityBlocks draws a piece's quality record for `/mos piece #N`: one line per measure, in
// words, with "not yet" where the piece has not got that far.
func qualityBlocks(p engine.Piece, q engine.QualityRecord) []slack.Block {
	r := q.Record
	head := fmt.Sprintf("*Quality record of piece #%d* · %s", p.ID, escapeText(p.Platform))
	if p.Pillar != "" {
		head += " · " + escapeText(p.Pillar)
	}
	head += " · " + stateLabel(p.State)
	if !p.PublishedAt.IsZero() {
		head += " " + p.PublishedAt.Format("2006-01-02")
	}
	lines := []string{head,
		"• *Written with:* " + writtenWith(r),
		"• *Outline:* " + phaseWords(r.Outline),
		"• *Draft:* " + phaseWords(r.Draft),
		"• *Rejections:* " + rejectionWords(r.Rejections),
		"• *Human edit ratio:* " + editRatioWords(r),
		"• *Left at approval:* " + leftWords(r),
		"• *Voice match:* " + recordVoiceWords(q.DraftVoice, q.OutlineVoice),
	}
	return []slack.Block{textSection(strings.Join(lines, "\n"))}
}

func writtenWith(r quality.Record) string {
	if len(r.OSVersions) == 0 {
		return "no Client OS recorded (written by people, or not written yet)"
	}
	return "Client OS " + osVersionsText(r.OSVersions) + " (the outline's)"
}

// phaseWords says how a phase went: "approved at first pass, 1h 20m after it was ready".
func phaseWords(ph quality.PhaseRecord) string {
	revisions := ""
	if ph.Revisions > 0 {
		revisions = fmt.Sprintf(" after %d %s", ph.Revisions, pluralWord(ph.Revisions, "revision", "revisions"))
	}
	wait := humanDuration(ph.Wait) + " after it was ready for review"
	switch {
	case !ph.Decided:
		return "not decided yet" + strings.Replace(revisions, " after", ",", 1)
	case ph.FirstPass:
		return "approved at first pass, " + wait
	case ph.Approved && revisions == "":
		return "approved after a person's edit, " + wait
	case ph.Approved:
		return "approved" + revisions + ", " + wait
	}
	return "rejected" + revisions + ", " + wait
}

func rejectionWords(rs []quality.Rejection) string {
	if len(rs) == 0 {
		return "none"
	}
	parts := make([]string, len(rs))
	for i, r := range rs {
		modes := make([]string, len(r.FailureModes))
		for j, m := range r.FailureModes {
			modes[j] = strings.ToLower(engine.FailureModeLabel(m))
		}
		parts[i] = r.Phase
		if len(modes) > 0 {
			parts[i] += " (" + escapeText(strings.Join(modes, ", ")) + ")"
		}
	}
	return strings.Join(parts, "; ")
}

func editRatioWords(r quality.Record) string {
	switch {
	case !r.HasEditRatio && r.Draft.Decided && !r.Draft.Approved:
		return "none — the draft was rejected"
	case !r.HasEditRatio && r.Draft.Approved:
		return "none — people wrote the draft, the model had no draft to compare with"
	case !r.HasEditRatio:
		return "not yet — it is measured when the draft is approved"
	}
	e := r.EditRatio
	approx := ""
	if e.Approximate {
		approx = " at most"
	}
	return fmt.Sprintf("%.0f%% (%s%d word %s over the %d words of the model's last draft)", 100*e.Ratio, approx,
		e.Distance, pluralWord(e.Distance, "edit", "edits"), e.AIWords)
}

func leftWords(r quality.Record) string {
	if r.Draft.Decided && !r.Draft.Approved {
		return "nothing — the draft was rejected"
	}
	if !r.Draft.Approved {
		return "not yet — counted when the draft is approved"
	}
	return fmt.Sprintf("%d unresolved claim %s, %d check %s", r.UnresolvedFlags,
		pluralWord(r.UnresolvedFlags, "flag", "flags"), r.WarningsLeft, pluralWord(r.WarningsLeft, "warning", "warnings"))
}

// recordVoiceWords is the draft's match, or the outline's before there is a draft.
func recordVoiceWords(draft, outline *engine.VoiceMatch) string {
	m, phase := draft, engine.PhaseDraft
	if m == nil {
		m, phase = outline, engine.PhaseOutline
	}
	if m == nil {
		return "not yet — it is measured when the outline is written"
	}
	if !m.Scored {
		return fmt.Sprintf("none for %s v%d — ", phase, m.Version) + escapeText(strings.Join(m.Reasons, "; "))
	}
	text := fmt.Sprintf("%d/100 (%s v%d, against %d approved %s)", m.Score, phase, m.Version, m.Samples,
		pluralWord(m.Samples, "text", "texts"))
	for _, r := range m.Reasons {
		text += "\n    ◦ " + escapeText(r)
	}
	if m.Note != "" {
		text += "\n    ◦ _" + escapeText(m.Note) + "_"
	}
	return text
}
