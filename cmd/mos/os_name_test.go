package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestOSImportCleansAndBoundsTheClientName(t *testing.T) {
	t.Parallel()
	r := runMos(t, unreachableDB, "os", "import", "--client", "huge", "--name", strings.Repeat("N", 100_000), exampleDir)
	requireExit(t, r, 2)
	require.Contains(t, r.stderr, "mos: --name: the client name is 100000 characters long; the limit is 80")
	require.Less(t, len(r.stderr), 300, "the name is not echoed")

	url := importNorthwind(t)
	r = runMos(t, url, "os", "import", "--client", "northwind", "--name", "Evil\n\x1b[31mCorp\x1b[0m", exampleDir)
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "into northwind (Evil Corp)")
	r = runMos(t, url, "os", "show", "--client", "northwind")
	requireExit(t, r, 0)
	require.Contains(t, r.stdout, "northwind — Evil Corp (time zone Europe/Berlin)")
	require.NotContains(t, r.stdout, "\x1b")
}
