package clientos

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/mos-hq/mos/regularfile"
)

// ExportResult says what an export wrote and what it found in the folder and left alone.
type ExportResult struct {
	Written []string   // slash paths of the files written, in render order
	Kept    []KeptFile // what was in the folder but is not part of the stored OS, left as it was
}

// KeptFile is something in an export's folder that the export did not write. Export never deletes:
// the folder may hold a person's own notes, or a style guide not imported yet.
type KeptFile struct {
	Path     string // slash path in the folder; a folder ends in "/"
	Document string // the Client OS document this file would be imported as (e.g. "style/old"), or ""
}

// ExportDir writes the snapshot in the folder format, each file byte for byte as stored. It refuses
// a folder that is not empty unless force is set; force replaces the OS files in it and leaves the
// rest, listing it in Kept. It never writes through a symbolic link: a link as the folder, as style/
// or where a file is to go is refused, naming it, before anything is written. Each file is written
// to a temporary file next to it and renamed into place, so a file is either the old or the new one.
func ExportDir(s Snapshot, dir string, force bool) (ExportResult, error) {
	if len(s.Docs) == 0 {
		return ExportResult{}, fmt.Errorf("client %s has no OS documents to export yet", s.Client.Slug)
	}
	root, err := openExportFolder(dir)
	if err != nil {
		return ExportResult{}, err
	}
	defer root.Close()
	kept, err := checkExportFolder(root, dir, s, force)
	if err != nil {
		return ExportResult{}, err
	}
	res := ExportResult{Kept: kept}
	for _, doc := range s.Documents() {
		name := FileName(doc)
		if err := replaceFile(root, name, []byte(s.Docs[doc].Content)); err != nil {
			return res, fmt.Errorf("clientos: export %s: %w", filepath.Join(dir, filepath.FromSlash(name)), err)
		}
		res.Written = append(res.Written, name)
	}
	return res, nil
}

// openExportFolder opens dir, creating it if it does not exist, and refuses a link or a file.
func openExportFolder(dir string) (*os.Root, error) {
	st, err := os.Lstat(filepath.Clean(dir))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("clientos: export: create %s: %w", dir, err)
		}
	case err != nil:
		return nil, fmt.Errorf("clientos: export: %w", err)
	case st.Mode()&fs.ModeSymlink != 0:
		return nil, fmt.Errorf("%s is a symbolic link; export never writes through a link — export into the folder it points to, or a new folder", dir)
	case !st.IsDir():
		return nil, fmt.Errorf("%s is %s, not a folder; export into an empty or new folder", dir, regularfile.Describe(st.Mode()))
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("clientos: export: %w", err)
	}
	return root, nil
}

// checkExportFolder refuses a folder that is not empty without force, or that has anything but a
// regular file where an OS file is to go (or anything but a folder as style/), and lists what the
// export will leave alone.
func checkExportFolder(root *os.Root, dir string, s Snapshot, force bool) ([]KeptFile, error) {
	entries, err := fs.ReadDir(root.FS(), ".")
	if err != nil {
		return nil, fmt.Errorf("clientos: export: %w", err)
	}
	if len(entries) > 0 && !force {
		return nil, fmt.Errorf("%s is not empty; export into an empty or new folder, or pass --force to overwrite the OS files in it", dir)
	}
	var c exportCheck
	c.scan(root, s, "", entries)
	if len(c.refused) > 0 {
		return nil, fmt.Errorf("export refused, nothing was written: in %s, %s; export replaces only regular files and never writes through a link — remove them (they are recreated as plain files), or export into a new folder",
			dir, strings.Join(c.refused, ", "))
	}
	return c.kept, nil
}

// exportCheck collects what an export would refuse to write over and what it leaves alone.
type exportCheck struct {
	refused []string // "brand.md is a symbolic link"
	kept    []KeptFile
}

// scan looks at the entries of the folder prefix ("" or "style/") without following any link.
func (c *exportCheck) scan(root *os.Root, s Snapshot, prefix string, entries []fs.DirEntry) {
	for _, e := range entries {
		name := prefix + e.Name()
		doc, isMD := strings.CutSuffix(name, ".md")
		_, ours := s.Docs[doc]
		switch {
		case strings.HasPrefix(e.Name(), "."):
		case name == "style" && e.IsDir():
			sub, err := fs.ReadDir(root.FS(), "style")
			if err != nil {
				c.refused = append(c.refused, fmt.Sprintf("style/ cannot be read (%v)", unwrapPath(err)))
				continue
			}
			c.scan(root, s, "style/", sub)
		case name == "style":
			c.refused = append(c.refused, "style is "+regularfile.Describe(e.Type()))
		case isMD && ours && !e.Type().IsRegular():
			c.refused = append(c.refused, name+" is "+regularfile.Describe(e.Type()))
		case isMD && ours:
		case isMD && ValidDocument(doc):
			c.kept = append(c.kept, KeptFile{Path: name, Document: doc})
		case e.IsDir():
			c.kept = append(c.kept, KeptFile{Path: name + "/"})
		default:
			c.kept = append(c.kept, KeptFile{Path: name})
		}
	}
}

// replaceFile writes data to name in root through a new temporary file renamed over name, so it
// never writes into an existing file (or through a link) and a failed write leaves the old file.
func replaceFile(root *os.Root, name string, data []byte) error {
	if d := path.Dir(name); d != "." {
		if err := root.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	tmp := path.Join(path.Dir(name), "."+path.Base(name)+"."+rand.Text()+".tmp")
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Rename(tmp, name)
	}
	if err != nil {
		_ = root.Remove(tmp)
	}
	return err
}
