package bot

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/quality"
)

var voiceSamples = []string{
	"We closed the books in three days last quarter. Here is what we stopped doing. We stopped chasing receipts.",
	"Our controller asked a simple question. Why do we reconcile twice? We do not any more. It saved a day.",
	"Cash forecasts fail for one reason. Nobody owns the inputs. We gave each input an owner. Accuracy rose.",
}

// matched is the voice line quality.MatchVoice gives text against samples (with "delve" as an AI tell).
func matched(phase string, version int, text string, samples ...string) *voiceLine {
	m := quality.MatchVoice(text, quality.Reference{Samples: samples, Tells: []string{"delve", "in today's fast-paced world"}})
	return &voiceLine{Phase: phase, Version: version, Score: m.Score, Scored: m.Scored, Samples: m.Samples,
		Reasons: m.Reasons, Note: m.Note}
}

const modelStyleDraft = "In today's fast-paced world, finance leaders must delve into the transformative potential " +
	"of automation, which, when thoughtfully combined with robust processes and cross-functional alignment, " +
	"can unlock unprecedented efficiencies across the entire organization & beyond <!channel>!!! " +
	"#Finance #Automation #Growth #Leadership #CFO"

// voiceCards are the cards with each kind of voice line: a number with its reasons, too few
// samples, and a draft in German.
var voiceCards = map[string]*voiceLine{
	"scored":      matched(engine.PhaseDraft, 2, modelStyleDraft, voiceSamples...),
	"few_samples": matched(engine.PhaseDraft, 1, modelStyleDraft, voiceSamples[0]),
	"german": matched(engine.PhaseDraft, 1, "Drei von vier Finanzchefs haben die Prognose überstimmt. Warum? "+
		"Niemand besitzt die Eingaben.\n\nBuchen Sie ein Gespräch.", voiceSamples...),
}

// TestVoiceLineGolden draws the voice match on the channel card and the DM card; every drawing
// passes Slack's validator and escapes what the brand or the model wrote.
func TestVoiceLineGolden(t *testing.T) {
	t.Parallel()
	require.True(t, voiceCards["scored"].Scored)
	require.Len(t, voiceCards["scored"].Reasons, 3, "the model-style draft differs on three measures or more")
	require.False(t, voiceCards["few_samples"].Scored)
	require.NotEmpty(t, voiceCards["german"].Note)
	for name, voice := range voiceCards {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			pc := sampleCard()
			pc.Voice = voice
			text, blocks := renderPiece(pc)
			golden(t, "piece_voice_"+name+".json", renderJSON(t, text, blocks))
			require.Empty(t, slacksim.ValidateMessageBlocks(blocksJSON(t, blocks)))

			dc := sampleDMCard()
			withDraft(engine.StateDraftReady, voice.Version, "")(&dc)
			dc.Voice = voice
			text, blocks = renderDMCard(dc)
			golden(t, "dm_voice_"+name+".json", renderJSON(t, text, blocks))
			require.Empty(t, slacksim.ValidateMessageBlocks(blocksJSON(t, blocks)))
			shown := strings.Join(mrkdwnTexts(t, blocks), "\n")
			require.NotContains(t, shown, "<!channel>")
		})
	}
}

// TestVoiceLineIsTheShownVersions: a stored match of another version is not shown as this one's.
func TestVoiceLineIsTheShownVersions(t *testing.T) {
	t.Parallel()
	v := engine.View{DraftVoice: &engine.VoiceMatch{Version: 1, Score: 80, Scored: true, Samples: 3},
		OutlineVoice: &engine.VoiceMatch{Version: 2, Score: 60, Scored: true, Samples: 3}}
	require.Nil(t, voiceOf(v, engine.PhaseDraft, 2), "the draft shown is v2; the match is of v1")
	require.Equal(t, 80, voiceOf(v, engine.PhaseDraft, 1).Score)
	require.Equal(t, 60, voiceOf(v, engine.PhaseOutline, 2).Score)
	require.Nil(t, voiceOf(engine.View{}, engine.PhaseOutline, 1), "no match stored, no line")
	require.Nil(t, voiceBlock("voice", nil))
}
