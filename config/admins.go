package config

import (
	"regexp"
	"strings"
)

// slackUserID is the shape of a Slack member id: U… (or W… on Enterprise Grid), upper case.
var slackUserID = regexp.MustCompile(`^[UW][A-Z0-9]{2,20}$`)

// admins reads MOS_ADMINS: comma-separated Slack member ids of the people who, besides workspace
// owners and admins, may name a client's first approver.
func admins(v value) ([]string, error) {
	var ids []string
	for entry := range strings.SplitSeq(v.text, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		if !slackUserID.MatchString(entry) {
			return nil, v.bad("has %q, which is not a Slack member id: list ids like U024BE7LH, comma-separated "+
				"(in Slack, a person's profile → ⋮ → Copy member ID)", entry)
		}
		ids = append(ids, entry)
	}
	return ids, nil
}
