package source_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/source"
)

// TestReadPDFContentOperators: the text operators real producers use, with the strings, arrays,
// property lists, inline images and comments around them.
func TestReadPDFContentOperators(t *testing.T) {
	t.Parallel()
	content := "% a comment COMMENT-TEXT (not text)\n" +
		"BT /F1 11 Tf 72 740 Td\n" +
		"(Escapes: \\(nested\\) \\\\ \\101\\102C and a line\\\n continued) Tj T*\n" +
		"<48657820737472696E67> Tj T*\n" +
		"[(Kern) -120 (ed) 30 ( text)] TJ T*\n" +
		"/Span <</ActualText (SKIP-ME) /Lang (en)>> BDC (Marked) Tj EMC T*\n" +
		"(Next line) '\n" +
		"2 3 (Spaced line) \"\n" +
		"ET\n" +
		"q BI /W 2 /H 1 /BPC 8 /CS /G ID \x00\xff(IMAGE-DATA) Tj EI Q\n" +
		"BT /F1 11 Tf (After the image) Tj ET\n"
	doc, err := source.Read(t.Context(), buildPDF(testPDF{Title: "Operators", Pages: []string{content}, Raw: true}),
		"application/pdf", nil)
	require.NoError(t, err)
	for _, want := range []string{"Escapes: (nested) \\ ABC and a line continued", "Hex string", "Kerned text",
		"Marked", "Next line", "Spaced line", "After the image"} {
		require.Contains(t, doc.Text, want)
	}
	for _, junk := range []string{"COMMENT-TEXT", "SKIP-ME", "IMAGE-DATA"} {
		require.NotContains(t, doc.Text, junk)
	}
}

func TestReadPDFFontWithAGlyphNameTable(t *testing.T) {
	t.Parallel()
	font := "<< /Type /Font /Subtype /Type1 /BaseFont /Custom /Encoding << /Type /Encoding " +
		"/Differences [65 /eacute /germandbls] >> >>"
	doc, err := source.Read(t.Context(), buildPDF(testPDF{Title: "Fonts", Raw: true, Font: font,
		Pages: []string{"BT /F1 11 Tf (CafA StraBe has a long history.) Tj ET"}}), "application/pdf", nil)
	require.NoError(t, err)
	require.Contains(t, doc.Text, "Café Straße has a long history.")
}

func TestReadPDFRefusesAHugeCharacterMap(t *testing.T) {
	t.Parallel()
	_, err := source.Read(t.Context(), cmapBombPDF(40000, 1<<10), "application/pdf", nil)
	requireTooLarge(t, err, "a font's character map decompresses to more than 512 KB")
}

// TestReadPDFRefusesARunawayPageTree: a page tree that lists one page 6,000 times is too large;
// one that holds itself is damaged. Neither runs on.
func TestReadPDFRefusesARunawayPageTree(t *testing.T) {
	t.Parallel()
	page := "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R >> >> /Contents 6 0 R >>"
	content := "<< /Length 22 >>\nstream\nBT (Nine days.) Tj ET\nendstream"
	font := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
	wide := writePDF([]string{"", "<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [" + strings.Repeat("5 0 R ", 6000) + "] /Count 6000 >>", font, "<< >>", page, content},
		"/Root 1 0 R")
	_, err := source.Read(t.Context(), wide, "application/pdf", nil)
	requireTooLarge(t, err, "it has more than 5,000 pages")

	loop := writePDF([]string{"", "<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [2 0 R 2 0 R] /Count 2 >>", font, "<< >>", page, content}, "/Root 1 0 R")
	_, err = source.Read(t.Context(), loop, "application/pdf", nil)
	requireReason(t, err, "the PDF's page tree is nested too deeply; it is damaged")
}

// TestReadPDFKeepsTheTextOfAStreamCutShort: a content stream whose compressed data stops early
// (no checksum) gives the text it holds, as viewers show it, and the page's next stream is read.
func TestReadPDFKeepsTheTextOfAStreamCutShort(t *testing.T) {
	t.Parallel()
	z := repeatedZlib("BT /F1 11 Tf (The close takes 9 days.) Tj T* ", "(More lines.) Tj T* ", "ET", 4<<10)
	cut := z[:len(z)-4] // without its checksum
	objs := []string{"", "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R >> >> /Contents [5 0 R 6 0 R] >>",
		fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", len(cut), cut),
		"<< /Length 27 >>\nstream\nBT (Second stream.) Tj ET\nendstream"}
	doc, err := source.Read(t.Context(), writePDF(objs, "/Root 1 0 R"), "application/pdf", nil)
	require.NoError(t, err)
	require.Contains(t, doc.Text, "The close takes 9 days.")
	require.Contains(t, doc.Text, "More lines.")
	require.Contains(t, doc.Text, "Second stream.", "the next stream is read too")
}
