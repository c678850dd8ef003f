// Package regularfile opens files that must be regular files. It looks before it opens (a named pipe
// blocks an open for reading until someone writes to it, and a device open can have side effects),
// opens without blocking, and checks the opened file again, so a FIFO, device, socket or folder is
// refused at once instead of hanging the command. OpenInRoot also refuses symbolic links.
package regularfile

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// NotRegularError refuses a file that is not a regular file; Mode says what it is instead.
type NotRegularError struct {
	Name string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file", e.Name, Describe(e.Mode))
}

// IsSymlink reports whether the refused file is a symbolic link.
func (e *NotRegularError) IsSymlink() bool { return e.Mode&fs.ModeSymlink != 0 }

// Describe names the kind of file mode is, as a person would: "a symbolic link", "a named pipe (FIFO)".
func Describe(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeSymlink != 0:
		return "a symbolic link"
	case mode.IsDir():
		return "a folder"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	case mode.IsRegular():
		return "a regular file"
	default:
		return "a special file"
	}
}

// openFlags opens for reading without blocking: should a FIFO take the place of a checked file
// between the check and the open, the open still returns at once and the second check refuses it.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK

// Open opens path for reading if it is a regular file, following symbolic links (a path a person
// typed may be a link to the file they mean). Anything else is a *NotRegularError.
func Open(path string) (*os.File, error) {
	return openRegular(path, os.Stat, os.OpenFile)
}

// OpenInRoot opens name inside root for reading if it is a regular file. A symbolic link is
// refused, even one that stays inside root, as is anything else that is not a regular file; both
// are a *NotRegularError. root itself never lets a path resolve outside it.
func OpenInRoot(root *os.Root, name string) (*os.File, error) {
	return openRegular(name, root.Lstat, root.OpenFile)
}

// openRegular looks at name with stat, opens it with open only if it is a regular file, and
// checks the opened file again.
func openRegular(name string, stat func(string) (fs.FileInfo, error),
	open func(string, int, fs.FileMode) (*os.File, error)) (*os.File, error) {
	st, err := stat(name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &NotRegularError{Name: name, Mode: st.Mode()}
	}
	f, err := open(name, openFlags, 0)
	if err != nil {
		return nil, err
	}
	return checkOpened(f, name)
}

func checkOpened(f *os.File, name string) (*os.File, error) {
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, &NotRegularError{Name: name, Mode: st.Mode()}
	}
	return f, nil
}
