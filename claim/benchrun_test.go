package claim_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/claim"
)

// tally counts, per category, the labelled claims and how many of them were flagged.
type tally map[string]*[2]int

func (t tally) add(category string, flagged bool) {
	if t[category] == nil {
		t[category] = &[2]int{}
	}
	t[category][0]++
	if flagged {
		t[category][1]++
	}
}

func (t tally) rate(category string) float64 {
	if t[category] == nil {
		return 0
	}
	return float64(t[category][1]) / float64(t[category][0])
}

// report is the table the measuring test prints: catch rates for what must be flagged, false-alarm
// rates for what must not.
func (t tally) report() string {
	var cats []string
	for c := range t {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	var b strings.Builder
	fmt.Fprintf(&b, "%-11s %6s %8s %s\n", "category", "claims", "flagged", "rate")
	for _, c := range cats {
		what := "caught"
		if backed(c) {
			what = "false alarms"
		}
		fmt.Fprintf(&b, "%-11s %6d %8d %5.0f%% %s\n", c, t[c][0], t[c][1], 100*t.rate(c), what)
	}
	return b.String()
}

// labelOf finds the label naming c, the one spelling it whole or else the one part of it; every
// claim of a draft must have exactly one.
func labelOf(bc benchCase, c claim.Claim) (label, bool) {
	var found []label
	for _, l := range bc.labels {
		if l.claim == c.Text {
			return l, true
		}
		if strings.Contains(c.Text, l.claim) {
			found = append(found, l)
		}
	}
	if len(found) != 1 {
		return label{}, false
	}
	return found[0], true
}

// measure runs the claim check over benchCases and tallies its answers per category, with the
// claims it answered wrongly.
func measure(t testing.TB) (tally, []string) {
	t.Helper()
	counts := tally{}
	var wrong []string
	var unlabelled []string
	for _, bc := range benchCases {
		claims := claim.Extract(bc.draft)
		if len(claims) != len(bc.labels) {
			unlabelled = append(unlabelled, fmt.Sprintf("%s: %d labels for %q", bc.name, len(bc.labels), texts(claims)))
		}
		flags, err := claim.Unsupported(context.Background(), bc.draft, bc.source)
		require.NoError(t, err)
		flagged := map[string]bool{}
		for _, f := range flags {
			flagged[f.Text] = true
		}
		for _, c := range claims {
			l, ok := labelOf(bc, c)
			if !ok {
				unlabelled = append(unlabelled, fmt.Sprintf("%s: %q needs exactly one label", bc.name, c.Text))
				continue
			}
			counts.add(l.category, flagged[c.Text])
			if backed(l.category) == flagged[c.Text] {
				wrong = append(wrong, fmt.Sprintf("%s / %s: %s %q", bc.genre, bc.name, l.category, c.Text))
			}
		}
	}
	require.Empty(t, unlabelled, "every claim of a draft is labelled, and every label is a claim")
	return counts, wrong
}

// TestCheckMeasured prints the claim check's catch and false-alarm rates over the labelled set
// and holds it to its aims: no false alarm on what the source says, however it is spelled; every
// invented claim caught; most moved figures and direction flips caught.
func TestCheckMeasured(t *testing.T) {
	t.Parallel()
	require.GreaterOrEqual(t, len(benchCases), 30)
	counts, wrong := measure(t)
	for _, w := range wrong {
		t.Log(w)
	}
	t.Log("\n" + counts.report())
	require.Zero(t, counts.rate(catVerbatim), "false alarms on verbatim claims")
	require.Zero(t, counts.rate(catReworded), "false alarms on reworded claims")
	require.Zero(t, counts.rate(catDated), "false alarms on dates and studies")
	require.Equal(t, 1.0, counts.rate(catInvented), "invented claims caught")
	require.GreaterOrEqual(t, counts.rate(catMoved), 0.6, "moved figures caught")
	require.GreaterOrEqual(t, counts.rate(catFlipped), 0.8, "direction flips caught")
}

// BenchmarkCheckMeasured prints the table of TestCheckMeasured, and the claims answered wrongly,
// for `make measure`:
//
//	go test -run '^$' -bench BenchmarkCheckMeasured -benchtime 1x ./claim
func BenchmarkCheckMeasured(b *testing.B) {
	var counts tally
	var wrong []string
	for b.Loop() {
		counts, wrong = measure(b)
	}
	fmt.Printf("\n%d source/draft pairs; claims answered wrongly:\n", len(benchCases))
	for _, w := range wrong {
		fmt.Println("  " + w)
	}
	fmt.Print("\n" + counts.report()) // b.Log cuts a benchmark's log to ten lines
}
