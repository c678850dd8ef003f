package reporting

import (
	"context"
	"fmt"
	"time"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/reporting/evidence"
	"github.com/mos-hq/mos/reporting/rules"
)

// Report is one client's weekly report: what the Slack thread and the terminal show. Numbers are
// only ever computed from stored data; a week without data is Empty and says so.
type Report struct {
	ClientID    int64     `json:"client_id"`
	Client      string    `json:"client"` // slug
	ClientName  string    `json:"client_name"`
	Timezone    string    `json:"timezone"`
	Week        Week      `json:"week"`
	Key         string    `json:"key,omitempty"` // reports.week_key once stored
	From        string    `json:"from"`          // the week's Monday, YYYY-MM-DD
	To          string    `json:"to"`            // its Sunday
	AsOf        string    `json:"as_of"`         // results are the latest snapshots up to this date
	GeneratedAt time.Time `json:"generated_at"`
	Empty       bool      `json:"empty"`
	Headline    string    `json:"headline"`

	Totals      Totals         `json:"totals"`
	PillarMix   []PillarRow    `json:"pillar_mix"`
	Baseline    Baseline       `json:"baseline"`
	SourceTypes []SourceRow    `json:"source_types"`
	Failures    Failures       `json:"failures"`
	Better      Better         `json:"better"`
	Adherence   []Adherence    `json:"adherence"` // per platform with a cadence (adherence.go)
	Proposals   []Proposal     `json:"proposals"`
	Unworded    []Unworded     `json:"unworded_findings,omitempty"`
	Open        []OpenProposal `json:"open_proposals,omitempty"`
	Refused     []Refusal      `json:"refused_proposals,omitempty"`
	Footer      string         `json:"footer"`

	commands Commands // how the reader acts on the report, set by WithCommands
}

// Commands are how a reader does what a report suggests, in the adapter's words (the bot's slash
// commands, say). A report names them only once WithCommands has set them.
type Commands struct {
	EnterResults  string // enter a published piece's results (the results form)
	ImportResults string // import an analytics export (the metrics import command)
	LogHuman      string // log a human-only piece with its link
	ReportNow     string // make this week's report now
}

// WithCommands is the report worded for a reader who acts with c: its headline and sections name
// c's commands where they suggest something to do.
func (r Report) WithCommands(c Commands) Report {
	r.commands = c
	if !r.Empty {
		r.Headline = headline(r)
	}
	return r
}

// Totals are the week's counts.
type Totals struct {
	Published   int      `json:"published"`
	WithResults int      `json:"with_results"`
	AIAssisted  int      `json:"ai_assisted"`
	HumanOnly   int      `json:"human_only"`
	AgentMade   int      `json:"agent_made,omitempty"` // made by AI agents outside mos (logged over MCP)
	Rejections  int      `json:"rejections"`
	Edits       int      `json:"edits"`
	MedianER    *float64 `json:"median_engagement_rate"`
}

// PillarRow compares one pillar's share of the week's published pieces with its target weight, and
// says how its pieces did.
type PillarRow struct {
	Pillar      string   `json:"pillar"`
	InOS        bool     `json:"in_os"`  // false: pieces name a pillar pillars.md does not have
	Target      float64  `json:"target"` // weight in pillars.md, percent
	Pieces      int      `json:"pieces"`
	Share       float64  `json:"share"` // percent of the week's published pieces
	Delta       float64  `json:"delta"` // Share - Target, in points
	WithResults int      `json:"with_results"`
	MedianER    *float64 `json:"median_engagement_rate"`
}

// Baseline compares AI-assisted pieces with the human-only ones logged as a baseline; pieces AI
// agents made outside mos (logged over MCP) are a third group of their own, never the baseline.
type Baseline struct {
	AI            Side     `json:"ai_assisted"`
	Human         Side     `json:"human_only"`
	Agent         *Side    `json:"agent_made,omitempty"` // nil when the week has none
	TooLittleData bool     `json:"too_little_data"`      // either side has fewer than MinBaseline pieces with results
	Lift          *float64 `json:"lift,omitempty"`       // (AI median - human median) / human median
	Beat          int      `json:"ai_beat_baseline"`
	Trail         int      `json:"ai_trail_baseline"`
}

