package reporting

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
)

// Snapshot sources, as stored in metric_snapshots.source.
const (
	SourceModal       = "modal"
	SourceXLSXCreator = "xlsx-creator"
	SourceXLSXPage    = "xlsx-page"
	SourceCSV         = "csv"
)

// maxCount bounds a typed or imported count: anything larger is a typo.
const maxCount = int64(1) << 50

// Metrics are one dated observation of a published piece. A nil field is unknown, never zero: a
// LinkedIn creator export, for one, has no clicks, and a blank in the results modal means "I don't
// know", not "none".
type Metrics struct {
	Impressions *int64 `json:"impressions,omitempty"`
	Reactions   *int64 `json:"reactions,omitempty"`
	Comments    *int64 `json:"comments,omitempty"`
	Reposts     *int64 `json:"reposts,omitempty"`
	Clicks      *int64 `json:"clicks,omitempty"`
	Follows     *int64 `json:"follows,omitempty"`
	Leads       *int64 `json:"leads,omitempty"`
	// Engagements is LinkedIn's combined reactions + comments + reposts, which is all the creator
	// export gives; it stands in for the three when they are unknown.
	Engagements *int64 `json:"engagements,omitempty"`
}

// MetricFields are the form and CSV field names, in display order.
var MetricFields = []string{"impressions", "reactions", "comments", "reposts", "clicks", "follows", "leads"}

// field returns the pointer to the named field, so forms and files fill Metrics by name.
func (m *Metrics) field(name string) **int64 {
	switch name {
	case "impressions":
		return &m.Impressions
	case "reactions":
		return &m.Reactions
	case "comments":
		return &m.Comments
	case "reposts":
		return &m.Reposts
	case "clicks":
		return &m.Clicks
	case "follows":
		return &m.Follows
	case "leads":
		return &m.Leads
	case "engagements":
		return &m.Engagements
	}
	return nil
}

// Get returns the named figure (nil: unknown, or a name Metrics does not have).
func (m *Metrics) Get(name string) *int64 {
	if p := m.field(name); p != nil {
		return *p
	}
	return nil
}

// Set sets the named figure; a name Metrics does not have is ignored.
func (m *Metrics) Set(name string, v *int64) {
	if p := m.field(name); p != nil {
		*p = v
	}
}

// Known says whether any figure is known.
func (m Metrics) Known() bool {
	for _, p := range []*int64{m.Impressions, m.Reactions, m.Comments, m.Reposts, m.Clicks, m.Follows, m.Leads, m.Engagements} {
		if p != nil {
			return true
		}
	}
	return false
}

// ParseMetricsForm reads the results modal: field name -> typed text. Blank is unknown. A negative
// or non-numeric value, or a count larger than the impressions, is an error keyed by the field,
// worded for the person who typed it; fields the form does not know are ignored.
func ParseMetricsForm(values map[string]string) (Metrics, map[string]string) {
	var m Metrics
	errs := map[string]string{}
	for _, name := range MetricFields {
		v, err := ParseCount(values[name])
		if err != nil {
			errs[name] = fmt.Sprintf("%s: %v", name, err)
			continue
		}
		*m.field(name) = v
	}
	for name, over := range m.OverImpressions() {
		errs[name] = fmt.Sprintf("%s: %s on %d impressions cannot be right — a post cannot get more than it was shown; check both numbers (leave one blank if unknown)",
			name, over, *m.Impressions)
	}
	if len(errs) == 0 {
		return m, nil
	}
	return m, errs
}

// ParseCount reads a whole number of 0 or more; blank is unknown (nil). Thousands separators
// ("1,234", "1 234", "1.234" is not accepted: it could be a decimal) are allowed.
func ParseCount(s string) (*int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	clean := strings.NewReplacer(",", "", " ", "", "\u00a0", "", "\u202f", "").Replace(s)
	n, err := strconv.ParseInt(clean, 10, 64)
	switch {
	case err == nil && n < 0:
		return nil, fmt.Errorf("%s is negative; counts are 0 or more (leave it blank if unknown)", s)
	case err == nil && n > maxCount:
		return nil, fmt.Errorf("%s is too large to be a count", s)
	case err == nil:
		return &n, nil
	case strings.HasPrefix(clean, "-"):
		return nil, fmt.Errorf("%s is negative and not a whole number; counts are 0 or more", clientos.Quote(s))
	default:
		return nil, fmt.Errorf("%s is not a whole number; type digits only, e.g. 1200 (leave it blank if unknown)", clientos.Quote(s))
	}
}

