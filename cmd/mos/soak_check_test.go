package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
)

// soakResult is what the soak found: the invariants' violations and the figures.
type soakResult struct {
	pieces        int
	byState       map[string]int
	stuck         []string // pieces still being written after settling
	messages      []string // pieces without exactly one channel message (or with another ts recorded)
	drafts        []string // pieces with more than one draft reply
	caps          []string // channel days over their cap, or counted wrong
	linesDropped  []string // lines a person wrote that were stored, then lost
	linesNotSaved []string // edits Slack acked that never reached the database (the replica died after the ack)
	lateAcks      []string
	violations    []string
	protoErrs     []string // other than "no connection took the envelope" while both replicas were down
	duplicates    int
	capRefusals   int
	lostToKills   int            // envelopes a killed replica never acked
	ackedLost     []string       // envelopes Slack counts as delivered that were never handled
	phaseKills    map[string]int // failpoint SIGKILLs by front-door phase
	toOutline     []time.Duration
	humanLines    int
}

func (s *soak) check() soakResult {
	ctx := context.Background()
	r := soakResult{byState: map[string]int{}, lostToKills: s.lostActions, humanLines: len(s.human)}
	type piece struct {
		id              int64
		channel, state  string
		messageTS, busy string
		hadOutline      bool
	}
	rows, err := s.db.Pool.Query(ctx, `SELECT id, channel_id, state, coalesce(message_ts, ''), busy,
		EXISTS (SELECT 1 FROM piece_versions v WHERE v.piece_id = p.id AND v.phase = 'outline') FROM pieces p ORDER BY id`)
	require.NoError(s.t, err)
	pieces, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (piece, error) {
		var p piece
		return p, row.Scan(&p.id, &p.channel, &p.state, &p.messageTS, &p.busy, &p.hadOutline)
	})
	require.NoError(s.t, err)
	r.pieces = len(pieces)
	for _, p := range pieces {
		r.byState[p.state]++
		if p.state == "requested" || p.state == "outline_approved" || p.busy != "" {
			r.stuck = append(r.stuck, fmt.Sprintf("#%d %s %s", p.id, p.state, p.busy))
		}
		var found []string
		for _, m := range s.sim.Messages(p.channel) {
			if texts := m.BlockTexts(); len(texts) > 0 && strings.HasPrefix(texts[0], fmt.Sprintf("#%d · ", p.id)) {
				found = append(found, m.TS)
			}
		}
		if len(found) != 1 || found[0] != p.messageTS {
			r.messages = append(r.messages, fmt.Sprintf("#%d: %d message(s) %v, recorded %q", p.id, len(found), found, p.messageTS))
			r.duplicates += max(len(found)-1, 0)
		}
		var drafts []string
		for _, ts := range found {
			for _, m := range s.sim.Replies(p.channel, ts) {
				if m.User == slacksim.BotUserID { // the bot writes nothing but the draft in a piece's thread
					drafts = append(drafts, fmt.Sprintf("%s streaming=%v %.60q", m.TS, m.Streaming, m.AllText()))
				}
			}
		}
		if len(drafts) > 1 {
			r.drafts = append(r.drafts, fmt.Sprintf("#%d: %d draft replies (state %s, busy %q): %s", p.id, len(drafts),
				p.state, p.busy, strings.Join(drafts, " | ")))
			r.duplicates += len(drafts) - 1
		}
	}
	r.caps = s.checkCaps(ctx)
	r.ackedLost = s.checkAckedHandled(ctx)
	r.phaseKills = s.failpointKills()
	r.linesDropped, r.linesNotSaved = s.checkHumanLines(ctx)
	var extra int
	require.NoError(s.t, s.db.Pool.QueryRow(ctx, `SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n
		FROM piece_versions WHERE author_kind = 'ai' AND instruction = '' GROUP BY piece_id, phase HAVING count(*) > 1) d`).
		Scan(&extra))
	r.duplicates += extra
	for _, u := range s.sim.Unacked() {
		if strings.Contains(u, "acked late") {
			r.lateAcks = append(r.lateAcks, u)
		}
	}
	r.violations = s.sim.Violations()
	for _, e := range s.sim.ProtocolErrors() {
		if !strings.Contains(e, "no Socket Mode connection took envelope") {
			r.protoErrs = append(r.protoErrs, e)
		}
	}
	for _, e := range s.sim.Ephemerals(s.samID) {
		if strings.Contains(e.AllText(), "daily cap is reached") {
			r.capRefusals++
		}
	}
	rows, err = s.db.Pool.Query(ctx, `SELECT extract(epoch FROM v.created_at - p.created_at) FROM pieces p
		JOIN piece_versions v ON v.piece_id = p.id AND v.phase = 'outline' AND v.version = 1`)
	require.NoError(s.t, err)
	secs, err := pgx.CollectRows(rows, pgx.RowTo[float64])
	require.NoError(s.t, err)
	for _, sec := range secs {
		r.toOutline = append(r.toOutline, time.Duration(sec*float64(time.Second)))
	}
	return r
}

