package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version and commit can be set when building, for builds without the git metadata Go reads itself:
//
//	go build -ldflags "-X main.version=v1.2.0 -X main.commit=$(git rev-parse HEAD)" ./cmd/mos
//
// Left empty, they come from the build information the Go toolchain embeds.
var (
	version string
	commit  string
)

func versionCommand() command {
	return command{
		summary: "print the version and the commit this binary was built from",
		help: `Usage: mos version   (or mos --version)

Prints the version, the commit (with "modified" when built from a tree with uncommitted changes)
and the Go version it was built with.
`,
		run: func(_ context.Context, args []string, stdout io.Writer) error {
			if len(args) > 0 {
				return usagef("version takes no arguments (got %q)", args[0])
			}
			fmt.Fprintln(stdout, versionLine())
			return nil
		},
	}
}

// versionLine is e.g. "mos v1.2.0, commit 94fd9d2c… (modified), built with go1.26.0 for linux/amd64".
func versionLine() string {
	v, rev, modified := version, commit, false
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if rev == "" {
					rev = s.Value
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	if rev == "" {
		rev = "unknown"
	}
	state := ""
	if modified {
		state = " (modified)"
	}
	return fmt.Sprintf("mos %s, commit %s%s, built with %s for %s/%s", v, rev, state, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
