package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/claim"
	"github.com/mos-hq/mos/clientos"
)

// ErrNoPiece is a piece that does not exist for the asking client. It never says whether the
// number belongs to another client.
var ErrNoPiece = errors.New("engine: no such piece")

// CheckText runs on any text the checks a generated version gets: the Client OS's forbidden
// phrases and substitutions, and for PhaseDraft the platform's length and hashtag limits; then the
// claim check against the OS rendered for platform and the given source texts. Claims are
// VerdictNotInSource when sources are given, VerdictUnverified when only the OS could back them.
// The claim check stops when ctx ends (its error is returned).
func CheckText(ctx context.Context, os *clientos.OS, platform, phase, text string, sources ...string) ([]Warning,
	[]ClaimFlag, error) {
	warnings := checkText(text, rulesFor(os, platform, phase))
	verdict := VerdictUnverified
	backing := []string{SystemPrompt(os, platform).Text}
	for _, s := range sources {
		if s != "" {
			backing, verdict = append(backing, s), VerdictNotInSource
		}
	}
	claims, err := claim.Unsupported(ctx, text, backing...)
	if err != nil {
		return nil, nil, err
	}
	var flags []ClaimFlag
	for _, c := range claims {
		flags = append(flags, flagOf(c, verdict))
	}
	return warnings, flags, nil
}

// ClientChannel is the channel a client's pieces for platform go to: the client's channel bound to
// that platform (the first by id when several are). None is ErrNotBound.
func (e *Engine) ClientChannel(ctx context.Context, clientID int64, platform string) (string, error) {
	var ch string
	err := e.pool.QueryRow(ctx, `SELECT channel_id FROM channel_bindings WHERE client_id = $1 AND platform = $2
		ORDER BY channel_id LIMIT 1`, clientID, platform).Scan(&ch)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", ErrNotBound
	}
	if err != nil {
		return "", fmt.Errorf("engine: channel of client %d for %s: %w", clientID, platform, err)
	}
	return ch, nil
}

// ClientPieceView is PieceView for a piece of the given client only; any other piece is ErrNoPiece.
func (e *Engine) ClientPieceView(ctx context.Context, clientID, pieceID int64) (View, error) {
	var owner int64
	err := e.pool.QueryRow(ctx, `SELECT client_id FROM pieces WHERE id = $1`, pieceID).Scan(&owner)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && owner != clientID) {
		return View{}, ErrNoPiece
	}
	if err != nil {
		return View{}, fmt.Errorf("engine: owner of piece %d: %w", pieceID, err)
	}
	return e.PieceView(ctx, pieceID)
}

// agentPrefix marks a piece requested by an agent (over MCP) rather than by a chat user.
const agentPrefix = "agent:"

// AgentRequester is the requested_by of a piece an agent asked for: its token's name, marked so
// adapters show a name and never address it as a chat user.
func AgentRequester(tokenName string) string { return agentPrefix + tokenName }

// AgentName returns the agent's name when requestedBy is an agent's, and false for a chat user.
func AgentName(requestedBy string) (string, bool) { return strings.CutPrefix(requestedBy, agentPrefix) }
