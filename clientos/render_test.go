package clientos_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

func TestRenderIsDeterministic(t *testing.T) {
	t.Parallel()
	_, _, snap := storedExample(t)
	a, err := snap.Render()
	require.NoError(t, err)
	for range 20 {
		b, err := snap.Render()
		require.NoError(t, err)
		require.Equal(t, a, b)
	}
	require.True(t, strings.HasPrefix(a.Text, "# Client OS: Northwind Ledger\n"))
	require.Equal(t, map[string]int{"brand": 1, "strategy": 1, "pillars": 1, "decisions": 1, "style/blog": 1, "style/linkedin": 1}, a.Versions)
	require.Len(t, a.Hash, 64)

	// The same text from a different set of versions must not share a hash.
	o, err := snap.OS()
	require.NoError(t, err)
	o.Versions["brand"] = 2
	require.Equal(t, a.Text, clientos.Render(o).Text)
	require.NotEqual(t, a.Hash, clientos.Render(o).Hash)
}

func TestRenderGolden(t *testing.T) {
	t.Parallel()
	o, fs := clientos.LoadDir(exampleDir, nil)
	require.Empty(t, fs)
	o.Name = "Northwind Ledger"
	for _, tc := range []struct{ file, text string }{
		{"northwind.golden.md", clientos.Render(o).Text},
		{"northwind-linkedin.golden.md", clientos.RenderFor(o, "linkedin").Text},
	} {
		requireGolden(t, tc.file, tc.text)
	}
}

func TestRenderFor(t *testing.T) {
	t.Parallel()
	_, _, snap := storedExample(t)
	li, err := snap.RenderFor("linkedin")
	require.NoError(t, err)
	require.Contains(t, li.Text, "## Style guide: linkedin\n\nLimits: at most 3000 characters; at most 3 hashtags.")
	require.NotContains(t, li.Text, "Style guide: blog")
	require.Equal(t, map[string]int{"brand": 1, "strategy": 1, "pillars": 1, "decisions": 1, "style/linkedin": 1}, li.Versions)

	blog, err := snap.RenderFor("blog")
	require.NoError(t, err)
	require.NotEqual(t, li.Hash, blog.Hash)
	// Everything before the style guide is shared, so a provider's prompt cache hits across platforms.
	prefix := li.Text[:strings.Index(li.Text, "## Style guide:")]
	require.True(t, strings.HasPrefix(blog.Text, prefix))

	none, err := snap.RenderFor("tiktok")
	require.NoError(t, err)
	require.Contains(t, none.Text, "There is no style guide for tiktok yet")
	again, err := snap.RenderFor("linkedin")
	require.NoError(t, err)
	require.Equal(t, li, again)
}

func TestRenderBindsDecisionsAndForbiddenPhrases(t *testing.T) {
	t.Parallel()
	o, _ := clientos.LoadDir(exampleDir, nil)
	text := clientos.Render(o).Text
	for _, want := range []string{
		"Locked decisions are final",
		"Never use a forbidden phrase",
		"- \"game-changer\"\n",
		"instead of \"leverage\" write \"use\"",
		"- Faster close (target 30% of pieces):",
		"- We do not publish pricing or discounts in content;",
		"#### The 12-day close we cut to 5",
	} {
		require.Contains(t, text, want)
	}
	// Substitutions keep file order.
	require.Less(t, strings.Index(text, `"leverage"`), strings.Index(text, `"utilize"`))
	require.Less(t, strings.Index(text, `"utilize"`), strings.Index(text, `"solution"`))
}

// TestRenderAcrossProcesses renders the same stored snapshot in a second process and requires the
// same bytes and hash: nothing process-dependent (map order, time, ids) may leak into the prompt.
func TestRenderAcrossProcesses(t *testing.T) {
	t.Parallel()
	db, _, snap := storedExample(t)
	want, err := snap.Render()
	require.NoError(t, err)
	for range 2 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestRenderHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), "MOS_RENDER_HELPER=1", "MOS_RENDER_DB="+db.URL,
			"MOS_RENDER_CLIENT="+strconv.FormatInt(snap.ClientID, 10))
		out, err := cmd.Output()
		require.NoError(t, err, string(out))
		hash, text, ok := strings.Cut(string(out), "\n")
		require.True(t, ok)
		require.Equal(t, want.Hash, hash)
		require.True(t, strings.HasPrefix(text, want.Text), "the other process rendered different text")
	}
}

// TestRenderHelperProcess is not a test: TestRenderAcrossProcesses runs it in a subprocess.
func TestRenderHelperProcess(t *testing.T) {
	if os.Getenv("MOS_RENDER_HELPER") != "1" {
		t.Skip("helper process for TestRenderAcrossProcesses")
	}
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("MOS_RENDER_DB"))
	require.NoError(t, err)
	defer pool.Close()
	id, err := strconv.ParseInt(os.Getenv("MOS_RENDER_CLIENT"), 10, 64)
	require.NoError(t, err)
	snap, err := clientos.Current(ctx, pool, id)
	require.NoError(t, err)
	r, err := snap.Render()
	require.NoError(t, err)
	fmt.Print(r.Hash + "\n" + r.Text)
}
