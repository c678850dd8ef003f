package bot

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/engine"
)

func TestAnAgentsPieceNamesTheAgentWithoutMentioningAnyone(t *testing.T) {
	require.Equal(t, "asked by <@U01>", askedBy("U01"))
	require.Equal(t, "asked by agent n8n &lt;!channel&gt;", askedBy(engine.AgentRequester("n8n <!channel>")))
	line := contextLine(pieceCard{Client: "Northwind", Platform: "linkedin", Cap: 3, RequestedBy: engine.AgentRequester("n8n")})
	require.Contains(t, line, "asked by agent n8n")
	require.NotContains(t, line, "<@")
}
