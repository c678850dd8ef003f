package source_test

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/source"
	"github.com/mos-hq/mos/source/sourcetest"
)

// The bombs are built once per test binary: each is a few hundred KB that inflates to ~100 MB.
var (
	textBomb    = sync.OnceValue(func() []byte { return textBombPDF(100 << 20) })
	commentBomb = sync.OnceValue(func() []byte { return commentBombPDF(100 << 20) })
	stringBomb  = sync.OnceValue(func() []byte { return stringBombPDF(100 << 20) })
	cmapBomb    = sync.OnceValue(func() []byte { return cmapBombPDF(20000, 4<<20) })
)

// TestBombsInflateToTheirSize: the bombs' streams are valid to their last byte and checksum.
func TestBombsInflateToTheirSize(t *testing.T) {
	t.Parallel()
	requireRepeated := func(got []byte) {
		t.Helper()
		require.GreaterOrEqual(t, len(got), 8<<20)
		units := strings.TrimSuffix(strings.TrimPrefix(string(got), "head"), "tail")
		require.Equal(t, strings.Repeat("unit ", len(units)/5), units)
	}
	zr, err := zlib.NewReader(bytes.NewReader(repeatedZlib("head", "unit ", "tail", 8<<20)))
	require.NoError(t, err)
	got, err := io.ReadAll(zr)
	require.NoError(t, err, "the checksum is checked at the end")
	requireRepeated(got)
	gr, err := gzip.NewReader(bytes.NewReader(repeatedGzip("head", "unit ", "tail", 8<<20)))
	require.NoError(t, err)
	got, err = io.ReadAll(gr)
	require.NoError(t, err, "the checksum and size are checked at the end")
	requireRepeated(got)
}

// requireTooLarge checks err is the typed too-large refusal, worded for people, naming detail.
func requireTooLarge(t *testing.T, err error, detail string) {
	t.Helper()
	var tl *source.TooLarge
	require.ErrorAs(t, err, &tl)
	require.Contains(t, tl.Detail, detail)
	requireReason(t, err, "it is too large to read — ")
	requireReason(t, err, "; paste the key passage instead")
}

func TestReadRefusesPDFBombs(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		pdf    []byte
		detail string
	}{
		{"a page of 100 MB of text", textBomb(), "its text runs past the 2.0 MB limit"},
		{"a page of 100 MB of comments", commentBomb(), "it decompresses to more than 32.0 MB"},
		{"one 100 MB string", stringBomb(), "its text runs past the 2.0 MB limit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			require.Less(t, len(c.pdf), 1<<20, "the bomb is small")
			_, err := source.Read(t.Context(), c.pdf, "application/pdf", nil)
			requireTooLarge(t, err, c.detail)
		})
	}
}

// TestReadStopsAPDFBombWhenCancelled: a read whose context is cancelled — before it starts, or
// while it decodes a PDF whose text would take minutes — returns the context's error.
func TestReadStopsAPDFBombWhenCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := source.Read(ctx, textBomb(), "application/pdf", nil)
	require.ErrorIs(t, err, context.Canceled)
	requireReason(t, err, "reading it was cancelled")

	ctx, cancel = context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := source.Read(ctx, cmapBomb(), "application/pdf", nil)
		done <- err
	}()
	time.Sleep(20 * time.Millisecond) // let the read start; it runs to MaxReadTime if not stopped
	cancel()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.Canceled)
		var tl *source.TooLarge
		require.False(t, errors.As(err, &tl), "stopped by the cancel, not by the read's own deadline")
	case <-time.After(time.Minute): // a watchdog, not a measure
		t.Fatal("the read did not stop when cancelled")
	}
}

func TestReadRefusesTooMuchText(t *testing.T) {
	t.Parallel()
	line := "The month-end close still takes 9 days for most finance teams.\n"
	text := []byte(strings.Repeat(line, 5<<20/len(line)+1))
	require.Greater(t, len(text), 5<<20)
	_, err := source.Read(t.Context(), text, "text/plain; charset=utf-8", nil)
	requireTooLarge(t, err, "its text runs past the 2.0 MB limit")

	doc, err := source.Read(t.Context(), text[:1<<20], "text/plain; charset=utf-8", nil)
	require.NoError(t, err, "1 MB of text is read whole")
	require.Contains(t, doc.Text, "still takes 9 days")
}

// htmlBomb is a page of about size bytes of unclosed paragraphs: each becomes an element.
func htmlBomb(size int) []byte {
	return []byte("<html><body>" + strings.Repeat("<p>9 days", size/9) + "</body></html>")
}

func TestReadRefusesAPageOfTooManyElements(t *testing.T) {
	t.Parallel()
	_, err := source.Read(t.Context(), htmlBomb(4900<<10), "text/html; charset=utf-8", nil)
	requireTooLarge(t, err, "it has more than 60,000 HTML elements")

	_, err = source.Read(t.Context(), []byte(strings.Repeat("<div>", 600)+"text"), "text/html", nil)
	requireTooLarge(t, err, "its HTML is nested deeper than a browser shows")
}

// TestFetchRefusesAGzipBomb: a page sent gzip-encoded that inflates to 1 GB is read no further
// than the body limit.
func TestFetchRefusesAGzipBomb(t *testing.T) {
	t.Parallel()
	bomb := repeatedGzip("<html><body>", "<p>9 days", "</body></html>", 1<<30)
	require.Less(t, len(bomb), source.DefaultMaxBytes/2, "the bomb itself is well under the body limit")
	srv := sourcetest.NewSite(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(bomb)
	})
	_, err := fetcher(t, srv.HostPort()).Fetch(t.Context(), srv.URL)
	var tl *source.TooLarge
	require.ErrorAs(t, err, &tl)
	requireReason(t, err, "it is larger than the 5.0 MB limit")
}

// TestFetchRefusesAPDFBomb: a bomb served over HTTP ends in the too-large refusal.
func TestFetchRefusesAPDFBomb(t *testing.T) {
	t.Parallel()
	bomb := textBomb()
	srv := sourcetest.NewSite(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = w.Write(bomb)
	})
	_, err := fetcher(t, srv.HostPort()).Fetch(t.Context(), srv.URL+"/report.pdf")
	requireTooLarge(t, err, "its text runs past the 2.0 MB limit")
}

func TestReadFileRefusesABomb(t *testing.T) {
	t.Parallel()
	_, err := source.ReadFile(t.Context(), stringBomb(), "application/pdf", "report.pdf")
	requireTooLarge(t, err, "its text runs past the 2.0 MB limit")
}
