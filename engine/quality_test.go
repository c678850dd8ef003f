package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/llm/llmtest"
	"github.com/mos-hq/mos/quality"
)

// record reads a piece's stored quality record.
func (b *bundle) record(t testing.TB, id int64) QualityRecord {
	t.Helper()
	q, err := storedQuality(context.Background(), b.pool.Pool, id)
	require.NoError(t, err, "every piece that moved has a stored record")
	return q
}

// TestQualityRecordFollowsThePiece walks a piece from request to publication and reads the stored
// record after each step: it is written with the change, not computed when read.
func TestQualityRecordFollowsThePiece(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateOutlineReady)

	q := b.record(t, p.ID)
	require.False(t, q.Record.Outline.Decided)
	require.NotEmpty(t, q.Record.OSVersions, "the OS the outline was written with")
	require.Equal(t, 1, q.Record.OSVersions["brand"])
	require.NotNil(t, q.OutlineVoice, "the outline's voice match is stored with it")
	require.False(t, q.OutlineVoice.Scored, "acme has one sample post: no number yet")
	require.Contains(t, q.OutlineVoice.Reasons[0], "1 approved text")
	require.Contains(t, q.OutlineVoice.Reasons[0], "Sounds like us")
	require.Nil(t, q.DraftVoice)

	_, err := b.e.Approve(ctx, p.ID, PhaseOutline, testApprover)
	require.NoError(t, err)
	b.waitState(t, p.ID, StateDraftReady)
	q = b.record(t, p.ID)
	require.True(t, q.Record.Outline.FirstPass, "approved with no edit, revision or rejection")
	require.NotNil(t, q.DraftVoice)
	require.False(t, q.Record.HasEditRatio, "no edit ratio before the draft is approved")

	edited := strings.Replace(testDraft, "Three in four CFOs", "Most CFOs we spoke to", 1)
	_, err = b.e.Edit(ctx, p.ID, PhaseDraft, testUser, edited, 0)
	require.NoError(t, err)
	draftVoice := b.record(t, p.ID).DraftVoice
	require.Equal(t, 2, draftVoice.Version, "the edit's voice match replaces the model's")

	_, err = b.e.Approve(ctx, p.ID, PhaseDraft, testApprover)
	require.NoError(t, err)
	q = b.record(t, p.ID)
	require.True(t, q.Record.Draft.Approved)
	require.False(t, q.Record.Draft.FirstPass, "edited before approval")
	require.True(t, q.Record.HasEditRatio)
	require.Equal(t, 5, q.Record.EditRatio.Distance, `"Three in four" → "Most … we spoke to": 3 substitutions, 2 insertions`)
	require.InDelta(t, 5.0/float64(q.Record.EditRatio.AIWords), q.Record.EditRatio.Ratio, 1e-9)
	require.Zero(t, q.Record.Rejections)

	_, err = b.e.MarkPublished(ctx, p.ID, testApprover, "https://www.linkedin.com/feed/update/urn:li:activity:7/", time.Time{})
	require.NoError(t, err)
	require.Equal(t, q.Record, b.record(t, p.ID).Record, "publishing changes no measure")
}

// TestQualityRecordNotesRejectionsAndWaits: a revision counts and brings its own voice match, a
// rejection keeps its failure modes, and the wait runs from the draft being ready to the decision.
func TestQualityRecordNotesRejectionsAndWaits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateDraftReady)
	require.NoError(t, b.e.Revise(ctx, p.ID, PhaseDraft, testUser, "Make it punchier"))
	b.waitIdle(t, p.ID)
	q := b.record(t, p.ID)
	require.Equal(t, 1, q.Record.Draft.Revisions)
	require.Equal(t, 2, q.DraftVoice.Version, "the revision's voice match is stored with the revision")
	_, err := b.pool.Pool.Exec(ctx, `UPDATE piece_versions SET created_at = created_at - interval '95 minutes'
		WHERE piece_id = $1 AND phase = 'draft'`, p.ID)
	require.NoError(t, err)

	_, err = b.e.Reject(ctx, p.ID, PhaseDraft, testApprover, []string{clientos.ModeVoiceDrift}, "not us")
	require.NoError(t, err)
	q = b.record(t, p.ID)
	require.Equal(t, []quality.Rejection{{Phase: PhaseDraft, FailureModes: []string{clientos.ModeVoiceDrift}}}, q.Record.Rejections)
	require.True(t, q.Record.Draft.Decided)
	require.False(t, q.Record.Draft.Approved)
	require.InDelta(t, 95, q.Record.Draft.Wait.Minutes(), 1, "from ready for review to the rejection")
	require.False(t, q.Record.HasEditRatio, "a piece never approved has no edit ratio")
}

