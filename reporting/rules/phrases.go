package rules

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/reporting/evidence"
)

// stopwords never start or end a proposed phrase, and a phrase of only stopwords is never one.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the and or but if then so of to in on at by for with from as
		is are was were be been being it its it's this that these those there here we our us you your
		they their them he she his her i me my not no do does did have has had will would can could
		should may might must just also very more most than too into over out up about what which who
		how when where why all any each every some such only own same other again once`) {
		stopwords[w] = true
	}
}

// phraseHit is one phrase editors deleted, with the pieces they deleted it from.
type phraseHit struct {
	Phrase  string  `json:"phrase"`
	Pieces  []int64 `json:"pieces"`
	Example string  `json:"example"` // a line of AI text it was deleted from
	words   []string
}

// phraseRule proposes adding to brand.md's forbidden list the phrases (1 to 3 words) that editors
// deleted from AI text in at least PhraseMinPieces pieces over the evidence window.
func phraseRule(d window, snap clientos.Snapshot, o *clientos.OS) *Change {
	brand, ok := snap.Docs[clientos.DocBrand]
	if !ok || len(d.Edits) == 0 {
		return nil
	}
	hits := withoutSwapped(deletedPhrases(d.Edits, knownText(o)), d.swaps)
	if len(hits) == 0 {
		return nil
	}
	phrases := make([]string, len(hits))
	var preview strings.Builder
	preview.WriteString("brand.md — add to forbidden:\n")
	for i, h := range hits {
		phrases[i] = h.Phrase
		fmt.Fprintf(&preview, "+ %s   (deleted by editors in %s: %s)\n", clientos.QuoteYAML(h.Phrase), evidence.Plural(len(h.Pieces), "piece"), evidence.PieceIDs(h.Pieces))
	}
	p := &Change{Document: clientos.DocBrand, BaseVersion: brand.Version, Rule: DeletedPhrase,
		Rationale: fmt.Sprintf("Editors deleted %s from AI drafts in %d or more pieces each over the last %d weeks; "+
			"forbidding them stops the model from writing them and the checks from letting them through.",
			quotedList(phrases), PhraseMinPieces, evidence.Weeks),
		Evidence: evidenceJSON(map[string]any{"phrases": hits, "min_pieces": PhraseMinPieces, "weeks": evidence.Weeks,
			"key": phrasesKey(hits)}),
		Preview: strings.TrimRight(preview.String(), "\n"),
	}
	content, err := clientos.AddToList(brand.Content, "forbidden", phrases)
	if err != nil {
		p.Refuse = "cannot add to brand.md's forbidden list automatically (" + err.Error() + "); add " + quotedList(phrases) + " by hand"
		return p
	}
	p.NewContent = content
	return p
}

// withoutSwapped drops phrases editors consistently replaced with another: those become
// substitutions (avoid -> prefer), which tell the model what to write instead.
func withoutSwapped(hits []phraseHit, swaps []swapHit) []phraseHit {
	out := hits[:0]
	for _, h := range hits {
		if !slices.ContainsFunc(swaps, func(s swapHit) bool { return s.Avoid == h.Phrase }) {
			out = append(out, h)
		}
	}
	return out
}

// phrasesKey is the evidence key of a deleted-phrase proposal: each phrase with its pieces.
func phrasesKey(hits []phraseHit) string {
	parts := make([]string, len(hits))
	for i, h := range hits {
		parts[i] = h.Phrase + ":" + idsKey(h.Pieces)
	}
	return evidenceKey(DeletedPhrase, parts...)
}

func quotedList(ps []string) string {
	q := make([]string, len(ps))
	for i, p := range ps {
		q[i] = "\"" + p + "\""
	}
	return strings.Join(q, ", ")
}

// knownText is what the OS itself says, lower-cased: a phrase the brand uses in its own voice,
// samples or pillars, or already forbids, is not proposed.
func knownText(o *clientos.OS) string {
	var b strings.Builder
	for _, doc := range []string{clientos.DocBrand, clientos.DocPillars} {
		b.WriteString(o.Raw[doc])
		b.WriteString("\n")
	}
	return " " + strings.Join(tokens(b.String()), " ") + " "
}

// deletedPhrases finds the phrases (1 to 3 words) editors deleted: n-grams inside the runs of words
// a human version removed from the AI version it replaced (a line diff, then a word diff of the
// changed lines), that appear nowhere in the human version. Each is counted once per piece; those
// deleted in enough pieces are kept, longest and most frequent first.
func deletedPhrases(edits []evidence.Edit, known string) []phraseHit {
	pieces := map[string]map[int64]bool{}
	examples := map[string]string{}
	for _, e := range edits {
		kept := ngrams(tokens(e.HumanText))
		for _, run := range deletedRuns(e.AIText, e.HumanText) {
			for g := range ngrams(run) {
				if kept[g] || !candidatePhrase(g) || strings.Contains(known, " "+g+" ") {
					continue
				}
				if pieces[g] == nil {
					pieces[g] = map[int64]bool{}
					examples[g] = exampleLine(e.AIText, g)
				}
				pieces[g][e.PieceID] = true
			}
		}
	}
	var hits []phraseHit
	for g, set := range pieces {
		if len(set) < PhraseMinPieces {
			continue
		}
		ids := make([]int64, 0, len(set))
		for id := range set {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		hits = append(hits, phraseHit{Phrase: g, Pieces: ids, Example: examples[g], words: strings.Fields(g)})
	}
	hits = dropCovered(hits)
	slices.SortFunc(hits, func(a, b phraseHit) int {
		if len(a.Pieces) != len(b.Pieces) {
			return len(b.Pieces) - len(a.Pieces)
		}
		if len(a.words) != len(b.words) {
			return len(b.words) - len(a.words)
		}
		return strings.Compare(a.Phrase, b.Phrase)
	})
	if len(hits) > maxPhrases {
		hits = hits[:maxPhrases]
	}
	return hits
}

// maxDiffCells bounds a word diff; larger rewrites fall back to treating every removed line as
// deleted, which is what they are.
const maxDiffCells = 1 << 20

// deletedRuns returns the runs of consecutive words of ai that human removed.
func deletedRuns(ai, human string) [][]string {
	wa, wb := changedWords(ai, human)
	if len(wa) == 0 {
		return nil
	}
	if len(wa)*len(wb) > maxDiffCells {
		return [][]string{wa}
	}
	keep, _ := lcsKeep(wa, wb)
	var runs [][]string
	var cur []string
	for i, w := range wa {
		if keep[i] {
			if len(cur) > 0 {
				runs, cur = append(runs, cur), nil
			}
			continue
		}
		cur = append(cur, w)
	}
	if len(cur) > 0 {
		runs = append(runs, cur)
	}
	return runs
}

// changedWords diffs ai and human by line and returns the words of the lines human removed and of
// the lines it added, for a word diff of just the changes.
func changedWords(ai, human string) (removed, added []string) {
	la, lb := strings.Split(ai, "\n"), strings.Split(human, "\n")
	var ra, rb []string
	keepA, keepB := lcsKeep(la, lb)
	for i, ok := range keepA {
		if !ok {
			ra = append(ra, la[i])
		}
	}
	for j, ok := range keepB {
		if !ok {
			rb = append(rb, lb[j])
		}
	}
	return tokens(strings.Join(ra, "\n")), tokens(strings.Join(rb, "\n"))
}

// lcsKeep marks the elements of a and b that belong to a longest common subsequence.
func lcsKeep(a, b []string) ([]bool, []bool) {
	n, m := len(a), len(b)
	t := make([][]int32, n+1)
	for i := range t {
		t[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	ka, kb := make([]bool, n), make([]bool, m)
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			ka[i], kb[j] = true, true
			i, j = i+1, j+1
		case t[i+1][j] >= t[i][j+1]:
			i++
		default:
			j++
		}
	}
	return ka, kb
}

// dropCovered keeps, of two phrases where one contains the other, the one deleted from more
// pieces, or the longer on a tie: "game changer" rather than "changer".
func dropCovered(hits []phraseHit) []phraseHit {
	var out []phraseHit
	for i, a := range hits {
		drop := false
		for j, b := range hits {
			if i == j || len(a.words) == len(b.words) {
				continue
			}
			short, long := a, b
			if len(a.words) > len(b.words) {
				short, long = b, a
			}
			if !containsWords(long.words, short.words) {
				continue
			}
			keepLong := len(long.Pieces) >= len(short.Pieces)
			if (keepLong && a.Phrase == short.Phrase) || (!keepLong && a.Phrase == long.Phrase) {
				drop = true
				break
			}
		}
		if !drop {
			out = append(out, a)
		}
	}
	return out
}

func containsWords(long, short []string) bool {
	for i := 0; i+len(short) <= len(long); i++ {
		if slices.Equal(long[i:i+len(short)], short) {
			return true
		}
	}
	return false
}

// candidatePhrase rules out n-grams that are no phrase: starting or ending with a stopword, numbers,
// single words under four letters.
func candidatePhrase(g string) bool {
	ws := strings.Fields(g)
	if stopwords[ws[0]] || stopwords[ws[len(ws)-1]] {
		return false
	}
	letters := 0
	for _, r := range g {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 4
}

// tokens lower-cases text and splits it into words; apostrophes and inner hyphens stay in a word.
func tokens(text string) []string {
	text = strings.ToLower(strings.ReplaceAll(text, "’", "'"))
	fields := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '-'
	})
	out := fields[:0]
	for _, f := range fields {
		if f = strings.Trim(f, "'-"); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// ngrams is the set of 1- to 3-word sequences of ws.
func ngrams(ws []string) map[string]bool {
	set := make(map[string]bool, 3*len(ws))
	for i := range ws {
		for n := 1; n <= 3 && i+n <= len(ws); n++ {
			set[strings.Join(ws[i:i+n], " ")] = true
		}
	}
	return set
}

// exampleLine is the first line of text containing the phrase, trimmed to 160 characters.
func exampleLine(text, phrase string) string {
	for line := range strings.SplitSeq(text, "\n") {
		if strings.Contains(" "+strings.Join(tokens(line), " ")+" ", " "+phrase+" ") {
			line = strings.TrimSpace(line)
			if r := []rune(line); len(r) > 160 {
				line = string(r[:159]) + "…"
			}
			return line
		}
	}
	return ""
}
