package bot

import (
	"context"
	"fmt"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
)

// cadenceNote says, after a bind, the cadence the channel inherits from its platform's style guide,
// warns when the channels' caps cannot meet it, or says how to set one. It is "" when the client has
// no style guide for the platform yet (lint says so) or the OS cannot be read.
func (b *Bot) cadenceNote(ctx context.Context, bind engine.Binding) string {
	snap, err := b.os.Current(ctx, bind.ClientID)
	if err != nil {
		b.log.WarnContext(ctx, "read the OS for the cadence", "client_id", bind.ClientID, "err", err)
		return ""
	}
	o, err := snap.OS()
	if err != nil {
		return ""
	}
	style, ok := o.Style(bind.Platform)
	if !ok {
		return ""
	}
	file := clientos.FileName(clientos.StyleDocument(bind.Platform))
	if !style.Cadence.IsSet() {
		return fmt.Sprintf(" No cadence yet: add `cadence: 3/week` to %s's front matter to plan the week.", escapeText(file))
	}
	note := fmt.Sprintf(" Cadence: %s (%s).", escapeText(style.Cadence.Describe(bind.Platform)), escapeText(file))
	caps, err := b.os.BoundCaps(ctx, bind.ClientID)
	if err != nil {
		b.log.WarnContext(ctx, "read the caps for the cadence", "client_id", bind.ClientID, "err", err)
		return note
	}
	if err := style.Cadence.CheckCap(caps[bind.Platform]); err != nil {
		note += " :warning: " + escapeText(upperFirst(err.Error())) + "."
	}
	return note
}
