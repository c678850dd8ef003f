package source_test

import (
	"fmt"
	"strings"
	"unicode/utf16"
)

// The PDF corpus: files laid out the ways real producers lay out text, each with the text a
// reader should see. Word gaps are never space characters here, except where a producer would
// write them (the form's values, the table's cells): they are positions, as on a real page.

// corpusPDF is one PDF of the corpus: its category, the file and the text a person reads on it
// ("" when a reader should refuse it).
type corpusPDF struct {
	Name, Category string
	Body           []byte
	Want           string
}

const (
	courier = "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"
	// texFont has its own widths, as an embedded font has: narrow i l j t f . , and wide m w.
	texFontNum = 9
)

// texWidths is the width table of texFont for codes 32–126.
func texWidths() string {
	var w []string
	for c := 32; c <= 126; c++ {
		w = append(w, fmt.Sprint(texWidth(byte(c))))
	}
	return strings.Join(w, " ")
}

func texWidth(c byte) int {
	switch {
	case strings.IndexByte("iljtf.,:;'", c) >= 0:
		return 280
	case c == 'm' || c == 'w' || c == 'M' || c == 'W':
		return 780
	case c >= 'A' && c <= 'Z':
		return 680
	}
	return 500
}

// courierLine shows words one at a time, each moved to its place with Td from the last: a
// word processor's justified line.
func courierLine(words []string, size float64) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			fmt.Fprintf(&b, "%.2f 0 Td ", float64(len(words[i-1])+1)*0.6*size)
		}
		fmt.Fprintf(&b, "%s Tj\n", pdfLiteral(w))
	}
	return b.String()
}

// texLine shows a line as one TJ array with no space characters: a word gap of a third of an
// em, and a small kern inside long words, as TeX writes them.
func texLine(words []string) string {
	var b strings.Builder
	b.WriteString("[")
	for i, w := range words {
		if i > 0 {
			b.WriteString(" -333 ")
		}
		if len(w) > 6 {
			fmt.Fprintf(&b, "%s -28 %s", pdfLiteral(w[:len(w)/2]), pdfLiteral(w[len(w)/2:]))
			continue
		}
		b.WriteString(pdfLiteral(w))
	}
	b.WriteString("] TJ\n")
	return b.String()
}

// glyphLine places every character with its own text matrix, as some converters do.
func glyphLine(text string, x, y, size float64) string {
	var b strings.Builder
	for _, c := range []byte(text) {
		if c != ' ' {
			fmt.Fprintf(&b, "1 0 0 1 %.2f %.2f Tm %s Tj\n", x, y, pdfLiteral(string(c)))
		}
		x += 0.6 * size
	}
	return b.String()
}

// wrap splits text into lines of about n words.
func wrap(text string, n int) [][]string {
	words := strings.Fields(text)
	var lines [][]string
	for len(words) > 0 {
		k := min(n, len(words))
		lines = append(lines, words[:k])
		words = words[k:]
	}
	return lines
}

const (
	paperLeft = "Preemptive information extraction answers a query before it is asked. We report a " +
		"study of twelve corpora in which the median recall rose from 61 percent to 87 percent."
	paperRight = "The method needs no labelled data. Its cost grows linearly with the corpus, and a " +
		"single machine indexed four million documents in nine hours."
	slideTitle   = "Closing the books faster"
	slideBullets = "Median close takes nine days\nAutomated teams close in five\nThree in four CFOs want a faster close"
	formText     = "Form W-4 Employee Withholding Certificate\nName Jane Example\nFiling status Single\n" +
		"Dependents 2\nSignature on file"
	tableText = "Region Revenue Growth\nNorth 4.2m 12%\nSouth 3.1m 7%\nEast 2.8m -3%\nWest 5.0m 18%"
	glyphText = "Quarterly report for the finance team\nCash conversion improved by eleven days"
	cmText    = "Board pack summary\nRevenue grew 31 percent in the year\nHeadcount stayed flat at 212"
)

