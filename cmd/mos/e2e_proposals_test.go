package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
	"github.com/mos-hq/mos/llm/llmtest"
)

// proposalModel answers outlines and drafts like scriptedModel, and proposal requests like a
// model that follows the schema: it picks names and piece numbers from the schema's enums. A
// pillar set in badPillar is named instead, as a confused model would.
type proposalModel struct {
	t         testing.TB
	outlines  *scriptedModel
	badPillar string

	mu        sync.Mutex
	proposals []string // schema names of the proposal requests, in order
}

func newProposalModel(t testing.TB) *proposalModel {
	return &proposalModel{t: t, outlines: &scriptedModel{draft: draftText}}
}

func (m *proposalModel) reply(r llmtest.Recorded) llmtest.Reply {
	var rf struct {
		JSONSchema struct {
			Name   string          `json:"name"`
			Schema json.RawMessage `json:"schema"`
		} `json:"json_schema"`
	}
	_ = json.Unmarshal(r.ResponseFormat, &rf)
	name, schema := rf.JSONSchema.Name, rf.JSONSchema.Schema
	if !strings.HasSuffix(name, "_proposal") {
		return m.outlines.reply(m.t, r)
	}
	m.mu.Lock()
	m.proposals = append(m.proposals, name)
	m.mu.Unlock()
	switch name {
	case "voice_lines_proposal":
		return llmtest.JSON(m.t, map[string]any{"rationale": "Answers the reviewers.", "lines": []map[string]any{{
			"section": enum(m.t, schema, "lines", "section")[0], "kind": "dont",
			"text":     "Sound like a vendor; write like a controller who has sat through a 14-day close.",
			"evidence": enum(m.t, schema, "lines", "evidence"),
		}}})
	case "locked_decisions_proposal":
		return llmtest.JSON(m.t, map[string]any{"rationale": "Locks the count.", "decisions": []map[string]any{{
			"text": "We have 212 customers; never round up.", "evidence": enum(m.t, schema, "decisions", "evidence")[:2],
		}}})
	case "pillar_descriptions_proposal":
		pillar := enum(m.t, schema, "pillars", "name")[0]
		if m.badPillar != "" {
			pillar = m.badPillar
		}
		return llmtest.JSON(m.t, map[string]any{"rationale": "Names the numbers.", "pillars": []map[string]any{{
			"name": pillar, "description": "Named steps that cut close days, each with a before/after day count from a real team.",
		}}})
	case "icp_proposal":
		return llmtest.JSON(m.t, map[string]string{"rationale": "Narrowed.",
			"icp": "- **Who:** Controllers and VPs of Finance at B2B companies with 200–2,000 employees.\n- **Not:** firms under 50 people."})
	}
	m.t.Errorf("unexpected proposal schema %q", name)
	return llmtest.Reply{Status: 400, Content: "unexpected schema"}
}

func (m *proposalModel) calls() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.proposals...)
}

// enum reads the enum of an array item's property from a proposal schema:
// properties.<list>.items.properties.<prop>, or its items for an array of values.
func enum(t testing.TB, schema json.RawMessage, list, prop string) []any {
	type node struct {
		Properties map[string]json.RawMessage `json:"properties"`
		Items      json.RawMessage            `json:"items"`
		Enum       []any                      `json:"enum"`
	}
	var root, arr, item, p node
	require.NoError(t, json.Unmarshal(schema, &root))
	require.NoError(t, json.Unmarshal(root.Properties[list], &arr))
	require.NoError(t, json.Unmarshal(arr.Items, &item))
	require.NoError(t, json.Unmarshal(item.Properties[prop], &p))
	if len(p.Enum) == 0 && p.Items != nil {
		require.NoError(t, json.Unmarshal(p.Items, &p))
	}
	require.NotEmpty(t, p.Enum, "%s.%s has an enum", list, prop)
	return p.Enum
}

