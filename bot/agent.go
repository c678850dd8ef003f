package bot

import "github.com/mos-hq/mos/engine"

// askedBy names who asked for a piece: a mention of a Slack user, or an agent's name (a piece
// requested over MCP), which is no Slack user to mention or message.
func askedBy(requestedBy string) string {
	if name, ok := engine.AgentName(requestedBy); ok {
		return "asked by agent " + escapeText(name)
	}
	return "asked by <@" + requestedBy + ">"
}
