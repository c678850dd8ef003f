package source_test

import (
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/mos-hq/mos/source"
	"github.com/mos-hq/mos/source/sourcetest"
)

func TestFetchReadsAPDFServedAsText(t *testing.T) {
	t.Parallel()
	body := readFixture(t, "text.pdf")
	for _, ct := range []string{"text/plain", "text/html; charset=utf-8", "application/octet-stream"} {
		srv := sourcetest.NewSite(t, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", ct)
			_, _ = w.Write(body)
		})
		doc, err := fetcher(t, srv.HostPort()).Fetch(t.Context(), srv.URL+"/download")
		require.NoError(t, err, ct)
		require.Equal(t, source.KindPDF, doc.Kind, ct)
		require.Contains(t, doc.Text, "The month-end close still takes 9 days.", ct)
		require.NotContains(t, doc.Text, "%PDF")
	}
}

func TestReadRefusesBinaryServedAsText(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		body []byte
		is   string
	}{
		"zip":        {[]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00word/document.xml"), "application/zip"},
		"png":        {[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"), "image/png"},
		"gif":        {[]byte("GIF89a\x01\x00\x01\x00\x80\x00\x00"), "image/gif"},
		"gzip":       {[]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"), "application/x-gzip"},
		"executable": {[]byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00"), "binary data"},
		"windows":    {append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), make([]byte, 64)...), "binary data"},
	}
	for name, c := range cases {
		for _, ct := range []string{"text/plain", "text/html", "text/markdown"} {
			_, err := source.Read(t.Context(), c.body, ct, nil)
			requireReason(t, err, "it is served as "+ct+" but its bytes are "+c.is+", not text")
			_ = name
		}
	}
}

func TestFetchReadsUndeclaredCharsets(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		enc  encoding.Encoding
		text string
	}{
		{"Shift_JIS", japanese.ShiftJIS, "月末決算には平均9日かかります。財務チームの多くが、今も手作業で照合しています。"},
		{"EUC-JP", japanese.EUCJP, "月末決算には平均9日かかります。財務チームの多くが、今も手作業で照合しています。"},
		{"GBK", simplifiedchinese.GBK, "月末结账平均需要九天。大多数财务团队仍然手工对账，自动化的团队只需五天半。"},
		{"EUC-KR", korean.EUCKR, "월말 결산에는 평균 9일이 걸립니다. 대부분의 재무팀은 여전히 수작업으로 대조합니다."},
		{"windows-1251", charmap.Windows1251, "Закрытие месяца занимает 9 дней. Финансовые команды всё ещё сверяют счета вручную."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			encoded, err := c.enc.NewEncoder().String(c.text)
			require.NoError(t, err)
			page := "<html><head><title>t</title></head><body><article><p>" + strings.Repeat(encoded+" ", 3) +
				"</p></article></body></html>"
			for path, body := range map[string]struct{ ct, body string }{
				"/page":  {"text/html", page},
				"/notes": {"text/plain", encoded},
			} {
				srv := sourcetest.NewSite(t, func(w http.ResponseWriter, _ *http.Request) {
					w.Header().Set("Content-Type", body.ct) // no charset, and no <meta> in the page
					_, _ = w.Write([]byte(body.body))
				})
				doc, err := fetcher(t, srv.HostPort()).Fetch(t.Context(), srv.URL+path)
				require.NoError(t, err, path)
				require.Contains(t, doc.Text, c.text, path)
			}
		})
	}
}

// TestReadRefusesACharsetItCannotTell: undeclared bytes of no charset it can tell are refused
// plainly, never passed on as mojibake.
func TestReadRefusesACharsetItCannotTell(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(17, 17))
	for n := 40; n <= 4000; n *= 10 {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(0x80 + r.IntN(128))
			if i%4 == 0 {
				b[i] = ' '
			}
		}
		for _, ct := range []string{"text/plain", "text/html"} {
			_, err := source.Read(t.Context(), b, ct, nil)
			requireReason(t, err, "it does not say its character set and I could not tell which it is; paste the key passage instead")
		}
	}
}

func TestReadHTMLSaysTooLittleText(t *testing.T) {
	t.Parallel()
	short := `<html><head><title>Moved</title>%s</head><body><p>Our office moved to Berlin.</p></body></html>`
	for _, extra := range []string{"", `<script src="https://analytics.example/a.js"></script>`} {
		page := strings.Replace(short, "%s", extra, 1)
		_, err := source.Read(t.Context(), []byte(page), "text/html", mustURL(t, "https://x.example/"))
		requireReason(t, err, "the page has too little text to work from (5 words); paste the key passage instead")
	}
	notice := `<html><head><script src="/app.js"></script></head><body><noscript>You need to enable
JavaScript to run this app.</noscript><div id="root"></div></body></html>`
	_, err := source.Read(t.Context(), []byte(notice), "text/html", mustURL(t, "https://x.example/"))
	requireReason(t, err, "it may be built by JavaScript")
}
