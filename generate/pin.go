package generate

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Edits are the truth: a line a person wrote or changed is pinned, and no revision may drop it
// silently. These functions work on the text people read (versionText), line by line.

// pinnedLines returns the non-blank lines that a person wrote or changed — present in a human
// version but not in the version before it — and that the latest version still has, in the order
// the latest version has them. texts and human describe one phase's versions, oldest first.
func pinnedLines(texts []string, human []bool) []string {
	if len(texts) == 0 {
		return nil
	}
	written := map[string]bool{}
	for i, t := range texts {
		if !human[i] {
			continue
		}
		var before map[string]bool
		if i > 0 {
			before = lineSet(texts[i-1])
		}
		for _, l := range lines(t) {
			if l != "" && !before[l] {
				written[l] = true
			}
		}
	}
	var out []string
	for _, l := range lines(texts[len(texts)-1]) {
		if written[l] && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// lines splits text into lines trimmed of surrounding spaces.
func lines(text string) []string {
	ls := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i, l := range ls {
		ls[i] = strings.TrimSpace(l)
	}
	return ls
}

func lineSet(text string) map[string]bool {
	set := map[string]bool{}
	for _, l := range lines(text) {
		set[l] = true
	}
	return set
}

// restorePinned puts back the pinned lines a rewrite dropped. A pinned line is kept when the new
// text still has it verbatim, as a line. A dropped one goes back after the line that preceded it in the
// previous text (the nearest non-blank one) if the new text still has that anchor, else at its
// old line number. Kept means kept as a whole line: "Don't book a call." does not keep "Book a call." It returns the text and the lines it restored, in order.
func restorePinned(newText, prevText string, pinned []string) (string, []string) {
	out := strings.Split(newText, "\n")
	prev := lines(prevText)
	var restored []string
	for _, pin := range pinned {
		if slices.Contains(lines(strings.Join(out, "\n")), pin) {
			continue // kept as a line of its own; inside a longer line it could mean something else
		}
		j := slices.Index(prev, pin)
		if j < 0 {
			continue // not in the previous text: nothing to restore it from
		}
		pos := insertAt(out, prev, j)
		insert := []string{pin}
		if j > 0 && prev[j-1] == "" && pos > 0 && strings.TrimSpace(out[pos-1]) != "" {
			insert = []string{"", pin} // it was a paragraph of its own
		}
		if j+1 < len(prev) && prev[j+1] == "" && pos < len(out) && strings.TrimSpace(out[pos]) != "" {
			insert = append(insert, "")
		}
		out = slices.Insert(out, pos, insert...)
		restored = append(restored, pin)
	}
	return strings.Join(out, "\n"), restored
}

// insertAt is where prev[j] goes back into out: after its anchor, or at its old index.
func insertAt(out, prev []string, j int) int {
	k := j - 1
	for k >= 0 && prev[k] == "" {
		k--
	}
	if k >= 0 {
		best := -1
		for i, l := range out {
			if strings.TrimSpace(l) == prev[k] && (best < 0 || abs(i-j) < abs(best-j)) {
				best = i
			}
		}
		if best >= 0 {
			return best + 1
		}
	}
	return min(j, len(out))
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// dedupeOutlineKeys keeps one line per single-valued outline key (Title, Hook, Pillar, CTA) after
// a restore: the restored — a person's — line wins over the one the model wrote instead.
func dedupeOutlineKeys(text string, restored []string) string {
	ls := strings.Split(text, "\n")
	for _, r := range restored {
		key, _, ok := outlineKeyLine(r)
		if !ok || key == keySections {
			continue
		}
		ls = slices.DeleteFunc(ls, func(l string) bool {
			k, _, isKey := outlineKeyLine(strings.TrimSpace(l))
			return isKey && k == key && strings.TrimSpace(l) != r
		})
	}
	return strings.Join(ls, "\n")
}

// pinnedWarning tells people which of their lines a revision dropped and were put back.
func pinnedWarning(restored []string) Warning {
	quoted := make([]string, len(restored))
	for i, l := range restored {
		quoted[i] = fmt.Sprintf("%q", truncate(l, 120))
	}
	return Warning{Kind: WarningPinned, Message: truncate(fmt.Sprintf(
		"Restored %d line(s) a person wrote that the revision dropped: %s", len(restored),
		strings.Join(quoted, "; ")), 1000)}
}

// truncate cuts s to at most n characters without splitting a character.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
