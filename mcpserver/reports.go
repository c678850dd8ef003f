package mcpserver

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/reporting"
)

// resultsSource is how results an agent recorded are stored in metric_snapshots.source, next to
// the results modal's "modal" and the imports' sources.
const resultsSource = "mcp"

type logPublishedInput struct {
	URL      string `json:"url" jsonschema:"the link to the live post"`
	Platform string `json:"platform" jsonschema:"where it was published"`
	Pillar   string `json:"pillar,omitempty" jsonschema:"the content pillar it belongs to"`
}

type logPublishedOutput struct {
	Piece   int64  `json:"piece"`
	Summary string `json:"summary"`
}

// logPublished records a post people wrote and published without mos, as /mos log does, so the
// weekly report has a human-only baseline.
func (s *Service) logPublished(tok Token) mcp.ToolHandlerFor[logPublishedInput, logPublishedOutput] {
	return func(ctx context.Context, _ *mcp.CallToolRequest, in logPublishedInput) (*mcp.CallToolResult, logPublishedOutput, error) {
		var out logPublishedOutput
		if err := needScope(tok, ScopeReport, "log published posts"); err != nil {
			return nil, out, err
		}
		channel, err := s.channelFor(ctx, tok, in.Platform, "log_published")
		if err != nil {
			return nil, out, err
		}
		p, err := s.eng.LogHumanPiece(ctx, channel, engine.AgentRequester(tok.Name), in.URL, in.Pillar)
		if err != nil {
			return nil, out, s.refusal(ctx, err)
		}
		out = logPublishedOutput{Piece: p.ID, Summary: fmt.Sprintf("Logged as piece %d, a human-written post "+
			"published today; record its results with record_results.", p.ID)}
		return nil, out, nil
	}
}

type recordResultsInput struct {
	Piece       int64  `json:"piece" jsonschema:"the published piece the figures are for"`
	Impressions *int64 `json:"impressions,omitempty" jsonschema:"times the post was shown; leave out what you do not know"`
	Reactions   *int64 `json:"reactions,omitempty"`
	Comments    *int64 `json:"comments,omitempty"`
	Reposts     *int64 `json:"reposts,omitempty"`
	Clicks      *int64 `json:"clicks,omitempty"`
	Follows     *int64 `json:"follows,omitempty"`
	Leads       *int64 `json:"leads,omitempty"`
}

func (in recordResultsInput) values() map[string]string {
	values := map[string]string{}
	for name, v := range map[string]*int64{"impressions": in.Impressions, "reactions": in.Reactions,
		"comments": in.Comments, "reposts": in.Reposts, "clicks": in.Clicks, "follows": in.Follows, "leads": in.Leads} {
		if v != nil {
			values[name] = strconv.FormatInt(*v, 10)
		}
	}
	return values
}

type recordResultsOutput struct {
	Summary string `json:"summary"`
}

// recordResults stores today's figures of a published piece, checked as the results modal checks
// them; a second call the same day replaces the first.
func (s *Service) recordResults(tok Token) mcp.ToolHandlerFor[recordResultsInput, recordResultsOutput] {
	return func(ctx context.Context, _ *mcp.CallToolRequest, in recordResultsInput) (*mcp.CallToolResult, recordResultsOutput, error) {
		var out recordResultsOutput
		if err := needScope(tok, ScopeReport, "record results"); err != nil {
			return nil, out, err
		}
		m, errs := reporting.ParseMetricsForm(in.values())
		if len(errs) > 0 {
			return nil, out, errors.New(joinSorted(errs))
		}
		if !m.Known() {
			return nil, out, errors.New("no figures were given: pass at least one of impressions, reactions, " +
				"comments, reposts, clicks, follows, leads")
		}
		v, err := s.eng.ClientPieceView(ctx, tok.ClientID, in.Piece)
		if errors.Is(err, engine.ErrNoPiece) {
			return nil, out, fmt.Errorf("%s has no piece %d", tok.ClientName, in.Piece)
		}
		if err != nil {
			return nil, out, s.ourFault(ctx, "record_results", err)
		}
		if v.Piece.PublishedAt.IsZero() {
			return nil, out, fmt.Errorf("piece %d is not published yet: results come after an approver marks it "+
				"published in Slack (a post written without mos is logged with log_published)", in.Piece)
		}
		err = reporting.SaveResults(ctx, s.pool, in.Piece, s.now(), resultsSource, engine.AgentRequester(tok.Name), m)
		if err != nil {
			return nil, out, s.ourFault(ctx, "record_results", err)
		}
		out.Summary = fmt.Sprintf("Saved today's results for piece %d; the weekly report reads them.", in.Piece)
		return nil, out, nil
	}
}

func needScope(tok Token, need Scope, what string) error {
	if tok.Scope.Allows(need) {
		return nil
	}
	return fmt.Errorf("this token (%q) has the %s scope, which cannot %s; ask for a token with the %s scope",
		tok.Name, tok.Scope, what, need)
}

func joinSorted(errs map[string]string) string {
	msgs := make([]string, 0, len(errs))
	for _, m := range errs {
		msgs = append(msgs, m)
	}
	slices.Sort(msgs)
	return strings.Join(msgs, "; ")
}
