package main

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/bot/slacksim"
)

// setClock is a clock a test sets: the week's plan reads the day and hour from it.
type setClock struct{ at atomic.Int64 }

func newSetClock(t time.Time) *setClock {
	c := &setClock{}
	c.Set(t)
	return c
}

func (c *setClock) Now() time.Time  { return time.Unix(0, c.at.Load()).UTC() }
func (c *setClock) Set(t time.Time) { c.at.Store(t.UnixNano()) }

// The plan of Northwind's example OS with nothing published: its three heaviest pillars, one each.
const northwindPlan = "This week: 3 LinkedIn posts — Faster close ×1, Audit-ready reconciliation ×1, " +
	"The lean finance team ×1 (the pillars furthest below their weights over the last 4 weeks)"

// planWorld is a replica whose plan job ticks every 100 ms on a clock the test sets.
func planWorld(t *testing.T, at time.Time) (*world, *setClock) {
	clock := newSetClock(at)
	w := newWorldWith(t, slacksim.Options{}, tuning{now: clock.Now, planTick: 100 * time.Millisecond})
	w.start()
	return w, clock
}

// countMessages counts the channel's top-level messages containing s.
func (w *world) countMessages(channelID, s string) int {
	return len(withText(w.sim.Messages(channelID), s))
}

// settlePlanTicks lets several plan ticks run, so a message that should not come had its chance.
func settlePlanTicks() { time.Sleep(time.Second) }

const nudgeWords = "The week is more than half over"

// mondayMorning is Monday 9:30 in Berlin, just after the week's plan is due (9:00).
func mondayMorning() time.Time { return time.Date(2026, 11, 23, 8, 30, 0, 0, time.UTC) }

// TestWeekPlanAtTheWeekStart: Monday morning in Berlin the bound channel gets the week's plan once,
// Draft one opens the /draft form with the pillar chosen (pressed twice: still one form), /draft
// suggests the planned pillar, and the App Home's progress moves when a piece is published.
func TestWeekPlanAtTheWeekStart(t *testing.T) {
	t.Parallel()
	w, clock := planWorld(t, reportMonday()) // Monday 07:00 in Berlin: too early for the plan
	w.bindAsMaria(3)
	settlePlanTicks()
	require.Zero(t, w.countMessages(w.channel, "This week:"), "the plan posts from 9:00, not at midnight")
	clock.Set(mondayMorning())
	plan := w.sim.WaitMessage(w.channel, containing("This week:"))
	require.Contains(t, plan.AllText(), northwindPlan)
	require.Contains(t, plan.AllText(), "0 of 3 published this week, next: Faster close")
	settlePlanTicks()
	require.Equal(t, 1, w.countMessages(w.channel, "This week:"), "one plan a week, however many ticks")

	form := w.modalFrom(w.sam, plan.TS, "Draft one")
	require.Equal(t, "New piece", form.Title())
	require.Equal(t, "Faster close", form.Value("Pillar"))
	w.sim.RepeatNext() // a double delivery of the second press
	w.sam.Press(w.channel, plan.TS, "Draft one")
	require.Eventually(t, func() bool { m := w.sam.Modal(); return m != nil && m.ID() != form.ID() },
		5*time.Second, 10*time.Millisecond)
	again := w.sam.Modal()
	require.Equal(t, "Faster close", again.Value("Pillar"))
	require.False(t, form.Open(), "the second press replaced the first form: one form")
	again.Close()

	w.sam.Command(w.channel, "/draft", "")
	require.Equal(t, "Faster close", w.sam.WaitModal().Value("Pillar"), "a /draft without a pillar suggests the planned one")
	w.sam.Modal().Close()

	w.sim.OpenHome(w.mariaID)
	require.Eventually(t, func() bool {
		return strings.Contains(strings.Join(w.sim.Home(w.mariaID).Texts, "\n"),
			"Northwind Ledger · LinkedIn: 0 of 3 published this week, next: Faster close")
	}, 5*time.Second, 10*time.Millisecond)

	w.publishOne()
	require.Eventually(t, func() bool {
		return strings.Contains(strings.Join(w.sim.Home(w.mariaID).Texts, "\n"),
			"Northwind Ledger · LinkedIn: 1 of 3 published this week, next: Audit-ready reconciliation")
	}, 10*time.Second, 20*time.Millisecond, "the App Home's progress moves when a piece is published")
}

// publishOne takes a piece through outline, draft and approval to published (pillar Faster close).
func (w *world) publishOne() {
	w.t.Helper()
	outline, draft := w.approvedOutline()
	w.maria.Press(w.channel, draft.TS, "Approve")
	approved := w.sim.WaitReply(w.channel, outline.TS, withButton("Mark published"))
	m := w.modalFrom(w.maria, approved.TS, "Mark published")
	m.Fill("Link to the live post", "https://www.linkedin.com/feed/update/urn:li:activity:7212345678901234567/")
	require.Empty(w.t, m.Submit().Errors)
	w.sim.WaitMessage(w.channel, containing(":rocket: Published."))
}

// fridayMorning is Friday 10:00 in Berlin: the week is more than half over, in working hours.
func fridayMorning() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) }

