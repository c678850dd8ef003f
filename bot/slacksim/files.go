package slacksim

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// File is a file uploaded with files.getUploadURLExternal + upload + files.completeUploadExternal.
type File struct {
	ID, Name, Title, AltText string
	Length                   int    // declared in files.getUploadURLExternal
	Data                     []byte // the uploaded bytes
	Uploaded, Completed      bool
	Channel, ThreadTS        string // where it was shared ("" if not shared)
	InitialComment           string
	MessageTS                string // the message that shows it in the channel
}

// Files lists every file the bot started uploading, in order.
func (s *Sim) Files() []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]File, 0, len(s.files))
	for _, f := range s.files {
		c := *f
		c.Data = append([]byte(nil), f.Data...)
		out = append(out, c)
	}
	return out
}

func (s *Sim) fileLocked(id string) *File {
	for _, f := range s.files {
		if f.ID == id {
			return f
		}
	}
	return nil
}

func (s *Sim) filesGetUploadURL(c *call) (map[string]any, error) {
	name := c.p.get("filename")
	length, err := strconv.Atoi(c.p.get("length"))
	if name == "" || err != nil || length <= 0 {
		return nil, fail("invalid_arguments", "[ERROR] filename and a positive length are required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := &File{ID: s.nextIDLocked("F"), Name: name, AltText: c.p.get("alt_txt"), Length: length}
	s.files = append(s.files, f)
	// Same scheme and host as the API URL, so slack-go's UploadToURL agrees to send the token.
	return map[string]any{"upload_url": s.srv.URL + "/upload/v1/" + f.ID, "file_id": f.ID}, nil
}

// handleUpload receives the bytes slack-go posts as multipart field "file" (or a raw body).
func (s *Sim) handleUpload(w http.ResponseWriter, r *http.Request) {
	id := path.Base(r.URL.Path)
	data, err := readUpload(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	f := s.fileLocked(id)
	if f != nil {
		f.Data, f.Uploaded = data, true
		if len(data) != f.Length {
			s.violationLocked("file upload %s: %d bytes uploaded but files.getUploadURLExternal declared length %d",
				f.ID, len(data), f.Length)
		}
		s.notifyLocked()
	}
	s.mu.Unlock()
	if f == nil {
		http.Error(w, "unknown upload", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = fmt.Fprintf(w, "OK - %d", len(data))
}

func readUpload(r *http.Request) ([]byte, error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		return io.ReadAll(io.LimitReader(r.Body, 64<<20))
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, err
	}
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil, fmt.Errorf("no file part: %w", err)
		}
		if part.FormName() == "file" {
			return io.ReadAll(io.LimitReader(part, 64<<20))
		}
	}
}

func (s *Sim) filesCompleteUpload(c *call) (map[string]any, error) {
	var summaries []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(c.p.get("files")), &summaries); err != nil || len(summaries) == 0 {
		return nil, fail("invalid_arguments", "[ERROR] files must be a JSON array of {id,title}")
	}
	blocks, _, err := s.messageBlocks(c)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var files []*File
	for _, sm := range summaries {
		f := s.fileLocked(sm.ID)
		if f == nil || !f.Uploaded {
			return nil, fail("file_not_found")
		}
		f.Title = sm.Title
		files = append(files, f)
	}
	if err := s.shareFilesLocked(c, files, blocks); err != nil {
		return nil, err
	}
	var out []any
	for _, f := range files {
		f.Completed = true
		out = append(out, map[string]any{"id": f.ID, "title": f.Title, "name": f.Name, "size": len(f.Data)})
	}
	s.notifyLocked()
	return map[string]any{"files": out}, nil
}

// shareFilesLocked posts the files into channel_id (or the first of channels), as Slack shows them.
func (s *Sim) shareFilesLocked(c *call, files []*File, blocks []any) error {
	target := c.p.get("channel_id")
	if target == "" && c.p.get("channels") != "" {
		target = strings.Split(c.p.get("channels"), ",")[0]
	}
	if target == "" {
		return nil
	}
	ch, err := s.postableChannelLocked(target)
	if err != nil {
		return err
	}
	threadTS, err := threadOf(ch, c.p.get("thread_ts"))
	if err != nil {
		return err
	}
	m := &Message{TS: s.nextTSLocked(), ThreadTS: threadTS, Channel: ch.ID, Text: c.p.get("initial_comment"),
		Blocks: rawBlocks(blocks), User: BotUserID, BotID: BotID}
	for _, f := range files {
		m.Files = append(m.Files, f.ID)
		f.Channel, f.ThreadTS, f.InitialComment, f.MessageTS = ch.ID, threadTS, m.Text, m.TS
	}
	s.addMessageLocked(ch, m)
	return nil
}
