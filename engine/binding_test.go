package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
)

func TestBind(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withoutWorkers())
	_, err := clientos.EnsureClient(ctx, b.pool.Pool, "globex", "Globex", "Europe/Berlin")
	require.NoError(t, err)

	bad := []struct {
		name, client, platform string
		cap                    *int
		field                  string
		errHas                 []string
	}{
		{"unknown client", "initech", "linkedin", nil, "client",
			[]string{`no client called "initech"`, "Known clients: acme, globex", "mos os import --client initech"}},
		{"invalid slug", "Not A Slug!", "linkedin", nil, "client", []string{"Known clients: acme, globex"}},
		{"platform without style guide", "acme", "tiktok", nil, "platform",
			[]string{`no style guide for "tiktok"`, "Platforms it has: blog, linkedin", "/mos os edit style/tiktok"}},
		{"client without any style guide", "globex", "linkedin", nil, "platform", []string{"no style guide yet"}},
		{"cap too high", "acme", "linkedin", ptr(101), "cap", []string{"0 to 100"}},
		{"cap negative", "acme", "linkedin", ptr(-1), "cap", []string{"0 to 100"}},
		{"missing platform", "acme", "", nil, "", []string{"/mos bind <client> <platform>"}},
	}
	for _, tt := range bad {
		_, err := b.e.Bind(ctx, "CNEW", tt.client, tt.platform, tt.cap, testUser)
		var ue *UserError
		require.True(t, errors.As(err, &ue), "%s: got %v", tt.name, err)
		require.Equal(t, tt.field, ue.Field, tt.name)
		for _, s := range tt.errHas {
			require.Contains(t, ue.Msg, s, tt.name)
		}
	}
	_, err = b.e.BindingFor(ctx, "CNEW")
	require.ErrorIs(t, err, ErrNotBound)
	require.Contains(t, err.Error(), "/mos bind <client> <platform> [cap]")

	got, err := b.e.Bind(ctx, "CNEW", " ACME ", "Blog", nil, testUser)
	require.NoError(t, err)
	require.Equal(t, "blog", got.Platform)
	require.Equal(t, 3, got.DailyCap, "a new binding without a cap gets the default")
	require.Equal(t, "Acme Ledger", got.ClientName)

	got, err = b.e.Bind(ctx, "CNEW", "acme", "linkedin", ptr(7), testUser)
	require.NoError(t, err)
	require.Equal(t, 7, got.DailyCap)
	got, err = b.e.Bind(ctx, "CNEW", "acme", "blog", nil, testUser)
	require.NoError(t, err)
	require.Equal(t, 7, got.DailyCap, "rebinding without a cap keeps the channel's cap")
	require.Equal(t, "blog", got.Platform)

	require.Equal(t, 3, b.count(t, `SELECT count(*) FROM audit_log WHERE action = 'channel.bind'
		AND detail->>'channel_id' = 'CNEW'`))
}

func TestSetCap(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withoutWorkers(), withCap(2))

	_, err := b.e.SetCap(ctx, testChannel, 9, testUser)
	require.ErrorIs(t, err, ErrNotApprover)
	got, err := b.e.BindingFor(ctx, testChannel)
	require.NoError(t, err)
	require.Equal(t, 2, got.DailyCap, "a refused change changes nothing")

	_, err = b.e.SetCap(ctx, testChannel, 101, testApprover)
	var ue *UserError
	require.True(t, errors.As(err, &ue))

	_, err = b.e.SetCap(ctx, "CUNBOUND", 4, testApprover)
	require.ErrorIs(t, err, ErrNotBound)

	got, err = b.e.SetCap(ctx, testChannel, 9, testApprover)
	require.NoError(t, err)
	require.Equal(t, 9, got.DailyCap)
	got, err = b.e.BindingFor(ctx, testChannel)
	require.NoError(t, err)
	require.Equal(t, 9, got.DailyCap)
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM audit_log WHERE action = 'channel.cap'
		AND actor = $1 AND detail->>'to' = '9' AND detail->>'from' = '2'`, testApprover))
}

func ptr[T any](v T) *T { return &v }
