package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/plan"
)

// planLookback is how far back the plan looks for the pillar mix: four weeks before this one.
const planLookback = 28

// WeekPlan is a client's plan for one platform this week, in the client's time zone: the cadence,
// the slots (the pieces started this week first, then those still to write, each with the pillar
// furthest below its weight), and the progress so far. It is per client and platform: every
// channel bound to the platform counts toward it.
type WeekPlan struct {
	ClientID   int64
	ClientName string
	Platform   string
	Cadence    clientos.Cadence // unset: the style guide names no cadence, so there is no plan
	StyleFile  string           // the style guide's file, e.g. "style/linkedin.md"
	Week       string           // the ISO week in the client's zone, "2026-W49"
	Start, End time.Time        // the local midnights starting this week and the next
	Location   *time.Location
	Target     int // pieces the cadence asks for this week
	Slots      []plan.Slot
	Published  int      // pieces published this week
	Channels   []string // the channels bound to the client and platform, in id order
}

// PillarCount is a pillar and how many pieces of it the plan still asks for.
type PillarCount struct {
	Pillar string
	Count  int
}

// Started is how many pieces are under way or published this week: they count toward the plan.
func (p WeekPlan) Started() int {
	n := 0
	for _, s := range p.Slots {
		if s.Started {
			n++
		}
	}
	return n
}

// ToWrite groups the slots still to write by pillar, in plan order.
func (p WeekPlan) ToWrite() []PillarCount {
	var out []PillarCount
	at := map[string]int{}
	for _, s := range p.Slots {
		if s.Started {
			continue
		}
		if i, ok := at[s.Pillar]; ok {
			out[i].Count++
			continue
		}
		at[s.Pillar] = len(out)
		out = append(out, PillarCount{Pillar: s.Pillar, Count: 1})
	}
	return out
}

// Next is the pillar of the next piece to write, or "" when the plan is met (or names no pillar).
func (p WeekPlan) Next() string {
	for _, s := range p.Slots {
		if !s.Started {
			return s.Pillar
		}
	}
	return ""
}

// localWeek is the ISO week holding now in loc, with its local Monday midnights. Built from the
// calendar date, so a week with a daylight-saving change is 167 or 169 hours long, as it should be.
func localWeek(now time.Time, loc *time.Location) (key string, num int, start, end time.Time) {
	t := now.In(loc)
	year, num := t.ISOWeek()
	back := (int(t.Weekday()) + 6) % 7
	start = time.Date(t.Year(), t.Month(), t.Day()-back, 0, 0, 0, 0, loc)
	end = time.Date(t.Year(), t.Month(), t.Day()-back+7, 0, 0, 0, 0, loc)
	return fmt.Sprintf("%04d-W%02d", year, num), num, start, end
}

// PlanFor is this week's plan for the client and platform the channel is bound to (ErrNotBound
// when it is not). A plan whose Cadence is unset means the style guide names no cadence.
func (e *Engine) PlanFor(ctx context.Context, channelID string) (WeekPlan, error) {
	b, err := bindingFor(ctx, e.pool, channelID)
	if err != nil {
		return WeekPlan{}, err
	}
	return e.weekPlan(ctx, e.pool, planKey{b.ClientID, b.ClientName, b.Timezone, b.Platform})
}

// planKey names one plan: a client (with its name and zone) and a platform.
type planKey struct {
	clientID   int64
	clientName string
	timezone   string
	platform   string
}

// weekPlan reads the cadence and pillars from the client's current OS and counts the pieces: a
// fixed number of queries however many pieces there are.
func (e *Engine) weekPlan(ctx context.Context, db database.DBTX, k planKey) (WeekPlan, error) {
	loc := e.location(k.timezone)
	key, num, start, end := localWeek(e.now(), loc)
	p := WeekPlan{ClientID: k.clientID, ClientName: k.clientName, Platform: k.platform, Week: key,
		Start: start, End: end, Location: loc, StyleFile: clientos.FileName(clientos.StyleDocument(k.platform))}
	o, _, err := currentOS(ctx, db, k.clientID)
	if err != nil {
		return p, err
	}
	if style, ok := o.Style(k.platform); ok {
		p.Cadence = style.Cadence
	}
	if p.Channels, err = boundChannels(ctx, db, k.clientID, k.platform); err != nil {
		return p, err
	}
	if !p.Cadence.IsSet() {
		return p, nil
	}
	c, err := countPieces(ctx, db, k.clientID, k.platform, start, end)
	if err != nil {
		return p, err
	}
	p.Published, p.Target = c.published, plan.WeeklyTarget(p.Cadence, num)
	p.Slots = plan.Plan(plan.Input{Cadence: p.Cadence, ISOWeek: num, Pillars: o.Pillars, Recent: c.recent,
		Started: c.started})
	return p, nil
}

// pieceCounts are the pieces of one client and platform the plan counts.
type pieceCounts struct {
	started   map[string]int // per pillar: in flight, or published this week
	recent    map[string]int // per pillar: published in the four weeks before this one
	published int            // published this week
}

// inFlightList is the states of a piece under way: it counts toward this week's plan.
var inFlightList = sqlList([]State{StateRequested, StateOutlineReady, StateOutlineApproved, StateDraftReady,
	StateApproved})

// countPieces counts per pillar in one grouped query. A piece under way counts when it was asked
// for within the lookback (an abandoned old request does not fill this week's plan forever).
func countPieces(ctx context.Context, db database.DBTX, clientID int64, platform string, start, end time.Time) (pieceCounts, error) {
	from := start.AddDate(0, 0, -planLookback)
	rows, err := db.Query(ctx, `SELECT pillar,
			count(*) FILTER (WHERE state IN (`+inFlightList+`) OR published_at >= $3::date),
			count(*) FILTER (WHERE state = 'published' AND published_at < $3::date),
			count(*) FILTER (WHERE state = 'published' AND published_at >= $3::date)
		FROM pieces
		WHERE client_id = $1 AND platform = $2
			AND ((state IN (`+inFlightList+`) AND created_at >= $5)
				OR (state = 'published' AND published_at >= $5::date AND published_at < $4::date))
		GROUP BY pillar`, clientID, platform, start.Format(time.DateOnly), end.Format(time.DateOnly), from)
	if err != nil {
		return pieceCounts{}, fmt.Errorf("engine: count the week's pieces: %w", err)
	}
	defer rows.Close()
	c := pieceCounts{started: map[string]int{}, recent: map[string]int{}}
	for rows.Next() {
		var pillar string
		var started, recent, published int
		if err := rows.Scan(&pillar, &started, &recent, &published); err != nil {
			return c, fmt.Errorf("engine: count the week's pieces: %w", err)
		}
		c.started[pillar], c.recent[pillar] = started, recent
		c.published += published
	}
	if err := rows.Err(); err != nil {
		return c, fmt.Errorf("engine: count the week's pieces: %w", err)
	}
	return c, nil
}

// boundChannels lists the channels bound to the client and platform.
func boundChannels(ctx context.Context, db database.DBTX, clientID int64, platform string) ([]string, error) {
	rows, err := db.Query(ctx, `SELECT channel_id FROM channel_bindings WHERE client_id = $1 AND platform = $2
		ORDER BY channel_id`, clientID, platform)
	if err != nil {
		return nil, fmt.Errorf("engine: list bound channels: %w", err)
	}
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("engine: list bound channels: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
