package engine

// UnreadableNote is what people see on a piece whose source could not be read; %s is the reason.
const UnreadableNote = "I couldn't read the source (%s). This piece is written from your brief only — " +
	"paste the key passage or attach the file."

// UnreadableFileNote is what people see on a piece whose attached file could not be read; the
// first %s is the file's name, the second the reason.
const UnreadableFileNote = "I couldn't read the attached file %s (%s). Paste the key passage, or attach " +
	"a .txt, .md or .pdf file with a text layer, up to 5 MB."
