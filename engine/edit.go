package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/generate"
)

// Current returns the latest version of a phase; database.ErrNotFound before the first.
func (e *Engine) Current(ctx context.Context, pieceID int64, phase string) (Version, error) {
	if _, err := readyState(phase); err != nil {
		return Version{}, err
	}
	v, err := latestVersion(ctx, e.pool, pieceID, phase)
	if errors.Is(err, database.ErrNotFound) {
		return v, fmt.Errorf("engine: piece %d has no %s: %w", pieceID, phase, database.ErrNotFound)
	}
	return v, err
}

// EditText is what the Edit modal is prefilled with: the latest draft's text, or the latest
// outline in OutlineText's form, with the version it came from.
func (e *Engine) EditText(ctx context.Context, pieceID int64, phase string) (string, Version, error) {
	v, err := e.Current(ctx, pieceID, phase)
	if err != nil {
		return "", v, err
	}
	text, err := versionText(v)
	return text, v, err
}

// History lists every version of a piece, outlines and drafts, oldest first: who wrote each (the
// model or a person), when, and from which OS versions.
func (e *Engine) History(ctx context.Context, pieceID int64) ([]Version, error) {
	vs, err := queryVersions(ctx, e.pool, `SELECT `+versionColumns+` FROM piece_versions
		WHERE piece_id = $1 ORDER BY created_at, id`, pieceID)
	if err != nil || len(vs) > 0 {
		return vs, err
	}
	if _, err := getPiece(ctx, e.pool, pieceID); err != nil {
		return nil, err
	}
	return []Version{}, nil
}

// edited is a person's submitted text, validated: what is stored, and the text the checks read.
type edited struct {
	content string // a draft's text, or an outline's JSON
	text    string // a draft's text, or OutlineText of the outline
	pillar  string // the outline's pillar, in the client's spelling; "" for drafts
}

// Edit stores a person's text as the next version of a phase: edits are the truth, and the next
// step (the draft, a revision) works from them. Anyone may edit, but only while the piece waits
// for that phase's decision and is not being revised (*StaleError otherwise). Empty or too long
// text, or an outline that does not parse, is a *UserError (field "text"). Text identical to the
// current version stores nothing and returns the current version with ErrUnchanged. seen is the
// version the person's form started from (0: not known): when the phase has moved on since — an
// edit handled late, after another — nothing is stored and a *VersionChangedError says so, so a
// late edit never silently undoes a newer one. The new version is checked like a generated one,
// but its findings are only warnings: nobody repairs a person's words.
func (e *Engine) Edit(ctx context.Context, pieceID int64, phase, userID, text string, seen int) (Version, error) {
	m, p, err := loadForPhase(ctx, e.pool, pieceID, ActionEdit, phase, userID)
	if err != nil {
		return Version{}, err
	}
	cos, snap, err := currentOS(ctx, e.pool, p.ClientID)
	if err != nil {
		return Version{}, err
	}
	if phase == PhaseDraft && PlainTextPlatform(cos, p.Platform) {
		text = PlainDraft(text)
	}
	sub, err := prepareEdit(phase, text, pillarNames(cos))
	if err != nil {
		return Version{}, err
	}
	rendered, err := snap.RenderFor(p.Platform)
	if err != nil {
		return Version{}, fmt.Errorf("engine: render OS for %s: %w", p.Platform, err)
	}
	next := Version{PieceID: pieceID, Phase: phase, Content: sub.content, AuthorKind: AuthorHuman, Author: userID,
		OSVersions: rendered.Versions, OSHash: rendered.Hash, Warnings: generate.Check(checkedBy(cos, p.Platform), p.Platform, phase, sub.text)}
	var v Version
	err = database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		if _, err := e.applyTx(ctx, tx, pieceID, m, moveInput{Actor: userID, Pillar: sub.pillar}); err != nil {
			return err
		}
		if err := checkSeenTx(ctx, tx, pieceID, phase, seen, ActionEdit); err != nil {
			return err
		}
		cur, err := latestVersion(ctx, tx, pieceID, phase)
		if err != nil {
			return err
		}
		if same, err := sameText(cur, sub.text); err != nil || same {
			v = cur
			return cmpErr(err)
		}
		v, err = insertVersion(ctx, tx, next)
		return err
	})
	if err != nil {
		return v, err
	}
	e.log.InfoContext(ctx, phase+" edited", "piece_id", pieceID, "user_id", userID, "version", v.Version,
		"warnings", len(v.Warnings))
	_ = e.notify(ctx, pieceID)
	return v, nil
}

func cmpErr(err error) error {
	if err != nil {
		return err
	}
	return ErrUnchanged
}

// prepareEdit validates submitted text for a phase.
func prepareEdit(phase, text string, pillars []string) (edited, error) {
	text = generate.NormalizeText(clientos.CleanText(text, true))
	limit := MaxDraftChars
	if phase == PhaseOutline {
		limit = MaxOutlineChars
	}
	if text == "" {
		return edited{}, &UserError{Field: "text", Problem: ProblemMissing, Phase: phase}
	}
	if n := utf8.RuneCountInString(text); n > limit {
		ue := tooLong("text", n, limit)
		ue.Phase = phase
		return edited{}, ue
	}
	if phase != PhaseOutline {
		return edited{content: text, text: text}, nil
	}
	o, err := ParseOutlineText(text)
	if err != nil {
		return edited{}, err
	}
	if o.Pillar, err = canonicalPillar(o.Pillar, pillars); err != nil {
		var ue *UserError
		if errors.As(err, &ue) {
			ue.Field = "text"
		}
		return edited{}, err
	}
	content, err := json.Marshal(o)
	if err != nil {
		return edited{}, fmt.Errorf("engine: encode outline: %w", err)
	}
	return edited{content: string(content), text: OutlineText(o), pillar: o.Pillar}, nil
}

// sameText says whether a version already reads as text.
func sameText(cur Version, text string) (bool, error) {
	curText, err := versionText(cur)
	if err != nil {
		return false, err
	}
	return generate.NormalizeText(curText) == generate.NormalizeText(text), nil
}
