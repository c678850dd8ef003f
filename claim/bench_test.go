package claim_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/claim"
)

// sourceOf is a report of about size bytes, as long sources are: paragraphs of findings with
// percentages, money, durations, dates, quoted speech and named studies, none repeated word for word.
func sourceOf(size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "Finding %d. According to the Hackett Group, finance teams that automated reconciliation "+
			"closed in %d.%d days in Q%d %d, while %d%% of %d respondents still match by hand. "+
			"A Gartner survey put the cost at $%d.%dM, up from €%d,%d bn on %d March %d. ",
			i, 4+i%7, i%10, 1+i%4, 2000+i%26, 10+i%80, 100+i, 1+i%9, i%10, 2+i%5, i%10, 1+i%28, 2000+i%26)
		fmt.Fprintf(&b, "\"We won back %d days in the close, and nobody reads the memo anymore,\" said "+
			"Dana Whitfield of Northwind Traders, team %d. The close takes %d hours at Contoso Ltd.\n\n",
			2+i%6, i, 10+i%50)
	}
	return b.String()
}

// draft is a post of about 1,200 characters with a dozen claims, some in the source and some not.
const draft = `Most finance teams still close the books by hand. According to the Hackett Group, teams that ` +
	`automated reconciliation closed in 4.0 days, while 87% of CFOs say they lose a week. A Gartner survey ` +
	`put the cost at $1.0M; a McKinsey study found €3 bn. "We won back 2 days in the close, and nobody ` +
	`reads the memo anymore," said Dana. "Automation changed everything for our whole team," said a CFO. ` +
	`By March 2026 the close takes 12 hours; since 2019 it took 9 days. Deloitte's 2025 CFO Signals report ` +
	`agrees: 61 percent of 412 leaders want it faster, and 3x fewer errors follow.`

// BenchmarkCheckBudgeted is the claim check on what a prompt carries: the source cut to the
// 6,000-token budget (about 25 KB) plus a Client OS (target: under 50 ms).
func BenchmarkCheckBudgeted(b *testing.B) { benchCheck(b, 24_000) }

// BenchmarkCheck250KB, …1MB and …5MB show that the check grows linearly with its sources.
func BenchmarkCheck250KB(b *testing.B) { benchCheck(b, 250_000) }
func BenchmarkCheck1MB(b *testing.B)   { benchCheck(b, 1_000_000) }
func BenchmarkCheck5MB(b *testing.B)   { benchCheck(b, 5_000_000) }

func benchCheck(b *testing.B, size int) {
	src, os := sourceOf(size), sourceOf(4_000)
	b.SetBytes(int64(len(src) + len(os)))
	b.ResetTimer()
	for range b.N {
		flags, err := claim.Unsupported(context.Background(), draft, src, os)
		require.NoError(b, err)
		require.NotEmpty(b, flags)
	}
}