// checkCaps compares, per channel and day, the cap's count with the pieces that hold a slot (all
// but those cancelled before an outline) and with the cap.
func (s *soak) checkCaps(ctx context.Context) []string {
	rows, err := s.db.Pool.Query(ctx, `SELECT c.channel_id, c.day::text, c.used, (SELECT count(*) FROM pieces p
			WHERE p.channel_id = c.channel_id AND p.cap_day = c.day AND NOT (p.state = 'cancelled'
				AND NOT EXISTS (SELECT 1 FROM piece_versions v WHERE v.piece_id = p.id AND v.phase = 'outline')))
		FROM cap_usage c`)
	require.NoError(s.t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var ch, day string
		var used, holding int
		require.NoError(s.t, rows.Scan(&ch, &day, &used, &holding))
		if used > s.cap || used != holding {
			out = append(out, fmt.Sprintf("%s on %s: counted %d, %d pieces hold a slot, cap %d", ch, day, used, holding, s.cap))
		}
	}
	require.NoError(s.t, rows.Err())
	return out
}

// checkAckedHandled lists the envelopes Slack counts as delivered (acked in time, and not a modal
// answered with errors) that the front door never finished handling.
func (s *soak) checkAckedHandled(ctx context.Context) []string {
	var lost []string
	for _, e := range s.sim.Acked() {
		if e.Refused {
			continue
		}
		var handled bool
		require.NoError(s.t, s.db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM inbound_events
			WHERE event_id = $1 AND outcome = 'handled')`, e.ID).Scan(&handled))
		if !handled {
			lost = append(lost, e.ID+" "+e.Label)
		}
	}
	return lost
}

// failpointKills counts, from the replicas' logs, the SIGKILLs the failpoints aimed at each phase.
func (s *soak) failpointKills() map[string]int {
	n := map[string]int{}
	for _, r := range s.replicas {
		data, err := os.ReadFile(r.log)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			if !strings.Contains(line, "failpoint: killing this replica") {
				continue
			}
			for _, phase := range []string{"stored", "acked", "handled"} {
				if strings.Contains(line, "phase="+phase) || strings.Contains(line, `"phase":"`+phase+`"`) {
					n[phase]++
				}
			}
		}
	}
	return n
}

// checkHumanLines finds each acked edit's line: it must be in the latest version of its phase if
// any version held it, and if none did (the piece moved on before the edit was handled, or the
// edit started from an older version than the latest), it must have been given back to the person
// who wrote it.
func (s *soak) checkHumanLines(ctx context.Context) (dropped, notSaved []string) {
	var givenBack strings.Builder
	for _, e := range s.sim.Ephemerals(s.samID) {
		givenBack.WriteString(e.AllText())
	}
	for _, h := range s.human {
		var stored, kept bool
		require.NoError(s.t, s.db.Pool.QueryRow(ctx, `SELECT
			EXISTS (SELECT 1 FROM piece_versions WHERE piece_id = $1 AND phase = $2 AND strpos(content, $3) > 0),
			coalesce((SELECT strpos(content, $3) > 0 FROM piece_versions WHERE piece_id = $1 AND phase = $2
				ORDER BY version DESC LIMIT 1), false)`, h.piece, h.phase, h.line).Scan(&stored, &kept))
		switch {
		case !stored && !strings.Contains(givenBack.String(), h.line):
			notSaved = append(notSaved, fmt.Sprintf("#%d %s", h.piece, h.line))
		case stored && !kept: // a line never stored but given back (a stale edit, a piece moved on) is fine
			dropped = append(dropped, fmt.Sprintf("#%d %s — versions: %s", h.piece, h.line, s.versionTrail(ctx, h)))
		}
	}
	return dropped, notSaved
}

func (r soakResult) print(w io.Writer, s *soak) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.model.mu.Lock()
	faults := fmt.Sprint(s.model.faults)
	s.model.mu.Unlock()
	p := func(format string, args ...any) { _, _ = fmt.Fprintf(w, format+"\n", args...) }
	p("\n=== mos chaos soak: %s, seed %d ===", s.length, s.seed)
	p("drafts asked %d · pieces %d · refused by the cap %d · states %v", s.drafts, r.pieces, r.capRefusals, r.byState)
	p("kills (SIGKILL) %d, of both replicas at once %d · stops (SIGTERM) %d · socket drops %d · Slack 429 bursts %d",
		s.kills, s.bothKills, s.terms, s.refreshes, s.slack429)
	p("model faults %s", faults)
	p("time to resume after a kill: %d generations, max %s, p99 %s, p50 %s", len(s.resumes),
		pct(s.resumes, 100), pct(s.resumes, 99), pct(s.resumes, 50))
	p("time to resume after a stop: %d generations, max %s", len(s.handbacks), pct(s.handbacks, 100))
	p("time to outline: %d pieces, p50 %s, p99 %s, max %s", len(r.toOutline), pct(r.toOutline, 50),
		pct(r.toOutline, 99), pct(r.toOutline, 100))
	p("duplicates %d · stuck %d · messages wrong %d · draft replies over one %d · caps wrong %d", r.duplicates,
		len(r.stuck), len(r.messages), len(r.drafts), len(r.caps))
	p("human lines %d: dropped %d, neither saved nor given back %d", r.humanLines, len(r.linesDropped),
		len(r.linesNotSaved))
	p("SIGKILLs aimed at the front door: after the insert %d, after the ack %d, after the handler %d · "+
		"acked but never handled %d", r.phaseKills["stored"], r.phaseKills["acked"], r.phaseKills["handled"],
		len(r.ackedLost))
	p("envelopes acked after 3 s %d · lost to a killed replica (the person acted again) %d · Block Kit violations %d · "+
		"other protocol errors %d", len(r.lateAcks), r.lostToKills, len(r.violations), len(r.protoErrs))
	for _, group := range [][]string{r.stuck, r.messages, r.drafts, r.caps, r.linesDropped, r.linesNotSaved, r.ackedLost, r.lateAcks,
		r.violations, r.protoErrs} {
		for _, line := range group {
			p("  %s", line)
		}
	}
}

func (r soakResult) require(t *testing.T) {
	require.Empty(t, r.stuck, "pieces stuck writing")
	require.Empty(t, r.messages, "pieces without exactly one channel message")
	require.Empty(t, r.drafts, "pieces with more than one draft reply")
	require.Zero(t, r.duplicates, "duplicates")
	require.Empty(t, r.caps, "caps")
	require.Empty(t, r.linesDropped, "lines a person wrote, lost")
	require.Empty(t, r.linesNotSaved, "modal text acked, neither saved nor given back")
	require.Empty(t, r.ackedLost, "envelopes acked, never handled")
	require.Empty(t, r.lateAcks, "envelopes acked after 3 s")
	require.Empty(t, r.violations, "Block Kit violations")
	require.Empty(t, r.protoErrs, "protocol errors")
	require.NotZero(t, r.pieces)
}

// pct is the p-th percentile (nearest rank) of ds, rounded for reading; "—" for none.
func pct(ds []time.Duration, p int) string {
	if len(ds) == 0 {
		return "—"
	}
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	i := (len(sorted)*p + 99) / 100
	return sorted[min(max(i-1, 0), len(sorted)-1)].Round(100 * time.Millisecond).String()
}

// versionTrail lists a phase's versions — number, author kind, instruction, whether the line is in
// it — so a lost line shows which version dropped it.
func (s *soak) versionTrail(ctx context.Context, h humanLine) string {
	rows, err := s.db.Pool.Query(ctx, `SELECT version, author_kind, left(instruction, 40), strpos(content, $3) > 0
		FROM piece_versions WHERE piece_id = $1 AND phase = $2 ORDER BY version`, h.piece, h.phase, h.line)
	if err != nil {
		return err.Error()
	}
	defer rows.Close()
	var trail []string
	for rows.Next() {
		var v int
		var kind, instruction string
		var has bool
		if err := rows.Scan(&v, &kind, &instruction, &has); err != nil {
			return err.Error()
		}
		trail = append(trail, fmt.Sprintf("v%d %s %q line=%v", v, kind, instruction, has))
	}
	return strings.Join(trail, ", ")
}
