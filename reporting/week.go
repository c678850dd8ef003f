package reporting

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mos-hq/mos/clientos"
)

// Week is an ISO 8601 week (Monday to Sunday). Which days it holds depends on the time zone it is
// read in; reports read it in the client's.
type Week struct {
	Year int // the ISO year, which differs from the calendar year around New Year
	Num  int // 1..53
}

// WeekOf is the ISO week that t falls in, in loc (nil means UTC).
func WeekOf(t time.Time, loc *time.Location) Week {
	if loc == nil {
		loc = time.UTC
	}
	y, w := t.In(loc).ISOWeek()
	return Week{Year: y, Num: w}
}

// Key is the week as reports are keyed and people type it: "2026-W48".
func (w Week) Key() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Num) }

func (w Week) String() string { return w.Key() }

var weekRE = regexp.MustCompile(`^(\d{4})-?[Ww](\d{2})$`)

// ParseWeek reads "2026-W48" (or "2026W48", "2026-w48"); a week that does not exist, such as
// 2026-W53, is an error saying what to type.
func ParseWeek(s string) (Week, error) {
	m := weekRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Week{}, fmt.Errorf("%s is not an ISO week; write it as YYYY-Www, e.g. 2026-W48", clientos.Quote(s))
	}
	y, _ := strconv.Atoi(m[1])
	n, _ := strconv.Atoi(m[2])
	w := Week{Year: y, Num: n}
	if n < 1 || WeekOf(w.monday(time.UTC), time.UTC) != w {
		return Week{}, fmt.Errorf("%d has no ISO week %d; its weeks run from W01 to W%02d", y, n, lastWeek(y))
	}
	return w, nil
}

// FirstReportYear is the earliest year a report may be asked for; no client has results before it.
const FirstReportYear = 2000

// ParseReportWeek reads a week a person typed for a report. Besides ParseWeek's checks it refuses
// weeks before FirstReportYear and weeks starting more than a year after now, saying which weeks
// are accepted and what last week was, so the person can type that instead.
func ParseReportWeek(s string, now time.Time) (Week, error) {
	last := WeekOf(now, time.UTC).Prev()
	latest := WeekOf(now.AddDate(1, 0, 0), time.UTC)
	accepted := fmt.Sprintf("reports cover %d-W01 to %s (a year from now); last week was %s", FirstReportYear, latest, last)
	if !weekRE.MatchString(strings.TrimSpace(s)) {
		return Week{}, fmt.Errorf("%s is not an ISO week; write it as YYYY-Www, e.g. %s for last week", clientos.Quote(s), last)
	}
	w, err := ParseWeek(s)
	switch {
	case err != nil:
		return Week{}, err
	case w.Year < FirstReportYear:
		return Week{}, fmt.Errorf("%s is too long ago: %s", w, accepted)
	case latest.Start(time.UTC).Before(w.Start(time.UTC)):
		return Week{}, fmt.Errorf("%s is too far ahead: %s", w, accepted)
	}
	return w, nil
}

// lastWeek is the number of ISO weeks in year y (52 or 53): 28 December is always in the last one.
func lastWeek(y int) int {
	_, w := time.Date(y, time.December, 28, 12, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// monday is the week's Monday at midnight in loc, without validating w.
func (w Week) monday(loc *time.Location) time.Time {
	// 4 January is always in week 1.
	jan4 := time.Date(w.Year, time.January, 4, 0, 0, 0, 0, loc)
	offset := (int(jan4.Weekday()) + 6) % 7 // days since Monday
	return time.Date(w.Year, time.January, 4-offset+7*(w.Num-1), 0, 0, 0, 0, loc)
}

// Start is the week's Monday 00:00 in loc.
func (w Week) Start(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return w.monday(loc)
}

// End is the next Monday 00:00 in loc: the week is [Start, End).
func (w Week) End(loc *time.Location) time.Time { return w.Next().Start(loc) }

// Prev is the week before.
func (w Week) Prev() Week { return w.add(-7) }

// Next is the week after.
func (w Week) Next() Week { return w.add(7) }

func (w Week) add(days int) Week {
	d := w.monday(time.UTC)
	d = time.Date(d.Year(), d.Month(), d.Day()+days, 12, 0, 0, 0, time.UTC)
	return WeekOf(d, time.UTC)
}

// DateOnly is midnight UTC of t's calendar day in loc: how Postgres date columns are compared.
func DateOnly(t time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// MarshalText writes the week as its key, so reports serialise it as "2026-W48".
func (w Week) MarshalText() ([]byte, error) { return []byte(w.Key()), nil }

// UnmarshalText reads a key written by MarshalText.
func (w *Week) UnmarshalText(b []byte) error {
	p, err := ParseWeek(string(b))
	if err != nil {
		return err
	}
	*w = p
	return nil
}

// ClientLocation is the client's time zone, UTC if it is not a valid one.
func ClientLocation(c clientos.Client) *time.Location {
	if loc, err := time.LoadLocation(c.Timezone); err == nil && c.Timezone != "" {
		return loc
	}
	return time.UTC
}
