package source

import "math"

// Word spaces and line breaks are not in a PDF's text: the page places runs of glyphs, and a
// gap between two runs is a space only to the eye. textPos follows the text and graphics state
// a page sets (the current transformation, the text matrix, the font, its size and spacing)
// far enough to know where each run starts and where the last one ended, and turns a gap wider
// than wordGap of the font size into a space and a move off the line into a line break.

const (
	wordGap     = 0.15 // a gap of this share of the font size, or more, is a word space
	lineShift   = 0.5  // a move across the line of this share of the font size is a new line
	paraShift   = 1.8  // and one of this share, more than a line's leading, a new paragraph
	maxGraphics = 64   // saved graphics states kept; deeper saves are counted, not kept
)

// matrix is a PDF transformation [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// times is m × n: m applied first.
func (m matrix) times(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// translated is m moved by (tx, ty) in its own space.
func (m matrix) translated(tx, ty float64) matrix {
	m[4] += tx*m[0] + ty*m[2]
	m[5] += tx*m[1] + ty*m[3]
	return m
}

// textPos is the state that places text on a page.
type textPos struct {
	ctm     matrix
	saved   []matrix
	deeper  int // saves past maxGraphics, so their restores are matched
	tm, tlm matrix
	font    *pdfFont
	size    float64 // font size
	tc, tw  float64 // character and word spacing
	th      float64 // horizontal scaling, 1 = 100%
	tl      float64 // leading
	shown   bool    // some text was shown on the page
	newLine bool    // T* or ' asked for the next line, whatever the leading
	endX    float64 // where the last run ended, in device space
	endY    float64
	endDirX float64 // the last run's direction
	endDirY float64
	endEm   float64 // the last run's font size in device space
}

func newTextPos() textPos {
	return textPos{ctm: identity, tm: identity, tlm: identity, th: 1, size: 1, font: defaultFont}
}

var defaultFont = &pdfFont{enc: rawText{}, missing: 500, scale: 1, std: &helveticaWidths}

func (t *textPos) save() {
	if len(t.saved) >= maxGraphics {
		t.deeper++
		return
	}
	t.saved = append(t.saved, t.ctm)
}

func (t *textPos) restore() {
	switch {
	case t.deeper > 0:
		t.deeper--
	case len(t.saved) > 0:
		t.ctm = t.saved[len(t.saved)-1]
		t.saved = t.saved[:len(t.saved)-1]
	}
}

// moveLine starts a new line at (tx, ty) from the start of the current one (Td).
func (t *textPos) moveLine(tx, ty float64) {
	t.tlm = t.tlm.translated(tx, ty)
	t.tm = t.tlm
}

// separator is what goes before a run shown now: "\n\n" when it starts well below (or above) the
// last run's line, as a new paragraph or column does, "\n" when it starts on the next line,
// " " when it starts a word's gap away from where that run ended, else nothing.
func (t *textPos) separator() string {
	newLine := t.newLine
	t.newLine = false
	if !t.shown {
		return ""
	}
	trm := t.tm.times(t.ctm)
	dx, dy := trm[4]-t.endX, trm[5]-t.endY
	along := dx*t.endDirX + dy*t.endDirY
	across := -dx*t.endDirY + dy*t.endDirX
	em := t.endEm
	switch {
	case math.Abs(across) > paraShift*em:
		return "\n\n"
	case newLine || math.Abs(across) > lineShift*em:
		return "\n"
	case along > wordGap*em || along < -em:
		return " "
	}
	return ""
}

// advance moves the text matrix past a decoded string's glyphs and notes where the run ends.
func (t *textPos) advance(raw string) {
	f := t.font
	step := 1
	if f.twoByte {
		step = 2
	}
	total := 0.0
	for i := 0; i+step <= len(raw); i += step {
		code := int(raw[i])
		if step == 2 {
			code = code<<8 | int(raw[i+1])
		}
		w := f.width(code)/1000*t.size + t.tc
		if step == 1 && code == ' ' {
			w += t.tw
		}
		total += w * t.th
	}
	t.tm = t.tm.translated(total, 0)
	t.noteEnd()
}

// kern moves the text matrix by a TJ array's number, in thousandths of an em (positive is left).
func (t *textPos) kern(adjust float64) {
	t.tm = t.tm.translated(-adjust/1000*t.size*t.th, 0)
}

// noteEnd records where the text matrix now stands as the end of the last run.
func (t *textPos) noteEnd() {
	trm := t.tm.times(t.ctm)
	t.endX, t.endY = trm[4], trm[5]
	dir := math.Hypot(trm[0], trm[1])
	if dir == 0 {
		t.endDirX, t.endDirY = 1, 0
	} else {
		t.endDirX, t.endDirY = trm[0]/dir, trm[1]/dir
	}
	t.endEm = math.Abs(t.size) * math.Hypot(trm[2], trm[3])
	if t.endEm == 0 || math.IsNaN(t.endEm) || math.IsInf(t.endEm, 0) {
		t.endEm = 1
	}
	t.shown = true
}
