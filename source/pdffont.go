package source

import (
	"strings"

	"github.com/ledongthuc/pdf"
)

// maxWidthEntries bounds how many glyph widths of one font are read: more than a font has.
const maxWidthEntries = 1 << 16

// pdfFont is what the text reader needs of a font: how to decode its strings and how far each
// glyph advances, so the gaps between words can be seen.
type pdfFont struct {
	enc     pdf.TextEncoding
	twoByte bool            // a composite (Type0) font: two-byte codes
	first   int             // the code of widths[0]
	widths  []float64       // simple fonts: glyph widths in thousandths of an em
	cids    map[int]float64 // composite fonts: widths by glyph id
	missing float64         // the width of a glyph with none given
	std     *[95]float64    // a standard font's widths for codes 32–126, when the file gives none
	scale   float64         // glyph space to thousandths of an em (a Type3 font's matrix)
}

// width is the advance of a glyph, in thousandths of an em.
func (f *pdfFont) width(code int) float64 {
	if f.twoByte {
		if w, ok := f.cids[code]; ok {
			return w
		}
		return f.missing
	}
	if i := code - f.first; f.widths != nil && i >= 0 && i < len(f.widths) {
		return f.widths[i] * f.scale
	}
	if f.std != nil && code >= 32 && code <= 126 {
		return f.std[code-32]
	}
	return f.missing
}

// fontMetrics reads a font's widths: /Widths from /FirstChar for a simple font, /W and /DW of
// its descendant for a composite one, else the standard font's table.
func fontMetrics(f pdf.Value, enc pdf.TextEncoding) *pdfFont {
	pf := &pdfFont{enc: enc, missing: 500, scale: 1}
	if f.Key("Subtype").Name() == "Type0" {
		pf.twoByte = true
		d := f.Key("DescendantFonts").Index(0)
		pf.missing = 1000
		if dw := d.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
			pf.missing = dw.Float64()
		}
		pf.cids = cidWidths(d.Key("W"))
		return pf
	}
	if m := f.Key("FontMatrix"); m.Kind() == pdf.Array && m.Index(0).Float64() != 0 {
		pf.scale = m.Index(0).Float64() * 1000
	}
	if mw := f.Key("FontDescriptor").Key("MissingWidth").Float64(); mw > 0 {
		pf.missing = mw
	}
	if w := f.Key("Widths"); w.Kind() == pdf.Array && w.Len() <= maxWidthEntries {
		pf.first = int(f.Key("FirstChar").Int64())
		pf.widths = make([]float64, w.Len())
		for i := range pf.widths {
			pf.widths[i] = w.Index(i).Float64()
		}
		return pf
	}
	pf.std = standardWidths(f.Key("BaseFont").Name())
	return pf
}

// cidWidths reads a composite font's W array: "c [w1 w2 …]" or "cFirst cLast w" entries.
func cidWidths(w pdf.Value) map[int]float64 {
	out := map[int]float64{}
	n := w.Len()
	for i, seen := 0, 0; i+1 < n && seen < maxWidthEntries; {
		c := int(w.Index(i).Int64())
		if next := w.Index(i + 1); next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && seen < maxWidthEntries; j, seen = j+1, seen+1 {
				out[c+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= n {
			break
		}
		last, width := int(w.Index(i+1).Int64()), w.Index(i+2).Float64()
		for c2 := c; c2 <= last && seen < maxWidthEntries; c2, seen = c2+1, seen+1 {
			out[c2] = width
		}
		i += 3
	}
	return out
}

// standardWidths is the width table of one of the standard fonts a PDF may use without
// embedding: Times for serif faces, Courier's fixed 600, Helvetica for the rest.
func standardWidths(base string) *[95]float64 {
	switch {
	case strings.Contains(base, "Courier"):
		return &courierWidths
	case strings.Contains(base, "Times"), strings.Contains(base, "Serif") && !strings.Contains(base, "Sans"):
		return &timesWidths
	}
	return &helveticaWidths
}

var courierWidths = func() (w [95]float64) {
	for i := range w {
		w[i] = 600
	}
	return w
}()

// Widths of codes 32–126 in Helvetica and Times-Roman, from their Adobe font metrics.
var helveticaWidths = [95]float64{278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
	278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722,
	722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
	667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,
	556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584}

var timesWidths = [95]float64{250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250,
	278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667,
	722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722,
	722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778,
	500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541}