// MinBaseline is the fewest pieces with results each side needs before medians are compared.
const MinBaseline = 3

// Side is one side of the baseline.
type Side struct {
	Pieces      int      `json:"pieces"`
	WithResults int      `json:"with_results"`
	MedianER    *float64 `json:"median_engagement_rate"`
}

// SourceRow says how pieces from one kind of source signal did.
type SourceRow struct {
	SourceType  string   `json:"source_type"` // interview, trend, study, competitor, other, or "none"
	Pieces      int      `json:"pieces"`
	WithResults int      `json:"with_results"`
	MedianER    *float64 `json:"median_engagement_rate"`
}

// Failures are the week's rejections by failure mode, human edits and check violations, each
// pointing at the OS document to look at.
type Failures struct {
	Rejections   int        `json:"rejections"`
	Modes        []ModeRow  `json:"modes"`
	Edits        int        `json:"edits"`
	EditedPieces int        `json:"edited_pieces"`
	Checks       []CheckRow `json:"check_violations"`
	// Progress says, for each mode with a proposal rule and rejections in the evidence window, how
	// close it is to a proposal.
	Progress []ModeProgress `json:"progress"`
}

// ModeProgress is one failure mode's rejections over the evidence.Weeks window against the number
// its proposal rule needs.
type ModeProgress struct {
	Mode     string `json:"mode"`
	Label    string `json:"label"`
	Count    int    `json:"count"`
	Needed   int    `json:"needed"`
	Document string `json:"document"`
}

// Unworded is a finding whose rule fired but whose change the model could not word (rules.Unworded).
type Unworded = rules.Unworded

// ModeRow is one failure mode's count and where to fix it.
type ModeRow struct {
	Mode     string `json:"mode"`
	Label    string `json:"label"`
	Count    int    `json:"count"`
	Document string `json:"document"` // "" for "other"
	Section  string `json:"section"`  // the part of the document, e.g. "## ICP"
}

// CheckRow counts one kind of deterministic check finding left on generated versions.
type CheckRow struct {
	Kind     string `json:"kind"`
	Count    int    `json:"count"`
	Document string `json:"document"`
}

// Refusal is a proposal that was not made, and why: it would break lint, or it was dismissed before.
type Refusal struct {
	Rule     string `json:"rule"`
	Document string `json:"document"`
	Reason   string `json:"reason"`
	// Again says the proposal is made again with the next report (or one made on demand).
	Again bool `json:"again,omitempty"`
}

// Build computes a client's report for week from the database as of now. It is deterministic: the
// same rows and the same now give the same report. Proposals come back as candidates; prose ones
// (NeedsDraft) get their wording from the model when the Reporter stores the report.
func Build(ctx context.Context, db database.DBTX, clientID int64, week Week, now time.Time) (Report, error) {
	snap, err := clientos.Current(ctx, db, clientID)
	if err != nil {
		return Report{}, err
	}
	loc := ClientLocation(snap.Client)
	r := newReport(snap.Client, week, now, loc)
	d, err := loadData(ctx, db, clientID, week, now, loc)
	if err != nil {
		return Report{}, err
	}
	if d.EmptyWeek() {
		r.Empty = true
		r.Headline = emptyHeadline(r, now, loc)
		return r, nil
	}
	o, _ := clientos.Parse(snap.Contents())
	computeSections(&r, d, o)
	if r.Adherence, err = adherence(ctx, db, clientID, d, o); err != nil {
		return Report{}, err
	}
	if err := proposeAll(ctx, db, &r, d, snap, o); err != nil {
		return Report{}, err
	}
	r.Headline = headline(r)
	return r, nil
}

