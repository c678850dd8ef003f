package clientos

import (
	"fmt"
)

// cadenceFindings checks each style guide's cadence against the channels bound to its platform,
// when they are known (p.Caps is not nil): a cadence above what their daily caps allow is an error,
// a cadence with no channel to publish in a warning when p.WarnUnbound.
func cadenceFindings(o *OS, p Platforms) []Finding {
	if p.Caps == nil {
		return nil
	}
	client := p.Client
	if client == "" {
		client = "<client>"
	}
	var fs []Finding
	for _, s := range o.Styles {
		if !s.Cadence.IsSet() {
			continue
		}
		doc := StyleDocument(s.Platform)
		dailyCap, bound := p.Caps[s.Platform]
		if !bound {
			if !p.WarnUnbound {
				continue
			}
			fs = append(fs, Finding{doc, SeverityWarning, fmt.Sprintf(
				"%s: cadence %s plans %s, but no channel is bound to %s, so none will be planned; bind one with /mos bind %s %s, or leave cadence out",
				FileName(doc), s.Cadence, s.Cadence.Describe(s.Platform), s.Platform, client, s.Platform)})
			continue
		}
		if err := s.Cadence.CheckCap(dailyCap); err != nil {
			fs = append(fs, Finding{doc, SeverityError, FileName(doc) + ": " + err.Error()})
		}
	}
	return fs
}
