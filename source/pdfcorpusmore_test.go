package source_test

import (
	"fmt"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// More PDFs of the corpus: a two-column report over a table, a deck of distinct slides, an
// application form, a multi-page report written a line at a time, a German letter in WinAnsi, a
// justified letter spaced with Tw, and a file that needs a password a reader must refuse.

const (
	reportLeft = "Cash collection improved in every region this year. Days sales outstanding fell from 52 " +
		"to 44 as the credit team called customers before invoices fell due."
	reportRight = "Payables moved the other way. Suppliers asked for shorter terms, and days payable " +
		"outstanding fell from 38 to 33, which cost the group working capital."
	reportTable = "Metric 2025 2026\nDSO 52 44\nDPO 38 33\nDIO 61 58"
	deckSlides  = "Why close faster\nDecisions wait for the numbers\nLate numbers cost a week of planning\n" +
		"What we changed\nDaily cash reconciliation\nNamed owners for every account\n" +
		"Results\nClose went from nine days to five\nAudit adjustments fell by half"
	applicationForm = "Supplier application\nCompany name Blue Harbour Ltd\nVAT number GB123456789\n" +
		"Payment terms 30 days\nBank IBAN GB29NWBK60161331926819\nContact Maria Lopez"
	germanLetter = "Sehr geehrte Damen und Herren,\nwir bestätigen den Eingang Ihrer Rechnung über 4.250 Euro.\n" +
		"Die Zahlung erfolgt innerhalb von 14 Tagen nach Prüfung.\nMit freundlichen Grüßen\nJürgen Weiß, Buchhaltung"
	justifiedLetter = "Dear shareholders, this year the group grew revenue by eleven percent while\n" +
		"keeping headcount flat, and we closed our books each month in six working days,\n" +
		"two days faster than the year before. We thank our teams for their work."
)

var reportPages = []string{
	"Annual finance review\nThe close took seven working days on average.\nRevenue grew 9 percent to 48 million euros.",
	"Working capital\nInventory days fell from 61 to 58.\nCash at year end was 12 million euros.",
	"Outlook\nWe plan to close in five working days by the end of next year.",
}

// reportPDF sets two columns of running text, then a table across both, each line placed by Tm.
func reportPDF() []byte {
	var b strings.Builder
	b.WriteString("BT /F1 10 Tf\n")
	for i, col := range []string{reportLeft, reportRight} {
		for j, line := range wrap(col, 6) {
			fmt.Fprintf(&b, "1 0 0 1 %d %d Tm\n%s", 60+i*270, 720-13*j, courierLine(line, 10))
		}
	}
	for i, row := range strings.Split(reportTable, "\n") {
		for j, cell := range strings.Fields(row) {
			fmt.Fprintf(&b, "1 0 0 1 %d %d Tm %s Tj\n", 100+j*120, 560-15*i, pdfLiteral(cell))
		}
	}
	b.WriteString("ET\n")
	return buildPDF(testPDF{Title: "Review", Raw: true, Font: courier, Pages: []string{b.String()}})
}

// deckPDF is three slides, each a title and two bullets, with a footer.
func deckPDF() []byte {
	lines := strings.Split(deckSlides, "\n")
	var pages []string
	for s := 0; s < len(lines); s += 3 {
		var b strings.Builder
		fmt.Fprintf(&b, "BT /F1 1 Tf 32 0 0 32 50 520 Tm\n%sET\n", courierLine(strings.Fields(lines[s]), 1))
		for i, bullet := range lines[s+1 : s+3] {
			fmt.Fprintf(&b, "BT /F1 20 Tf 70 %d Td\n%sET\n", 430-50*i, courierLine(strings.Fields(bullet), 20))
		}
		fmt.Fprintf(&b, "BT /F1 9 Tf 50 40 Td %s Tj ET\n", pdfLiteral(fmt.Sprintf("Finance Ops %d", s/3+1)))
		pages = append(pages, b.String())
	}
	return buildPDF(testPDF{Title: "Deck", Raw: true, Font: courier, Pages: pages})
}

func deckWant() string {
	lines := strings.Split(deckSlides, "\n")
	var out []string
	for s := 0; s < len(lines); s += 3 {
		out = append(out, strings.Join(lines[s:s+3], "\n"), fmt.Sprintf("Finance Ops %d", s/3+1))
	}
	return strings.Join(out, "\n")
}

// applicationPDF sets a form: a label at the left, its value at a fixed column, each by Tm.
func applicationPDF() []byte {
	var b strings.Builder
	b.WriteString("BT /F1 11 Tf\n")
	rows := strings.Split(applicationForm, "\n")
	fmt.Fprintf(&b, "1 0 0 1 72 740 Tm %s Tj\n", pdfLiteral(rows[0]))
	for i, row := range rows[1:] {
		f := strings.Fields(row)
		label, value := strings.Join(f[:2], " "), strings.Join(f[2:], " ")
		fmt.Fprintf(&b, "1 0 0 1 72 %d Tm %s Tj\n1 0 0 1 260 %d Tm %s Tj\n", 700-24*i, pdfLiteral(label),
			700-24*i, pdfLiteral(value))
	}
	b.WriteString("ET\n")
	return buildPDF(testPDF{Title: "Application", Raw: true, Font: courier, Pages: []string{b.String()}})
}

// germanPDF is a letter in Helvetica with WinAnsiEncoding: umlauts and ß are single bytes.
func germanPDF() []byte {
	var b strings.Builder
	b.WriteString("BT /F1 11 Tf 14 TL 72 740 Td\n")
	for _, line := range strings.Split(germanLetter, "\n") {
		enc, err := charmap.Windows1252.NewEncoder().String(line)
		if err != nil {
			panic(err)
		}
		fmt.Fprintf(&b, "%s Tj T*\n", pdfLiteral(enc))
	}
	b.WriteString("ET\n")
	return buildPDF(testPDF{Title: "Brief", Raw: true, Pages: []string{b.String()}})
}

// justifiedPDF sets each line as one string with spaces, widened by word spacing (Tw) as a
// justifying producer does.
func justifiedPDF() []byte {
	var b strings.Builder
	b.WriteString("BT /F1 10 Tf 13 TL 72 700 Td\n")
	for i, line := range strings.Split(justifiedLetter, "\n") {
		fmt.Fprintf(&b, "%.2f Tw %s Tj T*\n", 1.5+float64(i), pdfLiteral(line))
	}
	b.WriteString("ET\n")
	return buildPDF(testPDF{Title: "Letter", Raw: true, Font: courier, Pages: []string{b.String()}})
}

func morePDFs() []corpusPDF {
	return []corpusPDF{
		{"report-columns-table", "report", reportPDF(), reportLeft + " " + reportRight + "\n" + reportTable},
		{"slide-deck", "slides", deckPDF(), deckWant()},
		{"supplier-application", "form", applicationPDF(), applicationForm},
		{"multi-page-report", "report", buildPDF(testPDF{Title: "Annual", Pages: reportPages}),
			strings.Join(reportPages, "\n")},
		{"german-letter", "non-english", germanPDF(), germanLetter},
		{"justified-letter", "letter", justifiedPDF(), justifiedLetter},
		{"password-protected", "encrypted", buildPDF(testPDF{Title: "Secret", UserPassword: "secret",
			Pages: []string{"Board minutes\nThe board approved the budget."}}), ""},
	}
}
