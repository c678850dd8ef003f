package mcpserver

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
)

// Resource URIs. Each names its client, so an agent holding several tokens never mixes them up.
func docURI(slug, doc string) string         { return "mos://" + slug + "/os/" + doc }
func promptURI(slug, platform string) string { return "mos://" + slug + "/prompt/" + platform }
func briefURI(slug string) string            { return "mos://" + slug + "/brief" }

const (
	mimeMarkdown = "text/markdown"
	mimeText     = "text/plain"
)

func (s *Service) addResources(srv *mcp.Server, tok Token, sh clientShape) {
	for _, doc := range sh.snap.Documents() {
		v := sh.snap.Docs[doc]
		srv.AddResource(&mcp.Resource{
			URI: docURI(tok.ClientSlug, doc), Name: doc, MIMEType: mimeMarkdown,
			Title: fmt.Sprintf("%s OS: %s", tok.ClientName, doc),
			Description: fmt.Sprintf("%s's %s document at its current version (%d when listed). "+
				"People edit it in Slack with /mos os; read it again rather than keep a copy.", tok.ClientName, doc, v.Version),
			Meta:        versionMeta(v),
			Annotations: &mcp.Annotations{LastModified: v.CreatedAt.UTC().Format(time.RFC3339)},
		}, s.readDoc(tok, doc))
	}
	if sh.os == nil {
		return // prompts and the brief need an OS that parses
	}
	for _, p := range sh.platforms {
		srv.AddResource(&mcp.Resource{
			URI: promptURI(tok.ClientSlug, p), Name: "prompt-" + p, MIMEType: mimeText,
			Title: fmt.Sprintf("System prompt for %s on %s", tok.ClientName, p),
			Description: "The exact system message mos sends the model for this platform (the same bytes " +
				"\"mos os prompt\" prints): use it as your own system prompt.",
		}, s.readRendered(tok, func(o *clientos.OS) string { return engine.SystemPrompt(o, p).Text }))
	}
	srv.AddResource(&mcp.Resource{
		URI: briefURI(tok.ClientSlug), Name: "brief", MIMEType: mimeMarkdown,
		Title:       fmt.Sprintf("Contractor brief for %s", tok.ClientName),
		Description: "The 90-second brief a writer reads before writing for the client (the same as \"mos os brief\").",
	}, s.readRendered(tok, func(o *clientos.OS) string { return clientos.Brief(o, o.Styles) }))
}

func versionMeta(v clientos.Version) mcp.Meta {
	return mcp.Meta{"version": v.Version, "updated_at": v.CreatedAt.UTC().Format(time.RFC3339)}
}

// readDoc reads a document at its current version; a document since removed is not found.
func (s *Service) readDoc(tok Token, doc string) mcp.ResourceHandler {
	return func(ctx context.Context, req *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
		snap, err := clientos.Current(ctx, s.pool, tok.ClientID)
		if err != nil {
			return nil, err
		}
		v, ok := snap.Docs[doc]
		if !ok {
			return nil, mcp.ResourceNotFoundError(req.Params.URI)
		}
		return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{{
			URI: req.Params.URI, MIMEType: mimeMarkdown, Text: v.Content, Meta: versionMeta(v),
		}}}, nil
	}
}

// readRendered reads the client's current OS and renders something of it.
func (s *Service) readRendered(tok Token, render func(*clientos.OS) string) mcp.ResourceHandler {
	return func(ctx context.Context, req *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
		o, err := s.currentOS(ctx, tok)
		if err != nil {
			return nil, err
		}
		return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{{URI: req.Params.URI, Text: render(o),
			Meta: mcp.Meta{"os_versions": o.Versions}}}}, nil
	}
}

// currentOS is the client's stored OS as the engine reads it, or a plain reason it cannot be used.
func (s *Service) currentOS(ctx context.Context, tok Token) (*clientos.OS, error) {
	snap, err := clientos.Current(ctx, s.pool, tok.ClientID)
	if err != nil {
		return nil, err
	}
	o, err := snap.OS()
	var fe *clientos.FindingsError
	if errors.As(err, &fe) {
		return nil, fmt.Errorf("%s's stored OS does not pass its checks (%d findings); an approver fixes it "+
			"in Slack (/mos os) or with \"mos os lint\"", tok.ClientName, len(fe.Findings))
	}
	return o, err
}