// proposalWorld is a running replica on the report clock, channel bound with a cap of 20, Maria an
// approver, and the proposal model answering.
func proposalWorld(t *testing.T) (*world, *proposalModel) {
	w := newWorldWith(t, slacksim.Options{}, tuning{now: reportMonday})
	m := newProposalModel(t)
	w.llm.SetResponder(m.reply)
	w.start()
	w.bindAsMaria(20)
	return w, m
}

// reject has Sam draft a piece and Maria reject its outline for mode (the checkbox label) with a
// comment ("" leaves it empty).
func (w *world) reject(mode, comment string) {
	w.t.Helper()
	outline := w.outlineReady()
	m := w.modalFrom(w.maria, outline.TS, "Reject")
	m.Check("What went wrong?", mode)
	if comment != "" {
		m.Fill("Comment", comment)
	}
	require.Empty(w.t, m.Submit().Errors)
	w.sim.WaitMessage(w.channel, func(msg slacksim.Message) bool {
		return msg.TS == outline.TS && len(msg.Buttons()) == 0
	})
}

// intoReportWeek moves the reviews into the week of the injected clock: the engine stamps them
// with the database's clock, the report reads the week reportMonday is in (they land on that
// Monday morning, before the clock's 07:00).
func (w *world) intoReportWeek() {
	w.t.Helper()
	_, err := w.db.Pool.Exec(context.Background(), `UPDATE reviews SET created_at = $1::timestamptz - interval '1 hour' + id * interval '1 second'`,
		reportMonday())
	require.NoError(w.t, err)
}

// reportThread runs /mos report now as who and returns the new report's parent message and its
// replies once the footer is posted.
func (w *world) reportThread(who *slacksim.User, seen map[string]bool) (slacksim.Message, []slacksim.Message) {
	w.t.Helper()
	who.Command(w.channel, "/mos", "report now")
	parent := w.sim.WaitMessage(w.channel, func(m slacksim.Message) bool {
		return strings.Contains(m.AllText(), "Weekly report 20") && !seen[m.TS]
	})
	seen[parent.TS] = true
	w.sim.WaitReply(w.channel, parent.TS, containing("How to read this"))
	// The job ends just after posting; until then another /mos report now is answered "already
	// being built".
	require.Eventually(w.t, func() bool {
		return w.scalar(`SELECT count(*) FROM river_job WHERE kind = 'reporting_now'
			AND state NOT IN ('completed', 'discarded', 'cancelled')`) == 0
	}, 10*time.Second, 10*time.Millisecond)
	return parent, w.sim.Replies(w.channel, parent.TS)
}

func (w *world) text(sql string, args ...any) string {
	w.t.Helper()
	var s string
	require.NoError(w.t, w.db.Pool.QueryRow(context.Background(), sql, args...).Scan(&s))
	return s
}

// requireNoPing fails if a message would ping anyone: every mention reaches Slack escaped.
func requireNoPing(t *testing.T, m slacksim.Message) {
	t.Helper()
	for _, ping := range []string{"<!channel>", "<@U0BOSS>"} {
		require.NotContains(t, m.Text, ping)
		for _, s := range m.Mrkdwn() {
			require.NotContains(t, s, ping)
		}
	}
}

