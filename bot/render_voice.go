package bot

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

// voiceLine is the voice match a card shows: of the version the card shows, as the engine stored
// it when the version was written. It is information only; nothing waits on it.
type voiceLine struct {
	Phase   string
	Version int
	Score   int
	Scored  bool
	Samples int
	Reasons []string // the biggest differences, or why there is no number and how to get one
	Note    string   // what the comparison left out (non-English text)
}

// voiceOf is the match of phase's latest version when the view has one for that very version.
func voiceOf(v engine.View, phase string, version int) *voiceLine {
	m := v.OutlineVoice
	if phase == engine.PhaseDraft {
		m = v.DraftVoice
	}
	if m == nil || m.Version != version || version == 0 {
		return nil
	}
	return &voiceLine{Phase: phase, Version: m.Version, Score: m.Score, Scored: m.Scored, Samples: m.Samples,
		Reasons: m.Reasons, Note: m.Note}
}

// voiceBlock is one small context block: the score with its biggest reasons in plain words, or
// why there is no score yet and how to add a sample. nil when there is nothing to show.
func voiceBlock(blockID string, v *voiceLine) slack.Block {
	if v == nil {
		return nil
	}
	return slack.NewContextBlock(blockID, mrkdwn(truncate(voiceText(*v), 2900)))
}

func voiceText(v voiceLine) string {
	var b strings.Builder
	if !v.Scored {
		b.WriteString(":speaking_head_in_silhouette: *Voice match* (" + v.Phase + fmt.Sprintf(" v%d): ", v.Version))
		if len(v.Reasons) > 0 {
			b.WriteString(escapeText(v.Reasons[0]))
		}
		return b.String()
	}
	fmt.Fprintf(&b, ":speaking_head_in_silhouette: *Voice match %d/100* (%s v%d, against %d approved %s)",
		v.Score, v.Phase, v.Version, v.Samples, pluralWord(v.Samples, "text", "texts"))
	if len(v.Reasons) == 0 {
		b.WriteString(" — reads like your approved posts on every measure.")
	}
	for _, r := range v.Reasons {
		b.WriteString("\n• " + escapeText(r))
	}
	if v.Note != "" {
		b.WriteString("\n_" + escapeText(upperFirst(v.Note)) + "._")
	}
	return b.String()
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
