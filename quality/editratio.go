package quality

// EditCellBudget bounds the work of one edit distance: the number of table cells it may fill.
// Texts whose distance needs more (two long texts that differ almost everywhere) get an upper
// bound instead, marked approximate.
const EditCellBudget = 30_000_000

// EditRatio is how much of the AI's text a person changed before approving or publishing it.
type EditRatio struct {
	Ratio    float64 // Distance over AIWords; 0 means published as written, 1 means as many edits as the AI had words
	Distance int     // word edits: insertions, deletions and substitutions
	AIWords  int
	// Approximate is true when the texts were too long and too different to compute the exact
	// distance within EditCellBudget; Distance is then the edits of a real alignment, an upper bound.
	Approximate bool
}

// MeasureEditRatio compares the last AI version with the text a person approved or published,
// word by word (CJK characters and emoji count as words). White space and line breaks never count.
// With no AI text at all the ratio is 1 when the person wrote anything (all of it is theirs), else 0.
func MeasureEditRatio(aiText, humanText string) EditRatio {
	a, b := tokens(clip(aiText)), tokens(clip(humanText))
	res := EditRatio{AIWords: len(a)}
	res.Distance, res.Approximate = wordDistance(a, b)
	switch {
	case len(a) > 0:
		res.Ratio = float64(res.Distance) / float64(len(a))
	case len(b) > 0:
		res.Ratio = 1
	}
	return res
}

// wordDistance is the Levenshtein distance between two token lists. Common prefix and suffix are
// dropped first (most edits touch a few places); the rest runs Ukkonen's banded algorithm, doubling
// the band until the distance fits in it, in space linear in the shorter list.
func wordDistance(a, b []string) (int, bool) {
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	if len(a) < len(b) {
		a, b = b, a // b is the shorter: the rows are its length
	}
	if len(b) == 0 {
		return len(a), false
	}
	band := max(len(a)-len(b), 8)
	if bandCells(a, b, band) > EditCellBudget {
		return len(a), true // replacing every word of the shorter and deleting the rest
	}
	for {
		d := bandedDistance(a, b, band)
		if d <= band || band >= len(a) {
			return d, false
		}
		next := band * 2
		if bandCells(a, b, next) > EditCellBudget {
			return min(d, len(a)), true
		}
		band = next
	}
}

// bandCells is the work bandedDistance does for band: one row per token of a, at most 2·band+1
// cells in each.
func bandCells(a, b []string, band int) int64 {
	return int64(len(a)) * int64(min(len(b), 2*band+1))
}

// bandedDistance fills only the cells within band of the diagonal; the result is exact when it is
// at most band, and otherwise the cost of a real alignment (an upper bound).
func bandedDistance(a, b []string, band int) int {
	inf := len(a) + len(b) + 1
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
		if j > band {
			prev[j] = inf
		}
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-band), min(len(b), i+band)
		cur[lo-1] = inf
		if lo == 1 {
			cur[0] = i
		}
		for j := lo; j <= hi; j++ {
			up := prev[j]
			if j > i-1+band {
				up = inf // outside the previous row's band
			}
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j-1]+cost, up+1, cur[j-1]+1)
		}
		if hi < len(b) {
			cur[hi+1] = inf
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
