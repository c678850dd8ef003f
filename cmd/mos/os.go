package main

import (
	"context"
	"io"
)

// osCommand is filled in by the clientos CLI work.
func osCommand() command {
	return command{
		summary: "manage a client's OS documents (import, export, lint, show, history, revert)",
		help:    "Usage: mos os <import|export|lint|show|history|revert> ...\n",
		run: func(ctx context.Context, args []string, stdout io.Writer) error {
			return usagef("os: not implemented yet")
		},
	}
}
