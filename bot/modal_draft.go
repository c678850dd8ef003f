package bot

import (
	"context"
	"errors"
	"strings"

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
	fieldTranscript = "transcript"
	fieldFile       = "file"
)

// draftFileTypes are the extensions the form's file input offers; the source package reads them.
var draftFileTypes = []string{"txt", "md", "pdf"}

func (b *Bot) openDraftModal(ctx context.Context, cmd slack.SlashCommand) {
	pillars, err := b.engine.Pillars(ctx, cmd.ChannelID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	if _, err := b.api.OpenViewContext(ctx, cmd.TriggerID, draftModal(cmd.ChannelID, pillars, b.plannedPillar(ctx, cmd.ChannelID))); err != nil {
		b.log.Error("open draft modal", "channel_id", cmd.ChannelID, "error", err)
		b.tell(ctx, cmd.ChannelID, cmd.UserID, "I couldn't open the form in time. Try `/draft` again, or type "+
			"`/draft study https://example.com/report Why CFOs distrust AI forecasts`.")
	}
}

func draftInputFrom(v slack.View) engine.DraftInput {
	var fileID, fileName string
	if v.State != nil {
		if files := v.State.Values[fieldFile][fieldFile].Files; len(files) > 0 {
			fileID, fileName = files[0].ID, files[0].Name
		}
	}
	return engine.DraftInput{
		Brief:      inputValue(v, fieldBrief),
		SourceURL:  unwrapSlackLink(strings.TrimSpace(inputValue(v, fieldSourceURL))),
		SourceType: inputValue(v, fieldSourceType),
		Pillar:     inputValue(v, fieldPillar),
		Excerpt:    inputValue(v, fieldExcerpt),
		Transcript: inputValue(v, fieldTranscript),
		FileID:     fileID,
		FileName:   fileName,
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
		return map[string]string{field: truncate(userErrorWords(ue), 2000)}
	}
	return nil
}

func (b *Bot) submitDraftModal(ctx context.Context, cb slack.InteractionCallback) {
	channelID := cb.View.PrivateMetadata
	b.requestDraft(ctx, channelID, cb.User.ID, draftInputFrom(cb.View))
}

// plannedPillar is the pillar the week's plan asks for next in the channel, suggested in the form;
// "" when there is no plan or it cannot be read (the form still opens).
func (b *Bot) plannedPillar(ctx context.Context, channelID string) string {
	p, err := b.engine.PlanFor(ctx, channelID)
	if err != nil {
		b.log.WarnContext(ctx, "read the week's plan for the draft form", "channel_id", channelID, "error", err)
		return ""
	}
	return p.Next()
}