// TestQualityEditRatioIgnoresLineBreaks: the published text pasted back with other line breaks
// and spacing counts as no edit at all.
func TestQualityEditRatioIgnoresLineBreaks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateDraftReady)
	pasted := strings.ReplaceAll(strings.ReplaceAll(testDraft, "\n\n", "\n"), ". ", ".  \n")
	_, err := b.e.Edit(ctx, p.ID, PhaseDraft, testUser, pasted, 0)
	if err != nil {
		require.ErrorIs(t, err, ErrUnchanged)
	}
	_, err = b.e.Approve(ctx, p.ID, PhaseDraft, testApprover)
	require.NoError(t, err)
	q := b.record(t, p.ID)
	require.True(t, q.Record.HasEditRatio)
	require.Zero(t, q.Record.EditRatio.Distance)
	require.Zero(t, q.Record.EditRatio.Ratio)
}

// TestQualityRecordKeepsTheOutlinesOS: a piece written across an OS change counts for the version
// its outline was written with.
func TestQualityRecordKeepsTheOutlinesOS(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateOutlineReady)
	before := b.record(t, p.ID).Record.OSVersions
	snap, err := clientos.Current(ctx, b.pool.Pool, b.client.ID)
	require.NoError(t, err)
	brand := snap.Docs["brand"].Content + "\nOne more line.\n"
	_, _, err = clientos.SaveDocument(ctx, b.pool.Pool, b.client.ID, "brand", brand, testApprover, "test")
	require.NoError(t, err)

	_, err = b.e.Approve(ctx, p.ID, PhaseOutline, testApprover)
	require.NoError(t, err)
	b.waitState(t, p.ID, StateDraftReady)
	draft, err := latestVersion(ctx, b.pool.Pool, p.ID, PhaseDraft)
	require.NoError(t, err)
	require.Equal(t, 2, draft.OSVersions["brand"], "the draft was written with brand v2")
	require.Equal(t, before, b.record(t, p.ID).Record.OSVersions, "the record keeps brand v1, the outline's")
}

