package mcpserver

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/require"
)

// BenchmarkCheckText is one check_text call from an agent over stdio framing on a draft of 12,000
// characters (the most a stored draft holds) with a source of 50,000: schema validation, the OS
// read, the checks and the claim check.
func BenchmarkCheckText(b *testing.B) {
	bb := setup(b)
	s := bb.session(b, "northwind", ScopeRead, "bench")
	sentence := "In 2025, 87% of controllers closed in 6 days, said Maria Lopez, CFO. "
	text := strings.Repeat(sentence, 12000/len(sentence))
	source := strings.Repeat("The survey of 412 finance teams ran in March. ", 50000/46)
	args := map[string]any{"text": text, "platform": "linkedin", "source_text": source}
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		bb.clock.Advance(time.Second) // stay within the rate limit
		res, err := s.CallTool(ctx, &mcp.CallToolParams{Name: "check_text", Arguments: args})
		require.NoError(b, err)
		require.False(b, res.IsError)
	}
}

// BenchmarkReadPrompt is one read of the rendered system prompt, the resource an agent reads first.
func BenchmarkReadPrompt(b *testing.B) {
	bb := setup(b)
	s := bb.session(b, "northwind", ScopeRead, "bench")
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		bb.clock.Advance(time.Second)
		_, err := s.ReadResource(ctx, &mcp.ReadResourceParams{URI: "mos://northwind/prompt/linkedin"})
		require.NoError(b, err)
	}
}
