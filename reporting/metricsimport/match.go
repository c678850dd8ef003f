package metricsimport

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/mos-hq/mos/database"
)

// linkedInURNRE finds a LinkedIn post id in the forms exports and share links use:
// "urn:li:activity:7123…" (also URL-encoded) and "…-activity-7123…-abcd" in /posts/ links.
var linkedInURNRE = regexp.MustCompile(`(?i)urn(?::|%3a)li(?::|%3a)(activity|share|ugcpost)(?::|%3a)(\d{6,25})|[-_/](activity|share|ugcpost)-(\d{15,25})`)

// PostURN extracts the LinkedIn post URN ("urn:li:activity:<id>") from a post URL, or "".
func PostURN(rawURL string) string {
	m := linkedInURNRE.FindStringSubmatch(rawURL)
	if m == nil {
		return ""
	}
	kind, id := m[1], m[2]
	if kind == "" {
		kind, id = m[3], m[4]
	}
	switch strings.ToLower(kind) {
	case "share":
		kind = "share"
	case "ugcpost":
		kind = "ugcPost"
	default:
		kind = "activity"
	}
	return "urn:li:" + kind + ":" + id
}

// normalizeURL makes a post URL comparable: lower-case scheme and host, no query, fragment or
// trailing slash. It is the fallback key for posts without a LinkedIn URN (a blog post).
func normalizeURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return strings.TrimRight(strings.TrimSpace(raw), "/")
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	return host + strings.TrimRight(u.EscapedPath(), "/")
}

// pieceIndex finds a client's published pieces by post URN or URL.
type pieceIndex struct {
	byURN     map[string]int64
	byURL     map[string]int64
	published map[int64]time.Time // piece id -> publication day
}

func loadPieceIndex(ctx context.Context, db database.DBTX, clientID int64) (pieceIndex, error) {
	idx := pieceIndex{byURN: map[string]int64{}, byURL: map[string]int64{}, published: map[int64]time.Time{}}
	rows, err := db.Query(ctx, `SELECT id, COALESCE(activity_urn, ''), COALESCE(published_url, ''), published_at
		FROM pieces WHERE client_id = $1 AND published_at IS NOT NULL ORDER BY id`, clientID)
	if err != nil {
		return idx, fmt.Errorf("metricsimport: load published pieces: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var urn, pub string
		var day time.Time
		if err := rows.Scan(&id, &urn, &pub, &day); err != nil {
			return idx, fmt.Errorf("metricsimport: load published pieces: %w", err)
		}
		if u := PostURN(urn); u != "" {
			idx.byURN[u] = id
		}
		if u := PostURN(pub); u != "" {
			if _, taken := idx.byURN[u]; !taken {
				idx.byURN[u] = id
			}
		}
		if pub != "" {
			idx.byURL[normalizeURL(pub)] = id
		}
		idx.published[id] = day
	}
	if err := rows.Err(); err != nil {
		return idx, fmt.Errorf("metricsimport: load published pieces: %w", err)
	}
	return idx, nil
}

// match returns the piece a row's URL points to, or 0.
func (idx pieceIndex) match(rawURL string) int64 {
	if urn := PostURN(rawURL); urn != "" {
		return idx.byURN[urn]
	}
	return idx.byURL[normalizeURL(rawURL)]
}
