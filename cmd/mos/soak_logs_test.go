package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// suspectLogLines is how many of a replica's log lines the soak prints per piece or envelope it
// found wrong: enough to follow what happened to it, bounded so a bad run stays readable.
const suspectLogLines = 60

// printSuspectLogs prints, when the soak found something wrong, every replica's log lines about
// the pieces and envelopes involved (the logs live in a temporary folder removed after the test).
func (r soakResult) printSuspectLogs(w io.Writer, s *soak) {
	keys := r.suspects()
	if len(keys) == 0 {
		return
	}
	for _, rep := range s.replicas {
		data, err := os.ReadFile(rep.log)
		if err != nil {
			continue
		}
		keepLog(w, rep.name, s.seed, data)
		printPanics(w, rep.name, string(data))
		for _, k := range keys {
			lines := matchingLines(string(data), k.pattern)
			_, _ = fmt.Fprintf(w, "--- replica %s, %s: %d log line(s)\n", rep.name, k.name, len(lines))
			if len(lines) > suspectLogLines {
				lines = lines[len(lines)-suspectLogLines:]
			}
			for _, l := range lines {
				_, _ = fmt.Fprintf(w, "  %s\n", l)
			}
		}
	}
}

type suspect struct {
	name    string
	pattern *regexp.Regexp
}

var pieceRef = regexp.MustCompile(`#(\d+)`)

// suspects are the pieces ("#12" in a finding) and envelopes (the first word of an acked-lost
// line) the findings name, as patterns over the replicas' log lines.
func (r soakResult) suspects() []suspect {
	seen := map[string]bool{}
	var out []suspect
	for _, group := range [][]string{r.stuck, r.messages, r.drafts, r.linesDropped, r.linesNotSaved} {
		for _, line := range group {
			m := pieceRef.FindStringSubmatch(line)
			if m == nil || seen[m[1]] {
				continue
			}
			seen[m[1]] = true
			out = append(out, suspect{name: "piece " + m[1],
				pattern: regexp.MustCompile(`piece_id[=":]+` + m[1] + `\b`)})
		}
	}
	for _, line := range r.ackedLost {
		id, _, _ := strings.Cut(line, " ")
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, suspect{name: "envelope " + id, pattern: regexp.MustCompile(regexp.QuoteMeta(id))})
		}
	}
	return out
}

func matchingLines(log string, pattern *regexp.Regexp) []string {
	var out []string
	for _, l := range strings.Split(log, "\n") {
		if pattern.MatchString(l) {
			out = append(out, l)
		}
	}
	return out
}

// keepLog copies a replica's whole log where it outlives the test, and says where.
func keepLog(w io.Writer, name string, seed uint64, data []byte) {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("mos-soak-%d-%s.log", seed, name))
	if err := os.WriteFile(path, data, 0o644); err == nil {
		_, _ = fmt.Fprintf(w, "--- replica %s: whole log kept at %s\n", name, path)
	}
}

// panicLines is how much of each crash a replica logged the soak prints: its first lines say
// what and where.
const panicLines = 40

// printPanics prints the start of every crash (a panic or a fatal error) in a replica's log.
func printPanics(w io.Writer, name, log string) {
	lines := strings.Split(log, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "panic:") && !strings.HasPrefix(l, "fatal error:") {
			continue
		}
		_, _ = fmt.Fprintf(w, "--- replica %s crashed:\n", name)
		for _, c := range lines[i:min(i+panicLines, len(lines))] {
			_, _ = fmt.Fprintf(w, "  %s\n", c)
		}
	}
}
