package bot

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
)

// Callback ids of the modals a piece's buttons open.
const (
	callbackPieceEdit = "piece_edit_modal"
	callbackRevise    = "piece_revise_modal"
	callbackReject    = "piece_reject_modal"
	callbackPublish   = "piece_publish_modal"
)

const (
	fieldInstruction = "instruction"
	fieldModes       = "failure_modes"
	fieldComment     = "comment"
	fieldURL         = "published_url"
	fieldDate        = "published_on"
)

// Longest text a person may save, by phase (the engine enforces the same limits).
var maxEditRunes = map[string]int{engine.PhaseOutline: engine.MaxOutlineChars, engine.PhaseDraft: engine.MaxDraftChars}

// pieceMeta is the private_metadata of every piece modal: which piece, which phase, where to
// answer, and (for edits) how the text's parts join back.
type pieceMeta struct {
	PieceID   int64    `json:"p"`
	Phase     string   `json:"ph"`
	ChannelID string   `json:"c"`
	Joins     []string `json:"j,omitempty"`
	Seen      int      `json:"v,omitempty"` // the version an edit form started from
}

func (m pieceMeta) encode() string {
	b, _ := json.Marshal(m)
	return string(b)
}

func decodePieceMeta(v slack.View) (pieceMeta, error) {
	var m pieceMeta
	if err := json.Unmarshal([]byte(v.PrivateMetadata), &m); err != nil {
		return m, fmt.Errorf("bot: piece modal metadata: %w", err)
	}
	return m, nil
}

func (b *Bot) openModal(ctx context.Context, cb slack.InteractionCallback, view slack.ModalViewRequest) {
	if _, err := b.api.OpenViewContext(ctx, cb.TriggerID, view); err != nil {
		b.log.Error("open modal", "callback_id", view.CallbackID, "error", err)
		b.tell(ctx, cb.Channel.ID, cb.User.ID, "I couldn't open the form in time. Please press the button again.")
	}
}

func (b *Bot) onEdit(ctx context.Context, cb slack.InteractionCallback, ref pieceRef) {
	pieceID, phase := ref.id, ref.phase
	text, v, err := b.engine.EditText(ctx, pieceID, phase)
	if err != nil {
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, err)
		return
	}
	ct := splitForModal(text)
	meta := pieceMeta{PieceID: pieceID, Phase: phase, ChannelID: cb.Channel.ID, Joins: ct.Joins, Seen: v.Version}
	b.openModal(ctx, cb, pieceEditModal(meta, v.Version, ct))
}

func pieceEditText(v slack.View) (pieceMeta, string, error) {
	meta, err := decodePieceMeta(v)
	if err != nil {
		return meta, "", err
	}
	return meta, chunkedValue(v, meta.Joins), nil
}

func validatePieceEdit(v slack.View) map[string]string {
	meta, text, err := pieceEditText(v)
	if err != nil {
		return nil
	}
	if strings.TrimSpace(text) == "" {
		return map[string]string{chunkBlockID(0): "The text can't be empty. To drop the piece, press Reject instead."}
	}
	if limit := maxEditRunes[meta.Phase]; limit > 0 && utf8.RuneCountInString(text) > limit {
		return map[string]string{chunkBlockID(0): fmt.Sprintf("That is %d characters; a %s holds at most %d. Shorten it and save again.",
			utf8.RuneCountInString(text), meta.Phase, limit)}
	}
	return nil
}

func (b *Bot) submitPieceEdit(ctx context.Context, cb slack.InteractionCallback) {
	meta, text, err := pieceEditText(cb.View)
	if err != nil {
		b.log.Error("piece edit submission", "error", err)
		return
	}
	v, err := b.engine.Edit(ctx, meta.PieceID, meta.Phase, cb.User.ID, text, meta.Seen)
	if errors.Is(err, engine.ErrUnchanged) {
		b.tell(ctx, meta.ChannelID, cb.User.ID, fmt.Sprintf("No change: the %s is still v%d.", meta.Phase, v.Version))
		return
	}
	if err != nil {
		b.refuseKeepingText(ctx, meta.ChannelID, cb.User.ID, err, "edit", text)
	}
}

func (b *Bot) onRevise(ctx context.Context, cb slack.InteractionCallback, ref pieceRef) {
	pieceID, phase := ref.id, ref.phase
	meta := pieceMeta{PieceID: pieceID, Phase: phase, ChannelID: cb.Channel.ID}
	b.openModal(ctx, cb, reviseModal(meta))
}

