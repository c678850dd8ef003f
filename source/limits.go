package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Limits on the work one source may cost. A source past any of them is refused as too large to
// read — never cut, so nobody works from a text that silently stops halfway — and the work stops
// the moment the limit is reached, before the memory or the time is spent.
const (
	// MaxTextBytes bounds the text extracted from one source (a long report is about 0.5 MB).
	MaxTextBytes = 2 << 20
	// MaxInflatedBytes bounds the decompressed bytes read from one PDF's streams.
	MaxInflatedBytes = 32 << 20
	// MaxReadTime bounds the time extracting one source's text may take, on top of the fetch.
	MaxReadTime = 10 * time.Second
	// maxHTMLElements bounds the elements of one page (a long article has a few thousand): a page
	// at the limit takes about 80 MB to read.
	maxHTMLElements = 60_000
	// maxPDFPageNodes bounds the nodes of a PDF's page tree (pages and the groups holding them).
	maxPDFPageNodes = 5_000
	// maxCMapBytes bounds one PDF font's character map, decompressed.
	maxCMapBytes = 512 << 10
)

// thousands writes n with thousands separators: 60,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// TooLarge is the error of a source whose body, decompressed streams or text run past a limit,
// or whose reading ran past its time: it is refused whole. Detail says which limit it passed.
type TooLarge struct{ Detail string }

func (e *TooLarge) Error() string { return "source: too large to read: " + e.Detail }

// tooLarge is the *Unreadable of a source past a limit, in the words people see.
func tooLarge(format string, args ...any) *Unreadable {
	detail := fmt.Sprintf(format, args...)
	return &Unreadable{Reason: "it is too large to read — " + detail + "; paste the key passage instead",
		Err: &TooLarge{Detail: detail}}
}

// overLimit is the *Unreadable of a body over the size limit: a *TooLarge in its own words.
func overLimit(format string, args ...any) *Unreadable {
	detail := fmt.Sprintf(format, args...)
	return &Unreadable{Reason: detail, Err: &TooLarge{Detail: detail}}
}

// errReadTime is the cause of a read's own deadline.
var errReadTime = errors.New("source: read time limit")

// withReadTime bounds ctx by MaxReadTime; the deadline's cause is errReadTime.
func withReadTime(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeoutCause(ctx, MaxReadTime, errReadTime)
}

// stopped is the error of a read stopped by its context: too large when a deadline passed, the
// context's own error (wrapped) when it was cancelled.
func stopped(ctx context.Context) error {
	err := ctx.Err()
	if err == nil {
		return nil
	}
	if errors.Is(err, context.DeadlineExceeded) {
		u := tooLarge("reading it took longer than the time limit")
		u.Err = errors.Join(u.Err, err)
		return u
	}
	return unreadable(err, "reading it was cancelled")
}

// errInflated is returned by a boundedReader whose budget is spent.
var errInflated = errors.New("source: decompressed bytes over the limit")

// boundedReader reads from r while ctx lives and the shared budget lasts; a Read past the budget
// fails with errInflated instead of returning more.
type boundedReader struct {
	ctx  context.Context
	r    io.Reader
	left *int64
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if err := b.ctx.Err(); err != nil {
		return 0, err
	}
	if *b.left <= 0 {
		return 0, errInflated
	}
	if int64(len(p)) > *b.left {
		p = p[:*b.left]
	}
	n, err := b.r.Read(p)
	*b.left -= int64(n)
	return n, err
}

// ctxReaderAt fails every read once ctx is done, so a parser reading through it stops.
type ctxReaderAt struct {
	ctx context.Context
	r   io.ReaderAt
}

func (c ctxReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.ReadAt(p, off)
}

// errTextCap is returned by a textSink asked to hold more than its limit.
var errTextCap = errors.New("source: text over the limit")

// textSink collects extracted text up to max bytes.
type textSink struct {
	b   []byte
	max int
}

func (s *textSink) WriteString(str string) error {
	if len(s.b)+len(str) > s.max {
		return errTextCap
	}
	s.b = append(s.b, str...)
	return nil
}

func (s *textSink) String() string { return string(s.b) }

// limitError turns the errors of the limits above into the words people see; other errors pass.
func limitError(ctx context.Context, err error) error {
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return stopped(ctx)
	case errors.Is(err, errTextCap):
		return tooLarge("its text runs past the %s limit", sizeText(MaxTextBytes))
	case errors.Is(err, errInflated):
		return tooLarge("it decompresses to more than %s", sizeText(MaxInflatedBytes))
	}
	return err
}

// endsInSpace says whether the text so far is empty or ends in white space.
func (s *textSink) endsInSpace() bool {
	if len(s.b) == 0 {
		return true
	}
	c := s.b[len(s.b)-1]
	return c == ' ' || c == '\n' || c == '\t' || c == '\r'
}
