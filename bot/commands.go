package bot

import (
	"context"
	"strings"

	"github.com/slack-go/slack"
)

func (b *Bot) onCommand(ctx context.Context, cmd slack.SlashCommand) {
	switch cmd.Command {
	case "/draft":
		b.onDraft(ctx, cmd)
	case "/mos":
		b.onMos(ctx, cmd)
	default:
		b.tell(ctx, cmd.ChannelID, cmd.UserID, "I don't know "+escapeText(cmd.Command)+". Try /mos help.")
	}
}

// mosHandler handles one /mos subcommand; args are the words after it.
type mosHandler func(ctx context.Context, cmd slack.SlashCommand, args []string)

func (b *Bot) mosHandlers() map[string]mosHandler {
	return map[string]mosHandler{
		"help":      b.mosHelp,
		"bind":      b.mosBind,
		"setup":     b.mosSetup,
		"approvers": b.mosApprovers,
		"os":        b.mosOS,
		"cap":       b.mosCap,
		"status":    b.mosStatus,
		"log":       b.mosLog,
		"history":   b.mosHistory,
		"piece":     b.mosPiece,
		"source":    b.mosSource,
		"report":    b.mosReport,
		"results":   b.mosResults,
		"plan":      b.mosPlan,
	}
}

func (b *Bot) onMos(ctx context.Context, cmd slack.SlashCommand) {
	words := strings.Fields(cmd.Text)
	if len(words) == 0 {
		b.mosHelp(ctx, cmd, nil)
		return
	}
	h, ok := b.mosHandlers()[strings.ToLower(words[0])]
	if !ok {
		b.tell(ctx, cmd.ChannelID, cmd.UserID,
			"I don't know `/mos "+escapeText(truncate(words[0], 40))+"`. Type `/mos help` for the list of commands.")
		return
	}
	h(ctx, cmd, words[1:])
}

const helpText = `*mos — your AI Marketing OS*
*Drafting*
• ` + "`/draft [interview|trend|study|competitor|other] <source-url> <brief>`" + ` — start a piece from a real source; an outline comes first, for approval
• ` + "`/draft`" + ` — the same, in a form
*This channel*
• ` + "`/mos bind <client> <platform> [cap]`" + ` — bind this channel to a client and a platform
• ` + "`/mos setup`" + ` — the same in a form, with approvers and the report channel
• ` + "`/mos cap [n]`" + ` — show or set today's cap of new pieces (approvers)
• ` + "`/mos status`" + ` — binding, cap and pieces in flight
• ` + "`/mos history #<piece>`" + ` — a piece's versions: who wrote each, when, from which OS versions
• ` + "`/mos source #<piece>`" + ` — what was read from a piece's source: title, links, when, the text
• ` + "`/mos piece #<piece>`" + ` — a piece's quality record: first-pass approval, edits, rejections, voice match
• ` + "`/mos log <url> [pillar]`" + ` — log a published human-written piece for the weekly baseline
• ` + "`/mos plan`" + ` — the week's plan from the cadence: how many pieces, which pillars, progress · ` +
	"`/mos plan off`" + ` · ` + "`/mos plan on`" + ` — pause or resume its Monday message and nudge here
*Reporting*
• ` + "`/mos results [#piece]`" + ` — enter a published piece's results (blank = unknown)
• ` + "`/mos report`" + ` · ` + "`/mos report now`" + ` — when the weekly report posts, or post this week's now
*The Client OS*
• ` + "`/mos os [doc]`" + ` — list the documents or show one (brand, strategy, pillars, decisions, style/<platform>)
• ` + "`/mos os edit <doc>`" + ` — edit a document (approvers)
• ` + "`/mos os history <doc>`" + ` · ` + "`/mos os revert <doc> <version>`" + ` · ` + "`/mos os lint`" + `
• ` + "`/mos approvers [add|remove] @who`" + ` — who may approve pieces and change the OS. Approvers add approvers; ` +
	`a client's first approver is named by a workspace admin, someone in MOS_ADMINS, or an operator with ` +
	"`mos approvers add --client <client> <@name, member id or email>`"

func (b *Bot) mosHelp(ctx context.Context, cmd slack.SlashCommand, _ []string) {
	b.tell(ctx, cmd.ChannelID, cmd.UserID, "mos commands", textSection(helpText))
}
