package clientos_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database/pgtest"
)

func TestCleanText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in  string
		multiline bool
		want      string
	}{
		{"ANSI colours", "Acme \x1b[31mCorp\x1b[0m", false, "Acme Corp"},
		{"cursor moves and clear screen", "\x1b[2J\x1b[1;1HAcme", false, "Acme"},
		{"window title (OSC)", "\x1b]0;pwned\x07Acme\x1b]2;x\x1b\\ Corp", false, "Acme Corp"},
		{"8-bit CSI", "Acme\u009b31m Corp", false, "Acme Corp"},
		{"lone ESC and other controls", "A\x00c\x07m\x7fe\x1b", false, "Acme"},
		{"line breaks in one line", "Acme\nCorp\r\n\tLtd  ", false, "Acme Corp Ltd"},
		{"direction override", "Acme \u202egnp.exe\u202c", false, "Acme gnp.exe"},
		{"invalid UTF-8", "Ac\xffme", false, "Acme"},
		{"emoji with joiners stay", "Team 👩‍💻 Café", false, "Team 👩‍💻 Café"},
		{"multiline keeps lines and tabs", "  line one\r\n\tline two\rline three\x1b[1m!\x1b[0m\n", true, "line one\n\tline two\nline three!"},
		{"multiline drops NUL and BOM", "\ufeffbrief\x00 text\u2028next", true, "brief text\nnext"},
	} {
		require.Equal(t, tc.want, clientos.CleanText(tc.in, tc.multiline), tc.name)
	}
}

func TestQuoteClipsAndEscapes(t *testing.T) {
	t.Parallel()
	require.Equal(t, `"acme"`, clientos.Quote("acme"))
	require.Equal(t, `"a\x1b[31mb"`, clientos.Quote("a\x1b[31mb"))
	q := clientos.Quote(strings.Repeat("x", 100_000))
	require.Equal(t, `"`+strings.Repeat("x", 40)+`"… (100000 characters)`, q)
}

func TestClientNameIsCleanedAndBounded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)

	_, err := clientos.EnsureClient(ctx, db.Pool, "huge", strings.Repeat("N", 100_000), "")
	require.EqualError(t, err, `the client name is 100000 characters long; the limit is 80 — give the name people know the company by, e.g. "Northwind Ledger"`)
	_, err = clientos.EnsureClient(ctx, db.Pool, "blank", "\x1b[0m\n\t", "")
	require.ErrorContains(t, err, "has no visible characters")
	_, err = clientos.EnsureClient(ctx, db.Pool, strings.Repeat("a", 100_000), "Acme", "")
	require.ErrorContains(t, err, `client slug "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"… (100000 characters) is not valid`)
	_, err = clientos.EnsureClient(ctx, db.Pool, "tz", "Acme", "Europe/\x1b[31mBerlin")
	require.ErrorContains(t, err, `time zone "Europe/\x1b[31mBerlin" is not an IANA time zone`)
	var n int
	require.NoError(t, db.Pool.QueryRow(ctx, `SELECT count(*) FROM clients`).Scan(&n))
	require.Zero(t, n, "nothing stored")

	c, err := clientos.EnsureClient(ctx, db.Pool, "evil", "Evil\n\x1b[31mCorp\x1b[0m\u202e", "")
	require.NoError(t, err)
	require.Equal(t, "Evil Corp", c.Name)
	c, err = clientos.EnsureClient(ctx, db.Pool, "evil", strings.Repeat("é", 80), "")
	require.NoError(t, err, "80 characters are fine, whatever their bytes")
	require.Equal(t, strings.Repeat("é", 80), c.Name)
}

func TestCheckDocumentQuotesAtMost40Characters(t *testing.T) {
	t.Parallel()
	err := clientos.CheckDocument("style/" + strings.Repeat("x", 100_000))
	require.ErrorContains(t, err, `"style/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"… (100006 characters) is not a Client OS document`)
}

func TestPlatformNamesAreAtMost40Characters(t *testing.T) {
	t.Parallel()
	require.NoError(t, clientos.CheckDocument("style/"+strings.Repeat("x", 40)))
	require.ErrorContains(t, clientos.CheckDocument("style/"+strings.Repeat("x", 41)), "up to 40 lowercase letters")
}
