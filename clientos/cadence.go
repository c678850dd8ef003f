package clientos

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Cadence is how many pieces a platform is meant to get per day, week or month: the plan, where a
// channel's daily cap is only the ceiling. It is written in a style guide's front matter
// ("cadence: 3/week"); every channel bound to that platform inherits it.
type Cadence struct {
	Count int    // at least 1; 0 means no cadence is set
	Per   Period // PerDay, PerWeek or PerMonth
}

// Period is the span a cadence counts over.
type Period string

// The periods a cadence may name.
const (
	PerDay   Period = "day"
	PerWeek  Period = "week"
	PerMonth Period = "month"
)

// MaxCadencePerDay bounds a cadence before any cap is known: every piece is approved by a person,
// so more than this a day is a typo. The bound per week and per month scales from it.
const MaxCadencePerDay = 20

// capDays is how many days of a channel's daily cap a period can use: a week has 7 days and the
// shortest month 28, so a monthly cadence within 28 caps fits every month.
var capDays = map[Period]int{PerDay: 1, PerWeek: 7, PerMonth: 28}

var cadenceRE = regexp.MustCompile(`^(\d{1,6})\s*/\s*([a-z]+)$`)

// IsSet reports whether a cadence was given.
func (c Cadence) IsSet() bool { return c.Count > 0 }

// String is the front-matter form, "3/week".
func (c Cadence) String() string { return fmt.Sprintf("%d/%s", c.Count, c.Per) }

// Describe says the cadence in words for platform: "3 LinkedIn posts a week".
func (c Cadence) Describe(platform string) string {
	noun := "posts"
	if c.Count == 1 {
		noun = "post"
	}
	return fmt.Sprintf("%d %s %s a %s", c.Count, PlatformTitle(platform), noun, c.Per)
}

// MaxFor is the largest count per period that a daily cap allows.
func (p Period) MaxFor(dailyCap int) int { return dailyCap * capDays[p] }

// ParseCadence reads "3/week" (a whole number of pieces per day, week or month). Its errors say
// what was wrong and show the form to write.
func ParseCadence(text string) (Cadence, error) {
	m := cadenceRE.FindStringSubmatch(strings.ToLower(strings.TrimSpace(text)))
	if m == nil {
		return Cadence{}, fmt.Errorf("is %s; write a whole number of pieces per day, week or month, e.g. cadence: 3/week", Quote(text))
	}
	per := Period(strings.TrimSuffix(m[2], "s"))
	if _, ok := capDays[per]; !ok {
		return Cadence{}, fmt.Errorf("is %s; count per day, week or month, e.g. cadence: 3/week", Quote(text))
	}
	n, _ := strconv.Atoi(m[1]) // at most six digits: always fits
	c := Cadence{Count: n, Per: per}
	if n < 1 {
		return Cadence{}, fmt.Errorf("is %s; a cadence is at least 1 a %s — to plan nothing, leave cadence out", c, per)
	}
	if limit := per.MaxFor(MaxCadencePerDay); n > limit {
		most := fmt.Sprintf("%d a %s", limit, per)
		if per != PerDay {
			most += fmt.Sprintf(" (%d a day)", MaxCadencePerDay)
		}
		return Cadence{}, fmt.Errorf("is %s, more than the %s one team can approve; write the number you mean to publish, e.g. cadence: 3/week",
			c, most)
	}
	return c, nil
}

// CheckCap says why a cadence does not fit within the daily cap of the channels bound to its
// platform, or returns nil when it fits.
func (c Cadence) CheckCap(dailyCap int) error {
	if !c.IsSet() || c.Count <= c.Per.MaxFor(dailyCap) {
		return nil
	}
	most := fmt.Sprintf("at most %d a %s", c.Per.MaxFor(dailyCap), c.Per)
	if c.Per == PerMonth {
		most += ", counting a 28-day month"
	}
	return fmt.Errorf("cadence %s is more than a daily cap of %d allows (%s); lower the cadence, or raise the cap with /mos cap",
		c, dailyCap, most)
}

// platformTitles are how people write the platforms whose names are not just capitalised.
var platformTitles = map[string]string{
	"linkedin": "LinkedIn", "x": "X", "youtube": "YouTube", "tiktok": "TikTok", "blog": "blog",
	"newsletter": "newsletter", "podcast": "podcast",
}

// PlatformTitle is platform as people write it: "LinkedIn", "Threads", "blog".
func PlatformTitle(platform string) string {
	if t, ok := platformTitles[platform]; ok {
		return t
	}
	if platform == "" {
		return ""
	}
	return strings.ToUpper(platform[:1]) + platform[1:]
}

// parseCadence reads a style guide's cadence; a zero Cadence when it is not given or is wrong.
func parseCadence(r *report, n *yaml.Node) Cadence {
	if isNull(n) {
		return Cadence{}
	}
	if n.Kind != yaml.ScalarNode {
		r.errorf("cadence is %s; write a whole number of pieces per day, week or month, e.g. cadence: 3/week", describeNode(n))
		return Cadence{}
	}
	c, err := ParseCadence(n.Value)
	if err != nil {
		r.errorf("cadence %v", err)
	}
	return c
}
