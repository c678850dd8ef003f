package bot

import (
	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

// The engine's view lists what people may do with a piece now (engine.Offer); every button on a
// piece — channel message, draft message, DM, App Home — is drawn from that list here, never
// from the piece's state.

// offerButton is how the adapter draws one of the engine's actions.
type offerButton struct {
	actionID, label string
	style           slack.Style
}

// offerButtonFor maps every action the engine offers people to its button (TestEveryOfferHasAButton).
var offerButtonFor = map[engine.Action]offerButton{
	engine.ActionApprove:      {actionApprove, "Approve", slack.StylePrimary},
	engine.ActionEdit:         {actionEdit, "Edit", ""},
	engine.ActionRevise:       {actionRevise, "Revise", ""},
	engine.ActionReject:       {actionReject, "Reject", slack.StyleDanger},
	engine.ActionRetry:        {actionRetry, "Retry", ""},
	engine.ActionPublish:      {actionPublish, "Mark published", ""},
	engine.ActionSoundsLikeUs: {actionSoundsLikeUs, "Sounds like us", ""},
	engine.ActionRetryNow:     {actionRetryNow, "Retry now", slack.StylePrimary},
	engine.ActionCancel:       {actionCancel, "Cancel", slack.StyleDanger},
}

// offerButtons draws the engine's offers as buttons, in its order. Each carries the piece, the
// phase and the version the offer applies to.
func offerButtons(pieceID int64, offers []engine.Offer) []slack.BlockElement {
	var out []slack.BlockElement
	for _, o := range offers {
		ob, ok := offerButtonFor[o.Action]
		if !ok {
			continue
		}
		btn := button(ob.actionID, ob.label, pieceValue(pieceID, o.Phase, o.Version))
		btn.Style = ob.style
		out = append(out, btn)
	}
	return out
}

// offersOn keeps the offers that apply to a phase's version.
func offersOn(offers []engine.Offer, phase string) []engine.Offer {
	var out []engine.Offer
	for _, o := range offers {
		if o.Phase == phase {
			out = append(out, o)
		}
	}
	return out
}
