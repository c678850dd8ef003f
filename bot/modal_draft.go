package bot

import (
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

const callbackDraft = "draft_modal"

// Block ids of the draft form double as the engine's UserError field names, so a refusal lands
// under the input it concerns.
const (
	fieldBrief      = "brief"
	fieldSourceURL  = "source_url"
	fieldSourceType = "source_type"
	fieldPillar     = "pillar"
	fieldExcerpt    = "excerpt"
)

func (b *Bot) openDraftModal(ctx context.Context, cmd slack.SlashCommand) {
	pillars, err := b.engine.Pillars(ctx, cmd.ChannelID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	if _, err := b.api.OpenViewContext(ctx, cmd.TriggerID, draftModal(cmd.ChannelID, pillars)); err != nil {
		b.log.Error("open draft modal", "channel_id", cmd.ChannelID, "error", err)
		b.tell(ctx, cmd.ChannelID, cmd.UserID, "I couldn't open the form in time. Try `/draft` again, or type "+
			"`/draft study https://example.com/report Why CFOs distrust AI forecasts`.")
	}
}

// draftModal is the /draft form; the channel travels in private_metadata.
func draftModal(channelID string, pillars []string) slack.ModalViewRequest {
	typeOpts := make([]*slack.OptionBlockObject, len(engine.SourceTypes))
	for i, t := range engine.SourceTypes {
		typeOpts[i] = option(t, t)
	}
	typeSelect := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick a source type"), fieldSourceType, typeOpts...)
	typeSelect.InitialOption = typeOpts[len(typeOpts)-1]
	blocks := []slack.Block{
		textInput(fieldBrief, "Brief", "What should the piece argue, for whom?", true, 3000, ""),
		textInput(fieldSourceURL, "Source link", "https://…", false, 2000, ""),
		slack.NewInputBlock(fieldSourceType, plain("Source type"), nil, typeSelect),
	}
	if len(pillars) > 0 {
		opts := make([]*slack.OptionBlockObject, len(pillars))
		for i, p := range pillars {
			opts[i] = option(p, p)
		}
		sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Let the outline choose"), fieldPillar, opts...)
		in := slack.NewInputBlock(fieldPillar, plain("Pillar"), nil, sel)
		in.Optional = true
		blocks = append(blocks, in)
	}
	ex := textInput(fieldExcerpt, "Source excerpt", "A quote or figure from the source (optional)", true, 3000, "")
	ex.Optional = true
	blocks = append(blocks, ex)
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: callbackDraft, PrivateMetadata: channelID,
		Title: plain("New piece"), Submit: plain("Write outline"), Close: plain("Cancel"),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

func draftInputFrom(v slack.View) engine.DraftInput {
	return engine.DraftInput{
		Brief:      inputValue(v, fieldBrief),
		SourceURL:  inputValue(v, fieldSourceURL),
		SourceType: inputValue(v, fieldSourceType),
		Pillar:     inputValue(v, fieldPillar),
		Excerpt:    inputValue(v, fieldExcerpt),
	}
}

// validateDraftModal is the pure check run before the ack, so mistakes show under their input.
func validateDraftModal(v slack.View) map[string]string {
	_, err := engine.ValidateDraftInput(draftInputFrom(v), nil)
	var ue *engine.UserError
	if errors.As(err, &ue) {
		field := ue.Field
		if field == "" || field == fieldPillar {
			field = fieldBrief
		}
		return map[string]string{field: truncate(ue.Msg, 2000)}
	}
	return nil
}

func (b *Bot) submitDraftModal(ctx context.Context, cb slack.InteractionCallback) {
	channelID := cb.View.PrivateMetadata
	b.requestDraft(ctx, channelID, cb.User.ID, draftInputFrom(cb.View))
}
