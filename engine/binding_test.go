package engine

import (
	"context"
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
		want                   error
	}{
		{"unknown client", "initech", "linkedin", nil, &UnknownClientError{Slug: "initech", Known: []string{"acme", "globex"}}},
		{"invalid slug", "Not A Slug!", "linkedin", nil, &UnknownClientError{Slug: "not a slug!", Known: []string{"acme", "globex"}}},
		{"platform without style guide", "acme", "tiktok", nil,
			&PlatformError{ClientName: "Acme Ledger", ClientSlug: "acme", Platform: "tiktok", Platforms: []string{"blog", "linkedin"}}},
		{"client without any style guide", "globex", "linkedin", nil,
			&PlatformError{ClientName: "Globex", ClientSlug: "globex", Platform: "linkedin"}},
		{"cap too high", "acme", "linkedin", ptr(101), &CapRangeError{Got: 101, Max: 100}},
		{"cap negative", "acme", "linkedin", ptr(-1), &CapRangeError{Got: -1, Max: 100}},
		{"missing platform", "acme", "", nil, ErrBindWhat},
	}
	for _, tt := range bad {
		_, err := b.e.Bind(ctx, "CNEW", tt.client, tt.platform, tt.cap, testApprover)
		require.Equal(t, tt.want, err, tt.name)
	}
	_, err = b.e.BindingFor(ctx, "CNEW")
	require.ErrorIs(t, err, ErrNotBound)

	got, err := b.e.Bind(ctx, "CNEW", " ACME ", "Blog", nil, testApprover)
	require.NoError(t, err)
	require.Equal(t, "blog", got.Platform)
	require.Equal(t, 3, got.DailyCap, "a new binding without a cap gets the default")
	require.Equal(t, "Acme Ledger", got.ClientName)

	got, err = b.e.Bind(ctx, "CNEW", "acme", "linkedin", ptr(7), testApprover)
	require.NoError(t, err)
	require.Equal(t, 7, got.DailyCap)
	got, err = b.e.Bind(ctx, "CNEW", "acme", "blog", nil, testApprover)
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
	require.ErrorIs(t, err, clientos.ErrNotApprover)
	got, err := b.e.BindingFor(ctx, testChannel)
	require.NoError(t, err)
	require.Equal(t, 2, got.DailyCap, "a refused change changes nothing")

	_, err = b.e.SetCap(ctx, testChannel, 101, testApprover)
	require.Equal(t, &CapRangeError{Got: 101, Max: 100}, err)

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

// TestBindRights: the approvers of the client a channel is bound to, and of the client it would be
// bound to, decide who binds it; a client with no approvers yet lets anyone start. A refusal
// changes nothing.
func TestBindRights(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withoutWorkers())
	_, err := clientos.Import(ctx, b.pool.Pool, clientos.ImportRequest{Slug: "globex", Name: "Globex", Timezone: "UTC",
		Dir: "testdata/acme", Author: "test"})
	require.NoError(t, err)

	_, err = b.e.Bind(ctx, "CNEW", "acme", "linkedin", nil, testUser)
	require.ErrorIs(t, err, clientos.ErrNotApprover, "acme has approvers and testUser is not one")
	_, err = b.e.BindingFor(ctx, "CNEW")
	require.ErrorIs(t, err, ErrNotBound)

	got, err := b.e.Bind(ctx, "CNEW", "globex", "linkedin", nil, testUser)
	require.NoError(t, err, "globex has no approvers yet: anyone may start")
	require.Equal(t, "globex", got.ClientSlug)

	_, err = b.e.Bind(ctx, testChannel, "globex", "linkedin", nil, testUser)
	require.ErrorIs(t, err, clientos.ErrNotApprover, "acme's approvers decide about acme's channel")
	cur, err := b.e.BindingFor(ctx, testChannel)
	require.NoError(t, err)
	require.Equal(t, "acme", cur.ClientSlug)

	_, err = b.e.Bind(ctx, testChannel, "globex", "linkedin", nil, testApprover)
	require.NoError(t, err, "an approver of the current client may move the channel to one without approvers")
}

// TestSetupIsOneTransaction: the setup form binds, adds approvers and sets the report channel
// together; when any part is refused, none of it is kept.
func TestSetupIsOneTransaction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withoutWorkers())
	cap := 4
	form := SetupForm{ChannelID: "CSETUP", Client: "acme", Platform: "linkedin", Cap: &cap,
		Approvers: []string{"UNEW", ""}, ReportChannel: "CREPORT"}
	_, err := b.e.Setup(ctx, form, testApprover)
	require.Error(t, err, "an empty approver id is refused")
	_, err = b.e.BindingFor(ctx, "CSETUP")
	require.ErrorIs(t, err, ErrNotBound, "the binding made before the refusal is rolled back")
	require.Zero(t, b.count(t, `SELECT count(*) FROM approvers WHERE user_id = 'UNEW'`))
	require.Zero(t, b.count(t, `SELECT count(*) FROM clients WHERE report_channel_id = 'CREPORT'`))

	_, err = b.e.Setup(ctx, SetupForm{ChannelID: "CSETUP", Client: "acme", Platform: "linkedin", Cap: &cap,
		Approvers: []string{"UNEW"}}, testUser)
	require.ErrorIs(t, err, clientos.ErrNotApprover, "setting up is binding: acme's approvers decide")
	require.Zero(t, b.count(t, `SELECT count(*) FROM approvers WHERE user_id = 'UNEW'`))

	form.Approvers = []string{"UNEW"}
	got, err := b.e.Setup(ctx, form, testApprover)
	require.NoError(t, err)
	require.Equal(t, 4, got.DailyCap)
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM approvers WHERE user_id = 'UNEW'`))
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM clients WHERE report_channel_id = 'CREPORT'`))
}

// TestSetupNamesTheFirstApproverOnlyAsAdmin: a client without approvers may be set up by anyone,
// but naming its first approver in the same form takes a workspace admin's authority; a refusal
// keeps none of the form.
func TestSetupNamesTheFirstApproverOnlyAsAdmin(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, withoutWorkers())
	_, err := clientos.Import(ctx, b.pool.Pool, clientos.ImportRequest{Slug: "globex", Name: "Globex",
		Timezone: "UTC", Dir: "testdata/acme", Author: "test"})
	require.NoError(t, err)
	form := SetupForm{ChannelID: "CGLOBEX", Client: "globex", Platform: "linkedin", Approvers: []string{testUser}}
	_, err = b.e.Setup(ctx, form, testUser)
	require.ErrorIs(t, err, clientos.ErrFirstApprover)
	_, err = b.e.BindingFor(ctx, "CGLOBEX")
	require.ErrorIs(t, err, ErrNotBound, "the refused form binds nothing")
	require.Zero(t, b.count(t, `SELECT count(*) FROM approvers WHERE user_id = $1`, testUser))

	_, err = b.e.Setup(ctx, SetupForm{ChannelID: "CGLOBEX", Client: "globex", Platform: "linkedin"}, testUser)
	require.NoError(t, err, "without approvers in the form, anyone may bind a client that has none")

	form.Authority = clientos.AsAdmin
	_, err = b.e.Setup(ctx, form, testUser)
	require.NoError(t, err)
	require.Equal(t, 1, b.count(t, `SELECT count(*) FROM approvers WHERE user_id = $1`, testUser))
}
