package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/mos-hq/mos/database"
)

// View is everything a message about a piece shows, read in one go for the renderers.
type View struct {
	Piece      Piece
	ClientSlug string
	ClientName string
	Source     Source
	// Outline is the latest outline version; nil while the first is being written.
	Outline *OutlineVersion
	// Reviews are the human decisions, oldest first.
	Reviews []Review
	// OutlineApproval is who approved the outline and when; nil until then.
	OutlineApproval *Review
	// Rejection is the latest rejection; nil unless rejected.
	Rejection *Review
	// SoundsLikeUs is an approver's mark that the published piece sounds like the client; nil
	// until then.
	SoundsLikeUs *Review
	// Cap is the channel's count today, its cap and when it resets.
	Cap CapToday
	// Draft is the latest draft version; nil before the first.
	Draft *Version
	// Busy is what the engine is writing for the piece right now: BusyRevising, BusyDrafting (the
	// outline is approved and the draft is being written), or "".
	Busy string
	// Note is the engine's last note (a refused or failed revision); "" when there is none.
	Note string
	// Published is where and when the piece went live; zero until then.
	Published Publication
	// LatestEditor is the person who wrote the current version (the latest of the current phase:
	// the draft once there is one, else the outline) when a person wrote it; "" when the model did.
	LatestEditor string
	// Warnings are the current version's warnings: check findings, restored lines, pillar notes.
	Warnings []Warning
	// Actions are what people may do with the piece now, for whom and on which version (Offers).
	Actions []Offer
	// OutlineFlags and DraftFlags are the claims of the latest outline and draft that the source
	// does not contain.
	OutlineFlags, DraftFlags []ClaimFlag
	// OutlineVoice and DraftVoice are the voice match of the latest outline and draft, from the
	// piece's quality record; nil when there is none.
	OutlineVoice, DraftVoice *VoiceMatch
}

// Publication is where and when a piece went live.
type Publication struct {
	URL string
	At  time.Time // the publication date, midnight UTC
}

// OutlineVersion is a parsed outline with who wrote it and from which OS versions.
type OutlineVersion struct {
	Outline
	ID         int64
	Version    int
	Author     string
	AuthorKind string
	Warnings   []Warning
	OSVersions map[string]int
	OSHash     string
	CreatedAt  time.Time
}

// PieceView reads a piece with its client, source, latest outline and draft, reviews and the
// channel's cap, in a handful of small indexed queries: the adapter calls it after every change.
func (e *Engine) PieceView(ctx context.Context, pieceID int64) (View, error) {
	var v View
	var tz string
	var err error
	if v.Piece, err = scanPiece(e.pool.QueryRow(ctx, `SELECT `+pieceColumns+` FROM pieces WHERE id = $1`, pieceID)); err != nil {
		return v, fmt.Errorf("engine: load piece %d: %w", pieceID, err)
	}
	if err := e.pool.QueryRow(ctx, `SELECT slug, name, timezone FROM clients WHERE id = $1`,
		v.Piece.ClientID).Scan(&v.ClientSlug, &v.ClientName, &tz); err != nil {
		return v, fmt.Errorf("engine: load client of piece %d: %w", pieceID, err)
	}
	if v.Source, err = getSource(ctx, e.pool, v.Piece.SourceSignalID); err != nil {
		return v, err
	}
	latest, err := queryVersions(ctx, e.pool, `SELECT DISTINCT ON (phase) `+versionColumns+`
		FROM piece_versions WHERE piece_id = $1 ORDER BY phase, version DESC`, pieceID)
	if err != nil {
		return v, err
	}
	if err := v.setVersions(latest); err != nil {
		return v, err
	}
	if err := v.setFlags(ctx, e.pool); err != nil {
		return v, err
	}
	if v.Reviews, err = reviews(ctx, e.pool, pieceID); err != nil {
		return v, err
	}
	if v.OutlineVoice, v.DraftVoice, err = storedVoices(ctx, e.pool, pieceID); err != nil {
		return v, err
	}
	v.derive()
	v.Cap, err = e.pieceCap(ctx, v.Piece, tz)
	return v, err
}

// derive sets what follows from the piece, its versions and its reviews: who approved or
// rejected, what the engine is busy with, the publication and the offers.
func (v *View) derive() {
	v.OutlineApproval = lastReview(v.Reviews, PhaseOutline, DecisionApproved)
	v.Rejection = lastReview(v.Reviews, "", DecisionRejected)
	v.SoundsLikeUs = lastReview(v.Reviews, "", DecisionSoundsLikeUs)
	v.Busy, v.Note = v.Piece.Busy, v.Piece.Note
	if v.Busy == "" && v.Piece.State == writeDraft.From {
		v.Busy = BusyDrafting
	}
	v.Published = Publication{URL: v.Piece.PublishedURL, At: v.Piece.PublishedAt}
	v.Actions = offersLeft(Offers(v.Piece, v.latestVersions()), v.Reviews)
}

