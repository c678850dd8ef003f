package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOSPromptIsWhatServeSends: for a stored client, "mos os prompt" prints byte for byte the
// system message the running bot sent for a /draft in a channel bound to that platform, and so
// do "mos os prompt --os" on the folder it was imported from and "mos draft --client".
func TestOSPromptIsWhatServeSends(t *testing.T) {
	t.Parallel()
	w := boundWorld(t)
	w.outlineReady()
	sent := w.llm.Requests()[0].Messages[0]
	require.Equal(t, "system", sent.Role)

	stored := runMos(t, w.db.URL, "os", "prompt", "--client", "northwind", "--platform", "linkedin")
	requireExit(t, stored, 0)
	require.Equal(t, sent.Content, stored.stdout)
	folder := runMos(t, "", "os", "prompt", "--os", exampleDir, "--name", "Northwind Ledger", "--platform", "linkedin")
	requireExit(t, folder, 0)
	require.Equal(t, sent.Content, folder.stdout)

	env := append(modelEnv(w.llm.BaseURL()), "DATABASE_URL="+w.db.URL)
	r := runMosEnv(t, env, "draft", "--client", "northwind", "--platform", "linkedin", "--source",
		"https://example.com/close-survey", "--type", "study", closeBrief)
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "Outline · Northwind Ledger · linkedin · fake-model\n")
	reqs := w.llm.Requests()
	require.Len(t, reqs, 2)
	require.Equal(t, reqs[0].Messages, reqs[1].Messages, "the terminal sends what the bot sent for the same request")
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM pieces"), "mos draft stores nothing")
}

// TestOSPromptFromAFolder: the folder's rendering is the one the renderer's golden file pins; a
// broken or missing OS and an unknown platform are refused.
func TestOSPromptFromAFolder(t *testing.T) {
	t.Parallel()
	r := runMos(t, "", "os", "prompt", "--os", exampleDir, "--name", "Northwind Ledger", "--platform", "linkedin")
	requireExit(t, r, 0)
	require.Equal(t, readFile(t, "../../clientos/testdata", "northwind-linkedin.golden.md"), r.stdout)
	require.Empty(t, r.stderr)

	broken := copyExample(t)
	edit(t, broken, "brand.md", "forbidden:", "forbidden: [\n")
	r = runMos(t, "", "os", "prompt", "--os", broken, "--platform", "linkedin")
	requireExit(t, r, 1)
	require.True(t, strings.HasPrefix(r.stderr, "mos: "+broken+" is not a usable Client OS yet; fix these and run again:\nerror: brand.md: "), r.stderr)
	require.Empty(t, r.stdout)

	r = runMos(t, "", "os", "prompt", "--os", exampleDir, "--platform", "x")
	requireExit(t, r, 2)
	require.Equal(t, "mos: this Client OS has no style guide for \"x\": use one of blog, linkedin (or add style/<platform>.md to the OS)\n", r.stderr)

	r = runMos(t, "", "os", "prompt", "--os", "../../cmd", "--platform", "linkedin")
	requireExit(t, r, 1)
	require.Contains(t, r.stderr, "../../cmd is not a Client OS folder")

	r = runMos(t, "", "os", "prompt", "--os", exampleDir, "--platform", "linkedin", "--name", "North\x1bwind")
	requireExit(t, r, 2)
	require.Contains(t, r.stderr, "--name contains the control character U+001B")
}

// TestOSBriefPrintsEverySection: the contractor brief has each part, in order, for every platform or
// one, and the example's LinkedIn brief reads in 90 seconds.
func TestOSBriefPrintsEverySection(t *testing.T) {
	t.Parallel()
	r := runMos(t, "", "os", "brief", "--os", exampleDir, "--name", "Northwind Ledger")
	requireExit(t, r, 0)
	require.Empty(t, r.stderr)
	at := 0
	for _, want := range []string{
		"# Writing for Northwind Ledger: the 90-second brief\n", "words: about ",
		"\n## Voice\n", "- **Do:** A controller talking to a controller. Concrete before clever.",
		"- **Don't:** We never mock spreadsheets.\n",
		"\n## Who we write for\n\nCFOs and controllers at B2B companies",
		"\n## Never write\n", `"game-changer", "revolutionize", "synergy"`, `- Swap "leverage" → "use", `,
		"\n## Pillars (one per piece)\n", "- **Faster close** (30%): Cutting days from the close\n",
		"- **Customer stories** (10%): ",
		"\n## Style guide: blog\n", "\n## Style guide: linkedin\n\nCadence: 3 LinkedIn posts a week.\n\nLimits: at most 3000 characters; at most 3 hashtags.\n",
		"\n## Two sample posts (match the voice, not the words)\n",
		"\n### The 12-day close we cut to 5\n", "\n### Auditors don't want more spreadsheets\n",
		"\n## The rest of the OS\n\ndecisions.md (6 locked decisions: final) · brand.md (calls to action, 3 samples) · pillars.md · strategy.md\n",
	} {
		i := strings.Index(r.stdout[at:], want)
		require.GreaterOrEqual(t, i, 0, "missing, or out of order: %q\n%s", want, r.stdout)
		at += i
	}
	require.NotContains(t, r.stdout, "We do not publish pricing", "decisions are named, not repeated")

	one := runMos(t, "", "os", "brief", "--os", exampleDir, "--name", "Northwind Ledger", "--platform", "linkedin")
	requireExit(t, one, 0)
	require.Contains(t, one.stdout, "## Style guide: linkedin")
	require.NotContains(t, one.stdout, "## Style guide: blog")
	require.Contains(t, one.stdout, "\n\n_349 words: about 88 seconds to read._\n", "the method's test: 90 seconds at most")
	require.Contains(t, one.stdout, "· strategy.md · style/blog.md\n")

	url := importNorthwind(t)
	stored := runMos(t, url, "os", "brief", "--client", "northwind")
	requireExit(t, stored, 0)
	require.Equal(t, r.stdout, stored.stdout, "a stored client's brief is its folder's")

	r = runMos(t, "", "os", "brief", "--os", exampleDir, "--platform", "tiktok")
	requireExit(t, r, 2)
	require.Contains(t, r.stderr, `no style guide for "tiktok": use one of blog, linkedin`)
}
