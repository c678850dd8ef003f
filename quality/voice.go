package quality

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/mos-hq/mos/clientos"
)

// MinVoiceSamples is how many approved texts a voice match needs before it gives a number: with
// fewer, one odd post would set the standard.
const MinVoiceSamples = 3

// MaxVoiceReasons is how many reasons a match explains itself with, biggest first.
const MaxVoiceReasons = 3

// Reference is the approved writing a draft is compared with: the brand's sample posts and the
// pieces people marked Sounds like us, the platform's style guide and the brand's AI tells.
type Reference struct {
	Samples  []string
	Style    clientos.Style
	HasStyle bool
	Tells    []string // lowercased phrases
}

// NewReference gathers the reference for platform from an OS and the texts of the pieces marked
// Sounds like us.
func NewReference(o *clientos.OS, platform string, soundsLikeUs []string) Reference {
	ref := Reference{Tells: o.Brand.AITells()}
	for _, s := range o.Brand.Samples {
		ref.Samples = append(ref.Samples, s.Body)
	}
	ref.Samples = append(ref.Samples, soundsLikeUs...)
	ref.Style, ref.HasStyle = o.Style(platform)
	return ref
}

// Voice is a draft's voice match. Score means something only when Scored; otherwise Reasons say
// why there is no number and how to get one. The score never blocks anything.
type Voice struct {
	Score   int      // 0–100: 100 reads like the approved writing on every measure
	Scored  bool     // false with fewer than MinVoiceSamples approved texts
	Reasons []string // at most MaxVoiceReasons, the biggest difference first
	Note    string   // what the comparison left out, e.g. language-dependent measures for non-English text
	Samples int      // approved texts compared with
}

// profile is the approved writing summarised per feature.
type profile struct {
	mean, spread [featCount]float64
	has          [featCount]bool
	english      bool
	samples      int
}

// MatchVoice scores draft against the reference. It is deterministic and never fails: empty,
// emoji-only and very short drafts get a score from what they have.
func MatchVoice(draft string, ref Reference) Voice {
	p := buildProfile(ref)
	if p.samples < MinVoiceSamples {
		return Voice{Samples: p.samples, Reasons: []string{notEnoughSamples(p.samples)}}
	}
	return p.match(measure(draft, ref.Tells), ref)
}

func notEnoughSamples(n int) string {
	return fmt.Sprintf("no voice match yet: %d approved %s to compare with, and it takes %d — add posts under \"## Sample posts\" in brand.md (a \"### Title\" line, then the post) or mark approved pieces Sounds like us",
		n, plural(n, "text", "texts"), MinVoiceSamples)
}

func buildProfile(ref Reference) profile {
	var p profile
	var all []features
	english := 0
	for _, s := range ref.Samples {
		if strings.TrimSpace(s) == "" {
			continue
		}
		f := measure(s, ref.Tells)
		all = append(all, f)
		if f.english || !f.known {
			english++
		}
	}
	p.samples = len(all)
	p.english = english*2 > len(all)
	for i := range featCount {
		var vals []float64
		for _, f := range all {
			if f.valid[i] {
				vals = append(vals, f.value[i])
			}
		}
		if len(vals) > 0 {
			p.has[i] = true
			p.mean[i], p.spread[i] = meanSpread(vals)
		}
	}
	return p
}

func meanSpread(vals []float64) (float64, float64) {
	sum := 0.0
	for _, v := range vals {
		sum += v
	}
	mean := sum / float64(len(vals))
	sq := 0.0
	for _, v := range vals {
		sq += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sq / float64(len(vals)))
}

// gap is one feature's distance from the approved writing.
type gap struct {
	feature int
	penalty float64 // 0 (within the usual range) to 1 (far outside it)
	weight  float64 // the feature's weight in the score
	reason  string
}

func (p profile) match(d features, ref Reference) Voice {
	english := p.english && (d.english || !d.known)
	var gaps []gap
	total, weights := 0.0, 0.0
	for _, spec := range specs {
		if !spec.appliesTo(english) || !d.valid[spec.feature] || !p.has[spec.feature] {
			continue
		}
		g := p.gap(spec, d)
		if spec.feature == featHashtags {
			g = styleHashtags(g, d, ref)
		}
		if spec.feature == featTells && len(d.tells) > 0 {
			g.reason = tellsReason(d.tells)
		}
		g.weight = spec.weight
		total += spec.weight * g.penalty
		weights += spec.weight
		gaps = append(gaps, g)
	}
	v := Voice{Scored: true, Samples: p.samples, Score: 100}
	if weights > 0 {
		v.Score = int(math.Round(100 * (1 - total/weights)))
	}
	v.Reasons = topReasons(gaps)
	if !english {
		v.Note = languageNote(p.english)
	}
	return v
}

// gap scores how far the draft's value is from the approved mean, in units of the approved
// spread (never less than the feature's smallest difference worth noticing): within one unit costs
// nothing, four or more cost everything.
func (p profile) gap(spec featureSpec, d features) gap {
	x, m := d.value[spec.feature], p.mean[spec.feature]
	scale := max(p.spread[spec.feature], spec.floor)
	z := math.Abs(x-m) / scale
	g := gap{feature: spec.feature, penalty: min(max((z-1)/3, 0), 1)}
	if g.penalty > 0 {
		g.reason = spec.describe(x, m)
	}
	return g
}

// styleHashtags puts the style guide's hashtag limit above the samples: over the limit is the
// biggest gap there is.
func styleHashtags(g gap, d features, ref Reference) gap {
	n := int(d.value[featHashtags])
	if ref.HasStyle && ref.Style.HasMaxHashtags && n > ref.Style.MaxHashtags {
		g.penalty = 1
		allows := "none"
		if ref.Style.MaxHashtags > 0 {
			allows = strconv.Itoa(ref.Style.MaxHashtags)
		}
		g.reason = fmt.Sprintf("%d %s; the %s style guide allows %s", n, plural(n, "hashtag", "hashtags"), ref.Style.Platform, allows)
	}
	return g
}

func tellsReason(tells []string) string {
	quoted := make([]string, 0, len(tells))
	for _, t := range tells[:min(len(tells), 3)] {
		quoted = append(quoted, fmt.Sprintf("%q", t))
	}
	more := ""
	if len(tells) > 3 {
		more = fmt.Sprintf(" and %d more", len(tells)-3)
	}
	return "uses phrases that read as machine-written: " + strings.Join(quoted, ", ") + more + " (the list is ai_tells in brand.md)"
}

// topReasons are the reasons of the gaps that cost the score most, ties in feature order.
func topReasons(gaps []gap) []string {
	slices.SortStableFunc(gaps, func(a, b gap) int {
		ca, cb := a.weight*a.penalty, b.weight*b.penalty
		switch {
		case ca > cb:
			return -1
		case ca < cb:
			return 1
		}
		return a.feature - b.feature
	})
	var out []string
	for _, g := range gaps {
		if len(out) == MaxVoiceReasons || g.penalty < 0.1 {
			break
		}
		if g.reason != "" {
			out = append(out, g.reason)
		}
	}
	return out
}

func languageNote(samplesEnglish bool) string {
	which := "the draft is not in English"
	if !samplesEnglish {
		which = "the approved texts are not in English"
	}
	return which + ", so only the measures that do not depend on the language were compared: paragraph length, questions, exclamations, hashtags, emoji, links, lists and the AI tells"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