// setVersions sets the latest outline and draft from the newest version of each phase, and the
// current version's author and warnings.
func (v *View) setVersions(latest []Version) error {
	var current *Version
	for i := range latest {
		switch latest[i].Phase {
		case PhaseOutline:
			ov, err := outlineVersion(latest[i])
			if err != nil {
				return err
			}
			v.Outline = &ov
			if current == nil {
				current = &latest[i]
			}
		case PhaseDraft:
			v.Draft, current = &latest[i], &latest[i]
		}
	}
	if current != nil {
		v.Warnings = current.Warnings
		if current.AuthorKind == AuthorHuman {
			v.LatestEditor = current.Author
		}
	}
	return nil
}

// latestVersions maps each phase with a version to its newest version number.
func (v *View) latestVersions() map[string]int {
	latest := map[string]int{}
	if v.Outline != nil {
		latest[PhaseOutline] = v.Outline.Version
	}
	if v.Draft != nil {
		latest[PhaseDraft] = v.Draft.Version
	}
	return latest
}

// pieceCap reads the cap of the piece's channel; a channel unbound since shows the count alone.
func (e *Engine) pieceCap(ctx context.Context, p Piece, tz string) (CapToday, error) {
	b, err := bindingFor(ctx, e.pool, p.ChannelID)
	if errors.Is(err, ErrNotBound) {
		b = Binding{ChannelID: p.ChannelID, Timezone: tz}
	} else if err != nil {
		return CapToday{}, err
	}
	return e.capToday(ctx, e.pool, b)
}

// latestOutline returns the newest outline version, or database.ErrNotFound before the first.
func latestOutline(ctx context.Context, db database.DBTX, pieceID int64) (OutlineVersion, error) {
	v, err := latestVersion(ctx, db, pieceID, PhaseOutline)
	if err != nil {
		return OutlineVersion{}, err
	}
	return outlineVersion(v)
}

// outlineVersion parses a stored outline version.
func outlineVersion(v Version) (OutlineVersion, error) {
	ov := OutlineVersion{ID: v.ID, Version: v.Version, Author: v.Author, AuthorKind: v.AuthorKind,
		Warnings: v.Warnings, OSVersions: v.OSVersions, OSHash: v.OSHash, CreatedAt: v.CreatedAt}
	if err := json.Unmarshal([]byte(v.Content), &ov.Outline); err != nil {
		return ov, fmt.Errorf("engine: outline v%d of piece %d is not an outline: %w", v.Version, v.PieceID, err)
	}
	return ov, nil
}

// lastReview returns the newest review with the decision (in the phase, unless phase is empty).
func lastReview(rs []Review, phase, decision string) *Review {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i].Decision == decision && (phase == "" || rs[i].Phase == phase) {
			return &rs[i]
		}
	}
	return nil
}

// ChannelStatus is a channel at a glance: what it is bound to, its cap today, and its pieces.
type ChannelStatus struct {
	Binding Binding
	Cap     CapToday
	// ByState counts the channel's pieces per state (every state present, zero included).
	ByState map[State]int
	// Open are the pieces still moving (in no final state), newest first, at most 20.
	Open []Piece
}

// Status summarises a channel; an unbound channel gives ErrNotBound.
func (e *Engine) Status(ctx context.Context, channelID string) (ChannelStatus, error) {
	var s ChannelStatus
	var err error
	if s.Binding, err = bindingFor(ctx, e.pool, channelID); err != nil {
		return s, err
	}
	if s.Cap, err = e.capToday(ctx, e.pool, s.Binding); err != nil {
		return s, err
	}
	if s.ByState, err = countByState(ctx, e.pool, channelID); err != nil {
		return s, err
	}
	rows, err := e.pool.Query(ctx, `SELECT `+pieceColumns+` FROM pieces
		WHERE channel_id = $1 AND state <> ALL($2)
		ORDER BY created_at DESC, id DESC LIMIT 20`, channelID, stateNames(finalStates()))
	if err != nil {
		return s, fmt.Errorf("engine: list open pieces: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanPiece(rows)
		if err != nil {
			return s, fmt.Errorf("engine: list open pieces: %w", err)
		}
		s.Open = append(s.Open, p)
	}
	return s, rows.Err()
}

func countByState(ctx context.Context, db database.DBTX, channelID string) (map[State]int, error) {
	counts := make(map[State]int, len(States))
	for _, st := range States {
		counts[st] = 0
	}
	rows, err := db.Query(ctx, `SELECT state, count(*) FROM pieces WHERE channel_id = $1 GROUP BY state`, channelID)
	if err != nil {
		return nil, fmt.Errorf("engine: count pieces: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st State
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("engine: count pieces: %w", err)
		}
		counts[st] = n
	}
	return counts, rows.Err()
}
