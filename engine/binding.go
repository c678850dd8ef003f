package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
)

// Binding ties a channel to one client and one platform, with the channel's daily cap.
type Binding struct {
	ChannelID  string
	ClientID   int64
	ClientSlug string
	ClientName string
	Timezone   string // the client's IANA time zone; the cap resets at its midnight
	Platform   string
	DailyCap   int
	CreatedBy  string
	UpdatedAt  time.Time
}

const bindingSelect = `SELECT b.channel_id, b.client_id, c.slug, c.name, c.timezone, b.platform,
	b.daily_cap, b.created_by, b.updated_at
	FROM channel_bindings b JOIN clients c ON c.id = b.client_id`

func bindingFor(ctx context.Context, db database.DBTX, channelID string) (Binding, error) {
	var b Binding
	err := db.QueryRow(ctx, bindingSelect+` WHERE b.channel_id = $1`, channelID).Scan(&b.ChannelID,
		&b.ClientID, &b.ClientSlug, &b.ClientName, &b.Timezone, &b.Platform, &b.DailyCap, &b.CreatedBy, &b.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return b, ErrNotBound
	}
	if err != nil {
		return b, fmt.Errorf("engine: load binding of %s: %w", channelID, err)
	}
	return b, nil
}

// BindingFor returns the channel's binding, or ErrNotBound (whose message says how to bind).
func (e *Engine) BindingFor(ctx context.Context, channelID string) (Binding, error) {
	return bindingFor(ctx, e.pool, channelID)
}

// Bind binds a channel to a client and a platform, replacing any earlier binding. A nil cap keeps
// the channel's current cap, or gives a new binding the deployment default. Who may bind: the
// approvers of the client the channel is bound to now, and of the client it would be bound to; a
// client with no approvers yet accepts anyone, so a new team can start (clientos.ErrNotApprover).
func (e *Engine) Bind(ctx context.Context, channelID, clientSlug, platform string, cap *int, actor string) (Binding, error) {
	var b Binding
	err := database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		var err error
		b, err = e.bindTx(ctx, tx, channelID, clientSlug, platform, cap, actor)
		return err
	})
	if err != nil {
		return Binding{}, err
	}
	e.log.InfoContext(ctx, "channel bound", "channel_id", channelID, "client", b.ClientSlug,
		"platform", b.Platform, "daily_cap", b.DailyCap, "actor", actor)
	return b, nil
}

// SetupForm is the whole setup of a channel at once: its binding, the approvers to add to its
// client, and where the client's weekly report goes ("" leaves it). Authority is what the adapter
// established about the person submitting it: naming a client's first approver takes
// clientos.AsAdmin.
type SetupForm struct {
	ChannelID     string
	Client        string
	Platform      string
	Cap           *int
	Approvers     []string
	ReportChannel string
	Authority     clientos.Authority
}

// Setup applies the setup form in one transaction: the binding (with Bind's checks and rights),
// each approver (clientos.CheckApproverChange's rights), the report channel. Any refusal leaves
// everything as it was.
func (e *Engine) Setup(ctx context.Context, f SetupForm, actor string) (Binding, error) {
	var b Binding
	err := database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		var err error
		if b, err = e.bindTx(ctx, tx, f.ChannelID, f.Client, f.Platform, f.Cap, actor); err != nil {
			return err
		}
		if len(f.Approvers) > 0 {
			// An approver adds approvers; only an admin names a client's first one.
			if err := clientos.CheckApproverChange(ctx, tx, b.ClientID, actor, f.Authority); err != nil {
				return err
			}
		}
		for _, id := range f.Approvers {
			if err := clientos.AddApprover(ctx, tx, b.ClientID, id, actor); err != nil {
				return err
			}
		}
		if f.ReportChannel == "" {
			return nil
		}
		return clientos.SetReportChannel(ctx, tx, b.ClientID, f.ReportChannel, actor)
	})
	if err != nil {
		return Binding{}, err
	}
	e.log.InfoContext(ctx, "channel set up", "channel_id", f.ChannelID, "client", b.ClientSlug,
		"platform", b.Platform, "daily_cap", b.DailyCap, "approvers", len(f.Approvers), "actor", actor)
	return b, nil
}

