package bot

import (
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/plan"
)

func weekPlan(slots ...plan.Slot) engine.WeekPlan {
	return engine.WeekPlan{ClientName: "R&D <Ltd>", Platform: "linkedin", Target: 3, StyleFile: "style/linkedin.md",
		Cadence: clientos.Cadence{Count: 3, Per: clientos.PerWeek}, Start: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC),
		Slots: slots}
}

func TestPlanTexts(t *testing.T) {
	t.Parallel()
	fresh := weekPlan(plan.Slot{Pillar: "Pricing <clarity>"}, plan.Slot{Pillar: "Pricing <clarity>"}, plan.Slot{Pillar: "Customer proof"})
	require.Equal(t, "This week: 3 LinkedIn posts — Pricing &lt;clarity&gt; ×2, Customer proof ×1 (the pillars furthest "+
		"below their weights over the last 4 weeks)", planPostText(fresh))
	require.Equal(t, "0 of 3 published this week, next: Pricing &lt;clarity&gt;", planProgressText(fresh))

	started := weekPlan(plan.Slot{Pillar: "Customer proof", Started: true}, plan.Slot{Pillar: "Customer proof", Started: true},
		plan.Slot{})
	started.Published = 1
	require.Equal(t, "This week: 3 LinkedIn posts — 2 under way; still to write: any pillar ×1 (the pillars furthest "+
		"below their weights over the last 4 weeks)", planPostText(started))
	require.Equal(t, "1 of 3 published this week (1 under way)", planProgressText(started))
	require.Contains(t, nudgeText(started), "LinkedIn is behind plan: 2 of 3 posts under way or published. I won't remind you again")

	done := weekPlan(plan.Slot{Started: true}, plan.Slot{Started: true}, plan.Slot{Started: true})
	require.Equal(t, "This week: 3 LinkedIn posts — all 3 under way or published. :tada:", planPostText(done))
	require.Len(t, planBlocks(planPostText(done), done), 2, "nothing left to write: no Draft one button")

	monthly := weekPlan()
	monthly.Target, monthly.Cadence = 0, clientos.Cadence{Count: 2, Per: clientos.PerMonth}
	require.Equal(t, "This week: 0 LinkedIn posts — your cadence of 2/month spreads over the month's weeks.", planPostText(monthly))

	require.Equal(t, "No cadence for LinkedIn yet, so there is no plan for the week. Add `cadence: 3/week` (a number per day, "+
		"week or month) to the front matter of style/linkedin.md with `/mos os edit style/linkedin`, then `/mos plan` shows "+
		"the week's plan.", noCadenceText(engine.WeekPlan{Platform: "linkedin", StyleFile: "style/linkedin.md"}))
}

func TestPlanBlocksCarryThePillar(t *testing.T) {
	t.Parallel()
	p := weekPlan(plan.Slot{Pillar: "Customer proof"})
	blocks := planBlocks(planPostText(p), p)
	require.Len(t, blocks, 3)
	act, ok := blocks[2].(*slack.ActionBlock)
	require.True(t, ok)
	btn := act.Elements.ElementSet[0].(*slack.ButtonBlockElement)
	require.Equal(t, actionDraftOne, btn.ActionID)
	require.Equal(t, "pillar:Customer proof", btn.Value)
	require.Equal(t, "Draft one", btn.Text.Text)

	home := planHomeBlocks([]engine.WeekPlan{p})
	require.Len(t, home, 1)
	require.Equal(t, "*This week*\nR&amp;D &lt;Ltd&gt; · LinkedIn: 0 of 3 published this week, next: Customer proof",
		home[0].(*slack.SectionBlock).Text.Text)
	require.Nil(t, planHomeBlocks(nil), "no cadence anywhere: the App Home shows only the queue")
}

func TestDraftModalSuggestsThePlannedPillar(t *testing.T) {
	t.Parallel()
	m := draftModal("C1", []string{"A", "B"}, "B")
	var sel *slack.SelectBlockElement
	for _, b := range m.Blocks.BlockSet {
		if in, ok := b.(*slack.InputBlock); ok && in.BlockID == fieldPillar {
			sel = in.Element.(*slack.SelectBlockElement)
		}
	}
	require.NotNil(t, sel)
	require.Equal(t, "B", sel.InitialOption.Value)
	m = draftModal("C1", []string{"A", "B"}, "Gone from the OS")
	for _, b := range m.Blocks.BlockSet {
		if in, ok := b.(*slack.InputBlock); ok && in.BlockID == fieldPillar {
			require.Nil(t, in.Element.(*slack.SelectBlockElement).InitialOption, "a pillar the OS lost is not suggested")
		}
	}
}
