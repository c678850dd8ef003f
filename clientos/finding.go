package clientos

import (
	"fmt"
	"strings"
)

// Severity says whether a finding blocks a save or import ("error") or only advises ("warning").
type Severity string

// The two severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Finding is one lint result. Document is the document it concerns ("brand", "style/linkedin"),
// "style" when no style guide exists at all, or "" for the folder or the OS as a whole. Message names
// the file, says what is wrong and what to do.
type Finding struct {
	Document string
	Severity Severity
	Message  string
}

func (f Finding) String() string { return string(f.Severity) + ": " + f.Message }

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Warnings returns the warnings among fs.
func Warnings(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Severity == SeverityWarning {
			out = append(out, f)
		}
	}
	return out
}

// FindingsError refuses a save or import because of lint errors; Findings holds every finding,
// warnings included, so the caller can show them all at once.
type FindingsError struct {
	Findings []Finding
}

func (e *FindingsError) Error() string {
	var b strings.Builder
	n := 0
	for _, f := range e.Findings {
		if f.Severity == SeverityError {
			n++
		}
	}
	fmt.Fprintf(&b, "clientos: refused with %d lint error(s), nothing was written:", n)
	for _, f := range e.Findings {
		b.WriteString("\n  " + f.String())
	}
	return b.String()
}

// report collects the findings about one document, prefixing each message with its file name.
type report struct {
	doc string
	out []Finding
}

func (r *report) errorf(format string, args ...any) { r.add(SeverityError, format, args...) }
func (r *report) warnf(format string, args ...any)  { r.add(SeverityWarning, format, args...) }

func (r *report) add(sev Severity, format string, args ...any) {
	r.out = append(r.out, Finding{
		Document: r.doc,
		Severity: sev,
		Message:  FileName(r.doc) + ": " + fmt.Sprintf(format, args...),
	})
}
