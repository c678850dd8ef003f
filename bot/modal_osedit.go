package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
)

const callbackOSEdit = "os_edit_modal"

// Long text is split across inputs: each starts at most chunkFill runes full, leaving room to type
// up to Slack's 3000-character input limit.
const (
	chunkFill  = 2000
	chunkLimit = 3000
	maxChunks  = 90 // a view holds 100 blocks
)

// chunkedText is how a long text travels through a modal: the pieces shown in inputs and, in
// private_metadata, what joins them back ("\n" where a line ended, "" where a long line was cut).
type chunkedText struct {
	Chunks []string
	Joins  []string
}

func splitForModal(s string) chunkedText {
	var ct chunkedText
	r := []rune(s)
	for len(r) > chunkFill {
		cut, join := chunkFill, ""
		for i := chunkFill; i > chunkFill/2; i-- {
			if r[i-1] == '\n' {
				cut, join = i-1, "\n"
				break
			}
		}
		ct.Chunks = append(ct.Chunks, string(r[:cut]))
		ct.Joins = append(ct.Joins, join)
		r = r[cut+len(join):]
	}
	ct.Chunks = append(ct.Chunks, string(r))
	return ct
}

func joinFromModal(chunks, joins []string) string {
	var b strings.Builder
	for i, c := range chunks {
		b.WriteString(c)
		if i < len(joins) {
			b.WriteString(joins[i])
		}
	}
	return b.String()
}

// osEditMeta is the OS edit modal's private_metadata.
type osEditMeta struct {
	ChannelID string   `json:"c"`
	ClientID  int64    `json:"k"`
	Doc       string   `json:"d"`
	Base      int      `json:"v"`
	Joins     []string `json:"j"`
}

func chunkBlockID(i int) string { return "chunk_" + strconv.Itoa(i) }

// chunkedValue joins a submitted text back from its inputs, losslessly.
func chunkedValue(v slack.View, joins []string) string {
	chunks := make([]string, len(joins)+1)
	for i := range chunks {
		chunks[i] = inputValue(v, chunkBlockID(i))
	}
	return joinFromModal(chunks, joins)
}

func (b *Bot) osEdit(ctx context.Context, cmd slack.SlashCommand, bind engine.Binding, doc string) {
	if err := b.requireApprover(ctx, bind.ClientID, cmd.UserID); err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	v, err := b.currentDoc(ctx, bind.ClientID, doc)
	if err != nil && strings.HasPrefix(doc, "style/") {
		v, err = clientos.Version{Document: doc, Content: newStyleGuide(doc)}, nil // a new platform's guide
	}
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	ct := splitForModal(v.Content)
	if len(ct.Chunks) > maxChunks {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, personError{"this document is too long to edit in Slack; " +
			"edit it with `mos os export`, then `mos os import`."})
		return
	}
	view, err := osEditModal(osEditMeta{ChannelID: cmd.ChannelID, ClientID: bind.ClientID, Doc: doc, Base: v.Version}, ct)
	if err == nil {
		_, err = b.api.OpenViewContext(ctx, cmd.TriggerID, view)
	}
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
	}
}

func osEditText(v slack.View) (osEditMeta, string, error) {
	var meta osEditMeta
	if err := json.Unmarshal([]byte(v.PrivateMetadata), &meta); err != nil {
		return meta, "", fmt.Errorf("bot: os edit metadata: %w", err)
	}
	return meta, chunkedValue(v, meta.Joins), nil
}

func validateOSEdit(v slack.View) map[string]string {
	meta, text, err := osEditText(v)
	if err != nil {
		return nil
	}
	if strings.TrimSpace(text) == "" {
		return map[string]string{chunkBlockID(0): "The document can't be empty. To undo a change, use /mos os revert."}
	}
	if fs := clientos.LintDocument(meta.Doc, text); clientos.HasErrors(fs) {
		return map[string]string{chunkBlockID(0): truncate(firstError(fs), 2000)}
	}
	return nil
}

func firstError(fs []clientos.Finding) string {
	for _, f := range fs {
		if f.Severity == clientos.SeverityError {
			return f.Message
		}
	}
	return ""
}

func (b *Bot) submitOSEdit(ctx context.Context, cb slack.InteractionCallback) {
	meta, text, err := osEditText(cb.View)
	if err != nil {
		b.log.Error("os edit submission", "error", err)
		return
	}
	v, changed, err := b.os.SaveDocumentAs(ctx, meta.ClientID, meta.Doc, text, cb.User.ID, "edited in Slack")
	if err != nil {
		b.refuseKeepingText(ctx, meta.ChannelID, cb.User.ID, osError(err), "edit of "+meta.Doc, text)
		return
	}
	if !changed {
		b.tell(ctx, meta.ChannelID, cb.User.ID, fmt.Sprintf("No change: *%s* is still v%d.", meta.Doc, v.Version))
		return
	}
	note := ""
	if v.Version != meta.Base+1 {
		note = fmt.Sprintf(" (someone else saved it after you opened the editor; their version is kept in `/mos os history %s`)", meta.Doc)
	}
	b.announce(ctx, meta.ChannelID, cb.User.ID, fmt.Sprintf("<@%s> edited *%s*; it is now v%d%s.", cb.User.ID, meta.Doc, v.Version, note))
}

// newStyleGuide is the starting text for a platform's first style guide.
func newStyleGuide(doc string) string {
	platform := strings.TrimPrefix(doc, "style/")
	return "---\nmax_hashtags: 3\n---\n# " + upperFirst(platform) + "\n\n" +
		"- Who reads us here, and what they come for.\n- How long a post runs, and how it opens.\n"
}
