package engine

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/database"
)

// MarkPublished records that an approved draft is live: approved → published, with its link and
// date, and the LinkedIn activity URN when the link carries one (metric imports match on it).
// Approvers only — publishing is a decision on the client's record, and it feeds the weekly report
// — so others get clientos.ErrNotApprover and nothing changes. The link must be http(s)
// (*UserError, field "url"); a link already recorded for another of the client's pieces is a
// *UserError too. A zero date means today in the client's time zone; a date more than a day ahead
// is refused (field "date"). A piece that is not approved gives a *StaleError.
func (e *Engine) MarkPublished(ctx context.Context, pieceID int64, userID, rawURL string, date time.Time) (Piece, error) {
	m := mustPhaseMove(ActionPublish, PhaseDraft)
	p, err := loadFor(ctx, e.pool, pieceID, m, userID)
	if err != nil {
		return p, err
	}
	link, err := validatePublishedURL(rawURL)
	if err != nil {
		return p, err
	}
	day, err := e.publishedDay(ctx, p.ClientID, date)
	if err != nil {
		return p, err
	}
	urn := ActivityURN(link)
	err = database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		if err := refuseDuplicateLinkTx(ctx, tx, p.ClientID, pieceID, link, urn); err != nil {
			return err
		}
		p, err = e.applyTx(ctx, tx, pieceID, m, moveInput{Actor: userID,
			Published: &publication{URL: link, Day: day, URN: urn}})
		return duplicateOr(err, err)
	})
	if err != nil {
		return p, err
	}
	e.log.InfoContext(ctx, "piece published", "piece_id", pieceID, "user_id", userID, "activity_urn", urn)
	_ = e.notify(ctx, pieceID)
	return p, nil
}

// LogHumanPiece records a piece people wrote without the engine (a link and maybe a pillar), so
// the weekly report has a human-only baseline: a published, human_only piece in the channel's
// client and platform, dated today. Anyone in the channel may log one, like anyone may request a
// draft; it does not count against the cap and makes no message (the adapter replies itself).
// pillar is optional and must be one of the client's (any case). A bad link, an unknown pillar or
// a link already recorded for the client is a *UserError.
func (e *Engine) LogHumanPiece(ctx context.Context, channelID, userID, rawURL, pillar string) (Piece, error) {
	b, err := bindingFor(ctx, e.pool, channelID)
	if err != nil {
		return Piece{}, err
	}
	link, err := validatePublishedURL(rawURL)
	if err != nil {
		return Piece{}, err
	}
	pillars, err := clientPillars(ctx, e.pool, b.ClientID)
	if err != nil {
		return Piece{}, err
	}
	if pillar, err = canonicalPillar(pillar, pillars); err != nil {
		return Piece{}, err
	}
	day, err := e.publishedDay(ctx, b.ClientID, time.Time{})
	if err != nil {
		return Piece{}, err
	}
	urn := ActivityURN(link)
	var p Piece
	err = database.Transact(ctx, e.pool, func(tx pgx.Tx) error {
		if err := refuseDuplicateLinkTx(ctx, tx, b.ClientID, 0, link, urn); err != nil {
			return err
		}
		m := createMove(ActionLog)
		p, err = scanPiece(tx.QueryRow(ctx, `INSERT INTO pieces (client_id, channel_id, platform, pillar, state,
			human_only, requested_by, published_url, published_at, activity_urn, state_changed_at)
			VALUES ($1, $2, $3, $4, $5, true, $6, $7, $8, nullif($9, ''), $10) RETURNING `+pieceColumns,
			b.ClientID, channelID, b.Platform, pillar, string(m.To), userID, link, day, urn, e.now()))
		if err != nil {
			return duplicateOr(err, fmt.Errorf("engine: log human piece: %w", err))
		}
		return e.recordMoveTx(ctx, tx, p, m, moveInput{Actor: userID})
	})
	if err != nil {
		return Piece{}, err
	}
	e.log.InfoContext(ctx, "human piece logged", "piece_id", p.ID, "channel_id", channelID, "user_id", userID)
	return p, nil
}

// Today is today's date in the time zone of the piece's client (midnight UTC of that calendar day),
// on the engine's clock: the publication date a person is offered.
func (e *Engine) Today(ctx context.Context, pieceID int64) (time.Time, error) {
	p, err := getPiece(ctx, e.pool, pieceID)
	if err != nil {
		return time.Time{}, err
	}
	return e.publishedDay(ctx, p.ClientID, time.Time{})
}

