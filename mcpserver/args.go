package mcpserver

import (
	"fmt"
	"slices"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// argumentHint says in one sentence what a tool takes: each argument, whether it is required and
// its allowed values.
func argumentHint(schema *jsonschema.Schema) string {
	names := make([]string, 0, len(schema.Properties))
	for name := range schema.Properties {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		ra, rb := slices.Contains(schema.Required, a), slices.Contains(schema.Required, b)
		if ra != rb {
			if ra {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, 0, len(names))
	for _, name := range names {
		part := name
		if slices.Contains(schema.Required, name) {
			part += " (required)"
		}
		if enum := schema.Properties[name].Enum; len(enum) > 0 {
			values := make([]string, len(enum))
			for i, v := range enum {
				values[i] = fmt.Sprintf("%q", v)
			}
			part += " one of " + strings.Join(values, ", ")
		}
		parts = append(parts, part)
	}
	return "It takes: " + strings.Join(parts, "; ") + "."
}

// validationPrefix starts the SDK's answer to arguments that do not fit a tool's schema.
const validationPrefix = `validating "arguments": `

// explainArguments rewords the SDK's schema refusal of a tool call: what did not fit, then what
// the tool takes, so an agent can correct its call at once.
func explainArguments(res mcp.Result, tool string, hints map[string]string) {
	r, ok := res.(*mcp.CallToolResult)
	if !ok || !r.IsError || len(r.Content) != 1 {
		return
	}
	tc, ok := r.Content[0].(*mcp.TextContent)
	if !ok || !strings.HasPrefix(tc.Text, validationPrefix) {
		return
	}
	detail := strings.TrimPrefix(strings.TrimPrefix(tc.Text, validationPrefix), "validating root: ")
	tc.Text = fmt.Sprintf("The arguments do not fit %s: %s. %s", tool, detail, hints[tool])
}