// TestQualityRecordUnderConcurrentApprovers: six approvers press Approve at once; one wins, and
// the record says one first-pass approval.
func TestQualityRecordUnderConcurrentApprovers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateOutlineReady)
	byApprovers(6, func(who string) error {
		_, err := b.e.Approve(ctx, p.ID, PhaseOutline, who)
		return err
	})
	q := b.record(t, p.ID)
	require.True(t, q.Record.Outline.FirstPass)
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM quality_records WHERE piece_id = $1`, p.ID))
}

// TestPieceQualityBuildsAMissingRecord: a piece from before records were kept gets one when read.
func TestPieceQualityBuildsAMissingRecord(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateDraftReady)
	want := b.record(t, p.ID)
	_, err := b.pool.Pool.Exec(ctx, `DELETE FROM quality_records`)
	require.NoError(t, err)
	got, err := b.e.PieceQuality(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, want.Record, got.Record)
	require.Equal(t, want.DraftVoice, got.DraftVoice)
	_, err = b.e.PieceQuality(ctx, p.ID+1000)
	require.ErrorIs(t, err, database.ErrNotFound)

	require.NoError(t, EnsureQualityRecords(ctx, b.pool.Pool, b.client.ID))
	var rows []QualityRow
	require.NoError(t, EachQualityRow(ctx, b.pool.Pool, b.client.ID, func(r QualityRow) error {
		rows = append(rows, r)
		return nil
	}))
	require.Len(t, rows, 1)
	require.Equal(t, "linkedin", rows[0].Platform)
	require.True(t, rows[0].PublishedAt.IsZero(), "never published")
}

// withSamples gives acme's brand.md these sample posts.
func (b *bundle) withSamples(t testing.TB, posts ...string) {
	t.Helper()
	ctx := context.Background()
	snap, err := clientos.Current(ctx, b.pool.Pool, b.client.ID)
	require.NoError(t, err)
	brand, _, _ := strings.Cut(snap.Docs["brand"].Content, "## Sample posts")
	brand += "## Sample posts\n"
	for i, p := range posts {
		brand += "\n### Post " + string(rune('A'+i)) + "\n" + p + "\n"
	}
	_, _, err = clientos.SaveDocument(ctx, b.pool.Pool, b.client.ID, "brand", brand, testApprover, "test")
	require.NoError(t, err)
}

var acmeSamples = []string{
	"We closed the books in three days last quarter. Here is what we stopped doing. We stopped chasing receipts.",
	"Our controller asked a simple question. Why do we reconcile twice? We do not any more. It saved a day.",
	"Cash forecasts fail for one reason. Nobody owns the inputs. We gave each input an owner. Accuracy rose.",
}

// TestVoiceMatchOnStoredDrafts: with three sample posts the draft gets a number and reasons; German
// and Japanese drafts say which measures were left out; an emoji-only edit still gets a match.
func TestVoiceMatchOnStoredDrafts(t *testing.T) {
	t.Parallel()
	drafts := map[string]string{
		"english":  testDraft,
		"german":   "Drei von vier Finanzchefs haben die Prognose überstimmt. Das ist ein Problem, und wir wissen warum.\n\nBuchen Sie ein Gespräch.",
		"japanese": "財務責任者の四人に三人が予測を上書きしました。理由は明確です。\n\n相談を予約してください。",
	}
	for name, draft := range drafts {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			b := setup(t)
			b.withSamples(t, acmeSamples...)
			b.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
				if promptKind(r) == kindOutline {
					return goodModel(t)(r)
				}
				return llmtest.Reply{Content: draft}
			})
			p := b.toDraftReady(t, "brief")
			v := b.record(t, p.ID).DraftVoice
			require.NotNil(t, v)
			require.True(t, v.Scored, "three samples give a number")
			require.Equal(t, 3, v.Samples)
			if name == "english" {
				require.Empty(t, v.Note)
			} else {
				require.Contains(t, v.Note, "not in English")
			}
			view, err := b.e.PieceView(ctx, p.ID)
			require.NoError(t, err)
			require.Equal(t, v, view.DraftVoice, "the view carries the stored match")

			_, err = b.e.Edit(ctx, p.ID, PhaseDraft, testUser, "🚀🔥", 0)
			require.NoError(t, err)
			emoji := b.record(t, p.ID).DraftVoice
			require.Equal(t, 2, emoji.Version)
			require.True(t, emoji.Scored)
			require.GreaterOrEqual(t, emoji.Score, 0)
		})
	}
}

// TestVoiceMatchWithoutSamples: lint makes brand.md carry a sample post, so a client has none
// only when its brand no longer parses (an OS from before lint asked for one). Building a record
// then stores no number and says how to add a sample, and fails nothing.
func TestVoiceMatchWithoutSamples(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateDraftReady)
	snap, err := clientos.Current(ctx, b.pool.Pool, b.client.ID)
	require.NoError(t, err)
	brand, _, _ := strings.Cut(snap.Docs["brand"].Content, "## Sample posts")
	_, err = b.pool.Pool.Exec(ctx, `INSERT INTO os_versions (client_id, document, version, content, content_hash,
		author, reason) VALUES ($1, 'brand', 2, $2, 'x', 'test', 'an OS from before sample posts were required')`,
		b.client.ID, brand)
	require.NoError(t, err)
	_, err = b.pool.Pool.Exec(ctx, `DELETE FROM quality_records`)
	require.NoError(t, err)

	q, err := b.e.PieceQuality(ctx, p.ID)
	require.NoError(t, err)
	require.False(t, q.DraftVoice.Scored)
	require.Zero(t, q.DraftVoice.Samples)
	require.Contains(t, q.DraftVoice.Reasons[0], "## Sample posts")
	require.Contains(t, q.DraftVoice.Reasons[0], "Sounds like us")
}
