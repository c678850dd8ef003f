package generate

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkCheckClaims5MBSource is the claim check of a draft written from a 5 MB text source: the
// source is cut to the prompt's budget around the brief, and only that is checked (target: the
// check itself under 50 ms; the rest is the cut).
func BenchmarkCheckClaims5MBSource(b *testing.B) {
	var text strings.Builder
	for i := 0; text.Len() < 5_000_000; i++ {
		fmt.Fprintf(&text, "Finding %d: teams that automated reconciliation closed in %d.%d days in Q%d %d, "+
			"while %d%% of %d respondents still match by hand.\n\n", i, 4+i%7, i%10, 1+i%4, 2000+i%26, 10+i%80, 100+i)
	}
	in := input{req: Request{Brief: "Why automated reconciliation closes the books faster"},
		source: Source{Link: &Text{Readable: true, Body: text.String()}}}
	draft := "Teams that automated reconciliation closed in 4.0 days, while 97% of CFOs match by hand."
	b.SetBytes(int64(text.Len()))
	b.ResetTimer()
	for range b.N {
		flags, err := checkClaims(context.Background(), in, draft)
		require.NoError(b, err)
		require.NotEmpty(b, flags)
	}
}
