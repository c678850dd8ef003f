package engine

import (
	"encoding/json"
	"strings"

	"github.com/mos-hq/mos/generate"
)

// NoticeKind is what the engine has to say about a piece that is not a version.
type NoticeKind string

const (
	// NoticeRevisionRefused: the revision could not be stored (Refusal says why); the previous
	// version is kept.
	NoticeRevisionRefused NoticeKind = "revision_refused"
	// NoticeCapFreed: the piece was cancelled before it had an outline, so it no longer counts
	// against the daily cap.
	NoticeCapFreed NoticeKind = "cap_freed"
)

// NoticeKinds are every NoticeKind, for the adapters' tests that each has words.
var NoticeKinds = []NoticeKind{NoticeRevisionRefused, NoticeCapFreed}

// Notice is the engine's last word on a piece that is not a version, stored as data in
// pieces.note (StoredNotice reads it back); the adapters word it. A revision that gave up stores a
// Failure there instead.
type Notice struct {
	Kind    NoticeKind        `json:"notice"`
	Refusal *generate.Refusal `json:"refusal,omitempty"`
}

// stored is the notice as the engine stores it in pieces.note.
func (n Notice) stored() string { return storedData(n) }

// StoredNotice reads what the engine stored as a notice in Piece.Note. ok is false for anything
// else: a Failure, or a note stored in words before notices were stored as data.
func StoredNotice(s string) (n Notice, ok bool) {
	return readStored(s, func(n Notice) bool { return n.Kind != "" })
}

// storedData is v (a Failure, a Notice: plain data that always encodes) as the engine stores it in
// a text column.
func storedData(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// readStored reads back what storedData wrote, when valid accepts it; ok is false for anything
// else in the column (words stored before it held data).
func readStored[T any](s string, valid func(T) bool) (v T, ok bool) {
	var zero T
	if !strings.HasPrefix(s, "{") || json.Unmarshal([]byte(s), &v) != nil || !valid(v) {
		return zero, false
	}
	return v, true
}
