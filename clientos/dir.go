package clientos

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/mos-hq/mos/regularfile"
)

// folder is what readDir found in a client OS folder.
type folder struct {
	docs     map[string]string // readable documents
	present  map[string]bool   // documents that exist, readable or not
	findings []Finding
	missing  bool // the folder itself is not there
}

const folderHelp = "a client OS folder holds brand.md, strategy.md, pillars.md, decisions.md and style/<platform>.md"

// readDir reads the folder dir. Only regular files are read: a symbolic link, named pipe, device
// or socket where a document or style/ belongs is an error finding, and nothing is opened through
// one, so no path can lead outside the folder and no pipe can hang the read. dir itself may be a link.
func readDir(dir string) folder {
	f := folder{docs: map[string]string{}, present: map[string]bool{}}
	root, entries, err := openFolder(dir)
	if err != nil {
		f.missing = true
		f.findings = append(f.findings, Finding{"", SeverityError, folderProblem(dir, err)})
		return f
	}
	defer root.Close()
	for _, e := range entries {
		name := e.Name()
		doc := strings.TrimSuffix(name, ".md")
		switch {
		case strings.HasPrefix(name, "."):
		case strings.HasSuffix(name, ".md") && ValidDocument(doc) && !strings.Contains(doc, "/"):
			f.read(root, name, doc)
		case name == "style" && e.IsDir():
			f.readStyles(root)
		case name == "style":
			f.findings = append(f.findings, Finding{"style", SeverityError, styleNotFolder(e.Type())})
		default:
			f.ignore(name, e.IsDir())
		}
	}
	return f
}

// openFolder opens dir as a root no path can leave, and lists it. It looks first: opening a named
// pipe waits for a writer, so anything but a folder (or a link to one) is refused before any open.
func openFolder(dir string) (*os.Root, []fs.DirEntry, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, nil, err
	}
	if !st.IsDir() {
		return nil, nil, &regularfile.NotRegularError{Name: dir, Mode: st.Mode()}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, err
	}
	entries, err := fs.ReadDir(root.FS(), ".")
	if err != nil {
		root.Close()
		return nil, nil, err
	}
	return root, entries, nil
}

// folderProblem says why dir cannot be read as a client OS folder.
func folderProblem(dir string, err error) string {
	st, serr := os.Stat(dir)
	switch {
	case os.IsNotExist(serr):
		return fmt.Sprintf("the folder %s does not exist; give the path of a client OS folder — %s", dir, folderHelp)
	case serr == nil && st.Mode().IsRegular():
		return fmt.Sprintf("%s is a file, not a folder; %s", dir, folderHelp)
	case serr == nil && !st.IsDir():
		return fmt.Sprintf("%s is %s, not a folder; give the path of a client OS folder — %s", dir, regularfile.Describe(st.Mode()), folderHelp)
	default:
		return fmt.Sprintf("cannot read the folder %s (%v); %s", dir, unwrapPath(err), folderHelp)
	}
}

func (f *folder) readStyles(root *os.Root) {
	entries, err := fs.ReadDir(root.FS(), "style")
	if err != nil {
		f.findings = append(f.findings, Finding{"style", SeverityError,
			fmt.Sprintf("cannot read the style/ folder (%v); check its permissions", unwrapPath(err))})
		return
	}
	for _, e := range entries {
		name := e.Name()
		platform, isMD := strings.CutSuffix(name, ".md")
		switch {
		case strings.HasPrefix(name, "."):
		case isMD && platformRE.MatchString(platform):
			f.read(root, "style/"+name, StyleDocument(platform))
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

// read loads one document (name is its slash path in root), refusing anything but a regular file
// and oversized files without reading them whole.
func (f *folder) read(root *os.Root, name, doc string) {
	f.present[doc] = true
	data, err := readLimited(root, name)
	var nr *regularfile.NotRegularError
	switch {
	case errors.As(err, &nr):
		f.findings = append(f.findings, Finding{doc, SeverityError, notRegularMessage(name, nr.Mode)})
	case err != nil:
		f.findings = append(f.findings, Finding{doc, SeverityError, fmt.Sprintf(
			"%s cannot be read (%v); check that it is a readable file", name, unwrapPath(err))})
	case len(data) > MaxDocumentBytes:
		f.findings = append(f.findings, Finding{doc, SeverityError, fmt.Sprintf(
			"%s is over the 1 MiB limit; a Client OS document must be short enough to read — cut it down", name)})
	default:
		f.docs[doc] = string(data)
	}
}

// notRegularMessage refuses name, which has mode, and says what to put there instead.
func notRegularMessage(name string, mode fs.FileMode) string {
	fix := "replace it with a regular file"
	switch {
	case mode&fs.ModeSymlink != 0:
		fix = "copy the file in instead"
	case mode.IsDir():
		fix = "a folder cannot be read as a document; put the document itself there"
	}
	return fmt.Sprintf("%s is %s; an OS folder holds only regular files — %s", name, regularfile.Describe(mode), fix)
}

// styleNotFolder refuses a style entry that is not a real folder.
func styleNotFolder(mode fs.FileMode) string {
	if mode&fs.ModeSymlink != 0 {
		return "style/ is a symbolic link; an OS folder holds only regular files and folders — make style/ a real folder and copy the style guides into it"
	}
	return fmt.Sprintf("style is %s, not a folder; make style/ a folder holding one style/<platform>.md per platform", regularfile.Describe(mode))
}

func readLimited(root *os.Root, name string) ([]byte, error) {
	file, err := regularfile.OpenInRoot(root, name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return io.ReadAll(io.LimitReader(file, MaxDocumentBytes+1))
}

// unwrapPath drops the operation and path Go puts in a file error: the finding names the file.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
