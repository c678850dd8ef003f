package rules

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/reporting/effect"
)

// RevertEdit: an OS edit made its measure clearly worse (effect.Effect.Worse: at least
// effect.MinPieces decided pieces on each side, the measure up by effect.WorseFactor and
// effect.WorseRise); store the document's content from before the edit as its next version. A
// revert is itself an edit whose effect is measured, so a revert that made things worse is
// reverted the same way.
const RevertEdit = effect.RuleRevert

// revertEvidence is what a revert proposal answers: the edit, its measure on both sides and the
// pieces behind each figure. Measure is read back when the revert's own effect is judged.
type revertEvidence struct {
	Key          string      `json:"key"`
	Measure      string      `json:"measure"`
	Document     string      `json:"document"`
	Version      int         `json:"version"`
	ProposalID   int64       `json:"proposal_id,omitempty"`
	Before       effect.Side `json:"before"`
	After        effect.Side `json:"after"`
	BeforePieces []int64     `json:"before_pieces"`
	AfterPieces  []int64     `json:"after_pieces"`
}

// revertRule proposes reverting the latest edit that got clearly worse. An edit its document has
// moved past since is not reverted blindly (that would undo the later edits too): the report says
// so instead.
func revertRule(ctx context.Context, db database.DBTX, d window, snap clientos.Snapshot, _ *clientos.OS) (*Change, error) {
	for _, ef := range slices.Backward(d.Effects) {
		if !ef.Worse {
			continue
		}
		cur, ok := snap.Docs[ef.Edit.Document]
		if !ok {
			continue
		}
		ev := revertEvidence{Key: evidenceKey(RevertEdit, ef.Edit.Document, strconv.Itoa(ef.Edit.Version)),
			Measure: ef.Measure, Document: ef.Edit.Document, Version: ef.Edit.Version, ProposalID: ef.Edit.ProposalID,
			Before: ef.Before, After: ef.After, BeforePieces: ef.BeforeIDs, AfterPieces: ef.AfterIDs}
		c := &Change{Document: ef.Edit.Document, BaseVersion: cur.Version, Rule: RevertEdit,
			Rationale: revertRationale(ef), Evidence: evidenceJSON(ev), NewContent: cur.Content}
		if cur.Version != ef.Edit.Version {
			c.Refuse = fmt.Sprintf("%s v%d made %s worse, but %s has changed since (now v%d); revert it by hand",
				clientos.FileName(ef.Edit.Document), ef.Edit.Version, MeasureLabel(ef.Measure),
				clientos.FileName(ef.Edit.Document), cur.Version)
			return c, nil
		}
		prev, err := versionContent(ctx, db, snap.Client.ID, ef.Edit.Document, ef.Edit.Version-1)
		if err != nil {
			return nil, err
		}
		c.NewContent, c.Preview = prev, linePreview(cur.Content, prev)
		return c, nil
	}
	return nil, nil
}

func versionContent(ctx context.Context, db database.DBTX, clientID int64, doc string, version int) (string, error) {
	var s string
	err := db.QueryRow(ctx, `SELECT content FROM os_versions WHERE client_id = $1 AND document = $2 AND version = $3`,
		clientID, doc, version).Scan(&s)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("rules: %s v%d to revert to: %w", doc, version, database.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("rules: load %s v%d to revert to: %w", doc, version, err)
	}
	return s, nil
}

func revertRationale(ef effect.Effect) string {
	by := "a manual edit"
	if ef.Edit.ProposalID > 0 {
		by = fmt.Sprintf("proposal #%d (%s)", ef.Edit.ProposalID, ef.Edit.Rule)
	}
	return fmt.Sprintf("%s v%d (%s) made %s worse: %s with v%d (n=%d), %s with v%d (n=%d). "+
		"Applying this writes v%d's content back as a new version; nothing is deleted.",
		clientos.FileName(ef.Edit.Document), ef.Edit.Version, by, MeasureLabel(ef.Measure),
		MeasureValue(ef.Measure, ef.Before.Value), ef.Before.Version, ef.Before.Pieces,
		MeasureValue(ef.Measure, ef.After.Value), ef.After.Version, ef.After.Pieces, ef.Edit.Version-1)
}

// MeasureLabel names a measure in a sentence: "voice-drift rejections per piece".
func MeasureLabel(measure string) string {
	if measure == effect.MeasureMix {
		return "the pillar mix's gap to its target weights"
	}
	m, _ := clientos.FailureModeByID(measure)
	return m.Qualifier() + " rejections per piece"
}

// MeasureValue is a measure's figure as text: "0.60", or "12.0 points" for the mix.
func MeasureValue(measure string, v float64) string {
	if measure == effect.MeasureMix {
		return fmt.Sprintf("%.1f points", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// linePreview shows the lines a change removes ("- ") and adds ("+ ").
func linePreview(from, to string) string {
	had, has := lineSet(from), lineSet(to)
	var b strings.Builder
	for _, l := range strings.Split(from, "\n") {
		if strings.TrimSpace(l) != "" && !has[l] {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range strings.Split(to, "\n") {
		if strings.TrimSpace(l) != "" && !had[l] {
			b.WriteString("+ " + l + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

func lineSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, l := range strings.Split(s, "\n") {
		out[l] = true
	}
	return out
}
