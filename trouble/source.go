package trouble

import "fmt"

// UnreadableSource is what people see on a piece whose source could not be read, with the reason.
func UnreadableSource(reason string) string {
	return fmt.Sprintf("I couldn't read the source (%s). This piece is written from your brief only — "+
		"paste the key passage or attach the file.", reason)
}

// UnreadableFile is what people see on a piece whose attached file could not be read: its name and
// the reason.
func UnreadableFile(name, reason string) string {
	return fmt.Sprintf("I couldn't read the attached file %s (%s). Paste the key passage, or attach "+
		"a .txt, .md or .pdf file with a text layer, up to 5 MB.", name, reason)
}
