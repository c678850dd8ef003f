package source

import (
	"io"

	"github.com/ledongthuc/pdf"
)

// A form XObject is a content stream a page draws by name (Do): a letterhead, a template, a
// slide's text box. Its text is the page's text, read in place with the form's own fonts.

const (
	maxFormDepth  = 8   // forms drawing forms, deeper than producers nest them
	maxFormsDrawn = 512 // forms drawn on one page; each is inflated again, against the shared budget
)

// form reads the text of the page's form XObject of that name, placed by its matrix.
func (x *pdfText) form(p pdf.Page, name string) error {
	v := p.Resources().Key("XObject").Key(name)
	if v.Kind() != pdf.Stream || v.Key("Subtype").Name() != "Form" || x.forms >= maxFormDepth ||
		x.drawn >= maxFormsDrawn {
		return nil
	}
	x.forms++
	x.drawn++
	defer func() { x.forms-- }()
	owner := pdf.Page{V: v}
	if v.Key("Resources").Kind() != pdf.Dict {
		owner = p // an old form uses the page's resources
	}
	saved := x.pos
	if m, ok := formMatrix(v.Key("Matrix")); ok {
		x.pos.ctm = m.times(x.pos.ctm)
	}
	x.pos.saved, x.pos.deeper = nil, 0
	in := &boundedReader{ctx: x.ctx, r: &lazyStream{v: v}, left: &x.left}
	err := x.interpret(owner, newPDFLexer(in, MaxTextBytes))
	if err == io.EOF {
		err = nil
	}
	after := x.pos
	x.pos = saved
	x.pos.shown, x.pos.endX, x.pos.endY = after.shown, after.endX, after.endY
	x.pos.endDirX, x.pos.endDirY, x.pos.endEm = after.endDirX, after.endDirY, after.endEm
	return err
}

// formMatrix reads a form's /Matrix, when it has six numbers.
func formMatrix(v pdf.Value) (matrix, bool) {
	var m matrix
	if v.Kind() != pdf.Array || v.Len() != 6 {
		return m, false
	}
	for i := range m {
		m[i] = v.Index(i).Float64()
	}
	return m, true
}
