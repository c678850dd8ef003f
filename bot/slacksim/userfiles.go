package slacksim

import (
	"fmt"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"
)

// MaxAttachBytes is the largest file Slack lets a person attach through a file_input element.
const MaxAttachBytes = 10 << 20

// UserFile is a file a person attached in a modal's file_input. The bot reads it with files.info
// and a GET of its url_private_download carrying the bot token.
type UserFile struct {
	ID, Name, User string
	Mimetype       string // from the extension, as Slack guesses it
	Filetype       string // the extension without its dot, as Slack names it
	Data           []byte
	Downloads      int // GETs that carried the bot token
	Refused        int // GETs without a valid token
}

// UserFiles lists every file people attached, in order.
func (s *Sim) UserFiles() []UserFile {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]UserFile, 0, len(s.userFiles))
	for _, f := range s.userFiles {
		c := *f
		c.Data = append([]byte(nil), f.Data...)
		out = append(out, c)
	}
	return out
}

// Attach adds a file named name with content to a file_input, as a person picking a file does.
// Slack's client refuses an extension the element's filetypes do not list, more files than
// max_files (10 by default) and a file over 10 MB: each fails the test.
func (v *View) Attach(label, name string, content []byte) *View {
	v.u.s.t.Helper()
	in := v.withInput(label, func(r *viewRec, in input) string {
		if in.typ != "file_input" {
			return wrongType(label, in.typ, "a file_input")
		}
		ext := strings.TrimPrefix(strings.ToLower(path.Ext(name)), ".")
		if types := stringList(in.element["filetypes"]); len(types) > 0 && !slices.Contains(types, ext) {
			return fmt.Sprintf("input %q accepts only %q files; %q is not one", label, types, name)
		}
		if len(content) > MaxAttachBytes {
			return fmt.Sprintf("input %q: Slack refuses files over 10 MB; %q is %d bytes", label, name, len(content))
		}
		files := asSlice(r.current(in)["files"])
		limit := 10
		if n, ok := numberField(in.element, "max_files"); ok {
			limit = int(n)
		}
		if len(files) >= limit {
			return fmt.Sprintf("input %q takes at most %d file(s)", label, limit)
		}
		f := v.u.s.addUserFileLocked(v.u.ID, name, ext, content)
		r.set(in, map[string]any{"files": append(files, v.u.s.fileObjectLocked(f))})
		return ""
	})
	return v.dispatch(in)
}

func stringList(v any) []string {
	var out []string
	for _, x := range asSlice(v) {
		out = append(out, strings.ToLower(asString(x)))
	}
	return out
}

func (s *Sim) addUserFileLocked(userID, name, ext string, content []byte) *UserFile {
	mt, _, _ := strings.Cut(mime.TypeByExtension("."+ext), ";")
	switch {
	case ext == "md":
		mt = "text/markdown"
	case mt == "":
		mt = "application/octet-stream"
	}
	f := &UserFile{ID: s.nextIDLocked("F"), Name: name, User: userID, Mimetype: mt, Filetype: ext,
		Data: append([]byte(nil), content...)}
	s.userFiles = append(s.userFiles, f)
	return f
}

// fileObjectLocked is the file object Slack puts in view state and files.info answers.
func (s *Sim) fileObjectLocked(f *UserFile) map[string]any {
	base := s.srv.URL + "/files-pri/" + TeamID + "-" + f.ID + "/"
	return map[string]any{"id": f.ID, "created": 1700000000, "timestamp": 1700000000, "name": f.Name,
		"title": f.Name, "mimetype": f.Mimetype, "filetype": f.Filetype, "pretty_type": strings.ToUpper(f.Filetype),
		"user": f.User, "user_team": TeamID, "editable": false, "size": len(f.Data), "mode": "hosted",
		"is_external": false, "external_type": "", "is_public": false, "public_url_shared": false,
		"url_private": base + f.Name, "url_private_download": base + "download/" + f.Name,
		"permalink": "https://sim.slack.com/files/" + f.User + "/" + f.ID + "/" + f.Name}
}

func (s *Sim) userFileLocked(id string) *UserFile {
	for _, f := range s.userFiles {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// filesInfo answers files.info for a file a person attached.
func (s *Sim) filesInfo(c *call) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.userFileLocked(c.p.get("file"))
	if f == nil {
		return nil, fail("file_not_found")
	}
	return map[string]any{"file": s.fileObjectLocked(f), "comments": []any{},
		"paging": map[string]any{"count": 100, "total": 1, "page": 1, "pages": 1}}, nil
}

// handleFileDownload serves url_private and url_private_download
// (/files-pri/<team>-<file>/[download/]<name>) to a request carrying the bot token as a Bearer
// header; without it, or with another token, the answer is 401 and no bytes.
func (s *Sim) handleFileDownload(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/files-pri/")
	teamFile, _, _ := strings.Cut(rest, "/")
	id := strings.TrimPrefix(teamFile, TeamID+"-")
	s.mu.Lock()
	f := s.userFileLocked(id)
	authed := bearer(r) == s.botToken
	switch {
	case f == nil:
	case !authed:
		f.Refused++
	default:
		f.Downloads++
	}
	var data []byte
	var mt string
	if f != nil {
		data, mt = f.Data, f.Mimetype
	}
	s.notifyLocked()
	s.mu.Unlock()
	switch {
	case !authed:
		http.Error(w, "invalid_auth", http.StatusUnauthorized)
	case f == nil:
		http.Error(w, "file_not_found", http.StatusNotFound)
	default:
		w.Header().Set("Content-Type", mt)
		_, _ = w.Write(data)
	}
}
