package source_test

import (
	"bytes"
	"compress/flate"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/rc4"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"hash/crc32"
	"io"
	"strings"
)

// testPDF describes a PDF built by buildPDF: a small, real PDF 1.4 file with Helvetica text.
type testPDF struct {
	Title        string
	Pages        []string // the text of each page; lines split on \n
	NoText       bool     // draw a box on each page instead of text, like a scan without OCR
	UserPassword string   // non-empty: encrypt with the standard security handler (RC4, 128 bit)
	Raw          bool     // Pages are content streams as they are, not text to draw
	Font         string   // the font dictionary, when not Helvetica in WinAnsiEncoding
	OwnerOnly    bool     // encrypt with an empty user password (opens without asking), owner "owner"
	AES          bool     // encrypt with AES-128 (V 4, R 4) instead of RC4
	Extra        []string // objects added after the content streams, numbered on from there
	Resources    string   // entries added to each page's resources, such as an /XObject dictionary
}

// pdfPadding is the standard security handler's password padding.
var pdfPadding = []byte{0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA,
	0x01, 0x08, 0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A}

type pdfCrypt struct {
	key  []byte
	o, u []byte
	id   []byte
	aes  bool
}

// encrypt encrypts an object's string or stream data: RC4, or AES-128 in CBC mode with a fixed
// initialisation vector and PKCS#7 padding (algorithm 1 of §7.6.2).
func (c *pdfCrypt) encrypt(num int, data []byte) []byte {
	if !c.aes {
		return rc4Bytes(c.objectKey(num), data)
	}
	b := append(append([]byte{}, c.key...), byte(num), byte(num>>8), byte(num>>16), 0, 0)
	key := md5.Sum(append(b, "sAlT"...))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		panic(err)
	}
	pad := aes.BlockSize - len(data)%aes.BlockSize
	plain := append(append([]byte{}, data...), bytes.Repeat([]byte{byte(pad)}, pad)...)
	iv := []byte("mos-test-aes-iv!")
	out := append([]byte{}, iv...)
	out = append(out, make([]byte, len(plain))...)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out[aes.BlockSize:], plain)
	return out
}

const pdfPermissions = -44

// newPDFCrypt follows algorithms 2, 3 and 5 of PDF 32000-1 §7.6.3 for revision 3 with a
// 128-bit key.
func newPDFCrypt(user, owner string) *pdfCrypt {
	pad := func(pw string) []byte { return append([]byte(pw), pdfPadding...)[:32] }
	c := &pdfCrypt{id: []byte("mos-test-pdf-id!")}
	ownerKey := md5.Sum(pad(owner))
	for range 50 {
		ownerKey = md5.Sum(ownerKey[:])
	}
	c.o = rc4Rounds(ownerKey[:], pad(user))
	h := md5.New()
	h.Write(pad(user))
	h.Write(c.o)
	perm := int32(pdfPermissions)
	p := uint32(perm)
	h.Write([]byte{byte(p), byte(p >> 8), byte(p >> 16), byte(p >> 24)})
	h.Write(c.id)
	key := h.Sum(nil)
	for range 50 {
		sum := md5.Sum(key)
		key = sum[:]
	}
	c.key = key
	check := md5.Sum(append(append([]byte{}, pdfPadding...), c.id...))
	c.u = append(rc4Rounds(c.key, check[:]), make([]byte, 16)...)
	return c
}

// rc4Rounds encrypts with key, then 19 more times with key XOR i.
func rc4Rounds(key, data []byte) []byte {
	out := rc4Bytes(key, data)
	for i := 1; i <= 19; i++ {
		k := make([]byte, len(key))
		for j := range key {
			k[j] = key[j] ^ byte(i)
		}
		out = rc4Bytes(k, out)
	}
	return out
}

func rc4Bytes(key, data []byte) []byte {
	ciph, err := rc4.NewCipher(key)
	if err != nil {
		panic(err)
	}
	out := make([]byte, len(data))
	ciph.XORKeyStream(out, data)
	return out
}

// objectKey is the per-object key of algorithm 1.
func (c *pdfCrypt) objectKey(num int) []byte {
	b := append(append([]byte{}, c.key...), byte(num), byte(num>>8), byte(num>>16), 0, 0)
	sum := md5.Sum(b)
	return sum[:]
}

