package source

import (
	"compress/zlib"
	"context"
	"errors"
	"io"
	"strings"

	"github.com/ledongthuc/pdf"
)

// maxOperands is how many operands are kept before an operator; text operators use one or two.
const maxOperands = 16

// decodeChunk is how many bytes of a string are decoded at once, so a long string under a
// large character map never holds the reader past its context for long.
const decodeChunk = 1024

// pdfText extracts the text of a PDF's pages into out, as the text-showing operators draw it.
type pdfText struct {
	ctx  context.Context
	out  *textSink
	left int64 // decompressed bytes still allowed, across all pages
}

// pdfOperand is one operand: a string, or the strings of an array.
type pdfOperand struct {
	tok   pdfToken
	parts []string
}

// page reads one page's content streams, in order, as one stream.
func (x *pdfText) page(p pdf.Page) error {
	contents := p.V.Key("Contents")
	streams := []pdf.Value{contents}
	if contents.Kind() == pdf.Array {
		streams = streams[:0]
		for i := range contents.Len() {
			streams = append(streams, contents.Index(i))
		}
	}
	readers := make([]io.Reader, 0, 2*len(streams))
	for _, s := range streams {
		if s.Kind() == pdf.Stream { // streams are joined as if by white space
			readers = append(readers, &lazyStream{v: s}, strings.NewReader("\n"))
		}
	}
	if len(readers) == 0 {
		return nil
	}
	in := &boundedReader{ctx: x.ctx, r: io.MultiReader(readers...), left: &x.left}
	return x.interpret(p, newPDFLexer(in, MaxTextBytes))
}

// lazyStream opens a stream's decoded reader on first read, so a page's streams inflate one at
// a time. A stream cut short or with a wrong checksum, as some producers write them, ends where
// its data ends: its text is kept, as viewers show it.
type lazyStream struct {
	v  pdf.Value
	rd io.ReadCloser
}

func (s *lazyStream) Read(p []byte) (int, error) {
	if s.rd == nil {
		s.rd = s.v.Reader()
	}
	n, err := s.rd.Read(p)
	if errors.Is(err, zlib.ErrChecksum) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = io.EOF
	}
	if err != nil {
		_ = s.rd.Close()
	}
	return n, err
}

// readPDFArray reads an array after its opening bracket and keeps its strings (a TJ operand);
// nested arrays are flattened and dictionaries skipped. Strings past MaxTextBytes in all, with
// their bookkeeping, are too much text.
func readPDFArray(lx *pdfLexer) ([]string, error) {
	var parts []string
	size, depth := 0, 1
	for {
		tok, err := lx.next()
		if err != nil {
			return nil, err
		}
		switch tok.kind {
		case pdfArrayOpen:
			depth++
		case pdfArrayClose:
			if depth--; depth == 0 {
				return parts, nil
			}
		case pdfDictOpen:
			if err := skipPDFDict(lx); err != nil {
				return nil, err
			}
		case pdfString:
			if size += len(tok.text) + 16; size > MaxTextBytes {
				return nil, errTextCap
			}
			parts = append(parts, tok.text)
		}
	}
}

// skipPDFDict skips a dictionary after its opening brackets (a marked-content property list).
func skipPDFDict(lx *pdfLexer) error {
	for depth := 1; depth > 0; {
		tok, err := lx.next()
		if err != nil {
			return err
		}
		switch tok.kind {
		case pdfDictOpen:
			depth++
		case pdfDictClose:
			depth--
		}
	}
	return nil
}

// skipToImageData skips an inline image: its parameters up to ID, then its data up to EI.
func skipToImageData(lx *pdfLexer) error {
	for {
		tok, err := lx.next()
		if err != nil {
			return err
		}
		if tok.kind == pdfOperator && tok.text == "ID" {
			return lx.skipInlineImage()
		}
	}
}

// interpret runs the text operators of a content stream.
func (x *pdfText) interpret(p pdf.Page, lx *pdfLexer) error {
	fonts := map[string]pdf.TextEncoding{}
	var enc pdf.TextEncoding = rawText{}
	var ops []pdfOperand
	for {
		tok, err := lx.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch tok.kind {
		case pdfArrayOpen:
			parts, err := readPDFArray(lx)
			if err != nil {
				return err
			}
			ops = pushOperand(ops, pdfOperand{tok: tok, parts: parts})
		case pdfDictOpen:
			if err := skipPDFDict(lx); err != nil {
				return err
			}
		case pdfOperator:
			if enc, err = x.operator(p, tok.text, ops, enc, fonts, lx); err != nil {
				return err
			}
			ops = ops[:0]
		default:
			ops = pushOperand(ops, pdfOperand{tok: tok})
		}
	}
}