func paperPDF() []byte {
	var b strings.Builder
	b.WriteString("BT /F1 10 Tf 12 TL\n")
	for i, col := range []string{paperLeft, paperRight} {
		fmt.Fprintf(&b, "1 0 0 1 %d 700 Tm\n", 72+i*250)
		for _, line := range wrap(col, 6) {
			b.WriteString(texLine(line) + "T*\n")
		}
	}
	b.WriteString("ET\n")
	font := fmt.Sprintf("<< /Type /Font /Subtype /Type1 /BaseFont /CMR10 /FirstChar 32 /LastChar 126 "+
		"/Widths %d 0 R /Encoding /WinAnsiEncoding >>", texFontNum)
	return buildPDF(testPDF{Title: "Preemptive Information Extraction", Raw: true, Font: font,
		Pages: []string{b.String()}, Extra: []string{"[" + texWidths() + "]"}})
}

func slidesPDF() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "BT /F1 1 Tf 28 0 0 28 60 500 Tm\n%sET\n", courierLine(strings.Fields(slideTitle), 1))
	for i, line := range strings.Split(slideBullets, "\n") {
		fmt.Fprintf(&b, "BT /F1 18 Tf 80 %d Td\n%sET\n", 420-40*i, courierLine(strings.Fields(line), 18))
	}
	return buildPDF(testPDF{Title: "Slides", Raw: true, Font: courier, Pages: []string{b.String(), b.String()}})
}

// cellsPDF writes each line's fields at fixed columns, moving with Td on the line.
func cellsPDF(title, text string, column float64) []byte {
	var b strings.Builder
	b.WriteString("BT /F1 10 Tf 72 720 Td\n")
	for _, line := range strings.Split(text, "\n") {
		cells := strings.Fields(line)
		if title == "Form" && len(cells) > 2 {
			cells = []string{strings.Join(cells[:len(cells)-1], " "), cells[len(cells)-1]}
		}
		for i, cell := range cells {
			if i > 0 {
				fmt.Fprintf(&b, "%.0f 0 Td ", column)
			}
			fmt.Fprintf(&b, "%s Tj\n", pdfLiteral(cell))
		}
		fmt.Fprintf(&b, "%.0f -16 Td\n", -column*float64(len(cells)-1))
	}
	b.WriteString("ET\n")
	return buildPDF(testPDF{Title: title, Raw: true, Font: courier, Pages: []string{b.String()}})
}

func glyphPDF() []byte {
	var b strings.Builder
	b.WriteString("BT /F1 11 Tf\n")
	for i, line := range strings.Split(glyphText, "\n") {
		b.WriteString(glyphLine(line, 72, 700-float64(16*i), 11))
	}
	b.WriteString("ET\n")
	return buildPDF(testPDF{Title: "Glyphs", Raw: true, Font: courier, Pages: []string{b.String()}})
}

// cmPDF draws each line in its own text object, moved into place by the graphics matrix.
func cmPDF(spec testPDF) []byte {
	var b strings.Builder
	for i, line := range strings.Split(cmText, "\n") {
		fmt.Fprintf(&b, "q 1 0 0 1 72 %d cm BT /F1 12 Tf 0 0 Td\n%sET Q\n", 700-18*i,
			courierLine(strings.Fields(line), 12))
	}
	spec.Raw, spec.Font, spec.Pages = true, courier, []string{b.String()}
	return buildPDF(spec)
}

// glyphCodePDF shows two-byte glyph numbers in a font with no map to Unicode, as a subset font
// embedded without one does.
func glyphCodePDF() []byte {
	font := "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Subset /Encoding /Identity-H >>"
	var b strings.Builder
	b.WriteString("BT /F1 11 Tf 72 700 Td 14 TL\n")
	for i := range 20 {
		fmt.Fprintf(&b, "<%s> Tj T*\n", strings.Repeat(fmt.Sprintf("00%02X", 3+i*7%60), 30))
	}
	b.WriteString("ET\n")
	return buildPDF(testPDF{Title: "Subset", Raw: true, Font: font, Pages: []string{b.String()}})
}

