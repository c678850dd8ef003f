package source

import (
	"bufio"
	"errors"
	"io"
)

// A PDF content stream is read by our own small lexer, not the PDF library's interpreter: it
// holds one token at a time, so a stream that inflates to gigabytes costs only the time to read
// it, and it reads through a boundedReader that stops at the limits.

type pdfTokenKind int

const (
	pdfOperator pdfTokenKind = iota
	pdfString
	pdfName
	pdfNumber
	pdfArrayOpen
	pdfArrayClose
	pdfDictOpen
	pdfDictClose
)

type pdfToken struct {
	kind pdfTokenKind
	text string
	num  float64 // a number's value
}

type pdfLexer struct {
	r   *bufio.Reader
	buf []byte
	max int // the longest string token kept
}

func newPDFLexer(r io.Reader, maxString int) *pdfLexer {
	return &pdfLexer{r: bufio.NewReaderSize(r, 32<<10), max: maxString}
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isPDFDelimiter(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// next is the next token; io.EOF at the end of the stream.
func (l *pdfLexer) next() (pdfToken, error) {
	c, err := l.skipSpace()
	if err != nil {
		return pdfToken{}, err
	}
	switch c {
	case '(':
		return l.literal()
	case '<':
		if n, _ := l.r.Peek(1); len(n) == 1 && n[0] == '<' {
			_, _ = l.r.ReadByte()
			return pdfToken{kind: pdfDictOpen}, nil
		}
		return l.hex()
	case '>':
		if n, _ := l.r.Peek(1); len(n) == 1 && n[0] == '>' {
			_, _ = l.r.ReadByte()
		}
		return pdfToken{kind: pdfDictClose}, nil
	case '[':
		return pdfToken{kind: pdfArrayOpen}, nil
	case ']':
		return pdfToken{kind: pdfArrayClose}, nil
	case '{', '}', ')':
		return l.next()
	case '/':
		word, err := l.word()
		return pdfToken{kind: pdfName, text: word}, err
	}
	_ = l.r.UnreadByte()
	if c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' {
		err = l.readWord()
		return pdfToken{kind: pdfNumber, num: parsePDFNumber(l.buf)}, err
	}
	err = l.readWord()
	if op, ok := pdfOperators[string(l.buf)]; ok {
		return pdfToken{kind: pdfOperator, text: op}, err
	}
	return pdfToken{kind: pdfOperator, text: "?"}, err
}

// pdfOperators are the operators the text reader acts on, interned so reading an operator
// costs no allocation; every other operator reads as "?".
var pdfOperators = func() map[string]string {
	m := map[string]string{}
	for _, op := range []string{"BT", "ET", "T*", "Tf", "Tj", "TJ", "'", "\"", "BI", "ID", "EI",
		"Td", "TD", "Tm", "Tc", "Tw", "Tz", "TL", "q", "Q", "cm", "Do",
		"endcodespacerange", "endbfchar", "endbfrange"} {
		m[op] = op
	}
	return m
}()

// parsePDFNumber reads a PDF number (an optional sign, digits and at most one point) without
// allocating; anything malformed after a valid start is ignored, as viewers do.
func parsePDFNumber(b []byte) float64 {
	neg := false
	for len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = neg != (b[0] == '-')
		b = b[1:]
	}
	v, scale, point := 0.0, 1.0, false
	for _, c := range b {
		switch {
		case c == '.' && !point:
			point = true
		case c >= '0' && c <= '9':
			v = v*10 + float64(c-'0')
			if point {
				scale *= 10
			}
		default:
			return signed(v/scale, neg)
		}
	}
	return signed(v/scale, neg)
}

func signed(v float64, neg bool) float64 {
	if neg {
		return -v
	}
	return v
}

// skipSpace skips white space and comments and returns the first byte after them.
func (l *pdfLexer) skipSpace() (byte, error) {
	for {
		c, err := l.r.ReadByte()
		if err != nil {
			return 0, err
		}
		if c == '%' {
			if _, err := l.r.ReadSlice('\n'); err != nil && !errors.Is(err, bufio.ErrBufferFull) {
				return 0, err
			}
			continue
		}
		if !isPDFSpace(c) {
			return c, nil
		}
	}
}

