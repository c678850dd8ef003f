package reporting

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseReportWeekRefusesImplausibleWeeks(t *testing.T) {
	t.Parallel()
	// testNow is Monday 9 March 2026, in 2026-W11; a year later is in 2027-W10.
	accepted := "reports cover 2000-W01 to 2027-W10 (a year from now); last week was 2026-W10"
	for in, want := range map[string]string{
		"9999-W01":                   "9999-W01 is too far ahead: " + accepted,
		"2027-W11":                   "2027-W11 is too far ahead: " + accepted,
		"1999-W52":                   "1999-W52 is too long ago: " + accepted,
		"0000-W01":                   "0000-W01 is too long ago: " + accepted,
		"48":                         `"48" is not an ISO week; write it as YYYY-Www, e.g. 2026-W10 for last week`,
		"99999-W01":                  `"99999-W01" is not an ISO week; write it as YYYY-Www, e.g. 2026-W10 for last week`,
		"":                           `"" is not an ISO week; write it as YYYY-Www, e.g. 2026-W10 for last week`,
		"2025-W53":                   "2025 has no ISO week 53; its weeks run from W01 to W52",
		"2026-W00":                   "2026 has no ISO week 0; its weeks run from W01 to W53",
		strings.Repeat("9", 100_000): `"9999999999999999999999999999999999999999"… (100000 characters) is not an ISO week; write it as YYYY-Www, e.g. 2026-W10 for last week`,
		"2026-\x1b[31mW10":           `"2026-\x1b[31mW10" is not an ISO week; write it as YYYY-Www, e.g. 2026-W10 for last week`,
	} {
		_, err := ParseReportWeek(in, testNow)
		require.EqualError(t, err, want, in)
	}
	for in, want := range map[string]Week{
		"2000-W01":  {2000, 1},
		"2027-W10":  {2027, 10},
		"2026-w48":  {2026, 48},
		" 2026W10 ": {2026, 10},
	} {
		w, err := ParseReportWeek(in, testNow)
		require.NoError(t, err, in)
		require.Equal(t, want, w, in)
	}
}
