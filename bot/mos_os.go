package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/engine"
)

const osUsage = "Usage: `/mos os` (list), `/mos os <doc>`, `/mos os edit <doc>`, `/mos os history <doc>`, " +
	"`/mos os revert <doc> <version>`, `/mos os lint`. Documents: brand, strategy, pillars, decisions, style/<platform>."

func (b *Bot) mosOS(ctx context.Context, cmd slack.SlashCommand, args []string) {
	bind, err := b.engine.BindingFor(ctx, cmd.ChannelID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	switch {
	case len(args) == 0:
		b.osList(ctx, cmd, bind)
	case args[0] == "lint" && len(args) == 1:
		b.osLint(ctx, cmd, bind)
	case args[0] == "edit" && len(args) == 2:
		b.osEdit(ctx, cmd, bind, args[1])
	case args[0] == "history" && len(args) == 2:
		b.osHistory(ctx, cmd, bind, args[1])
	case args[0] == "revert" && len(args) == 3:
		b.osRevert(ctx, cmd, bind, args[1], args[2])
	case len(args) == 1 && clientos.ValidDocument(args[0]):
		b.osShow(ctx, cmd, bind, args[0])
	default:
		b.tell(ctx, cmd.ChannelID, cmd.UserID, osUsage)
	}
}

func (b *Bot) osList(ctx context.Context, cmd slack.SlashCommand, bind engine.Binding) {
	snap, err := b.os.Current(ctx, bind.ClientID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "*Client OS of %s*\n", escapeText(bind.ClientName))
	for _, doc := range snap.Documents() {
		v := snap.Docs[doc]
		fmt.Fprintf(&sb, "• `%s` v%d — %s, %s\n", doc, v.Version, escapeText(v.Author), v.CreatedAt.Format("2006-01-02"))
	}
	sb.WriteString("Show one with `/mos os <doc>`.")
	b.tell(ctx, cmd.ChannelID, cmd.UserID, "Client OS documents", textSection(sb.String()))
}

// maxShownChunks keeps a shown document inside one message (50 blocks at most).
const maxShownChunks = 40

func (b *Bot) osShow(ctx context.Context, cmd slack.SlashCommand, bind engine.Binding, doc string) {
	v, err := b.currentDoc(ctx, bind.ClientID, doc)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	blocks := []slack.Block{textSection(fmt.Sprintf("*%s* v%d — %s", doc, v.Version, escapeText(v.Author)))}
	chunks := escapedChunks(strings.ReplaceAll(v.Content, "```", "ˋˋˋ"), 2900)
	for i, c := range chunks {
		if i == maxShownChunks {
			blocks = append(blocks, textSection("_…cut here; export the whole document with `mos os export`._"))
			break
		}
		blocks = append(blocks, textSection("```"+c+"```"))
	}
	b.tell(ctx, cmd.ChannelID, cmd.UserID, doc+" v"+strconv.Itoa(v.Version), blocks...)
}

func (b *Bot) currentDoc(ctx context.Context, clientID int64, doc string) (clientos.Version, error) {
	snap, err := b.os.Current(ctx, clientID)
	if err != nil {
		return clientos.Version{}, err
	}
	v, ok := snap.Docs[doc]
	if !ok {
		return v, personError{fmt.Sprintf("this client has no `%s` document. Documents: %s.",
			escapeText(doc), strings.Join(snap.Documents(), ", "))}
	}
	return v, nil
}

func (b *Bot) osHistory(ctx context.Context, cmd slack.SlashCommand, bind engine.Binding, doc string) {
	if err := clientos.CheckDocument(doc); err != nil {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, osUsage)
		return
	}
	vs, err := b.os.History(ctx, bind.ClientID, doc)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "*History of %s*", doc)
	for i, v := range vs {
		if i == 30 {
			fmt.Fprintf(&sb, "\n…and %d older versions", len(vs)-30)
			break
		}
		fmt.Fprintf(&sb, "\n• v%d — %s, %s: %s", v.Version, escapeText(v.Author),
			v.CreatedAt.Format("2006-01-02 15:04"), escapeText(truncate(v.Reason, 120)))
	}
	b.tell(ctx, cmd.ChannelID, cmd.UserID, "History of "+doc, textSection(sb.String()))
}

func (b *Bot) osRevert(ctx context.Context, cmd slack.SlashCommand, bind engine.Binding, doc, version string) {
	n, err := strconv.Atoi(strings.TrimPrefix(strings.ToLower(version), "v"))
	if err != nil || clientos.CheckDocument(doc) != nil {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, "Usage: `/mos os revert <doc> <version>`, e.g. `/mos os revert brand 3`.")
		return
	}
	before, err := b.currentDoc(ctx, bind.ClientID, doc)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	v, err := b.os.RevertAs(ctx, bind.ClientID, doc, n, cmd.UserID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, osError(err))
		return
	}
	if v.Version == before.Version {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("Nothing changed: *%s* v%d already has the text of v%d.", doc, v.Version, n))
		return
	}
	b.announce(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("<@%s> reverted *%s* to v%d; it is now v%d.", cmd.UserID, doc, n, v.Version))
}

func (b *Bot) osLint(ctx context.Context, cmd slack.SlashCommand, bind engine.Binding) {
	snap, err := b.os.Current(ctx, bind.ClientID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	platforms, err := b.os.BoundPlatforms(ctx, bind.ClientID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	findings := snap.Lint(platforms)
	if len(findings) == 0 {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, ":white_check_mark: The Client OS of *"+escapeText(bind.ClientName)+"* lints clean.")
		return
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "*%d findings*", len(findings))
	for _, f := range findings {
		fmt.Fprintf(&sb, "\n• %s", escapeText(f.String()))
	}
	b.tell(ctx, cmd.ChannelID, cmd.UserID, "Lint findings", textSection(sb.String()))
}

// requireApprover asks, before a form opens, whether the person may use it; the Client OS checks
// again when the form is saved.
func (b *Bot) requireApprover(ctx context.Context, clientID int64, userID string) error {
	ok, err := b.os.IsApprover(ctx, clientID, userID)
	if err != nil {
		return err
	}
	if !ok {
		return clientos.ErrNotApprover
	}
	return nil
}

// osError shows clientos's own wording for mistakes a person made (missing version, invalid
// document); those errors already say what to do.
func osError(err error) error {
	var fe *clientos.FindingsError
	if errors.Is(err, database.ErrNotFound) || errors.As(err, &fe) {
		return personError{escapeText(err.Error())}
	}
	return err
}
