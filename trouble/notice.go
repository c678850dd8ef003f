package trouble

import (
	"fmt"

	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/generate"
)

// Notice is what a piece says under its latest version about what the engine did that is not a
// version: a revision it refused, a cap slot it gave back.
func Notice(n engine.Notice) string {
	switch n.Kind {
	case engine.NoticeCapFreed:
		return "It was cancelled before it had an outline, so it no longer counts against the daily cap."
	case engine.NoticeRevisionRefused:
		if n.Refusal != nil {
			return "Revision refused: " + refusal(*n.Refusal)
		}
		return "Revision refused. The previous version is kept."
	}
	return string(n.Kind)
}

// refusal says why a revision could not be stored and what to do instead.
func refusal(r generate.Refusal) string {
	switch r.Reason {
	case generate.RefusedTooLong:
		return fmt.Sprintf("it would be %d characters (with %d line(s) a person wrote put back), over the %d a "+
			"draft holds. The previous version is kept; ask for a shorter revision or use Edit.", r.Chars, r.Restored, r.Limit)
	case generate.RefusedOutlineBroken:
		return truncate(fmt.Sprintf("it dropped %d line(s) a person wrote, and putting them back breaks the outline "+
			"(%s). The previous version is kept; ask again, or use Edit.", r.Restored, r.Problem), 600)
	}
	return "the previous version is kept."
}
