package llm

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestStripFences(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`{"a":1}`, `{"a":1}`},
		{"  {\"a\":1}\n", `{"a":1}`},
		{"```json\n{\"a\":1}\n```", `{"a":1}`},
		{"```JSON\n{\"a\":1}\n```", `{"a":1}`},
		{"```\n[1,2]\n```", `[1,2]`},
		{"```json{\"a\":1}```", `{"a":1}`},
		{"Here it is:\n```json\n{\"a\":1}\n```\nThanks", `{"a":1}`},
		{`{"code":"` + "```" + `go"}`, `{"code":"` + "```" + `go"}`},
		{"```true```", "true"},
		{"", ""},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, stripFences(tt.in), "input %q", tt.in)
	}
}

func TestCheckRequired(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw     string
		wantErr string // "" = valid
	}{
		{`{"a":"x","b":[1],"c":{"k":1},"d":0,"e":false}`, ""},
		{`{"a":"x"}`, `missing required keys "b", "c", "d", "e"`},
		{`{"a":" ","b":[],"c":{},"d":null,"e":false}`, `required keys are empty: "a", "b", "c", "d"`},
		{`[1]`, "must be a JSON object"},
		{`null`, "must be a JSON object"},
	}
	for _, tt := range tests {
		err := checkRequired([]byte(tt.raw), []string{"a", "b", "c", "d", "e"})
		if tt.wantErr == "" {
			require.NoError(t, err, tt.raw)
			continue
		}
		require.ErrorContains(t, err, tt.wantErr, tt.raw)
	}
}

func TestRetryAfterHeader(t *testing.T) {
	t.Parallel()
	future := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	tests := []struct {
		name     string
		header   http.Header
		min, max time.Duration
	}{
		{"none", http.Header{}, 0, 0},
		{"seconds", http.Header{"Retry-After": {"2"}}, 2 * time.Second, 2 * time.Second},
		{"fractional seconds", http.Header{"Retry-After": {"0.5"}}, 500 * time.Millisecond, 500 * time.Millisecond},
		{"milliseconds win", http.Header{"Retry-After-Ms": {"250"}, "Retry-After": {"2"}}, 250 * time.Millisecond, 250 * time.Millisecond},
		{"http date", http.Header{"Retry-After": {future}}, 80 * time.Second, 90 * time.Second},
		{"garbage", http.Header{"Retry-After": {"soon"}}, 0, 0},
	}
	for _, tt := range tests {
		got := retryAfter(tt.header)
		require.GreaterOrEqual(t, got, tt.min, tt.name)
		require.LessOrEqual(t, got, tt.max, tt.name)
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	t.Parallel()
	c := New(Config{BaseBackoff: 100 * time.Millisecond}, nil, nil)
	for n, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond,
		3: 400 * time.Millisecond, 20: MaxBackoff, 80: MaxBackoff} {
		for range 50 {
			got := c.backoff(n, failure{})
			require.GreaterOrEqual(t, got, want/2, "retry %d", n)
			require.LessOrEqual(t, got, want, "retry %d", n)
		}
	}
}
