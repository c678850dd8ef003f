package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/source"
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
	link := textInput(fieldSourceURL, "Source link", "https://…", false, 2000, "")
	link.Optional = true
	link.Hint = plain("Required unless you paste a transcript or attach a file below.")
	transcript := textInput(fieldTranscript, "Transcript or notes", "An interview, a call, your notes (optional)",
		true, engine.MaxTranscriptLen, "")
	transcript.Optional = true
	transcript.Hint = plain(fmt.Sprintf("Up to %s characters. Longer? Attach it as a file instead.",
		thousands(engine.MaxTranscriptLen)))
	file := slack.NewInputBlock(fieldFile, plain("File"), nil,
		slack.NewFileInputBlockElement(fieldFile).WithFileTypes(draftFileTypes...).WithMaxFiles(1))
	file.Optional = true
	file.Hint = plain(fmt.Sprintf("One .txt, .md or .pdf file (a PDF needs a text layer), up to %d MB.",
		source.DefaultMaxBytes>>20))
	blocks := []slack.Block{
		textInput(fieldBrief, "Brief", "What should the piece argue, for whom?", true, 3000, ""),
		link, transcript, file,
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

// thousands writes n with a comma between thousands: 3,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
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
