package config

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/require"
)

// TestLogValueCoversEveryField: a field added to Config without a line in the start-up dump fails
// here. Each field appears under its snake_case name (acronyms as one word: OpenAIAPIKey is
// openai_api_key).
func TestLogValueCoversEveryField(t *testing.T) {
	keys := map[string]bool{}
	for _, a := range (Config{}).LogValue().Group() {
		keys[a.Key] = true
	}
	typ := reflect.TypeFor[Config]()
	require.Len(t, keys, typ.NumField(), "one line per field")
	for f := range typ.Fields() {
		require.True(t, keys[snake(f.Name)], "Config.%s is missing from LogValue (as %s)", f.Name, snake(f.Name))
	}
}

// snake turns a Go field name into the dump's key; the few acronyms are spelled out.
func snake(name string) string {
	for _, r := range []struct{ from, to string }{{"OpenAIAPI", "OpenaiApi"}, {"OpenAI", "Openai"}, {"API", "Api"},
		{"URL", "Url"}, {"HTTP", "Http"}, {"LLM", "Llm"}} {
		name = strings.ReplaceAll(name, r.from, r.to)
	}
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
