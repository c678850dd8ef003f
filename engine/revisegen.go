package engine

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/mos-hq/mos/generate"
)

// revision is a revise job's outcome: a version to store, or why it was refused.
type revision struct {
	version Version
	pillar  string            // an outline's pillar after the revision; "" for drafts
	refused *generate.Refusal // set: keep the old version and show why
}

// generateRevision loads what the revision reads — the phase's versions, the client's OS and the
// source — and has the generator rewrite the latest version as asked. It returns
// errRevisionStale when the piece no longer waits on this revision.
func (e *Engine) generateRevision(ctx context.Context, p Piece, a ReviseArgs, onText generate.TextSink) (revision, []generate.Call, error) {
	texts, human, err := e.revisionBase(ctx, p, a)
	if err != nil {
		return revision{}, nil, err
	}
	in, err := e.loadGeneration(ctx, p)
	if err != nil {
		return revision{}, nil, err
	}
	in.req.OnText = onText
	gen, err := e.gen.Revise(ctx, in.os, in.req, in.src,
		generate.Revision{Phase: a.Phase, Texts: texts, Human: human, Instruction: a.Instruction})
	if err != nil {
		return revision{}, gen.Calls(), err
	}
	rev, err := revisionOf(p.ID, a, gen)
	return rev, gen.Calls(), err
}

// revisionBase is the phase's versions as people read them, oldest first, and which a person
// wrote — if the piece still waits on this revision of its latest version.
func (e *Engine) revisionBase(ctx context.Context, p Piece, a ReviseArgs) (texts []string, human []bool, err error) {
	ready, err := readyState(a.Phase)
	if err != nil {
		return nil, nil, err
	}
	if p.State != ready || p.Busy != BusyRevising {
		return nil, nil, errRevisionStale
	}
	versions, err := phaseVersions(ctx, e.pool, p.ID, a.Phase)
	if err != nil {
		return nil, nil, err
	}
	if len(versions) == 0 || versions[len(versions)-1].Version != a.BaseVersion {
		return nil, nil, errRevisionStale
	}
	return versionTexts(versions)
}

// revisionOf is the version a revision stores, or why it was refused.
func revisionOf(pieceID int64, a ReviseArgs, gen generate.Generation) (revision, error) {
	if gen.Refused() != nil {
		return revision{refused: gen.Refused()}, nil
	}
	content := gen.Text()
	var pillar string
	if a.Phase == PhaseOutline {
		b, err := json.Marshal(gen.Outline())
		if err != nil {
			return revision{}, fmt.Errorf("engine: encode revised outline: %w", err)
		}
		content, pillar = string(b), gen.Outline().Pillar
	}
	v := generatedVersion(pieceID, a.Phase, content, gen)
	v.Instruction = a.Instruction
	return revision{version: v, pillar: pillar}, nil
}

func versionTexts(vs []Version) (texts []string, human []bool, err error) {
	for _, v := range vs {
		t, err := versionText(v)
		if err != nil {
			return nil, nil, err
		}
		texts, human = append(texts, t), append(human, v.AuthorKind == AuthorHuman)
	}
	return texts, human, nil
}
