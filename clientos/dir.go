package clientos

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// folder is what readDir found in a client OS folder.
type folder struct {
	docs     map[string]string // readable documents
	present  map[string]bool   // documents that exist, readable or not
	findings []Finding
	missing  bool // the folder itself is not there
}

const folderHelp = "a client OS folder holds brand.md, strategy.md, pillars.md, decisions.md and style/<platform>.md"

func readDir(dir string) folder {
	f := folder{docs: map[string]string{}, present: map[string]bool{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		f.missing = true
		msg := fmt.Sprintf("cannot read the folder %s (%v); %s", dir, err, folderHelp)
		if st, serr := os.Stat(dir); os.IsNotExist(serr) {
			msg = fmt.Sprintf("the folder %s does not exist; give the path of a client OS folder — %s", dir, folderHelp)
		} else if serr == nil && !st.IsDir() {
			msg = fmt.Sprintf("%s is a file, not a folder; %s", dir, folderHelp)
		}
		f.findings = append(f.findings, Finding{"", SeverityError, msg})
		return f
	}
	for _, e := range entries {
		name := e.Name()
		doc := strings.TrimSuffix(name, ".md")
		switch {
		case strings.HasPrefix(name, "."):
		case strings.HasSuffix(name, ".md") && ValidDocument(doc) && !strings.Contains(doc, "/"):
			f.read(filepath.Join(dir, name), doc)
		case name == "style" && e.IsDir():
			f.readStyles(filepath.Join(dir, name))
		default:
			f.ignore(name, e.IsDir())
		}
	}
	return f
}

func (f *folder) readStyles(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		f.findings = append(f.findings, Finding{"style", SeverityError,
			fmt.Sprintf("cannot read the style/ folder (%v); check its permissions", err)})
		return
	}
	for _, e := range entries {
		name := e.Name()
		platform, isMD := strings.CutSuffix(name, ".md")
		switch {
		case strings.HasPrefix(name, "."):
		case isMD && platformRE.MatchString(platform):
			f.read(filepath.Join(dir, name), StyleDocument(platform))
		case isMD:
			f.findings = append(f.findings, Finding{"style", SeverityError, fmt.Sprintf(
				"style/%s: the platform name %q must be lowercase letters, digits and dashes; rename it, e.g. to style/%s.md",
				name, platform, suggestPlatform(platform))})
		default:
			f.ignore("style/"+name, e.IsDir())
		}
	}
}

func suggestPlatform(p string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(p) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
		case b.Len() > 0:
			b.WriteByte('-')
		}
	}
	if s := strings.Trim(b.String(), "-"); s != "" {
		return s
	}
	return "linkedin"
}

func (f *folder) ignore(name string, isDir bool) {
	if isDir {
		name += "/"
	}
	f.findings = append(f.findings, Finding{"", SeverityWarning, fmt.Sprintf(
		"%s is not part of a Client OS and is ignored; %s", name, folderHelp)})
}

// read loads one document, refusing unreadable and oversized files without reading them whole.
func (f *folder) read(path, doc string) {
	f.present[doc] = true
	r := &report{doc: doc}
	data, err := readLimited(path)
	switch {
	case err != nil:
		r.errorf("cannot be read (%v); check that it is a readable file", err)
	case len(data) > MaxDocumentBytes:
		r.errorf("is over the 1 MiB limit; a Client OS document must be short enough to read — cut it down")
	default:
		f.docs[doc] = string(data)
	}
	f.findings = append(f.findings, r.out...)
}

func readLimited(path string) ([]byte, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return io.ReadAll(io.LimitReader(file, MaxDocumentBytes+1))
}
