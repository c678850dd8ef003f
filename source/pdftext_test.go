package source_test

import (
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
