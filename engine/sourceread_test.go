package engine

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/claim"
	"github.com/mos-hq/mos/llm/llmtest"
	"github.com/mos-hq/mos/source"
	"github.com/mos-hq/mos/source/sourcetest"
)

// sourcePage is an article among scripts and a cookie banner, as a real site serves it.
const sourcePage = `<!doctype html><html><head><title>Close survey 2026</title>
<script>var t = "SCRIPT-SECRET";</script></head><body>
<div class="cookie-banner">We use cookies COOKIE-TEXT</div>
<article><h1>The month-end close still takes 9 days</h1>
<p>Our close survey asked 412 finance leaders how long their month-end close takes. The median answer
was 9 days, and 61% of respondents said handoffs between teams were the main cause of delay.</p>
<p>Teams that automated bank reconciliation closed in 5.5 days on average, while teams matching
transactions in spreadsheets needed 11 days to close their books every month.</p></article>
<footer>FOOTER-TEXT</footer></body></html>`

// newSourceSite is a local site serving sourcePage (and a 404 under /gone), counting requests.
func newSourceSite(t testing.TB) *sourcetest.Site {
	return sourcetest.NewSite(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/gone" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, sourcePage)
	})
}

// withSources reads sources with the real fetcher, the local site allowed.
func withSources(t testing.TB, site *sourcetest.Site) func(*setupConfig) {
	list, err := source.ParseAllowList([]string{site.HostPort()})
	require.NoError(t, err)
	f := source.NewFetcher(source.FetcherConfig{Allow: list})
	return func(c *setupConfig) { c.sources = f }
}

// sourcedSetup is setup reading sources with the real fetcher from a local site (newSourceSite).
func sourcedSetup(t testing.TB) (*bundle, *sourcetest.Site) {
	site := newSourceSite(t)
	return setup(t, withSources(t, site)), site
}

// outlineWithHook is a model that answers every call with the test outline, its hook set to hook.
func outlineWithHook(t testing.TB, hook string) func(llmtest.Recorded) llmtest.Reply {
	return func(llmtest.Recorded) llmtest.Reply {
		o := testOutline("Finance Ops")
		o.Hook = hook
		return llmtest.JSON(t, o)
	}
}

// outlineFrom requests a piece from a study at link and waits for its outline.
func (b *bundle) outlineFrom(t testing.TB, link, brief string) Piece {
	t.Helper()
	p, err := b.e.RequestDraft(context.Background(), DraftRequest{ChannelID: testChannel, UserID: testUser,
		Input: DraftInput{SourceType: "study", SourceURL: link, Brief: brief}})
	require.NoError(t, err)
	return b.waitState(t, p.ID, StateOutlineReady)
}

func TestOutlineReadsTheSourceIntoASnapshotAndThePrompt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, site := sourcedSetup(t)
	plain := b.request(t, "a piece without a readable source") // example.com is not served here
	b.waitState(t, plain.ID, StateOutlineReady)
	p := b.outlineFrom(t, site.URL+"/close", "Why the month-end close still takes 9 days")

	src, err := b.e.PieceSource(ctx, testChannel, p.ID)
	require.NoError(t, err)
	require.NotNil(t, src.Read)
	require.Equal(t, SourceRead, src.Read.Outcome)
	require.Equal(t, "Close survey 2026", src.Read.Title)
	require.Equal(t, site.URL+"/close", src.Read.FinalURL)
	require.Equal(t, source.KindHTML, src.Read.Kind)
	require.Contains(t, src.Read.Text, "61% of respondents")
	require.Equal(t, source.Document{Text: src.Read.Text}.Hash(), src.Read.Hash)
	require.True(t, b.clock.Now().Equal(src.Read.FetchedAt), "fetched at the engine clock's now")

	reqs := b.llm.Requests()
	require.Len(t, reqs, 2)
	require.Equal(t, reqs[0].Messages[0], reqs[1].Messages[0], "the cached system message is byte-identical")
	user := reqs[1].Last().Content
	require.Contains(t, user, "61% of respondents said handoffs")
	require.Contains(t, user, "Use facts — numbers, percentages, money, dates, quotes, named studies — only from")
	for _, junk := range []string{"SCRIPT-SECRET", "COOKIE-TEXT", "FOOTER-TEXT"} {
		require.NotContains(t, user, junk)
		require.NotContains(t, reqs[1].Messages[0].Content, junk)
	}
}

