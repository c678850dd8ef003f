package engine

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/claim"
	"github.com/mos-hq/mos/source/sourcetest"
)

// longSourcePage is a report longer than the source budget: a lede on the brief's subject, many
// passages on nothing the brief asks about, and a last one holding a figure the budget leaves out.
func longSourcePage() string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html><head><title>Close survey 2026</title></head><body><article>
<p>The month-end close still takes 9 days: 61% of respondents blame handoffs between teams.</p>`)
	for i := range 400 {
		fmt.Fprintf(&b, "<p>Appendix note %d: the office moved to the harbour building; parking stays free "+
			"for visitors on weekends, and the canteen opens at eight.</p>\n", i)
	}
	b.WriteString("<p>Footnote: 87% of CFOs want automation.</p></article></body></html>")
	return b.String()
}

func TestClaimsAreCheckedAgainstTheSourceTextThePromptCarried(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	page := longSourcePage()
	site := sourcetest.NewSite(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
	b := setup(t, withSources(t, site))
	b.llm.SetResponder(outlineWithHook(t, "61% blame handoffs, and 87% of CFOs want automation."))
	p := b.outlineFrom(t, site.URL+"/close", "Why the month-end close still takes 9 days")

	src, err := b.e.PieceSource(ctx, testChannel, p.ID)
	require.NoError(t, err)
	require.Contains(t, src.Read.Text, "87% of CFOs", "the page was read whole")
	prompt := b.llm.Requests()[0].Last().Content
	require.Contains(t, prompt, "61% of respondents")
	require.NotContains(t, prompt, "87% of CFOs", "the budget left the footnote out of the prompt")
	require.Regexp(t, `"source_text_cut": ?"This text was cut to fit: [0-9,]+ of its [0-9,]+ words were left out`, prompt)
	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, []ClaimFlag{{Kind: "percent", Claim: "87% of CFOs", Verdict: VerdictNotInSource, Reason: claim.ReasonMissing}}, v.OutlineFlags,
		"a figure the model was not given is flagged, even though the page holds it")
}

// TestClaimFlagsSayWhatTheSourceSays: a figure the source gives about something else is stored
// with the source's sentence; a flag stored before reasons were reads back as it was.
func TestClaimFlagsSayWhatTheSourceSays(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, site := sourcedSetup(t)
	b.llm.SetResponder(outlineWithHook(t, "412 teams automated reconciliation, and the close fell to 9 days."))
	p := b.outlineFrom(t, site.URL+"/close", "brief")
	v, err := b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, []ClaimFlag{{Kind: "number", Claim: "412", Verdict: VerdictNotInSource, Reason: claim.ReasonElsewhere,
		SourceSays: "Our close survey asked 412 finance leaders how long their month-end close takes."}}, v.OutlineFlags)

	_, err = b.pool.Pool.Exec(ctx, `INSERT INTO claim_flags (version_id, position, kind, claim, verdict)
		VALUES ($1, 1, 'percent', '87% of CFOs', 'not_in_source')`, v.Outline.ID)
	require.NoError(t, err)
	v, err = b.e.PieceView(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, ClaimFlag{Kind: "percent", Claim: "87% of CFOs", Verdict: VerdictNotInSource}, v.OutlineFlags[1],
		"a flag stored before reasons were keeps no reason")
}
