package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/source"
)

// Files reads the files people attach in the /draft form, for the engine's outline job
// (engine.FileReader). It needs only the Slack Web API, not the Bot, so it is built before the
// engine and handed to it.
type Files struct {
	api *slack.Client
}

// NewFiles builds the reader of attached files with the bot token and API URL of cfg.
func NewFiles(cfg Config) *Files { return &Files{api: newAPI(cfg)} }

// ReadFile reads a file a person attached in the /draft form (never on the ack path): files.info
// for its size, type and private URL, then a GET carrying the bot token, capped at the source
// reader's body limit, read into text by the source package. Every failure is a
// *source.Unreadable in plain words.
func (fs *Files) ReadFile(ctx context.Context, fileID string) (source.Document, error) {
	f, _, _, err := fs.api.GetFileInfoContext(ctx, fileID, 0, 0)
	if err != nil {
		return source.Document{}, fileError(err)
	}
	if err := source.CheckSize(int64(f.Size), source.DefaultMaxBytes); err != nil {
		return source.Document{}, err
	}
	buf := &source.LimitedBuffer{Max: source.DefaultMaxBytes}
	if err := fs.api.GetFileContext(ctx, f.URLPrivateDownload, buf); err != nil {
		var u *source.Unreadable
		if errors.As(err, &u) {
			return source.Document{}, u
		}
		return source.Document{}, &source.Unreadable{Reason: "Slack did not hand me the file; attach it again", Err: err}
	}
	return source.ReadFile(ctx, buf.Bytes(), f.Mimetype, f.Name)
}

// fileError words a files.info refusal.
func fileError(err error) error {
	var se slack.SlackErrorResponse
	code := err.Error()
	if errors.As(err, &se) {
		code = se.Err
	}
	switch code {
	case "missing_scope":
		return &source.Unreadable{Err: err, Reason: "the app may not read files yet: an admin must reinstall it " +
			"so it gets the files:read permission"}
	case "file_not_found", "file_deleted":
		return &source.Unreadable{Err: err, Reason: "the file is gone from Slack; attach it again"}
	}
	return &source.Unreadable{Err: err, Reason: fmt.Sprintf("Slack would not give me the file (%s); attach it again", code)}
}
