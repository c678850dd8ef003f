package mcpserver

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/mos-hq/mos/engine"
)

// Limits on what check_text reads, in characters: a text well over any platform's post, and a
// source the size of a long report.
const (
	MaxCheckChars  = 50_000
	MaxSourceChars = 100_000
)

// toolNames are the tools every server lists, in the order they are added.
var toolNames = []string{"check_text", "piece_status", "request_piece", "log_published", "record_results"}

type checkTextInput struct {
	Text       string `json:"text" jsonschema:"the text to check: a post, an outline, a draft from anywhere"`
	Platform   string `json:"platform" jsonschema:"the platform whose rules apply"`
	Phase      string `json:"phase,omitempty" jsonschema:"draft (the default) also checks the platform's length and hashtag limits; outline checks only the brand's phrases"`
	SourceText string `json:"source_text,omitempty" jsonschema:"the source the text rests on; numbers, dates, quotes and studies that neither it nor the OS holds are flagged"`
}

type finding struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

type claimFinding struct {
	Kind    string `json:"kind"`
	Claim   string `json:"claim"`
	Verdict string `json:"verdict" jsonschema:"not_in_source: the source and the OS lack it; unverified: no source was given, only the OS was searched"`
}

type checkTextOutput struct {
	Findings          []finding      `json:"findings"`
	UnsupportedClaims []claimFinding `json:"unsupported_claims"`
	Summary           string         `json:"summary"`
}

// addTools adds the tools and returns, for each, what it takes in words (argumentHint).
func (s *Service) addTools(srv *mcp.Server, tok Token, sh clientShape) map[string]string {
	schemas := toolSchemas{
		"check_text": withEnums[checkTextInput](map[string][]string{"platform": sh.platforms,
			"phase": {engine.PhaseDraft, engine.PhaseOutline}}),
		"piece_status": withEnums[pieceStatusInput](nil),
		"request_piece": withEnums[requestPieceInput](map[string][]string{"platform": sh.bound, "pillar": sh.pillars,
			"source_type": engine.SourceTypes}),
		"log_published":  withEnums[logPublishedInput](map[string][]string{"platform": sh.bound, "pillar": sh.pillars}),
		"record_results": withEnums[recordResultsInput](nil),
	}
	mcp.AddTool(srv, schemas.tool("check_text",
		"Check any text against the client's OS with the checks mos runs on its own drafts: forbidden "+
			"phrases, preferred words, the platform's length and hashtag limits, and claims (numbers, money, dates, "+
			"quotes, studies) that neither the OS nor the given source holds. Changes nothing; fix what it finds yourself.",
		&mcp.ToolAnnotations{ReadOnlyHint: true}), s.checkText(tok))
	mcp.AddTool(srv, schemas.tool("piece_status",
		"Read where a piece of this client stands: its state, outline and draft versions, and the "+
			"approved text once an approver approved it. Changes nothing.",
		&mcp.ToolAnnotations{ReadOnlyHint: true}), s.pieceStatus(tok))
	mcp.AddTool(srv, schemas.tool("request_piece",
		"Ask for a new piece, as /draft does in Slack: mos writes an outline in the client's channel for "+
			"the platform, and people approve it before any draft is written. Needs a token with the request scope, "+
			"a real source link and a brief; counts against the channel's daily cap. Returns the piece number for "+
			"piece_status. It never publishes anything.",
		&mcp.ToolAnnotations{DestructiveHint: new(false)}), s.requestPiece(tok))
	s.addReportTools(srv, tok, schemas)
	hints := make(map[string]string, len(schemas))
	for name, schema := range schemas {
		hints[name] = argumentHint(schema)
	}
	return hints
}

// toolSchemas are the input schemas of the tools, by tool name.
type toolSchemas map[string]*jsonschema.Schema

// tool describes the tool called name, with its input schema.
func (schemas toolSchemas) tool(name, description string, annotations *mcp.ToolAnnotations) *mcp.Tool {
	return &mcp.Tool{Name: name, Description: description, InputSchema: schemas[name], Annotations: annotations}
}