// TestEveryFailureModeBecomesOneProposal: three rejections per failure mode in one week, then
// /mos report now proposes one edit per mode to the document the mode points to, each with its
// evidence; Apply changes the OS once; two approvers applying two proposals for one document get
// the second refused as stale; a second report repeats none of the applied ones and makes the
// stale one again against the current version.
func TestEveryFailureModeBecomesOneProposal(t *testing.T) {
	t.Parallel()
	w, model := proposalWorld(t)
	w.mosPosted(w.maria, "approvers add <@"+w.samID+"|sam>", "<@"+w.samID+"> as an approver")
	for _, r := range []struct{ mode, comment string }{
		{"Voice drift", "Zu werblich — so reden wir nicht mit Controllern."},
		{"Voice drift", ""},
		{"Voice drift", "<!channel> this is *way* too salesy, ask <@U0BOSS>"},
		{"Factual error", "We have 212 customers, not 300."},
		{"Factual error", "212 customers; never round up."},
		{"Factual error", "The benchmark is the 2026 edition."},
		{"Generic angle", "Reads like any SaaS post."},
		{"Generic angle", "Which close step? Which number?"},
		{"Generic angle", "Anyone could have written this."},
		{"Off-ICP framing", "CFOs of 50-person startups are not our reader."},
		{"Off-ICP framing", "Accounting firms are not our ICP."},
		{"Off-ICP framing", "Enterprise shared services? No."},
	} {
		w.reject(r.mode, r.comment)
	}
	w.intoReportWeek()

	seen := map[string]bool{}
	_, replies := w.reportThread(w.maria, seen)
	failures := withText(replies, "Top failure modes")
	require.Len(t, failures, 1)
	for _, want := range []string{"voice drift: 3 of 3 rejections needed — enough for a proposal to brand.md",
		"factual error: 3 of 3", "generic angle: 3 of 3", "off-ICP framing: 3 of 3"} {
		require.Contains(t, failures[0].AllText(), want)
	}
	proposals := map[string]slacksim.Message{}
	for _, rule := range []string{"brand.md (from v1) — voice_drift", "decisions.md (from v1) — factual_error",
		"pillars.md (from v1) — generic_angle", "brand.md (from v1) — off_icp"} {
		found := withText(replies, rule)
		require.Len(t, found, 1, "one proposal: %s", rule)
		require.Equal(t, []string{"Apply", "Dismiss"}, found[0].Buttons())
		proposals[rule[strings.LastIndex(rule, " ")+1:]] = found[0]
	}
	require.Len(t, withText(replies, "Proposal #"), 4, "one proposal per mode, nothing else")

	voice := proposals["voice_drift"]
	require.Contains(t, voice.AllText(), "+ - **Don't:** Sound like a vendor")
	require.Contains(t, voice.AllText(), "rejected: “Zu werblich — so reden wir nicht mit Controllern.”")
	require.Contains(t, voice.AllText(), "rejected: (no comment)")
	require.Contains(t, strings.Join(voice.Mrkdwn(), "\n"), "“&lt;!channel&gt; this is *way* too salesy, ask &lt;@U0BOSS&gt;”")
	requireNoPing(t, voice)
	require.Contains(t, proposals["factual_error"].AllText(), "+ - We have 212 customers; never round up.")
	require.Contains(t, proposals["factual_error"].AllText(), "“We have 212 customers, not 300.”")
	require.Contains(t, proposals["generic_angle"].AllText(), "“Reads like any SaaS post.”")
	require.Contains(t, proposals["off_icp"].AllText(), "+ - **Not:** firms under 50 people.")
	require.Contains(t, proposals["off_icp"].AllText(), "“Accounting firms are not our ICP.”")
	require.ElementsMatch(t, []string{"voice_lines_proposal", "locked_decisions_proposal", "pillar_descriptions_proposal",
		"icp_proposal"}, model.calls())

	for _, rule := range []string{"voice_drift", "factual_error", "generic_angle"} {
		w.sim.RepeatNext() // a double delivery of the press
		w.maria.Press(w.channel, proposals[rule].TS, "Apply")
		w.sim.WaitReply(w.channel, voice.ThreadTS, func(m slacksim.Message) bool {
			return m.TS == proposals[rule].TS && strings.Contains(m.AllText(), "Applied by <@"+w.mariaID+">")
		})
	}
	// Sam applies the other brand.md proposal, made against the version Maria's Apply replaced.
	w.sam.Press(w.channel, proposals["off_icp"].TS, "Apply")
	w.sim.WaitEphemeral(w.samID, containing("/mos report now"))
	w.sim.WaitReply(w.channel, voice.ThreadTS, func(m slacksim.Message) bool {
		return m.TS == proposals["off_icp"].TS && strings.Contains(m.AllText(), "Stale")
	})
	require.Equal(t, 3, w.scalar("SELECT count(*) FROM os_versions WHERE reason LIKE 'proposal #%'"), "the OS changed once per Apply")
	for doc, v := range map[string]int{"brand": 2, "decisions": 2, "pillars": 2} {
		require.Equal(t, v, w.scalar("SELECT max(version) FROM os_versions WHERE document = $1", doc), doc)
	}
	brand := w.text("SELECT content FROM os_versions WHERE document = 'brand' AND version = 2")
	require.Contains(t, brand, "- **Don't:** Sound like a vendor; write like a controller who has sat through a 14-day close.")
	require.NotContains(t, brand, "firms under 50 people", "the stale proposal changed nothing")

	_, again := w.reportThread(w.maria, seen)
	require.Len(t, withText(again, "Proposal #"), 1, "only the stale one is made again")
	require.Len(t, withText(again, "brand.md (from v2) — off_icp"), 1)
	notProposed := withText(again, "Changes not proposed")
	require.Len(t, notProposed, 1)
	for _, rule := range []string{"voice_drift (brand)", "factual_error (decisions)", "generic_angle (pillars)"} {
		require.Contains(t, notProposed[0].AllText(), rule+": not proposed again: the same evidence was applied as")
	}
	require.Len(t, model.calls(), 5, "the second report asks the model only for the stale proposal")
}