func newReport(c clientos.Client, week Week, now time.Time, loc *time.Location) Report {
	start := week.Start(loc)
	sunday := week.End(loc).AddDate(0, 0, -1)
	evidenceFrom := week.End(loc).AddDate(0, 0, -7*evidence.Weeks)
	asOf := DateOnly(now, loc).Format(time.DateOnly)
	return Report{
		ClientID: c.ID, Client: c.Slug, ClientName: c.Name, Timezone: loc.String(),
		Week: week, From: start.Format(time.DateOnly), To: sunday.Format(time.DateOnly),
		AsOf: asOf, GeneratedAt: now.UTC(),
		Footer: fmt.Sprintf("How to read this: %s up to %s. Where LinkedIn gives only its combined "+
			"\"Engagements\" (reactions + comments + reposts), that figure stands in for the three. Unknown "+
			"figures are left out, never counted as zero; pieces without impressions have no rate. Figures "+
			"are medians. The week runs %s to %s (%s); proposals weigh the %d weeks %s to %s.",
			EngagementFormula, asOf, start.Format(time.DateOnly), sunday.Format(time.DateOnly), loc,
			evidence.Weeks, evidenceFrom.Format(time.DateOnly), sunday.Format(time.DateOnly)),
		PillarMix: []PillarRow{}, SourceTypes: []SourceRow{}, Proposals: []Proposal{},
		Failures: Failures{Modes: []ModeRow{}, Checks: []CheckRow{}, Progress: []ModeProgress{}},
	}
}

func emptyHeadline(r Report, now time.Time, loc *time.Location) string {
	h := fmt.Sprintf("No data for %s (%s to %s): nothing was published, reviewed or edited that week, "+
		"so there is nothing to report — no numbers are made up.", r.Week.Key(), r.From, r.To)
	if WeekOf(now, loc) == r.Week {
		h += fmt.Sprintf(" The week is still running; the last complete week is %s.", r.Week.Prev().Key())
	}
	return h
}

// headline is the parent message: the week in one or two sentences.
func headline(r Report) string {
	t := r.Totals
	h := fmt.Sprintf("%s, %s: %s published (%d AI-assisted, %d human-only",
		r.ClientName, r.Week.Key(), evidence.Plural(t.Published, "piece"), t.AIAssisted, t.HumanOnly)
	if t.AgentMade > 0 {
		h += fmt.Sprintf(", %d agent-made", t.AgentMade)
	}
	h += ")"
	if t.WithResults > 0 {
		h += fmt.Sprintf("; median engagement %s across %d with results", evidence.Pct(t.MedianER), t.WithResults)
	} else if t.Published > 0 {
		h += "; no results entered yet"
		if how := orList(r.commands.EnterResults, r.commands.ImportResults); how != "" {
			h += " (" + how + ")"
		}
	}
	h += "."
	if best := bestPillar(r.PillarMix); best != nil {
		h += fmt.Sprintf(" Best pillar: %s (%s).", best.Pillar, evidence.Pct(best.MedianER))
	}
	if len(r.Failures.Modes) > 0 {
		m := r.Failures.Modes[0]
		h += fmt.Sprintf(" Top failure mode: %s (%d)", m.Label, m.Count)
		if m.Document != "" {
			h += " → " + m.Document
		}
		h += "."
	}
	if n := len(r.Proposals); n > 0 {
		h += fmt.Sprintf(" %s to the Client OS.", evidence.Plural(n, "proposed edit"))
	}
	if n := len(r.Unworded); n > 0 {
		h += fmt.Sprintf(" %s without a proposal (see the thread).", evidence.Plural(n, "finding"))
	}
	if n := len(r.Open); n > 0 {
		h += fmt.Sprintf(" %s from earlier reports still open.", evidence.Plural(n, "proposal"))
	}
	return h
}

// bestPillar is the pillar with the highest median among those with at least two results.
func bestPillar(rows []PillarRow) *PillarRow {
	var best *PillarRow
	for i := range rows {
		p := &rows[i]
		if p.MedianER == nil || p.WithResults < 2 {
			continue
		}
		if best == nil || *p.MedianER > *best.MedianER {
			best = p
		}
	}
	return best
}