func pdfLiteral(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`)
	return "(" + r.Replace(s) + ")"
}

func pageContent(text string, noText, raw bool) string {
	if raw {
		return text
	}
	if noText {
		return "0.5 g 72 72 468 648 re f\n"
	}
	var b strings.Builder
	b.WriteString("BT /F1 11 Tf 14 TL 72 740 Td\n")
	for _, line := range strings.Split(text, "\n") {
		fmt.Fprintf(&b, "%s Tj T*\n", pdfLiteral(line))
	}
	b.WriteString("ET\n")
	return b.String()
}

// buildPDF writes the file. Objects: 1 catalog, 2 pages, 3 font, 4 info, then a page and its
// content stream per page, then the encryption dictionary if any.
func buildPDF(spec testPDF) []byte {
	var crypt *pdfCrypt
	if spec.UserPassword != "" || spec.OwnerOnly {
		crypt = newPDFCrypt(spec.UserPassword, "owner-"+spec.UserPassword)
		crypt.aes = spec.AES
	}
	str := func(num int, s string) string {
		if crypt == nil {
			return pdfLiteral(s)
		}
		return fmt.Sprintf("<%x>", crypt.encrypt(num, []byte(s)))
	}
	stream := func(num int, s string) string {
		data := []byte(s)
		if crypt != nil {
			data = crypt.encrypt(num, data)
		}
		return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(data), data)
	}
	font := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
	if spec.Font != "" {
		font = spec.Font
	}
	objs := []string{"", "<< /Type /Catalog /Pages 2 0 R >>", "", font,
		"<< /Title " + str(4, spec.Title) + " /Producer " + str(4, "mos test generator") + " >>"}
	resources := ""
	if spec.Resources != "" {
		resources = spec.Resources + " "
	}
	var kids []string
	for i, text := range spec.Pages {
		pageNum, contentNum := 5+2*i, 6+2*i
		kids = append(kids, fmt.Sprintf("%d 0 R", pageNum))
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "+
			"/Resources << /Font << /F1 3 0 R >> %s>> /Contents %d 0 R >>", resources, contentNum),
			stream(contentNum, pageContent(text, spec.NoText, spec.Raw)))
	}
	objs[2] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	objs = append(objs, spec.Extra...)
	trailer := "/Root 1 0 R /Info 4 0 R"
	if crypt != nil {
		handler := "/V 2 /R 3 /Length 128"
		if crypt.aes {
			handler = "/V 4 /R 4 /Length 128 /CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen /Length 16 >> >> " +
				"/StmF /StdCF /StrF /StdCF"
		}
		objs = append(objs, fmt.Sprintf("<< /Filter /Standard %s /O <%x> /U <%x> /P %d >>",
			handler, crypt.o, crypt.u, pdfPermissions))
		trailer += fmt.Sprintf(" /Encrypt %d 0 R /ID [<%x> <%x>]", len(objs)-1, crypt.id, crypt.id)
	}
	return writePDF(objs, trailer)
}

func writePDF(objs []string, trailer string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for num := 1; num < len(objs); num++ {
		offsets[num] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", num, objs[num])
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs))
	for num := 1; num < len(objs); num++ {
		fmt.Fprintf(&b, "%010d 00000 n \n", offsets[num])
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n", len(objs), trailer, xref)
	return b.Bytes()
}

// flatePDF is a one-page PDF whose content stream, FlateDecode-compressed, is head, then unit
// repeated to about size bytes, then tail. fontObjs, when given, replace the page's font (the
// first) and add objects after the content stream.
func flatePDF(head, unit, tail string, size int, fontObjs ...string) []byte {
	z := repeatedZlib(head, unit, tail, size)
	font := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
	if len(fontObjs) > 0 {
		font = fontObjs[0]
	}
	objs := []string{"", "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
		font, "<< /Title (Bomb) >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 6 0 R >>",
		fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", len(z), z)}
	objs = append(objs, fontObjs[min(1, len(fontObjs)):]...)
	return writePDF(objs, "/Root 1 0 R /Info 4 0 R")
}

// repeatedZlib is the zlib stream of head, unit repeated to about size bytes, and tail.
func repeatedZlib(head, unit, tail string, size int) []byte {
	sum := adler32.New()
	out := append([]byte{0x78, 0xda}, repeatedDeflate(head, unit, tail, size, sum)...)
	return sum.Sum(out)
}

// repeatedGzip is the gzip stream of head, unit repeated to about size bytes, and tail.
func repeatedGzip(head, unit, tail string, size int) []byte {
	sum := crc32.NewIEEE()
	n := &countingWriter{}
	out := append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff},
		repeatedDeflate(head, unit, tail, size, io.MultiWriter(sum, n))...)
	out = binary.LittleEndian.AppendUint32(out, sum.Sum32())
	return binary.LittleEndian.AppendUint32(out, uint32(n.n))
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// repeatedDeflate deflates head, unit repeated to about size bytes, and tail, writing them to
// plain (for a checksum) — without compressing size bytes: a chunk of units is deflated once by
// a fresh compressor and flushed to a byte boundary, so its back-references stay inside it and
// its bytes can be repeated as they are.
func repeatedDeflate(head, unit, tail string, size int, plain io.Writer) []byte {
	segment := func(data []byte, final bool) []byte {
		var b bytes.Buffer
		fw, err := flate.NewWriter(&b, flate.BestCompression)
		if err != nil {
			panic(err)
		}
		_, _ = fw.Write(data)
		if final {
			err = fw.Close()
		} else {
			err = fw.Flush()
		}
		if err != nil {
			panic(err)
		}
		_, _ = plain.Write(data)
		return b.Bytes()
	}
	chunk := []byte(strings.Repeat(unit, max(1, (256<<10)/len(unit))))
	out := segment([]byte(head), false)
	packed := segment(chunk, false)
	for n := len(chunk); n < size; n += len(chunk) {
		out = append(out, packed...)
		_, _ = plain.Write(chunk)
	}
	out = append(out, packed...)
	return append(out, segment([]byte(tail), true)...)
}

// textBombPDF is a small PDF whose one page draws about size bytes of text.
func textBombPDF(size int) []byte {
	return flatePDF("BT /F1 11 Tf 14 TL 72 740 Td\n", "(The month-end close still takes 9 days.) Tj T*\n", "ET\n", size)
}

// operandBombPDF is a small PDF whose one page is about size bytes of operands and no text.
func operandBombPDF(size int) []byte {
	return flatePDF("BT /F1 11 Tf\n", "1 2 3 4 5 6 7 8 9 0 ", "ET\n", size)
}

// commentBombPDF is a small PDF whose one page is about size bytes of comments and no text.
func commentBombPDF(size int) []byte {
	return flatePDF("BT /F1 11 Tf\n", "% "+strings.Repeat("close ", 200)+"\n0 0 Td\n", "ET\n", size)
}

// stringBombPDF is a small PDF whose one page shows one string of about size bytes.
func stringBombPDF(size int) []byte {
	return flatePDF("BT /F1 11 Tf (", "closetakes9days ", ") Tj ET\n", size)
}

// cmapBombPDF is a PDF whose font maps two-byte codes through a character map of entries
// entries, none of them the code shown, and whose page shows about size bytes of such codes:
// each code costs a search of the whole map, so the text is slow to decode though small.
func cmapBombPDF(entries, size int) []byte {
	var cmap strings.Builder
	cmap.WriteString("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n" +
		"1 begincodespacerange <0000> <FFFF> endcodespacerange\n")
	for i := 0; i < entries; i += 100 {
		fmt.Fprintf(&cmap, "%d beginbfchar\n", min(100, entries-i))
		for j := i; j < min(i+100, entries); j++ {
			fmt.Fprintf(&cmap, "<%04X> <%04X>\n", 0x1000+j, 0x4E00+j%20000)
		}
		cmap.WriteString("endbfchar\n")
	}
	cmap.WriteString("endcmap CMapName currentdict /CMap defineresource pop end end\n")
	font := "<< /Type /Font /Subtype /Type0 /BaseFont /Bomb /Encoding /Identity-H /ToUnicode 7 0 R >>"
	stream := fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", cmap.Len(), cmap.String())
	return flatePDF("BT /F1 11 Tf\n", "<0001000200030004000500060007000800090010> Tj\n", "ET\n", size, font, stream)
}