// TestSecondReportLinksTheOpenProposal: a second /mos report now in the same week does not make
// the same proposal again; it links the open one.
func TestSecondReportLinksTheOpenProposal(t *testing.T) {
	t.Parallel()
	w, model := proposalWorld(t)
	for range 3 {
		w.reject("Generic angle", "Reads like any SaaS post.")
	}
	w.intoReportWeek()
	seen := map[string]bool{}
	_, first := w.reportThread(w.maria, seen)
	proposal := withText(first, "pillars.md (from v1) — generic_angle")
	require.Len(t, proposal, 1)

	_, second := w.reportThread(w.sam, seen)
	for _, m := range second {
		require.NotContains(t, m.Buttons(), "Apply")
	}
	open := withText(second, "Already proposed, still open")
	require.Len(t, open, 1)
	link := fmt.Sprintf("/archives/%s/p%s", w.channel, strings.ReplaceAll(proposal[0].TS, ".", ""))
	require.Contains(t, strings.Join(open[0].Mrkdwn(), "\n"), link, "a link to the open proposal's message")
	require.Contains(t, open[0].AllText(), "still open in report 2026-W48-now-1; Apply or Dismiss it there")
	require.Equal(t, []string{"pillar_descriptions_proposal"}, model.calls(), "the model is not asked twice")
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM proposals"))
}

// TestUnknownPillarShowsTheFindingWithoutAProposal: a model that keeps naming a pillar pillars.md
// does not have gets asked once more; then the report shows the finding, with its evidence and how
// to make the edit, instead of dropping it.
func TestUnknownPillarShowsTheFindingWithoutAProposal(t *testing.T) {
	t.Parallel()
	w, model := proposalWorld(t)
	model.badPillar = "Growth"
	for _, c := range []string{"Reads like any SaaS post.", "", "<@U0BOSS> generic"} {
		w.reject("Generic angle", c)
	}
	w.intoReportWeek()
	_, replies := w.reportThread(w.maria, map[string]bool{})
	require.Empty(t, withText(replies, "Proposal #"))
	finding := withText(replies, "No proposal: generic angle → pillars.md")
	require.Len(t, finding, 1)
	text := finding[0].AllText()
	require.Contains(t, text, "3 generic-angle rejections point at pillars.md (pillar descriptions) — I couldn't word a change; "+
		"edit it with `/mos os edit pillars`.")
	require.Contains(t, text, `it named a pillar that is not one of those to sharpen: "Growth" (they are: Faster close)`)
	require.Contains(t, text, "“Reads like any SaaS post.”")
	require.Empty(t, finding[0].Buttons())
	requireNoPing(t, finding[0])
	require.Equal(t, []string{"pillar_descriptions_proposal", "pillar_descriptions_proposal"}, model.calls(), "asked once more, not more")
	require.Zero(t, w.scalar("SELECT count(*) FROM proposals"))
}