// SaveOutcome says what storing one snapshot did.
type SaveOutcome int

// What SaveSnapshot did: stored a new snapshot, corrected one, or found it already stored.
const (
	SavedNew SaveOutcome = iota
	SavedUpdated
	SavedUnchanged
)

// SaveResults stores a piece's metrics as of date (its calendar day) from source. It is idempotent
// per (piece, date, source): the same values change nothing, different ones replace the stored ones
// (a correction). Only published pieces take results.
func SaveResults(ctx context.Context, db database.DBTX, pieceID int64, date time.Time, source, enteredBy string, m Metrics) error {
	if !m.Known() {
		return errors.New("reporting: no figures were given; fill in at least one (blank means unknown)")
	}
	var published bool
	err := db.QueryRow(ctx, `SELECT published_at IS NOT NULL FROM pieces WHERE id = $1`, pieceID).Scan(&published)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("reporting: piece %d does not exist: %w", pieceID, database.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("reporting: load piece %d: %w", pieceID, err)
	}
	if !published {
		return fmt.Errorf("reporting: piece %d is not published yet; mark it published (with its URL) before entering results", pieceID)
	}
	_, err = SaveSnapshot(ctx, db, pieceID, DateOnly(date, date.Location()), source, enteredBy, m)
	return err
}

// SaveSnapshot upserts one snapshot dated day (a calendar day, as DateOnly gives it), changing the
// stored row only when a value differs. Unlike SaveResults it does not check the piece: importers
// call it for pieces they matched inside their own transaction.
func SaveSnapshot(ctx context.Context, db database.DBTX, pieceID int64, day time.Time, source, enteredBy string, m Metrics) (SaveOutcome, error) {
	var inserted bool
	err := db.QueryRow(ctx, `
		INSERT INTO metric_snapshots AS s (piece_id, snapshot_date, source, impressions, reactions, comments,
			reposts, clicks, follows, leads, engagements, entered_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (piece_id, snapshot_date, source) DO UPDATE SET
			impressions = EXCLUDED.impressions, reactions = EXCLUDED.reactions, comments = EXCLUDED.comments,
			reposts = EXCLUDED.reposts, clicks = EXCLUDED.clicks, follows = EXCLUDED.follows,
			leads = EXCLUDED.leads, engagements = EXCLUDED.engagements, entered_by = EXCLUDED.entered_by
		WHERE (s.impressions, s.reactions, s.comments, s.reposts, s.clicks, s.follows, s.leads, s.engagements)
			IS DISTINCT FROM (EXCLUDED.impressions, EXCLUDED.reactions, EXCLUDED.comments, EXCLUDED.reposts,
			EXCLUDED.clicks, EXCLUDED.follows, EXCLUDED.leads, EXCLUDED.engagements)
		RETURNING xmax = 0`,
		pieceID, day, source, m.Impressions, m.Reactions, m.Comments, m.Reposts, m.Clicks, m.Follows,
		m.Leads, m.Engagements, enteredBy).Scan(&inserted)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return SavedUnchanged, nil
	case err != nil:
		return 0, fmt.Errorf("reporting: save results of piece %d: %w", pieceID, err)
	case inserted:
		return SavedNew, nil
	default:
		return SavedUpdated, nil
	}
}

// OverImpressions names the counts, with their values, that are larger than the impressions when
// those are known: nobody reacts to, comments on, reposts or clicks a post more often than it was
// shown. Each entry reads "500 reactions".
func (m Metrics) OverImpressions() map[string]string {
	if m.Impressions == nil {
		return nil
	}
	out := map[string]string{}
	for _, name := range []string{"reactions", "comments", "reposts", "clicks", "engagements"} {
		if v := *m.field(name); v != nil && *v > *m.Impressions {
			out[name] = fmt.Sprintf("%d %s", *v, name)
		}
	}
	return out
}
