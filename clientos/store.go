package clientos

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Store is the Client OS on one database, for an adapter that holds no pool of its own: every
// method is the package function of the same name (or its …As form, which checks the person's
// rights in the same transaction).
type Store struct {
	pool *pgxpool.Pool
}

// NewStore serves the Client OS from pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Clients lists every client by slug.
func (s *Store) Clients(ctx context.Context) ([]Client, error) { return Clients(ctx, s.pool) }

// ClientBySlug finds a client by slug.
func (s *Store) ClientBySlug(ctx context.Context, slug string) (Client, error) {
	return ClientBySlug(ctx, s.pool, slug)
}

// ClientByID finds a client by id.
func (s *Store) ClientByID(ctx context.Context, id int64) (Client, error) {
	return ClientByID(ctx, s.pool, id)
}

// Current is the client's current documents.
func (s *Store) Current(ctx context.Context, clientID int64) (Snapshot, error) {
	return Current(ctx, s.pool, clientID)
}

// History lists a document's versions, newest first.
func (s *Store) History(ctx context.Context, clientID int64, doc string) ([]Version, error) {
	return History(ctx, s.pool, clientID, doc)
}

// BoundPlatforms lists the platforms the client's channels are bound to.
func (s *Store) BoundPlatforms(ctx context.Context, clientID int64) ([]string, error) {
	return BoundPlatforms(ctx, s.pool, clientID)
}

// BoundCaps maps each of the client's bound platforms to its channels' daily caps, summed.
func (s *Store) BoundCaps(ctx context.Context, clientID int64) (map[string]int, error) {
	return BoundCaps(ctx, s.pool, clientID)
}

// IsApprover reports whether userID may approve for the client.
func (s *Store) IsApprover(ctx context.Context, clientID int64, userID string) (bool, error) {
	return IsApprover(ctx, s.pool, clientID, userID)
}

// Approvers lists the client's approvers in the order they were added.
func (s *Store) Approvers(ctx context.Context, clientID int64) ([]string, error) {
	return Approvers(ctx, s.pool, clientID)
}

// AddApproverAs adds an approver on actor's authority.
func (s *Store) AddApproverAs(ctx context.Context, clientID int64, userID, actor string, auth Authority) error {
	return AddApproverAs(ctx, s.pool, clientID, userID, actor, auth)
}

// RemoveApproverAs removes an approver on actor's authority; the last one stays.
func (s *Store) RemoveApproverAs(ctx context.Context, clientID int64, userID, actor string, auth Authority) error {
	return RemoveApproverAs(ctx, s.pool, clientID, userID, actor, auth)
}

// SaveDocumentAs saves a document as an approver.
func (s *Store) SaveDocumentAs(ctx context.Context, clientID int64, doc, content, actor, reason string) (Version, bool, error) {
	return SaveDocumentAs(ctx, s.pool, clientID, doc, content, actor, reason)
}

// RevertAs reverts a document as an approver.
func (s *Store) RevertAs(ctx context.Context, clientID int64, doc string, version int, actor string) (Version, error) {
	return RevertAs(ctx, s.pool, clientID, doc, version, actor)
}

// SetReportChannel chooses where the client's weekly report is posted.
func (s *Store) SetReportChannel(ctx context.Context, clientID int64, channelID, actor string) error {
	return SetReportChannel(ctx, s.pool, clientID, channelID, actor)
}
