package bot

import (
	"context"
	"time"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/inbox"
	"github.com/mos-hq/mos/reporting"
)

// What the bot needs of the layers below it, declared here by concern and satisfied by
// *engine.Engine, *reporting.Reporter, *clientos.Store and *inbox.Store (cmd/mos wires them).

// PieceActions are what a person does to a piece.
type PieceActions interface {
	RequestDraft(ctx context.Context, req engine.DraftRequest) (engine.Piece, error)
	ApproveSeen(ctx context.Context, pieceID int64, phase string, seen int, userID string) (engine.Piece, error)
	Edit(ctx context.Context, pieceID int64, phase, userID, text string, seen int) (engine.Version, error)
	Revise(ctx context.Context, pieceID int64, phase, userID, instruction string) error
	Reject(ctx context.Context, pieceID int64, phase, userID string, modes []string, comment string) (engine.Piece, error)
	Cancel(ctx context.Context, pieceID int64, phase, userID string) (engine.Piece, error)
	Retry(ctx context.Context, pieceID int64, userID string) (engine.Piece, error)
	RetryNow(ctx context.Context, pieceID int64, phase, userID string) error
	MarkPublished(ctx context.Context, pieceID int64, userID, rawURL string, date time.Time) (engine.Piece, error)
	MarkSoundsLikeUs(ctx context.Context, pieceID int64, userID string) (engine.Piece, error)
	LogHumanPiece(ctx context.Context, channelID, userID, rawURL, pillar string) (engine.Piece, error)
}

// PieceReads are what the bot shows of pieces.
type PieceReads interface {
	Piece(ctx context.Context, id int64) (engine.Piece, error)
	PieceView(ctx context.Context, pieceID int64) (engine.View, error)
	Views(ctx context.Context, ids []int64) ([]engine.View, error)
	EditText(ctx context.Context, pieceID int64, phase string) (string, engine.Version, error)
	History(ctx context.Context, pieceID int64) ([]engine.Version, error)
	PieceQuality(ctx context.Context, pieceID int64) (engine.QualityRecord, error)
	PieceSource(ctx context.Context, channelID string, pieceID int64) (engine.Source, error)
	Published(ctx context.Context, channelID string, limit int) ([]engine.Piece, error)
	Approvers(ctx context.Context, pieceID int64) ([]string, error)
	CanApprove(ctx context.Context, pieceID int64, userID string) (bool, error)
	Today(ctx context.Context, pieceID int64) (time.Time, error)
	Queue(ctx context.Context, userID string, limit int) (engine.Queue, error)
	PlansOf(ctx context.Context, userID string, limit int) ([]engine.WeekPlan, error)
}

// PieceMessages records where a piece is shown in Slack — its messages and DM cards — and which
// notices were sent, so that each is posted once.
type PieceMessages interface {
	BeginPost(ctx context.Context, pieceID int64, m engine.PieceMessage) (time.Time, error)
	RecordMessage(ctx context.Context, pieceID int64, m engine.PieceMessage, ts string) (string, error)
	DMCards(ctx context.Context, pieceID int64) ([]engine.DMCard, error)
	DMCardsOf(ctx context.Context, userID string, pieceIDs []int64) (map[int64]engine.DMCard, error)
	SetDMCard(ctx context.Context, c engine.DMCard) (bool, error)
	ClaimNotice(ctx context.Context, pieceID int64, key, userID string) (bool, error)
	ReleaseNotice(ctx context.Context, pieceID int64, key, userID string) error
	Snooze(ctx context.Context, userID string, pieceIDs []int64, f engine.SnoozeFor) (time.Time, error)
}

// Channels are a channel's binding to a client and platform, its cap and its week's plan.
type Channels interface {
	Bind(ctx context.Context, channelID, clientSlug, platform string, cap *int, actor string) (engine.Binding, error)
	BindingFor(ctx context.Context, channelID string) (engine.Binding, error)
	SetCap(ctx context.Context, channelID string, n int, actor string) (engine.Binding, error)
	Setup(ctx context.Context, f engine.SetupForm, actor string) (engine.Binding, error)
	Status(ctx context.Context, channelID string) (engine.ChannelStatus, error)
	Pillars(ctx context.Context, channelID string) ([]string, error)
	PlanFor(ctx context.Context, channelID string) (engine.WeekPlan, error)
	SetPlanPaused(ctx context.Context, channelID string, paused bool, actor string) (bool, error)
}

// ModelHealth is whether the model answers, for the status the bot shows.
type ModelHealth interface {
	Health(ctx context.Context) (engine.Health, error)
}

// Engine is all the bot asks of the production engine.
type Engine interface {
	PieceActions
	PieceReads
	PieceMessages
	Channels
	ModelHealth
}

// Reports are the weekly reports, their proposals and a piece's results.
type Reports interface {
	ReportByID(ctx context.Context, id int64) (reporting.Report, []reporting.Proposal, error)
	ClaimPost(ctx context.Context, reportID int64) (string, bool, error)
	FinishPost(ctx context.Context, reportID int64, ts string) error
	ReleasePost(ctx context.Context, reportID int64) error
	EnqueueNow(ctx context.Context, clientID int64) (queued bool, err error)
	Proposal(ctx context.Context, id int64) (reporting.Proposal, error)
	SetProposalMessage(ctx context.Context, proposalID int64, channelID, ts string) error
	Apply(ctx context.Context, proposalID int64, userID string) (reporting.ApplyResult, error)
	Dismiss(ctx context.Context, proposalID int64, userID string) (reporting.ApplyResult, error)
	SaveResults(ctx context.Context, pieceID int64, source, enteredBy string, m reporting.Metrics) error
}

// ClientOS is the clients, their approvers and their versioned OS documents.
type ClientOS interface {
	Clients(ctx context.Context) ([]clientos.Client, error)
	ClientByID(ctx context.Context, id int64) (clientos.Client, error)
	ClientBySlug(ctx context.Context, slug string) (clientos.Client, error)
	Current(ctx context.Context, clientID int64) (clientos.Snapshot, error)
	History(ctx context.Context, clientID int64, doc string) ([]clientos.Version, error)
	SaveDocumentAs(ctx context.Context, clientID int64, doc, content, actor, reason string) (clientos.Version, bool, error)
	RevertAs(ctx context.Context, clientID int64, doc string, version int, actor string) (clientos.Version, error)
	Approvers(ctx context.Context, clientID int64) ([]string, error)
	IsApprover(ctx context.Context, clientID int64, userID string) (bool, error)
	AddApproverAs(ctx context.Context, clientID int64, userID, actor string, auth clientos.Authority) error
	RemoveApproverAs(ctx context.Context, clientID int64, userID, actor string, auth clientos.Authority) error
	BoundCaps(ctx context.Context, clientID int64) (map[string]int, error)
	BoundPlatforms(ctx context.Context, clientID int64) ([]string, error)
	SetReportChannel(ctx context.Context, clientID int64, channelID, actor string) error
}

// Inbox is where every envelope is stored before it is acked, and taken from to be handled.
type Inbox interface {
	Put(ctx context.Context, ev inbox.Event) (bool, error)
	Claim(ctx context.Context, id string) (ev inbox.Event, ok bool, err error)
	Renew(ctx context.Context, id string) (bool, error)
	Release(ctx context.Context, id string) error
	Done(ctx context.Context, id string) error
	Refuse(ctx context.Context, id string) error
	Orphans(ctx context.Context, limit int) ([]string, error)
	Prune(ctx context.Context) error
	Lease() time.Duration
	SweepEvery() time.Duration
	MaxAttempts() int
}
