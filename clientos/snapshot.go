package clientos

import (
	"context"
	"fmt"

	"github.com/mos-hq/mos/database"
)

// Snapshot is the current version of each of a client's documents: what a prompt is rendered from.
type Snapshot struct {
	ClientID int64
	Client   Client
	Docs     map[string]Version // document name -> current version
}

// Current loads the newest version of every document of the client.
func Current(ctx context.Context, db database.DBTX, clientID int64) (Snapshot, error) {
	c, err := ClientByID(ctx, db, clientID)
	if err != nil {
		return Snapshot{}, err
	}
	vs, err := collectVersions(db.Query(ctx, `SELECT DISTINCT ON (document) `+versionColumns+`
		FROM os_versions WHERE client_id = $1 ORDER BY document, version DESC`, clientID))
	if err != nil {
		return Snapshot{}, fmt.Errorf("clientos: current OS of %s: %w", c.Slug, err)
	}
	s := Snapshot{ClientID: clientID, Client: c, Docs: make(map[string]Version, len(vs))}
	for _, v := range vs {
		s.Docs[v.Document] = v
	}
	return s, nil
}

// Documents lists the snapshot's document names in render order.
func (s Snapshot) Documents() []string { return sortedKeys(s.Docs) }

// Contents returns each document's exact text.
func (s Snapshot) Contents() map[string]string {
	out := make(map[string]string, len(s.Docs))
	for doc, v := range s.Docs {
		out[doc] = v.Content
	}
	return out
}

// Versions returns each document's version number.
func (s Snapshot) Versions() map[string]int {
	out := make(map[string]int, len(s.Docs))
	for doc, v := range s.Docs {
		out[doc] = v.Version
	}
	return out
}

// OS parses the snapshot. Stored versions passed lint when saved, so an error here means a
// document has since become invalid; it is a *FindingsError.
func (s Snapshot) OS() (*OS, error) {
	o, fs := Parse(s.Contents())
	if HasErrors(fs) {
		return nil, &FindingsError{Findings: fs}
	}
	o.Name = s.Client.Name
	o.Versions = s.Versions()
	return o, nil
}

// Render renders the whole stored OS.
func (s Snapshot) Render() (Rendered, error) {
	o, err := s.OS()
	if err != nil {
		return Rendered{}, err
	}
	return Render(o), nil
}

// RenderFor renders the stored OS with only platform's style guide.
func (s Snapshot) RenderFor(platform string) (Rendered, error) {
	o, err := s.OS()
	if err != nil {
		return Rendered{}, err
	}
	return RenderFor(o, platform), nil
}

// Lint checks the stored OS; platforms are the client's bound platforms (see BoundPlatforms).
func (s Snapshot) Lint(platforms []string) []Finding { return Lint(s.Contents(), platforms) }
