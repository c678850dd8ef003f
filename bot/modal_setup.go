package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
)

const callbackSetup = "setup_modal"

const (
	fieldClient    = "client"
	fieldPlatform  = "platform"
	fieldCap       = "cap"
	fieldApprovers = "approvers"
	fieldReport    = "report_channel"
)

func (b *Bot) mosSetup(ctx context.Context, cmd slack.SlashCommand, _ []string) {
	clients, err := b.os.Clients(ctx)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	if len(clients) == 0 {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, personError{"there are no clients yet. Import one from the terminal: " +
			"`mos os import --client northwind examples/northwind`, then run `/mos setup` again."})
		return
	}
	if _, err := b.api.OpenViewContext(ctx, cmd.TriggerID, setupModal(cmd.ChannelID, clients)); err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
	}
}

func validateSetup(v slack.View) map[string]string {
	if _, err := parseCap(inputValue(v, fieldCap)); err != nil {
		return map[string]string{fieldCap: err.Error()}
	}
	if p := strings.TrimSpace(inputValue(v, fieldPlatform)); p == "" || strings.ContainsAny(p, " /") {
		return map[string]string{fieldPlatform: "Name one platform, such as linkedin or blog."}
	}
	return nil
}

func parseCap(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 100 {
		return 0, fmt.Errorf("the cap must be a whole number from 0 to 100")
	}
	return n, nil
}

func (b *Bot) submitSetup(ctx context.Context, cb slack.InteractionCallback) {
	channelID, user := cb.View.PrivateMetadata, cb.User.ID
	n, _ := parseCap(inputValue(cb.View, fieldCap))
	if err := b.requireMember(ctx, channelID); err != nil {
		b.refuse(ctx, channelID, user, err)
		return
	}
	form := engine.SetupForm{ChannelID: channelID, Client: inputValue(cb.View, fieldClient),
		Platform: inputValue(cb.View, fieldPlatform), Cap: &n, Approvers: inputUsers(cb.View, fieldApprovers),
		ReportChannel: inputValue(cb.View, fieldReport)}
	bind, err := b.setUp(ctx, form, user)
	if err != nil {
		b.refuse(ctx, channelID, user, err)
		return
	}
	if rc := form.ReportChannel; rc != "" {
		if err := b.requireMember(ctx, rc); err != nil {
			b.tell(ctx, channelID, user, "The weekly report will go to <#"+rc+">, but "+
				"I'm not a member there yet: invite me with `/invite @mos` in that channel, or the report can't be posted.")
		}
	}
	b.announce(ctx, channelID, user, setupSummary(user, bind, form.Approvers, form.ReportChannel)+b.cadenceNote(ctx, bind))
}

// setUp applies the form; naming approvers for a client that has none takes a workspace admin's
// authority, which Slack is asked about only then.
func (b *Bot) setUp(ctx context.Context, form engine.SetupForm, user string) (engine.Binding, error) {
	if len(form.Approvers) > 0 {
		if c, err := b.os.ClientBySlug(ctx, strings.ToLower(strings.TrimSpace(form.Client))); err == nil {
			if form.Authority, err = b.approverAuthority(ctx, c.ID, user); err != nil {
				return engine.Binding{}, err
			}
		}
	}
	bind, err := b.engine.Setup(ctx, form, user)
	if errors.Is(err, clientos.ErrFirstApprover) {
		return bind, firstApproverWords(strings.ToLower(strings.TrimSpace(form.Client)), form.Approvers[0])
	}
	return bind, err
}

func setupSummary(user string, bind engine.Binding, approvers []string, report string) string {
	s := fmt.Sprintf("<@%s> set up this channel: *%s* on *%s*, up to %d new pieces a day.",
		user, escapeText(bind.ClientName), escapeText(bind.Platform), bind.DailyCap)
	if len(approvers) > 0 {
		s += " Approvers added: <@" + strings.Join(approvers, ">, <@") + ">."
	}
	if report != "" {
		s += " Weekly report in <#" + report + ">."
	}
	return s
}
