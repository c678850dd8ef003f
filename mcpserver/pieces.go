package mcpserver

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/trouble"
)

type pieceStatusInput struct {
	Piece int64 `json:"piece" jsonschema:"the piece number request_piece returned (or that Slack shows)"`
}

type pieceStatusOutput struct {
	Piece          int64  `json:"piece"`
	State          string `json:"state" jsonschema:"requested, outline_ready, outline_approved, draft_ready, approved, published, rejected, failed or cancelled"`
	Platform       string `json:"platform"`
	Pillar         string `json:"pillar,omitempty"`
	Brief          string `json:"brief,omitempty"`
	OutlineVersion int    `json:"outline_version,omitempty"`
	DraftVersion   int    `json:"draft_version,omitempty"`
	ApprovedText   string `json:"approved_text,omitempty" jsonschema:"the approved draft, once an approver approved it"`
	PublishedURL   string `json:"published_url,omitempty"`
	Summary        string `json:"summary"`
}

func (s *Service) pieceStatus(tok Token) mcp.ToolHandlerFor[pieceStatusInput, pieceStatusOutput] {
	return func(ctx context.Context, _ *mcp.CallToolRequest, in pieceStatusInput) (*mcp.CallToolResult, pieceStatusOutput, error) {
		var out pieceStatusOutput
		if in.Piece <= 0 {
			return nil, out, fmt.Errorf("piece must be a piece number (1 or more); got %d", in.Piece)
		}
		v, err := s.eng.ClientPieceView(ctx, tok.ClientID, in.Piece)
		if errors.Is(err, engine.ErrNoPiece) {
			return nil, out, fmt.Errorf("%s has no piece %d; piece numbers come from request_piece or from Slack",
				tok.ClientName, in.Piece)
		}
		if err != nil {
			return nil, out, s.ourFault(ctx, "piece_status", err)
		}
		return nil, statusOf(v), nil
	}
}

func statusOf(v engine.View) pieceStatusOutput {
	p := v.Piece
	out := pieceStatusOutput{Piece: p.ID, State: string(p.State), Platform: p.Platform, Pillar: p.Pillar,
		Brief: p.Brief, PublishedURL: p.PublishedURL}
	if v.Outline != nil {
		out.OutlineVersion = v.Outline.Version
	}
	if v.Draft != nil {
		out.DraftVersion = v.Draft.Version
		if p.State == engine.StateApproved || p.State == engine.StatePublished {
			out.ApprovedText = v.Draft.Content
		}
	}
	out.Summary = fmt.Sprintf("Piece %d is %s.", p.ID, strings.ReplaceAll(string(p.State), "_", " "))
	if p.FailureReason != "" {
		out.Summary += " " + trouble.Stored(p.FailureReason)
	}
	return out
}

type requestPieceInput struct {
	Brief      string `json:"brief" jsonschema:"what the piece should say: the angle and key points, up to 4000 characters"`
	SourceURL  string `json:"source_url" jsonschema:"the http(s) link the piece rests on; every piece traces to a real source"`
	Platform   string `json:"platform" jsonschema:"the platform to write for; the piece goes to the client's channel for it"`
	Pillar     string `json:"pillar,omitempty" jsonschema:"the content pillar; left out, the outline picks one"`
	SourceType string `json:"source_type,omitempty" jsonschema:"what kind of source the link is (default other)"`
}

type requestPieceOutput struct {
	Piece   int64  `json:"piece"`
	State   string `json:"state"`
	Summary string `json:"summary"`
}

func (s *Service) requestPiece(tok Token) mcp.ToolHandlerFor[requestPieceInput, requestPieceOutput] {
	return func(ctx context.Context, _ *mcp.CallToolRequest, in requestPieceInput) (*mcp.CallToolResult, requestPieceOutput, error) {
		var out requestPieceOutput
		if err := needScope(tok, ScopeRequest, "request pieces"); err != nil {
			return nil, out, err
		}
		if strings.TrimSpace(in.Brief) == "" {
			return nil, out, errors.New("brief is empty: say what the piece should say (the angle and key points)")
		}
		channel, err := s.channelFor(ctx, tok, in.Platform, "request_piece")
		if err != nil {
			return nil, out, err
		}
		p, err := s.eng.RequestDraft(ctx, engine.DraftRequest{ChannelID: channel, UserID: engine.AgentRequester(tok.Name),
			Input: engine.DraftInput{Brief: in.Brief, SourceURL: in.SourceURL, Pillar: in.Pillar, SourceType: in.SourceType}})
		if err != nil {
			return nil, out, s.refusal(ctx, err)
		}
		out = requestPieceOutput{Piece: p.ID, State: string(p.State), Summary: fmt.Sprintf("Piece %d is requested: "+
			"mos writes its outline in %s's Slack channel for %s, where an approver decides. Check on it with "+
			"piece_status.", p.ID, tok.ClientName, p.Platform)}
		return nil, out, nil
	}
}

// channelFor is the client's channel for platform, or the error the agent is given: no channel
// for it (naming the platforms that have one), or our fault while tool ran.
func (s *Service) channelFor(ctx context.Context, tok Token, platform, tool string) (string, error) {
	channel, err := s.eng.ClientChannel(ctx, tok.ClientID, platform)
	if errors.Is(err, engine.ErrNotBound) {
		return "", s.notBound(ctx, tok, platform)
	}
	if err != nil {
		return "", s.ourFault(ctx, tool, err)
	}
	return channel, nil
}

func (s *Service) notBound(ctx context.Context, tok Token, platform string) error {
	bound, err := clientos.BoundPlatforms(ctx, s.pool, tok.ClientID)
	if err != nil {
		return s.ourFault(ctx, "request_piece", err)
	}
	if len(bound) == 0 {
		return fmt.Errorf("%s has no Slack channel for pieces yet; someone runs /mos setup in a channel first", tok.ClientName)
	}
	return fmt.Errorf("%s has no Slack channel for %q; its channels are for: %s", tok.ClientName, platform,
		strings.Join(bound, ", "))
}

// refusal words the engine's answers for an agent; anything unexpected is our fault.
func (s *Service) refusal(ctx context.Context, err error) error {
	var ue *engine.UserError
	var ce *engine.CapError
	var pe *engine.PlatformError
	switch {
	case errors.As(err, &ue):
		return errors.New(ue.Error()) // names no command: a Slack one would be no help to an agent
	case errors.As(err, &ce):
		return fmt.Errorf("the channel's daily cap is reached (%d of %d pieces today); it resets at %s. Nothing was requested",
			ce.Used, ce.Cap, ce.ResetsAt.UTC().Format(time.RFC3339))
	case errors.As(err, &pe):
		return fmt.Errorf("%s's OS has no style guide for %q", pe.ClientSlug, pe.Platform)
	}
	return s.ourFault(ctx, "request_piece", err)
}

// ourFault logs a failure of ours and tells the agent only that nothing changed.
func (s *Service) ourFault(ctx context.Context, tool string, err error) error {
	s.log.ErrorContext(ctx, "mcp tool failed", "tool", tool, "error", err)
	return errors.New("something went wrong on our side and nothing was changed; try again in a minute")
}

func stylePlatforms(styles []clientos.Style) []string {
	out := make([]string, 0, len(styles))
	for _, st := range styles {
		out = append(out, st.Platform)
	}
	return out
}
