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
	pos  textPos
	// forms is how deep in form XObjects the reader is, drawn counts those drawn on the page.
	forms, drawn int
}

// pdfOperand is one operand: a string, a number, or the parts of an array.
type pdfOperand struct {
	tok   pdfToken
	parts []tjPart
}

// tjPart is one element of a TJ array: a string to show, or a move in thousandths of an em.
type tjPart struct {
	text   string
	adjust float64
	isText bool
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
	if !x.out.endsInSpace() { // a page ends a paragraph
		if err := x.out.WriteString("\n\n"); err != nil {
			return err
		}
	}
	in := &boundedReader{ctx: x.ctx, r: io.MultiReader(readers...), left: &x.left}
	x.pos = newTextPos()
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

// readPDFArray reads an array after its opening bracket and keeps its strings and numbers (a TJ
// operand); nested arrays are flattened and dictionaries skipped. Parts past MaxTextBytes in
// all, with their bookkeeping, are too much text.
func readPDFArray(lx *pdfLexer) ([]tjPart, error) {
	var parts []tjPart
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
			parts = append(parts, tjPart{text: tok.text, isText: true})
		case pdfNumber:
			if size += 16; size > MaxTextBytes {
				return nil, errTextCap
			}
			parts = append(parts, tjPart{adjust: tok.num})
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

// interpret runs the text and positioning operators of a content stream.
func (x *pdfText) interpret(p pdf.Page, lx *pdfLexer) error {
	fonts := map[string]*pdfFont{}
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
			if err := x.operator(p, tok.text, ops, fonts, lx); err != nil {
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
		ops = append(ops[:0], ops[maxOperands-6:]...)
	}
	return append(ops, op)
}

// numbers is the last n operands as numbers; ok is false when there are fewer or one is not.
func numbers(ops []pdfOperand, n int) (v [6]float64, ok bool) {
	if len(ops) < n {
		return v, false
	}
	for i, o := range ops[len(ops)-n:] {
		if o.tok.kind != pdfNumber {
			return v, false
		}
		v[i] = o.tok.num
	}
	return v, true
}

// operator applies one operator.
func (x *pdfText) operator(p pdf.Page, op string, ops []pdfOperand, fonts map[string]*pdfFont, lx *pdfLexer) error {
	if x.state(op, ops) {
		return nil
	}
	last := pdfOperand{}
	if len(ops) > 0 {
		last = ops[len(ops)-1]
	}
	switch op {
	case "Tf":
		if v, ok := numbers(ops, 1); ok && len(ops) >= 2 && ops[len(ops)-2].tok.kind == pdfName {
			f, err := x.font(p, ops[len(ops)-2].tok.text, fonts)
			x.pos.font, x.pos.size = f, v[0]
			return err
		}
	case "'", "\"":
		if v, ok := numbers(ops[:max(0, len(ops)-1)], 2); ok && op == "\"" {
			x.pos.tw, x.pos.tc = v[0], v[1]
		}
		x.pos.moveLine(0, -x.pos.tl)
		x.pos.newLine = true
		fallthrough
	case "Tj":
		if last.tok.kind == pdfString {
			return x.show(last.tok.text)
		}
	case "TJ":
		return x.showArray(last.parts)
	case "BI":
		return skipToImageData(lx)
	case "Do":
		if len(ops) > 0 && last.tok.kind == pdfName {
			return x.form(p, last.tok.text)
		}
	}
	return nil
}

// state applies an operator that changes where text goes, and says whether op was one.
func (x *pdfText) state(op string, ops []pdfOperand) bool {
	t := &x.pos
	switch op {
	case "q":
		t.save()
	case "Q":
		t.restore()
	case "BT":
		t.tm, t.tlm = identity, identity
	case "T*":
		t.moveLine(0, -t.tl)
		t.newLine = true
	default:
		return x.stateWithNumbers(op, ops)
	}
	return true
}

func (x *pdfText) stateWithNumbers(op string, ops []pdfOperand) bool {
	t := &x.pos
	arity := 1
	switch op {
	case "cm", "Tm":
		arity = 6
	case "Td", "TD":
		arity = 2
	case "Tc", "Tw", "Tz", "TL":
	default:
		return false
	}
	v, ok := numbers(ops, arity)
	if !ok {
		return true
	}
	switch op {
	case "cm":
		t.ctm = matrix(v).times(t.ctm)
	case "Tm":
		t.tm, t.tlm = matrix(v), matrix(v)
	case "TD":
		t.tl = -v[1]
		t.moveLine(v[0], v[1])
	case "Td":
		t.moveLine(v[0], v[1])
	case "Tc":
		t.tc = v[0]
	case "Tw":
		t.tw = v[0]
	case "Tz":
		t.th = v[0] / 100
	case "TL":
		t.tl = v[0]
	}
	return true
}

// showArray shows a TJ array: its strings, moved by its numbers.
func (x *pdfText) showArray(parts []tjPart) error {
	for _, part := range parts {
		if !part.isText {
			x.pos.kern(part.adjust)
			continue
		}
		if err := x.show(part.text); err != nil {
			return err
		}
	}
	return nil
}

// show writes a string decoded by the font's encoding, a chunk at a time, after the space or
// line break its position calls for.
func (x *pdfText) show(raw string) error {
	if sep := x.pos.separator(); sep != "" && !x.out.endsInSpace() {
		if err := x.out.WriteString(sep); err != nil {
			return err
		}
	}
	enc := x.pos.font.enc
	for rest := raw; len(rest) > 0; {
		if err := x.ctx.Err(); err != nil {
			return err
		}
		n := min(len(rest), decodeChunk)
		if err := x.out.WriteString(enc.Decode(rest[:n])); err != nil {
			return err
		}
		rest = rest[n:]
	}
	x.pos.advance(raw)
	return nil
}

// font is the page's font of that name, read once per page. A character map past maxCMapBytes
// is too large; a font's glyph-name table too long to be real is left undecoded.
func (x *pdfText) font(p pdf.Page, name string, fonts map[string]*pdfFont) (*pdfFont, error) {
	if f, ok := fonts[name]; ok {
		return f, nil
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
		enc = nil
		if cmap := f.V.Key("ToUnicode"); cmap.Kind() == pdf.Stream {
			if err := x.checkStream(cmap, maxCMapBytes); err != nil {
				return defaultFont, err
			}
			if m, ok := readToUnicode(cmap); ok {
				enc = m
			}
		}
		if enc == nil {
			enc = f.Encoder()
		}
	}
	pf := fontMetrics(f.V, enc)
	fonts[name] = pf
	return pf, nil
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
