package source_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mos-hq/mos/source"
)

// The bomb benchmarks report, besides time and allocations per read, peak-heap-MB: the most
// heap the reads held at once above the heap before them, sampled every millisecond.

// BenchmarkReadPDFTextBomb: a 0.3 MB PDF whose page inflates to 100 MB of text.
func BenchmarkReadPDFTextBomb(b *testing.B) {
	benchRefuse(b, textBomb(), "application/pdf")
}

// BenchmarkReadPDFOperandBomb: a 0.3 MB PDF whose page inflates to 100 MB of numbers, the
// costliest content for the lexer; stopped at MaxInflatedBytes.
func BenchmarkReadPDFOperandBomb(b *testing.B) {
	benchRefuse(b, operandBombPDF(100<<20), "application/pdf")
}

// BenchmarkReadHTMLBomb: a 4.8 MB page of half a million elements.
func BenchmarkReadHTMLBomb(b *testing.B) {
	benchRefuse(b, htmlBomb(4900<<10), "text/html; charset=utf-8")
}

// BenchmarkReadHTMLNearTheLimits: a page near the limits, read rather than refused — 1.7 MB,
// 58,000 elements, 1.1 MB of main text.
func BenchmarkReadHTMLNearTheLimits(b *testing.B) {
	var page strings.Builder
	page.WriteString("<html><head><title>Close survey</title></head><body><article>")
	for i := range 14500 {
		fmt.Fprintf(&page, "<p>Finding %d: the <b>median</b> close took <i>9 days</i>; <a href=\"/f/%d\">handoffs</a> "+
			"between teams caused most of it.</p>\n", i, i)
	}
	page.WriteString("</article></body></html>")
	body := []byte(page.String())
	b.SetBytes(int64(len(body)))
	measurePeak(b, func() error {
		_, err := source.Read(b.Context(), body, "text/html; charset=utf-8", nil)
		return err
	}, false)
}

// BenchmarkReadText5MB: 5 MB of plain text.
func BenchmarkReadText5MB(b *testing.B) {
	line := "The month-end close still takes 9 days for most finance teams.\n"
	benchRefuse(b, []byte(strings.Repeat(line, 5<<20/len(line)+1)), "text/plain")
}

// BenchmarkFetchGzipBomb: a page sent gzip-encoded that inflates to 1 GB, fetched from a local
// server.
func BenchmarkFetchGzipBomb(b *testing.B) {
	bomb := repeatedGzip("<html><body>", "<p>9 days", "</body></html>", 1<<30)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(bomb)
	}))
	defer srv.Close()
	list, err := source.ParseAllowList([]string{strings.TrimPrefix(srv.URL, "http://")})
	if err != nil {
		b.Fatal(err)
	}
	f := source.NewFetcher(source.FetcherConfig{Allow: list})
	measurePeak(b, func() error {
		_, err := f.Fetch(b.Context(), srv.URL)
		return err
	}, true)
}

func benchRefuse(b *testing.B, body []byte, contentType string) {
	b.SetBytes(int64(len(body)))
	measurePeak(b, func() error {
		_, err := source.Read(b.Context(), body, contentType, nil)
		return err
	}, true)
}

// measurePeak runs read in a b.Loop, requires each run to end in a *source.TooLarge (or, when
// not tooLarge, to succeed), and reports the peak heap above the heap before the loop.
func measurePeak(b *testing.B, read func() error, tooLarge bool) {
	runtime.GC()
	base := heapBytes()
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if h := heapBytes(); h > peak.Load() {
					peak.Store(h)
				}
			}
		}
	}()
	b.ReportAllocs()
	for b.Loop() {
		var tl *source.TooLarge
		if err := read(); errors.As(err, &tl) != tooLarge || !tooLarge && err != nil {
			b.Fatalf("want too large: %v, got %v", tooLarge, err)
		}
	}
	close(stop)
	<-sampled
	b.ReportMetric(float64(max(peak.Load(), base)-base)/(1<<20), "peak-heap-MB")
}

func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
