package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/database/pgtest"
	"github.com/mos-hq/mos/regularfile/fifotest"
)

// TestOSFolderThatIsAPipe: a named pipe given where the OS folder belongs is refused at once, with
// what it is and what to give instead, by every command that reads a folder; none waits for a writer.
func TestOSFolderThatIsAPipe(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "os")
	fifotest.Make(t, fifo)
	_, model := fakeModel(t)
	db := pgtest.New(t)
	for _, tc := range []struct {
		env  []string
		args []string
	}{
		{nil, []string{"os", "lint", fifo}},
		{[]string{"DATABASE_URL=" + db.URL}, []string{"os", "import", "--client", "northwind", fifo}},
		{nil, []string{"os", "prompt", "--os", fifo, "--platform", "linkedin"}},
		{nil, []string{"os", "brief", "--os", fifo}},
		{model, []string{"draft", "--os", fifo, "--platform", "linkedin", "--source", closeSurveyURL(), "brief"}},
	} {
		var r cliResult
		fifotest.RequireReturns(t, dir, func() { r = runMosEnv(t, tc.env, tc.args...) })
		requireExit(t, r, 1)
		require.Contains(t, r.stdout+r.stderr, fifo+" is a named pipe (FIFO), not a folder; give the path of a client OS folder — "+
			"a client OS folder holds brand.md", tc.args)
	}
}