// withEnums infers In's schema and closes the given string properties to their values; an empty
// list leaves the property open (the handler then says what is wrong).
func withEnums[In any](enums map[string][]string) *jsonschema.Schema {
	schema, err := jsonschema.For[In](nil)
	if err != nil {
		panic(fmt.Sprintf("mcpserver: schema of %T: %v", *new(In), err))
	}
	for prop, values := range enums {
		p, ok := schema.Properties[prop]
		if !ok {
			panic(fmt.Sprintf("mcpserver: %T has no property %q", *new(In), prop))
		}
		for _, v := range values {
			p.Enum = append(p.Enum, v)
		}
	}
	return schema
}

func (s *Service) checkText(tok Token) mcp.ToolHandlerFor[checkTextInput, checkTextOutput] {
	return func(ctx context.Context, _ *mcp.CallToolRequest, in checkTextInput) (*mcp.CallToolResult, checkTextOutput, error) {
		var out checkTextOutput
		if err := checkTextLimits(in); err != nil {
			return nil, out, err
		}
		o, err := s.currentOS(ctx, tok)
		if err != nil {
			return nil, out, err
		}
		if _, ok := o.Style(in.Platform); !ok {
			return nil, out, fmt.Errorf("%s has no style guide for %q; the platforms are: %s", tok.ClientName,
				in.Platform, strings.Join(stylePlatforms(o.Styles), ", "))
		}
		phase := in.Phase
		if phase == "" {
			phase = engine.PhaseDraft
		}
		warnings, flags, err := engine.CheckText(ctx, o, in.Platform, phase, in.Text, in.SourceText)
		if err != nil {
			return nil, out, err
		}
		out.Findings, out.UnsupportedClaims = []finding{}, []claimFinding{}
		for _, w := range warnings {
			out.Findings = append(out.Findings, finding{Kind: w.Kind, Message: w.Message})
		}
		for _, f := range flags {
			out.UnsupportedClaims = append(out.UnsupportedClaims, claimFinding{Kind: f.Kind, Claim: f.Claim, Verdict: f.Verdict})
		}
		out.Summary = fmt.Sprintf("%d findings, %d unsupported claims.", len(out.Findings), len(out.UnsupportedClaims))
		if len(out.Findings)+len(out.UnsupportedClaims) == 0 {
			out.Summary = "No findings: the text passes " + tok.ClientName + "'s checks for " + in.Platform + "."
		}
		return nil, out, nil
	}
}

func checkTextLimits(in checkTextInput) error {
	if strings.TrimSpace(in.Text) == "" {
		return fmt.Errorf("text is empty: pass the text to check")
	}
	if n := utf8.RuneCountInString(in.Text); n > MaxCheckChars {
		return fmt.Errorf("text is %d characters; the limit is %d: check one post or outline at a time", n, MaxCheckChars)
	}
	if n := utf8.RuneCountInString(in.SourceText); n > MaxSourceChars {
		return fmt.Errorf("source_text is %d characters; the limit is %d: pass the passages the text rests on", n, MaxSourceChars)
	}
	return nil
}

func (s *Service) addReportTools(srv *mcp.Server, tok Token, schemas toolSchemas) {
	mcp.AddTool(srv, schemas.tool("log_published",
		"Record a post people wrote and published without mos, as /mos log does, so the weekly "+
			"report compares it with mos's pieces. Needs a token with the report scope. A link already recorded "+
			"is refused, never counted twice.",
		&mcp.ToolAnnotations{DestructiveHint: new(false)}), s.logPublished(tok))
	mcp.AddTool(srv, schemas.tool("record_results",
		"Store today's figures of a published piece (impressions, reactions, comments, reposts, "+
			"clicks, follows, leads; leave out what you do not know) for the weekly report. Needs a token with "+
			"the report scope. A second call the same day replaces the first.",
		&mcp.ToolAnnotations{DestructiveHint: new(false), IdempotentHint: true}), s.recordResults(tok))
}