// TestWeekPlanNudgesOnceWhenBehind: on Friday morning with nothing started, each bound channel of
// the platform gets the plan and then exactly one nudge; a paused channel and a channel rebound to
// another platform get none.
func TestWeekPlanNudgesOnceWhenBehind(t *testing.T) {
	t.Parallel()
	w, _ := planWorld(t, fridayMorning())
	second := w.sim.AddChannel("northwind-linkedin-2")
	paused := w.sim.AddChannel("northwind-linkedin-quiet")
	leaving := w.sim.AddChannel("northwind-linkedin-old")
	for _, ch := range []string{second, paused, leaving} {
		w.maria.Command(ch, "/mos", "bind northwind linkedin 3")
		w.sim.WaitMessage(ch, containing("bound this channel"))
	}
	w.maria.Command(paused, "/mos", "plan off")
	w.sim.WaitMessage(paused, containing("paused the week's plan"))
	w.maria.Command(leaving, "/mos", "bind northwind blog 3") // unbinds it from LinkedIn mid-week
	w.sim.WaitMessage(leaving, containing("bound this channel"))
	w.bindAsMaria(3)

	for _, ch := range []string{w.channel, second} {
		nudge := w.sim.WaitMessage(ch, containing(nudgeWords))
		require.Contains(t, nudge.AllText(), "LinkedIn is behind plan: 0 of 3 posts under way or published. Next: Faster close.")
		require.Equal(t, []string{"Draft one"}, nudge.Buttons())
	}
	settlePlanTicks()
	for _, ch := range []string{w.channel, second} {
		require.Equal(t, 1, w.countMessages(ch, nudgeWords), "exactly one nudge a week")
		require.Equal(t, 1, w.countMessages(ch, "This week:"), "the plan is posted in each bound channel")
	}
	require.Zero(t, w.countMessages(paused, nudgeWords)+w.countMessages(paused, "This week:"), "paused here")
	require.Zero(t, w.countMessages(leaving, nudgeWords)+w.countMessages(leaving, "This week:"), "no longer LinkedIn's")
	require.Equal(t, 1, w.scalar("SELECT count(*) FROM weekly_plans WHERE nudged_at IS NOT NULL"))

	w.maria.Command(w.channel, "/mos", "plan")
	require.Eventually(t, func() bool { return w.countMessages(w.channel, "This week:") == 2 },
		5*time.Second, 10*time.Millisecond, "/mos plan posts the plan on demand")
}

// TestWeekPlanOnTrackIsNotNudged: two pieces published this week on another channel of the
// platform count for both channels, so Friday morning brings the plan and no nudge.
func TestWeekPlanOnTrackIsNotNudged(t *testing.T) {
	t.Parallel()
	w, _ := planWorld(t, fridayMorning())
	w.seedPublished(2, "Faster close") // in w.channel, dated the world's today
	second := w.sim.AddChannel("northwind-linkedin-2")
	w.maria.Command(second, "/mos", "bind northwind linkedin 3")
	w.sim.WaitMessage(second, containing("bound this channel"))
	plan := w.sim.WaitMessage(second, containing("This week:"))
	require.Contains(t, plan.AllText(), "2 under way; still to write: Audit-ready reconciliation ×1")
	require.Contains(t, plan.AllText(), "2 of 3 published this week, next: Audit-ready reconciliation")
	settlePlanTicks()
	require.Zero(t, w.countMessages(second, nudgeWords), "on track: no nudge")
}

// TestPlanWithoutCadence: /mos plan on a platform whose style guide names no cadence says how to set one.
func TestPlanWithoutCadence(t *testing.T) {
	t.Parallel()
	w, _ := planWorld(t, reportMonday())
	blog := w.sim.AddChannel("northwind-blog")
	w.maria.Command(blog, "/mos", "bind northwind blog 2")
	w.sim.WaitMessage(blog, containing("bound this channel"))
	w.sam.Command(blog, "/mos", "plan")
	m := w.sim.WaitEphemeral(w.samID, containing("No cadence for blog yet"))
	require.Contains(t, m.AllText(), "Add `cadence: 3/week` (a number per day, week or month) to the front matter of "+
		"style/blog.md with `/mos os edit style/blog`")
	w.sam.Command(blog, "/mos", "plan sometimes")
	w.sim.WaitEphemeral(w.samID, containing("I don't know `sometimes`"))
	settlePlanTicks()
	require.Zero(t, w.countMessages(blog, "This week:"))
}

// TestAdherenceInTheWeeklyReport: the report's thread has the cadence section, planned (the week's
// posted plan) vs published for the last four weeks.
func TestAdherenceInTheWeeklyReport(t *testing.T) {
	t.Parallel()
	w, _ := planWorld(t, mondayMorning())
	w.bindAsMaria(3)
	w.sim.WaitMessage(w.channel, containing("This week:"))
	w.seedPublished(2, "Faster close")
	parent := w.mosPosted(w.sam, "report now", "Weekly report 20")
	section := w.sim.WaitReply(w.channel, parent.TS, containing("Cadence: planned vs published"))
	require.Contains(t, section.AllText(), "LinkedIn (cadence 3/week), planned vs published:")
	require.Contains(t, section.AllText(), "2026-W45: 0 of 3 published — missed")
	require.Contains(t, section.AllText(), "2026-W48: 2 of 3 published — so far")
}