// pushOperand adds an operand; past maxOperands only the last few are kept, which is all an
// operator uses.
func pushOperand(ops []pdfOperand, op pdfOperand) []pdfOperand {
	if len(ops) == maxOperands {
		ops = append(ops[:0], ops[maxOperands-4:]...)
	}
	return append(ops, op)
}

// operator applies one operator; it returns the encoding in effect after it.
func (x *pdfText) operator(p pdf.Page, op string, ops []pdfOperand, enc pdf.TextEncoding,
	fonts map[string]pdf.TextEncoding, lx *pdfLexer) (pdf.TextEncoding, error) {
	last := func() pdfOperand {
		if len(ops) == 0 {
			return pdfOperand{}
		}
		return ops[len(ops)-1]
	}
	switch op {
	case "BT", "T*":
		return enc, x.out.WriteString("\n")
	case "Tf":
		if len(ops) >= 2 && ops[len(ops)-2].tok.kind == pdfName {
			return x.font(p, ops[len(ops)-2].tok.text, fonts)
		}
	case "'", "\"":
		if err := x.out.WriteString("\n"); err != nil {
			return enc, err
		}
		fallthrough
	case "Tj":
		if o := last(); o.tok.kind == pdfString {
			return enc, x.show(enc, o.tok.text)
		}
	case "TJ":
		for _, s := range last().parts {
			if err := x.show(enc, s); err != nil {
				return enc, err
			}
		}
	case "BI":
		return enc, skipToImageData(lx)
	}
	return enc, nil
}

// show writes a string decoded by the font's encoding, a chunk at a time.
func (x *pdfText) show(enc pdf.TextEncoding, raw string) error {
	for len(raw) > 0 {
		if err := x.ctx.Err(); err != nil {
			return err
		}
		n := min(len(raw), decodeChunk)
		if err := x.out.WriteString(enc.Decode(raw[:n])); err != nil {
			return err
		}
		raw = raw[n:]
	}
	return nil
}

// font is the encoding of the page's font name, read once per page. A character map past
// maxCMapBytes is too large; a font's glyph-name table too long to be real is left undecoded.
func (x *pdfText) font(p pdf.Page, name string, fonts map[string]pdf.TextEncoding) (pdf.TextEncoding, error) {
	if enc, ok := fonts[name]; ok {
		return enc, nil
	}
	f := p.Font(name)
	var enc pdf.TextEncoding = rawText{}
	differences := f.V.Key("Encoding").Key("Differences")
	switch {
	case f.V.Kind() != pdf.Dict:
	case differences.Len() > 512:
	case differences.Kind() == pdf.Array:
		enc = byteTable(f.Encoder())
	default:
		if cmap := f.V.Key("ToUnicode"); cmap.Kind() == pdf.Stream {
			if err := x.checkStream(cmap, maxCMapBytes); err != nil {
				return enc, err
			}
		}
		enc = f.Encoder()
	}
	fonts[name] = enc
	return enc, nil
}

// byteTable is a one-byte encoding read once into a table: the library's own decoding of a
// glyph-name table searches the whole table for every byte.
func byteTable(enc pdf.TextEncoding) pdf.TextEncoding {
	var t tableText
	for c := range t {
		t[c] = enc.Decode(string([]byte{byte(c)}))
	}
	return &t
}

type tableText [256]string

func (t *tableText) Decode(raw string) string {
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		b.WriteString(t[raw[i]])
	}
	return b.String()
}

// checkStream inflates a stream the library will read itself, counting its bytes against the
// budget, and refuses it past limit.
func (x *pdfText) checkStream(v pdf.Value, limit int64) error {
	rd := v.Reader()
	defer func() { _ = rd.Close() }()
	n, err := io.Copy(io.Discard, &boundedReader{ctx: x.ctx, r: io.LimitReader(rd, limit+1), left: &x.left})
	if err != nil {
		return err
	}
	if n > limit {
		return tooLarge("a font's character map decompresses to more than %s", sizeText(limit))
	}
	return nil
}

// rawText shows a string's bytes as they are, for text in a font with no usable encoding.
type rawText struct{}

func (rawText) Decode(raw string) string { return raw }