func TestTheSameSourceIsReadOnceADay(t *testing.T) {
	t.Parallel()
	b, site := sourcedSetup(t)
	for range 2 {
		b.outlineFrom(t, site.URL+"/close", "brief")
	}
	require.EqualValues(t, 1, site.Hits.Load(), "the second piece reuses today's read")
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM source_snapshots`))
	require.Equal(t, 2, b.count(t, `SELECT count(DISTINCT id) FROM source_signals WHERE snapshot_id IS NOT NULL`))

	b.clock.Set(b.clock.Now().Add(SourceReuseWindow + time.Minute))
	b.outlineFrom(t, site.URL+"/close", "brief")
	require.EqualValues(t, 2, site.Hits.Load(), "a day later the link is read again")
}

func TestAnUnreadableSourceLeavesThePieceGoingWithEveryFigureUnverified(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, site := sourcedSetup(t)
	b.llm.SetResponder(outlineWithHook(t, "The close takes 9 days and 61% blame handoffs."))
	p := b.outlineFrom(t, site.URL+"/gone", "brief")

	src, err := b.e.PieceSource(ctx, testChannel, p.ID)
	require.NoError(t, err)
	require.Equal(t, SourceUnreadable, src.Read.Outcome)
	require.Equal(t, "the site answered 404 Not Found", src.Read.Reason)
	prompt := b.llm.Requests()[0].Last().Content
	require.Contains(t, prompt, "The source could not be read (source_unreadable in the data says why)")
	require.Contains(t, prompt, `"source_unreadable": "the site answered 404 Not Found"`)

	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, []ClaimFlag{
		{Kind: "number", Claim: "9 days", Verdict: VerdictUnverified, Reason: claim.ReasonMissing},
		{Kind: "percent", Claim: "61%", Verdict: VerdictUnverified, Reason: claim.ReasonMissing},
	}, v.OutlineFlags, "the page holds both figures, but it was not read")

	// An unreadable read is not reused: the next piece tries again.
	b.outlineFrom(t, site.URL+"/gone", "brief")
	require.EqualValues(t, 2, site.Hits.Load())
}

func TestClaimsTheSourceDoesNotContainAreFlaggedPerVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, site := sourcedSetup(t)
	b.llm.SetResponder(func(r llmtest.Recorded) llmtest.Reply {
		if promptKind(r) == kindOutline {
			o := testOutline("Finance Ops")
			o.Hook = "61% blame handoffs, and 87% of CFOs want automation, says a Gartner survey."
			o.Sections = []string{"The 9 days baseline", "Automated teams close in 5.5 days", "What the other 4.2 days cost"}
			return llmtest.JSON(t, o)
		}
		return llmtest.Reply{Content: "Closing takes 9 days. Teams lose $4.2M a year to handoffs."}
	})
	p := b.outlineFrom(t, site.URL+"/close", "brief")
	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, []ClaimFlag{
		{Kind: "percent", Claim: "87% of CFOs", Verdict: VerdictNotInSource, Reason: claim.ReasonMissing},
		{Kind: "study", Claim: "Gartner survey", Verdict: VerdictNotInSource, Reason: claim.ReasonMissing},
		{Kind: "number", Claim: "4.2 days", Verdict: VerdictNotInSource, Reason: claim.ReasonMissing},
	}, v.OutlineFlags)

	_, err = b.e.Approve(ctx, p.ID, PhaseOutline, testApprover)
	require.NoError(t, err)
	b.waitState(t, p.ID, StateDraftReady)
	v, err = b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, []ClaimFlag{{Kind: "money", Claim: "$4.2M", Verdict: VerdictNotInSource, Reason: claim.ReasonMissing}}, v.DraftFlags)
	require.Len(t, v.OutlineFlags, 3, "the outline keeps its own flags")
	require.Equal(t, 4, b.count(t, `SELECT count(*) FROM claim_flags`))
}

// TestReadLinkWordsATooLargeSource: a source past the reading limits is stored as unreadable, the
// reason telling people to paste the key passage; the read is not an error of the job.
func TestReadLinkWordsATooLargeSource(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, strings.Repeat("The month-end close still takes 9 days.\n", 3<<20/40))
	}))
	t.Cleanup(srv.Close)
	list, err := source.ParseAllowList([]string{strings.TrimPrefix(srv.URL, "http://")})
	require.NoError(t, err)
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	snap, err := ReadLink(t.Context(), source.NewFetcher(source.FetcherConfig{Allow: list}), srv.URL+"/notes.txt", at)
	require.NoError(t, err)
	require.Equal(t, SourceUnreadable, snap.Outcome)
	require.Equal(t, "it is too large to read — its text runs past the 2.0 MB limit; paste the key passage instead", snap.Reason)
	require.Empty(t, snap.Text)
}