func pdfCorpus() []corpusPDF {
	return append([]corpusPDF{
		{"paper-two-column", "paper", paperPDF(), paperLeft + " " + paperRight},
		{"slides", "slides", slidesPDF(), slideTitle + "\n" + slideBullets + "\n" + slideTitle + "\n" + slideBullets},
		{"form-w4", "form", cellsPDF("Form", formText, 200), formText},
		{"table-report", "table", cellsPDF("Table", tableText, 90), tableText},
		{"glyph-by-glyph", "report", glyphPDF(), glyphText},
		{"matrix-lines", "report", cmPDF(testPDF{Title: "Board"}), cmText},
		{"template-form", "report", formPDF(), templateText},
		{"unicode-range-map", "report", utf8FontPDF(), utf8Text},
		{"encrypted-rc4", "encrypted", cmPDF(testPDF{Title: "Board", OwnerOnly: true}), cmText},
		{"encrypted-aes", "encrypted", cmPDF(testPDF{Title: "Board", OwnerOnly: true, AES: true}), cmText},
		{"scanned", "scanned", buildPDF(testPDF{Title: "Scan", Pages: []string{""}, NoText: true}), ""},
		{"glyph-codes", "scanned", glyphCodePDF(), ""},
	}, morePDFs()...)
}

const (
	templateText = "Letterhead of Example Holdings\nQuarterly close review for the board"
	// utf8Text is shown through an identity map written as one range over all two-byte codes.
	utf8Text = "Ελληνικά κείμενα και πίνακες\nZażółć gęślą jaźń w raporcie"
)

// formPDF draws its text through a form XObject, placed by the form's matrix, as templates do.
func formPDF() []byte {
	var form strings.Builder
	for i, line := range strings.Split(templateText, "\n") {
		fmt.Fprintf(&form, "BT /F1 12 Tf 0 %d Td\n%sET\n", -18*i, courierLine(strings.Fields(line), 12))
	}
	stream := fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 500 100] /Matrix [1 0 0 1 72 700] "+
		"/Resources << /Font << /F1 3 0 R >> >> /Length %d >>\nstream\n%s\nendstream", form.Len(), form.String())
	return buildPDF(testPDF{Title: "Template", Raw: true, Font: courier, Resources: "/XObject << /Fm1 7 0 R >>",
		Pages: []string{"q /Fm1 Do Q\n"}, Extra: []string{stream}})
}

// utf8FontPDF shows UTF-16 codes in a composite font whose map to Unicode is one range.
func utf8FontPDF() []byte {
	cmap := "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n" +
		"1 begincodespacerange <0000> <FFFF> endcodespacerange\n" +
		"1 beginbfrange <0000> <FFFF> <0000> endbfrange\nendcmap end end\n"
	font := "<< /Type /Font /Subtype /Type0 /BaseFont /utf8sans /Encoding /Identity-H " +
		"/DescendantFonts [7 0 R] /ToUnicode 8 0 R >>"
	var b strings.Builder
	b.WriteString("BT /F1 11 Tf 14 TL 72 700 Td\n")
	for _, line := range strings.Split(utf8Text, "\n") {
		x := 0.0
		for i, w := range strings.Fields(line) {
			if i > 0 { // from the last word's start: its width and a space
				x += float64(len([]rune(strings.Fields(line)[i-1]))+1) * 0.6 * 11
				fmt.Fprintf(&b, "%.1f 0 Td ", float64(len([]rune(strings.Fields(line)[i-1]))+1)*0.6*11)
			}
			b.WriteString("<")
			for _, u := range utf16.Encode([]rune(w)) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString("> Tj\n")
		}
		fmt.Fprintf(&b, "%.1f -14 Td\n", -x)
	}
	b.WriteString("ET\n")
	return buildPDF(testPDF{Title: "Unicode", Raw: true, Font: font, Pages: []string{b.String()}, Extra: []string{
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /utf8sans /DW 600 " +
			"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(cmap), cmap)}})
}
