package source_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/source"
)

// TestReadPDFCorpus: every PDF of the corpus reads to its words, spaced, or is refused with the
// reason a person can act on.
func TestReadPDFCorpus(t *testing.T) {
	t.Parallel()
	for _, c := range pdfCorpus() {
		t.Run(c.Name, func(t *testing.T) {
			doc, err := source.Read(t.Context(), c.Body, "application/pdf", nil)
			if c.Want == "" {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			p, r := wordScores(doc.Text, c.Want)
			require.GreaterOrEqual(t, p, 0.97, "precision; got:\n%s", doc.Text)
			require.GreaterOrEqual(t, r, 0.97, "recall; got:\n%s", doc.Text)
		})
	}
}

func TestReadPDFSpacesWordsFromTheirPositions(t *testing.T) {
	t.Parallel()
	doc, err := source.Read(t.Context(), paperPDF(), "application/pdf", nil)
	require.NoError(t, err)
	require.Contains(t, doc.Text, "Preemptive information extraction answers a query", "TJ gaps are spaces")
	require.NotContains(t, doc.Text, "Preemp tive", "a small kern is not a space")
	require.Contains(t, doc.Text, "87 percent.\n\nThe method needs", "a jump to the next column is a paragraph break")

	doc, err = source.Read(t.Context(), glyphPDF(), "application/pdf", nil)
	require.NoError(t, err)
	require.Contains(t, doc.Text, "Quarterly report for the finance team\nCash conversion", "glyphs placed one by one")
}

func TestReadPDFEncryptedWithAnEmptyUserPassword(t *testing.T) {
	t.Parallel()
	for name, aes := range map[string]bool{"rc4": false, "aes-128": true} {
		doc, err := source.Read(t.Context(), cmPDF(testPDF{Title: "Board pack", OwnerOnly: true, AES: aes}),
			"application/pdf", nil)
		require.NoError(t, err, name)
		require.Contains(t, doc.Text, "Revenue grew 31 percent in the year", name)
		require.Equal(t, "Board pack", doc.Title, name)
	}
}

func TestReadPDFRefusesGlyphCodesWithoutAMap(t *testing.T) {
	t.Parallel()
	_, err := source.Read(t.Context(), glyphCodePDF(), "application/pdf", nil)
	requireReason(t, err, "this PDF has no readable text layer — paste the key passage")
}

func TestReadPDFFormXObjectsAndWideUnicodeRanges(t *testing.T) {
	t.Parallel()
	doc, err := source.Read(t.Context(), formPDF(), "application/pdf", nil)
	require.NoError(t, err)
	require.Contains(t, doc.Text, "Letterhead of Example Holdings\nQuarterly close review for the board",
		"the text of a form the page draws is the page's")

	doc, err = source.Read(t.Context(), utf8FontPDF(), "application/pdf", nil)
	require.NoError(t, err)
	require.Contains(t, doc.Text, "Ελληνικά κείμενα και πίνακες\nZażółć gęślą jaźń w raporcie",
		"a map range over all two-byte codes decodes past its first 256")
}

// TestReadPDFKeepsAContentsPage: dot leaders and page numbers are not junk.
func TestReadPDFKeepsAContentsPage(t *testing.T) {
	t.Parallel()
	var lines []string
	for i, title := range []string{"Summary", "Method", "Findings", "Close times", "Appendix"} {
		lines = append(lines, title+" "+strings.Repeat(".", 80)+" "+fmt.Sprint(3+4*i))
	}
	doc, err := source.Read(t.Context(), buildPDF(testPDF{Title: "Contents", Pages: []string{strings.Join(lines, "\n")}}),
		"application/pdf", nil)
	require.NoError(t, err)
	require.Contains(t, doc.Text, "Close times ....")
}

// TestReadPDFBoundsForms: a form that draws itself stops at the nesting limit, and a page that
// draws a form over and over stops at 512 (each is inflated again, against the shared budget).
func TestReadPDFBoundsForms(t *testing.T) {
	t.Parallel()
	self := "<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /Fm1 7 0 R >> " +
		"/Font << /F1 3 0 R >> >> /Length 40 >>\nstream\nBT /F1 9 Tf (Loop.) Tj ET /Fm1 Do        \nendstream"
	doc, err := source.Read(t.Context(), buildPDF(testPDF{Title: "Loop", Raw: true, Resources: "/XObject << /Fm1 7 0 R >>",
		Pages: []string{"BT /F1 9 Tf (Start of the page.) Tj ET /Fm1 Do"}, Extra: []string{self}}), "application/pdf", nil)
	require.NoError(t, err)
	require.Equal(t, 8, strings.Count(doc.Text, "Loop."), "eight nested forms and no more: %q", doc.Text)

	again := "<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /Font << /F1 3 0 R >> >> " +
		"/Length 26 >>\nstream\nBT /F1 9 Tf (Again.) Tj ET\nendstream"
	doc, err = source.Read(t.Context(), buildPDF(testPDF{Title: "Again", Raw: true, Resources: "/XObject << /Fm1 7 0 R >>",
		Pages: []string{strings.Repeat("/Fm1 Do ", 5000)}, Extra: []string{again}}), "application/pdf", nil)
	require.NoError(t, err)
	require.Equal(t, 512, strings.Count(doc.Text, "Again."), "a page draws at most 512 forms")
}

// TestReadPDFNextLineWithoutLeading: T* and ' start a new line even when no leading was set.
func TestReadPDFNextLineWithoutLeading(t *testing.T) {
	t.Parallel()
	doc, err := source.Read(t.Context(), buildPDF(testPDF{Title: "Lines", Raw: true,
		Pages: []string{"BT /F1 11 Tf 72 700 Td (First line) Tj T* (Second line) Tj (Third line) ' ET"}}),
		"application/pdf", nil)
	require.NoError(t, err)
	require.Contains(t, doc.Text, "First line\nSecond line\nThird line")
}
