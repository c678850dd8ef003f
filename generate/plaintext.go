package generate

import (
	"regexp"
	"slices"
	"strings"
)

// plainTextPlatforms render no Markdown: a post shows every * and # it was written with. A style
// guide's `format` front matter overrides this list either way.
var plainTextPlatforms = []string{"linkedin", "x", "twitter", "threads", "facebook", "instagram", "bluesky", "mastodon"}

// PlainByDefault says whether the platform renders no Markdown, for a style guide that does not
// say its format.
func PlainByDefault(platform string) bool { return slices.Contains(plainTextPlatforms, platform) }

// shapeDraft is a draft's text as it is stored for the piece's platform: for a plain-text platform
// without Markdown markup (PlainDraft), so what people read and copy is what gets posted.
func (in input) shapeDraft(text string) string {
	if in.os.Plain {
		return PlainDraft(text)
	}
	return text
}

var (
	headingRE = regexp.MustCompile(`^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$`)
	ruleRE    = regexp.MustCompile(`^ {0,3}([-*_])(?:[ \t]*([-*_])){2,}[ \t]*$`)
	linkRE    = regexp.MustCompile(`!?\[([^\]\n]+)\]\((\S+?)\)`)
	codeRE    = regexp.MustCompile("`([^`\n]+)`")
	// Emphasis: the marker hugs the text on both sides and stands apart from the words around it,
	// so "5 * 3", file_name_here and a "* " list bullet are left alone.
	strongRE = regexp.MustCompile(`(^|[^\w*])(\*\*\*|\*\*|___|__)([^\s*_](?:[^\n]*?\S)?)(\*\*\*|\*\*|___|__)($|[^\w*])`)
	emRE     = regexp.MustCompile(`(^|[^\w*])([*_~])([^\s*_~](?:[^\n*_~]*?[^\s*_~])?)([*_~])($|[^\w*])`)
	strikeRE = regexp.MustCompile(`~~([^\s~](?:[^\n~]*?[^\s~])?)~~`)
)

// PlainDraft removes the Markdown a plain-text platform would show literally: headings become
// their text, **bold**, *italic*, _italic_ and ~~struck~~ text loses its markers, `code` its
// backticks, [text](url) becomes "text (url)" and a --- rule disappears. Lists stay as they are,
// one plain line per item ("- step", "1. step"), and so do hashtags and line breaks.
func PlainDraft(text string) string {
	lines := strings.Split(text, "\n")
	out := lines[:0]
	for _, l := range lines {
		if ruleRE.MatchString(l) && !isListLine(l) {
			continue
		}
		if m := headingRE.FindStringSubmatch(l); m != nil {
			l = m[1]
		}
		out = append(out, plainInline(l))
	}
	return NormalizeText(strings.Join(out, "\n"))
}

// isListLine says whether a line is a list item ("- a", "* a", "+ a"), which a rule is not.
func isListLine(l string) bool {
	t := strings.TrimLeft(l, " ")
	return len(t) > 2 && strings.ContainsRune("-*+", rune(t[0])) && t[1] == ' ' && strings.Trim(t, "-*_ \t") != ""
}

// plainInline removes the inline Markdown of one line, outermost markers first.
func plainInline(l string) string {
	l = linkRE.ReplaceAllStringFunc(l, func(m string) string {
		sub := linkRE.FindStringSubmatch(m)
		if sub[1] == sub[2] {
			return sub[2]
		}
		return sub[1] + " (" + sub[2] + ")"
	})
	l = codeRE.ReplaceAllString(l, "$1")
	l = strikeRE.ReplaceAllString(l, "$1")
	for range 3 { // nested emphasis, e.g. **bold _and italic_**
		next := replaceMatched(strongRE, l)
		next = replaceMatched(emRE, next)
		if next == l {
			break
		}
		l = next
	}
	return l
}

// replaceMatched drops the emphasis markers of re's matches whose opening and closing markers are
// the same, keeping the text and the characters around it.
func replaceMatched(re *regexp.Regexp, l string) string {
	return re.ReplaceAllStringFunc(l, func(m string) string {
		sub := re.FindStringSubmatch(m)
		if sub[2] != sub[4] {
			return m
		}
		return sub[1] + sub[3] + sub[5]
	})
}
