package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// evidenceKey fingerprints the evidence behind a proposal: the rule and what it saw (pieces,
// phrases, counts). Two reports that see the same evidence make the same key, so an applied or
// dismissed proposal is not made again from it.
func evidenceKey(rule string, parts ...string) string {
	sum := sha256.Sum256([]byte(rule + "\x00" + strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:8])
}

// idsKey is a list of ids as key material.
func idsKey(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}
