package generate

// RefusalReason is why a revision cannot be stored.
type RefusalReason string

const (
	// RefusedTooLong: the revised draft, with the lines a person wrote put back, is longer than a
	// draft holds; cutting it could drop those lines.
	RefusedTooLong RefusalReason = "too_long"
	// RefusedOutlineBroken: putting back the lines a person wrote that the revision dropped makes
	// an outline that no longer parses.
	RefusedOutlineBroken RefusalReason = "outline_broken"
)

// RefusalReasons are every RefusalReason, for the adapters' tests that each has words.
var RefusalReasons = []RefusalReason{RefusedTooLong, RefusedOutlineBroken}

// Refusal is why a revision cannot be stored (the previous version is kept), as data the adapters
// word.
type Refusal struct {
	Reason   RefusalReason `json:"reason"`
	Restored int           `json:"restored"`          // lines a person wrote that were put back
	Chars    int           `json:"chars,omitempty"`   // RefusedTooLong: the revised draft's length
	Limit    int           `json:"limit,omitempty"`   // RefusedTooLong: what a draft holds
	Problem  string        `json:"problem,omitempty"` // RefusedOutlineBroken: why the outline does not parse
}