// word reads a run of regular characters (a name or operator), keeping at most 127.
func (l *pdfLexer) word() (string, error) {
	if err := l.readWord(); err != nil {
		return "", err
	}
	if op, ok := pdfOperators[string(l.buf)]; ok {
		return op, nil
	}
	return string(l.buf), nil
}

// readWord reads a run of regular characters into buf, keeping at most 127.
func (l *pdfLexer) readWord() error {
	l.buf = l.buf[:0]
	for {
		c, err := l.r.ReadByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if isPDFSpace(c) || isPDFDelimiter(c) {
			return l.r.UnreadByte()
		}
		if len(l.buf) < 127 {
			l.buf = append(l.buf, c)
		}
	}
	return nil
}

// keep adds c to the token being read; a string past the lexer's limit is an error.
func (l *pdfLexer) keep(c byte) error {
	if len(l.buf) >= l.max {
		return errTextCap
	}
	l.buf = append(l.buf, c)
	return nil
}

// literal reads a (string) after its opening parenthesis: nested parentheses and escapes.
func (l *pdfLexer) literal() (pdfToken, error) {
	l.buf = l.buf[:0]
	depth := 1
	for {
		c, err := l.r.ReadByte()
		if err != nil {
			return pdfToken{kind: pdfString, text: string(l.buf)}, err
		}
		switch c {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return pdfToken{kind: pdfString, text: string(l.buf)}, nil
			}
		case '\\':
			var skip bool
			if c, skip, err = l.escape(); err != nil {
				return pdfToken{}, err
			}
			if skip {
				continue
			}
		}
		if err := l.keep(c); err != nil {
			return pdfToken{}, err
		}
	}
}

// escape reads what follows a backslash in a literal string; skip is a line continuation.
func (l *pdfLexer) escape() (c byte, skip bool, err error) {
	if c, err = l.r.ReadByte(); err != nil {
		return 0, false, err
	}
	if e, ok := pdfEscapes[c]; ok {
		return e, false, nil
	}
	if c == '\r' || c == '\n' {
		if n, _ := l.r.Peek(1); c == '\r' && len(n) == 1 && n[0] == '\n' {
			_, _ = l.r.ReadByte()
		}
		return 0, true, nil
	}
	if c < '0' || c > '7' {
		return c, false, nil
	}
	v := int(c - '0')
	for range 2 {
		n, err := l.r.Peek(1)
		if err != nil || n[0] < '0' || n[0] > '7' {
			break
		}
		_, _ = l.r.ReadByte()
		v = v*8 + int(n[0]-'0')
	}
	return byte(v), false, nil
}

var pdfEscapes = map[byte]byte{'n': '\n', 'r': '\r', 't': '\t', 'b': '\b', 'f': '\f'}

// hex reads a <hex string> after its opening bracket.
func (l *pdfLexer) hex() (pdfToken, error) {
	l.buf = l.buf[:0]
	var hi byte
	half := false
	for {
		c, err := l.r.ReadByte()
		if err != nil || c == '>' {
			if half {
				err = errors.Join(err, l.keep(hi<<4))
			}
			if errors.Is(err, io.EOF) {
				err = nil
			}
			return pdfToken{kind: pdfString, text: string(l.buf)}, err
		}
		v, ok := hexValue(c)
		if !ok {
			continue
		}
		if half {
			if err := l.keep(hi<<4 | v); err != nil {
				return pdfToken{}, err
			}
		}
		hi, half = v, !half
	}
}

func hexValue(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// skipInlineImage skips an inline image's data, from after its ID operator to its EI.
func (l *pdfLexer) skipInlineImage() error {
	var prev [2]byte
	for {
		c, err := l.r.ReadByte()
		if err != nil {
			return err
		}
		if prev[0] == 'E' && prev[1] == 'I' && isPDFSpace(c) {
			return nil
		}
		prev[0], prev[1] = prev[1], c
	}
}
