package engine

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

const postURL = "https://www.linkedin.com/posts/acme_close-activity-7212345678901234567-abcd/"

func (b *bundle) toApproved(t testing.TB, brief string) Piece {
	t.Helper()
	p := b.toDraftReady(t, brief)
	p, err := b.e.Approve(context.Background(), p.ID, PhaseDraft, testApprover)
	require.NoError(t, err)
	require.Equal(t, StateApproved, p.State)
	return p
}

func TestMarkPublished(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, p := setupWithPiece(t, StateApproved)
	day := time.Date(2026, 3, 9, 15, 0, 0, 0, time.UTC)

	_, err := b.e.MarkPublished(ctx, p.ID, testUser, postURL, day)
	require.ErrorIs(t, err, clientos.ErrNotApprover)
	for _, bad := range []string{"", "ftp://example.com/post", "javascript:alert(1)", "www.linkedin.com/posts/x",
		"https://user:pw@example.com/post", "https:///nohost"} {
		_, err = b.e.MarkPublished(ctx, p.ID, testApprover, bad, day)
		requireUserError(t, err, "url", "")
	}
	_, err = b.e.MarkPublished(ctx, p.ID, testApprover, postURL, b.clock.Now().AddDate(0, 0, 3))
	requireUserError(t, err, "date", "is in the future")
	cur, err := b.e.Piece(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, StateApproved, cur.State, "nothing changed")

	// Chat link syntax is the adapter's to remove (bot.TestUnwrapSlackLink); the engine takes plain links.
	_, err = b.e.MarkPublished(ctx, p.ID, testApprover, "<"+postURL+"|the post>", day)
	requireUserError(t, err, "url", "not a full link")
	got, err := b.e.MarkPublished(ctx, p.ID, testApprover, " "+postURL+" ", day)
	require.NoError(t, err)
	require.Equal(t, StatePublished, got.State)
	require.Equal(t, postURL, got.PublishedURL)
	require.Equal(t, "urn:li:activity:7212345678901234567", got.ActivityURN)
	require.Equal(t, time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC), got.PublishedAt.UTC())

	_, err = b.e.MarkPublished(ctx, p.ID, testApprover, postURL, day)
	requireStale(t, err, StateApproved, StatePublished)
	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, postURL, v.Published.URL)
	require.Equal(t, 2026, v.Published.At.Year())
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM reviews WHERE piece_id = $1 AND decision = 'published'`, p.ID))

	// Another piece cannot claim the same post, by link or by activity.
	q := b.toApproved(t, "another")
	_, err = b.e.MarkPublished(ctx, q.ID, testApprover, postURL, time.Time{})
	requireUserError(t, err, "url", "already recorded")
	_, err = b.e.MarkPublished(ctx, q.ID, testApprover,
		"https://www.linkedin.com/feed/update/urn:li:activity:7212345678901234567/", time.Time{})
	requireUserError(t, err, "url", "already recorded")
	got, err = b.e.MarkPublished(ctx, q.ID, testApprover, "https://example.com/blog/post", time.Time{})
	require.NoError(t, err)
	require.Empty(t, got.ActivityURN)
	require.Equal(t, time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), got.PublishedAt.UTC(), "today in the client's zone")
}

func TestMarkPublishedNeedsAnApprovedDraft(t *testing.T) {
	t.Parallel()
	b, p := setupWithPiece(t, StateDraftReady)
	_, err := b.e.MarkPublished(context.Background(), p.ID, testApprover, postURL, time.Time{})
	requireStale(t, err, StateApproved, StateDraftReady)
}

func TestLogHumanPiece(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withCap(1))

	p, err := b.e.LogHumanPiece(ctx, testChannel, testUser, postURL, "cash FORECASTING")
	require.NoError(t, err)
	require.True(t, p.HumanOnly)
	require.Equal(t, StatePublished, p.State)
	require.Equal(t, "linkedin", p.Platform)
	require.Equal(t, "Cash Forecasting", p.Pillar)
	require.Equal(t, "urn:li:activity:7212345678901234567", p.ActivityURN)
	require.Equal(t, testUser, p.RequestedBy)
	require.Zero(t, b.count(t, `SELECT coalesce(sum(used), 0) FROM cap_usage`), "a logged piece is not counted")
	b.request(t, "the cap of 1 is still free")

	_, err = b.e.LogHumanPiece(ctx, testChannel, testUser, postURL, "")
	requireUserError(t, err, "url", "already recorded")
	_, err = b.e.LogHumanPiece(ctx, testChannel, testUser, "https://example.com/a", "Sports")
	requireUserError(t, err, "pillar", `"Sports" is not one of`)
	_, err = b.e.LogHumanPiece(ctx, testChannel, testUser, "not a link", "")
	requireUserError(t, err, "url", "not a full link")
	_, err = b.e.LogHumanPiece(ctx, "CUNBOUND", testUser, postURL, "")
	require.ErrorIs(t, err, ErrNotBound)

	q, err := b.e.LogHumanPiece(ctx, testChannel, testUser, "https://example.com/a", "")
	require.NoError(t, err)
	require.Empty(t, q.Pillar)
	v, err := b.e.PieceView(ctx, q.ID)
	require.NoError(t, err, "a logged piece can be viewed like any other")
	require.Nil(t, v.Outline)
	require.Nil(t, v.Draft)
}

func TestActivityURN(t *testing.T) {
	t.Parallel()
	for link, want := range map[string]string{
		postURL: "urn:li:activity:7212345678901234567",
		"https://www.linkedin.com/feed/update/urn:li:activity:7212345678901234567/":      "urn:li:activity:7212345678901234567",
		"https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7212345678901234567": "urn:li:activity:7212345678901234567",
		"https://linkedin.com/posts/x_y-activity:7212345678901234567?utm_source=share":   "urn:li:activity:7212345678901234567",
		"https://www.linkedin.com/feed/update/urn:li:ugcPost:7212345678901234567/":       "",
		"https://example.com/activity-7212345678901234567":                               "",
		"https://example.com/blog": "",
	} {
		require.Equal(t, want, ActivityURN(link), link)
	}
}