func validateRevise(v slack.View) map[string]string {
	if strings.TrimSpace(inputValue(v, fieldInstruction)) == "" {
		return map[string]string{fieldInstruction: "Say what should change, e.g. \"shorter hook, name the 9-day figure\"."}
	}
	return nil
}

func (b *Bot) submitRevise(ctx context.Context, cb slack.InteractionCallback) {
	meta, ok := b.submittedPiece(cb, "revise submission")
	if !ok {
		return
	}
	instruction := inputValue(cb.View, fieldInstruction)
	if err := b.engine.Revise(ctx, meta.PieceID, meta.Phase, cb.User.ID, instruction); err != nil {
		b.refuseKeepingText(ctx, meta.ChannelID, cb.User.ID, err, "instruction", instruction)
	}
}

func (b *Bot) onReject(ctx context.Context, cb slack.InteractionCallback, ref pieceRef) {
	pieceID, phase := ref.id, ref.phase
	// Refuse before the form opens, rather than after someone has filled it in.
	if ok, err := b.engine.CanApprove(ctx, pieceID, cb.User.ID); err != nil || !ok {
		b.refuse(ctx, cb.Channel.ID, cb.User.ID, cmp.Or(err, clientos.ErrNotApprover))
		return
	}
	meta := pieceMeta{PieceID: pieceID, Phase: phase, ChannelID: cb.Channel.ID}
	b.openModal(ctx, cb, rejectModal(meta))
}

func validateReject(v slack.View) map[string]string {
	if len(inputOptions(v, fieldModes)) == 0 {
		return map[string]string{fieldModes: "Tick at least one reason."}
	}
	return nil
}

func (b *Bot) submitReject(ctx context.Context, cb slack.InteractionCallback) {
	meta, ok := b.submittedPiece(cb, "reject submission")
	if !ok {
		return
	}
	comment := inputValue(cb.View, fieldComment)
	_, err := b.engine.Reject(ctx, meta.PieceID, meta.Phase, cb.User.ID, inputOptions(cb.View, fieldModes), comment)
	if err != nil {
		b.refuseDecided(ctx, meta.ChannelID, cb.User.ID, meta.PieceID, err)
		b.giveBack(ctx, meta.ChannelID, cb.User.ID, "comment", comment)
	}
}

// submittedPiece is the piece a submitted modal is about, read from the view's metadata; metadata
// that cannot be read is logged as the error of what (e.g. "revise submission") and gives false.
func (b *Bot) submittedPiece(cb slack.InteractionCallback, what string) (pieceMeta, bool) {
	meta, err := decodePieceMeta(cb.View)
	if err != nil {
		b.log.Error(what, "error", err)
		return meta, false
	}
	return meta, true
}

func (b *Bot) onPublish(ctx context.Context, cb slack.InteractionCallback, ref pieceRef) {
	pieceID := ref.id
	meta := pieceMeta{PieceID: pieceID, Phase: ref.phase, ChannelID: cb.Channel.ID}
	var today string
	if day, err := b.engine.Today(ctx, pieceID); err == nil {
		today = day.Format("2006-01-02")
	}
	b.openModal(ctx, cb, publishModal(meta, today))
}

func validatePublish(v slack.View) map[string]string {
	var ue *engine.UserError
	if errors.As(engine.ValidateSourceURL(strings.TrimSpace(inputValue(v, fieldURL))), &ue) {
		return map[string]string{fieldURL: truncate(userErrorWords(ue), 2000)}
	}
	if _, err := time.Parse("2006-01-02", inputValue(v, fieldDate)); err != nil {
		return map[string]string{fieldDate: "Pick the day it went live."}
	}
	return nil
}

func (b *Bot) submitPublish(ctx context.Context, cb slack.InteractionCallback) {
	meta, ok := b.submittedPiece(cb, "publish submission")
	if !ok {
		return
	}
	date, _ := time.Parse("2006-01-02", inputValue(cb.View, fieldDate))
	link := unwrapSlackLink(strings.TrimSpace(inputValue(cb.View, fieldURL)))
	if _, err := b.engine.MarkPublished(ctx, meta.PieceID, cb.User.ID, link, date); err != nil {
		b.refuseKeepingText(ctx, meta.ChannelID, cb.User.ID, err, "published link", link)
	}
}
