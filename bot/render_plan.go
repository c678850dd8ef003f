package bot

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/engine"
)

// actionDraftOne is the plan's button: it opens the /draft form with the planned pillar chosen.
const actionDraftOne = "plan_draft_one"

// planPillarPrefix starts the Draft one button's value, so a plan with no pillar still has one.
const planPillarPrefix = "pillar:"

// planWhy says where the plan's pillars come from.
const planWhy = "(the pillars furthest below their weights over the last 4 weeks)"

// planPostText is the week's plan in one line: "This week: 3 LinkedIn posts — Pricing clarity ×2,
// Customer proof ×1 (…)", with what is under way already said first.
func planPostText(p engine.WeekPlan) string {
	head := "This week: " + escapeText(postsWord(p.Target, p.Platform))
	if p.Target == 0 {
		return head + fmt.Sprintf(" — your cadence of %s spreads over the month's weeks.", escapeText(p.Cadence.String()))
	}
	todo := pillarList(p.ToWrite())
	started := p.Started()
	switch {
	case todo == "":
		return head + fmt.Sprintf(" — all %d under way or published. :tada:", started)
	case started > 0:
		return head + fmt.Sprintf(" — %d under way; still to write: %s %s", started, todo, planWhy)
	}
	return head + " — " + todo + " " + planWhy
}

// planProgressText is the plan's progress: "1 of 3 this week, next: Pricing clarity".
func planProgressText(p engine.WeekPlan) string {
	s := fmt.Sprintf("%d of %d published this week", p.Published, p.Target)
	if under := p.Started() - p.Published; under > 0 {
		s += fmt.Sprintf(" (%d under way)", under)
	}
	if next := p.Next(); next != "" {
		s += ", next: " + escapeText(next)
	}
	return s
}

// nudgeText is the week's one nudge when the channel is behind plan.
func nudgeText(p engine.WeekPlan) string {
	s := fmt.Sprintf(":hourglass_flowing_sand: The week is more than half over and %s is behind plan: %d of %d posts under way or published.",
		escapeText(clientos.PlatformTitle(p.Platform)), p.Started(), p.Target)
	if next := p.Next(); next != "" {
		s += " Next: " + escapeText(next) + "."
	}
	return s + " I won't remind you again this week; `/mos plan off` stops these here."
}

// planBlocks is a plan or nudge message: its text, the progress, and the Draft one button.
func planBlocks(text string, p engine.WeekPlan) []slack.Block {
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(truncate(text, 3000)), nil, nil),
		slack.NewContextBlock("plan_progress", mrkdwn(truncate(escapeText(p.ClientName)+" · "+planProgressText(p)+
			" · `/mos plan off` pauses these messages here", 3000))),
	}
	if p.Next() == "" && len(p.ToWrite()) == 0 {
		return blocks
	}
	btn := button(actionDraftOne, "Draft one", planPillarPrefix+truncate(p.Next(), 1900))
	btn.Style = slack.StylePrimary
	return append(blocks, slack.NewActionBlock("plan_actions", btn))
}

// planHomeBlocks is the App Home's progress: one line per client and platform with a cadence.
func planHomeBlocks(plans []engine.WeekPlan) []slack.Block {
	if len(plans) == 0 {
		return nil
	}
	lines := []string{"*This week*"}
	for _, p := range plans {
		lines = append(lines, fmt.Sprintf("%s · %s: %s", escapeText(p.ClientName),
			escapeText(clientos.PlatformTitle(p.Platform)), planProgressText(p)))
	}
	return []slack.Block{slack.NewSectionBlock(mrkdwn(truncate(strings.Join(lines, "\n"), 3000)), nil, nil,
		slack.SectionBlockOptionBlockID("home_plan"))}
}

// noCadenceText says a platform has no cadence and how to set one.
func noCadenceText(p engine.WeekPlan) string {
	doc := strings.TrimSuffix(p.StyleFile, ".md")
	return fmt.Sprintf("No cadence for %s yet, so there is no plan for the week. Add `cadence: 3/week` (a number per day, "+
		"week or month) to the front matter of %s with `/mos os edit %s`, then `/mos plan` shows the week's plan.",
		escapeText(clientos.PlatformTitle(p.Platform)), escapeText(p.StyleFile), escapeText(doc))
}

// postsWord is "3 LinkedIn posts", "1 LinkedIn post".
func postsWord(n int, platform string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s post", clientos.PlatformTitle(platform))
	}
	return fmt.Sprintf("%d %s posts", n, clientos.PlatformTitle(platform))
}

// pillarList is "Pricing clarity ×2, Customer proof ×1"; a slot with no pillar is "any pillar".
func pillarList(counts []engine.PillarCount) string {
	parts := make([]string, len(counts))
	for i, c := range counts {
		name := c.Pillar
		if name == "" {
			name = "any pillar"
		}
		parts[i] = fmt.Sprintf("%s ×%d", escapeText(name), c.Count)
	}
	return strings.Join(parts, ", ")
}
