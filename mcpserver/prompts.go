package mcpserver

import (
	"context"
	"fmt"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/mos-hq/mos/engine"
)

// MaxTopicLen bounds a prompt's topic argument, in bytes.
const MaxTopicLen = 4000

func promptName(platform string) string { return platform + "_post" }

// addPrompts adds one prompt per platform: the system message the bot sends the model for it,
// then the ask.
func (s *Service) addPrompts(srv *mcp.Server, tok Token, sh clientShape) {
	if sh.os == nil {
		return
	}
	for _, p := range sh.platforms {
		srv.AddPrompt(&mcp.Prompt{
			Name:        promptName(p),
			Title:       fmt.Sprintf("Write a %s post for %s", p, tok.ClientName),
			Description: fmt.Sprintf("Write a %s post in %s's voice, with the same system message mos gives its own model.", p, tok.ClientName),
			Arguments: []*mcp.PromptArgument{{Name: "topic", Title: "Topic",
				Description: "what the post is about, ideally with the source it rests on (a link, a quote, a figure)"}},
		}, s.getPrompt(tok, p))
	}
}

func (s *Service) getPrompt(tok Token, platform string) mcp.PromptHandler {
	return func(ctx context.Context, req *mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
		topic := strings.TrimSpace(req.Params.Arguments["topic"])
		if len(topic) > MaxTopicLen {
			return nil, fmt.Errorf("the topic is %d bytes; the limit is %d: give the angle and a link, not the source itself",
				len(topic), MaxTopicLen)
		}
		o, err := s.currentOS(ctx, tok)
		if err != nil {
			return nil, err
		}
		ask := fmt.Sprintf("Write a %s post for %s.", platform, tok.ClientName)
		if topic != "" {
			ask += " Topic: " + topic
		}
		return &mcp.GetPromptResult{
			Description: fmt.Sprintf("The first message is the system prompt mos uses for %s on %s; the second is the ask.",
				tok.ClientName, platform),
			Messages: []*mcp.PromptMessage{
				{Role: "user", Content: &mcp.TextContent{Text: engine.SystemPrompt(o, platform).Text}},
				{Role: "user", Content: &mcp.TextContent{Text: ask}},
			},
		}, nil
	}
}