// publishedDay is the publication date to store: date's calendar day, or today in the client's
// time zone when date is zero.
func (e *Engine) publishedDay(ctx context.Context, clientID int64, date time.Time) (time.Time, error) {
	var tz string
	if err := e.pool.QueryRow(ctx, `SELECT timezone FROM clients WHERE id = $1`, clientID).Scan(&tz); err != nil {
		return time.Time{}, fmt.Errorf("engine: load client %d: %w", clientID, err)
	}
	today, _ := e.capDay(tz)
	if date.IsZero() {
		return today, nil
	}
	y, m, d := date.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if day.After(today.AddDate(0, 0, 1)) {
		return day, problemf("date", ProblemFuture, "%s is in the future. Mark a piece published once it is live, "+
			"with the date it went out.", day.Format("2006-01-02"))
	}
	return day, nil
}

// refuseDuplicateLinkTx is a *UserError when another of the client's pieces has the link or URN.
func refuseDuplicateLinkTx(ctx context.Context, tx pgx.Tx, clientID, pieceID int64, link, urn string) error {
	var other int64
	err := tx.QueryRow(ctx, `SELECT id FROM pieces WHERE client_id = $1 AND id <> $2
		AND (published_url = $3 OR activity_urn = nullif($4, '')) LIMIT 1`, clientID, pieceID, link, urn).Scan(&other)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("engine: look for duplicate link: %w", err)
	}
	return problemf("url", ProblemDuplicate, "That post is already recorded (piece %d), so it is not counted twice. "+
		"Check the link: each piece needs the link to its own post.", other)
}

// duplicateOr turns a unique violation (a concurrent duplicate) into the same polite refusal.
func duplicateOr(err, otherwise error) error {
	if database.IsUniqueViolation(err) {
		return problemf("url", ProblemDuplicate, "That post is already recorded for this client, so it is not counted twice. "+
			"Check the link: each piece needs the link to its own post.")
	}
	return otherwise
}

const publishedExample = "https://www.linkedin.com/feed/update/urn:li:activity:7212345678901234567/"

// validatePublishedURL accepts an http(s) link with a host and no credentials, and returns it
// trimmed. The adapter has removed its platform's link syntax first.
func validatePublishedURL(raw string) (string, error) {
	link := strings.TrimSpace(raw)
	if link == "" {
		return "", problemf("url", ProblemMissing, "Paste the link to the live post, e.g. %s", publishedExample)
	}
	if len(link) > MaxURLLen {
		return "", tooLongf("url", len(link), MaxURLLen, "That link is %d characters long; I accept links up to %d.", len(link), MaxURLLen)
	}
	u, err := url.Parse(link)
	if err != nil || u.Scheme == "" {
		return "", problemf("url", ProblemUnreadable, "%q is not a full link. Paste the address of the live post starting with "+
			"https://, e.g. %s", truncate(link, 100), publishedExample)
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return "", problemf("url", ProblemBadScheme, "The link must start with http:// or https://, not %s:. Paste the address "+
			"of the live post, e.g. %s", s, publishedExample)
	}
	if u.User != nil || u.Hostname() == "" {
		return "", problemf("url", ProblemNoHost, "That link has no site name, or has a username or password in it. Paste "+
			"the public address of the live post, e.g. %s", publishedExample)
	}
	return link, nil
}

var (
	activityURNPattern = regexp.MustCompile(`urn:li:activity:(\d+)`)
	activityIDPattern  = regexp.MustCompile(`activity[-:](\d{6,})`)
)

// ActivityURN extracts urn:li:activity:<id> from a LinkedIn post link — the URN itself
// (feed/update/urn:li:activity:…, percent-encoded or not) or the digits after "activity-" or
// "activity:" (linkedin.com/posts/…-activity-…) — or returns "" when there is none.
func ActivityURN(link string) string {
	if unescaped, err := url.PathUnescape(link); err == nil {
		link = unescaped
	}
	if m := activityURNPattern.FindStringSubmatch(link); m != nil {
		return "urn:li:activity:" + m[1]
	}
	u, err := url.Parse(link)
	if err != nil || !strings.Contains(strings.ToLower(u.Hostname()), "linkedin.") {
		return ""
	}
	if m := activityIDPattern.FindStringSubmatch(link); m != nil {
		return "urn:li:activity:" + m[1]
	}
	return ""
}