// bindTx checks and saves a binding inside the caller's transaction (see Bind).
func (e *Engine) bindTx(ctx context.Context, tx pgx.Tx, channelID, clientSlug, platform string, cap *int,
	actor string) (Binding, error) {
	clientSlug = strings.ToLower(strings.TrimSpace(clientSlug))
	platform = strings.ToLower(strings.TrimSpace(platform))
	if channelID == "" {
		return Binding{}, errors.New("engine: bind: empty channel id")
	}
	if clientSlug == "" || platform == "" {
		return Binding{}, ErrBindWhat
	}
	if cap != nil {
		if err := checkCap(*cap); err != nil {
			return Binding{}, err
		}
	}
	if cur, err := bindingFor(ctx, tx, channelID); err == nil {
		if err := clientos.RequireApproverIfAny(ctx, tx, cur.ClientID, actor); err != nil {
			return Binding{}, err
		}
	} else if !errors.Is(err, ErrNotBound) {
		return Binding{}, err
	}
	client, err := e.clientForBind(ctx, tx, clientSlug)
	if err != nil {
		return Binding{}, err
	}
	if err := clientos.RequireApproverIfAny(ctx, tx, client.ID, actor); err != nil {
		return Binding{}, err
	}
	if err := checkPlatform(ctx, tx, client, platform); err != nil {
		return Binding{}, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO channel_bindings (channel_id, client_id, platform, daily_cap, created_by)
		VALUES ($1, $2, $3, coalesce($4::int, $5::int), $6)
		ON CONFLICT (channel_id) DO UPDATE SET client_id = excluded.client_id, platform = excluded.platform,
			daily_cap = coalesce($4::int, channel_bindings.daily_cap), updated_at = now()`,
		channelID, client.ID, platform, cap, e.defaultCap, actor); err != nil {
		return Binding{}, fmt.Errorf("engine: save binding: %w", err)
	}
	b, err := bindingFor(ctx, tx, channelID)
	if err != nil {
		return Binding{}, err
	}
	return b, clientos.Audit(ctx, tx, client.ID, actor, "channel.bind", map[string]any{
		"channel_id": channelID, "platform": platform, "daily_cap": b.DailyCap})
}

// clientForBind finds the client, or says which clients exist and how to add one.
func (e *Engine) clientForBind(ctx context.Context, db database.DBTX, slug string) (clientos.Client, error) {
	var client clientos.Client
	if clientos.ValidateSlug(slug) == nil {
		var err error
		client, err = clientos.ClientBySlug(ctx, db, slug)
		if err == nil {
			return client, nil
		}
		if !errors.Is(err, database.ErrNotFound) {
			return client, fmt.Errorf("engine: find client %s: %w", slug, err)
		}
	}
	clients, err := clientos.Clients(ctx, db)
	if err != nil {
		return client, fmt.Errorf("engine: list clients: %w", err)
	}
	slugs := make([]string, len(clients))
	for i, c := range clients {
		slugs[i] = c.Slug
	}
	slices.Sort(slugs)
	return client, &UnknownClientError{Slug: slug, Known: slugs}
}

// checkPlatform accepts a platform only if the client's OS has a style guide for it.
func checkPlatform(ctx context.Context, db database.DBTX, client clientos.Client, platform string) error {
	snap, err := clientos.Current(ctx, db, client.ID)
	if err != nil {
		return fmt.Errorf("engine: load OS of %s: %w", client.Slug, err)
	}
	platforms := snapshotPlatforms(snap)
	if slices.Contains(platforms, platform) {
		return nil
	}
	return &PlatformError{ClientName: client.Name, ClientSlug: client.Slug, Platform: platform, Platforms: platforms}
}

// snapshotPlatforms lists the platforms with a style/<platform> document, sorted.
func snapshotPlatforms(snap clientos.Snapshot) []string {
	var out []string
	for doc := range snap.Docs {
		if p, ok := strings.CutPrefix(doc, clientos.StyleDocument("")); ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// SetCap changes the channel's daily cap. Only the bound client's approvers may do it.
func (e *Engine) SetCap(ctx context.Context, channelID string, n int, actor string) (Binding, error) {
	if err := checkCap(n); err != nil {
		return Binding{}, err
	}
	var b Binding
	err := database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		var err error
		if b, err = bindingFor(ctx, tx, channelID); err != nil {
			return err
		}
		if err := clientos.RequireApprover(ctx, tx, b.ClientID, actor); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE channel_bindings SET daily_cap = $2, updated_at = now()
			WHERE channel_id = $1`, channelID, n); err != nil {
			return fmt.Errorf("engine: set cap: %w", err)
		}
		old := b.DailyCap
		b.DailyCap = n
		return clientos.Audit(ctx, tx, b.ClientID, actor, "channel.cap", map[string]any{
			"channel_id": channelID, "from": old, "to": n})
	})
	if err != nil {
		return Binding{}, err
	}
	e.log.InfoContext(ctx, "daily cap set", "channel_id", channelID, "daily_cap", n, "actor", actor)
	return b, nil
}

func checkCap(n int) error {
	if n < 0 || n > MaxDailyCap {
		return &CapRangeError{Got: n, Max: MaxDailyCap}
	}
	return nil
}
