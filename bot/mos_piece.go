package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/engine"
)

// mosPiece shows one piece's quality record (`/mos piece #12`): how its outline and draft went,
// what people changed, what was left at approval, the OS it was written with and its voice match.
func (b *Bot) mosPiece(ctx context.Context, cmd slack.SlashCommand, args []string) {
	p, ok := b.pieceHere(ctx, cmd, "piece", args)
	if !ok {
		return
	}
	q, err := b.engine.PieceQuality(ctx, p.ID)
	if err != nil {
		b.refuse(ctx, cmd.ChannelID, cmd.UserID, err)
		return
	}
	b.tell(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("Quality record of piece #%d", p.ID), qualityBlocks(p, q)...)
}

// pieceNumber reads the one argument of `/mos <sub> #12`; when it is missing or not a number it
// tells the person how the command is written and returns false.
func (b *Bot) pieceNumber(ctx context.Context, cmd slack.SlashCommand, sub string, args []string) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.Join(args, ""), "#"), 10, 64)
	if len(args) != 1 || err != nil {
		b.tell(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf(
			"Usage: `/mos %[1]s #<piece>`, e.g. `/mos %[1]s #12` (the number is in each piece's title).", sub))
		return 0, false
	}
	return id, true
}

// tellNoPiece answers a piece number that names no piece of this channel.
func (b *Bot) tellNoPiece(ctx context.Context, cmd slack.SlashCommand, id int64) {
	b.tell(ctx, cmd.ChannelID, cmd.UserID, fmt.Sprintf("There is no piece #%d in this channel. `/mos status` lists the pieces here.", id))
}

// pieceHere is the piece `/mos <sub> #12` names, if it is one of this channel's; otherwise it tells
// the person why not (see pieceNumber and tellNoPiece) and returns false.
func (b *Bot) pieceHere(ctx context.Context, cmd slack.SlashCommand, sub string, args []string) (engine.Piece, bool) {
	id, ok := b.pieceNumber(ctx, cmd, sub, args)
	if !ok {
		return engine.Piece{}, false
	}
	p, err := b.engine.Piece(ctx, id)
	if err != nil || p.ChannelID != cmd.ChannelID {
		b.tellNoPiece(ctx, cmd, id)
		return engine.Piece{}, false
	}
	return p, true
}
