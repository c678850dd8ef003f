package engine

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
)

// Working hours of the nudge, in the client's zone: from 9:00 until 17:00.
const (
	nudgeFromHour  = 9
	nudgeUntilHour = 17
)

// DefaultPlanTick is how often the leader checks whose week's plan or nudge is due.
const DefaultPlanTick = 15 * time.Minute

// Planner is an optional interface for a Notifier: one that implements it posts the week's plan
// when a week starts and the one nudge of a week that falls behind, in each channel given.
type Planner interface {
	PostPlan(ctx context.Context, channelID string, p WeekPlan) error
	Nudge(ctx context.Context, channelID string, p WeekPlan) error
}

// PlanArgs is the periodic job that posts the week's plans and nudges.
type PlanArgs struct{}

// Kind names the job in River's tables.
func (PlanArgs) Kind() string { return "engine_week_plan" }

// PlanJobs is the weekly plan's periodic job, to pass to NewRiverClient on every replica (only the
// leader enqueues it); every <= 0 means DefaultPlanTick. Its first run is one interval after start.
func (e *Engine) PlanJobs(every time.Duration) []*river.PeriodicJob {
	if every <= 0 {
		every = DefaultPlanTick
	}
	return periodicJob(every, PlanArgs{})
}

// runPlans posts each bound client and platform's plan once a week and, when the week is more
// than half over and behind plan, its one nudge. Each is claimed in weekly_plans before it is sent,
// so however many replicas run the job it goes out once; a failed send is logged, not retried.
func (e *Engine) runPlans(ctx context.Context) error {
	planner, ok := e.notifier.(Planner)
	if !ok {
		return nil
	}
	keys, err := e.boundPlatforms(ctx)
	if err != nil {
		return err
	}
	for _, k := range keys {
		p, err := e.weekPlan(ctx, e.pool, k)
		if err != nil {
			e.log.WarnContext(ctx, "week plan: read", "client_id", k.clientID, "platform", k.platform, "error", err)
			continue
		}
		if !p.Cadence.IsSet() || p.Target == 0 {
			continue
		}
		if err := e.planOrNudge(ctx, planner, p); err != nil {
			// One client's failure must not hold up the others; the next tick tries again.
			e.log.WarnContext(ctx, "week plan: claim", "client_id", k.clientID, "platform", k.platform, "error", err)
		}
	}
	return ctx.Err()
}

// planOrNudge posts the week's plan if it was not posted yet (from Monday 9:00 in the client's
// zone: the start of the working week), else its nudge if one is due.
func (e *Engine) planOrNudge(ctx context.Context, planner Planner, p WeekPlan) error {
	if e.now().Before(planPostsAt(p)) {
		return nil
	}
	channels, err := e.unpausedChannels(ctx, p.Channels)
	if err != nil || len(channels) == 0 {
		return err
	}
	claimed, err := e.claimPlan(ctx, p)
	if err != nil {
		return err
	}
	send := planner.PostPlan
	if !claimed {
		if !nudgeDue(p, e.now()) {
			return nil
		}
		if claimed, err = e.claimNudge(ctx, p); err != nil || !claimed {
			return err
		}
		send = planner.Nudge
	}
	for _, ch := range channels {
		if err := send(ctx, ch, p); err != nil {
			e.log.WarnContext(ctx, "week plan: post", "channel_id", ch, "week", p.Week, "error", err)
		}
	}
	return nil
}

// planPostsAt is when the week's plan posts: Monday at the start of working hours, local time.
func planPostsAt(p WeekPlan) time.Time {
	return time.Date(p.Start.Year(), p.Start.Month(), p.Start.Day(), nudgeFromHour, 0, 0, 0, p.Location)
}

// nudgeDue says whether the week is more than half over, it is working hours in the client's zone
// (on a weekday, unless the cadence counts days), and fewer pieces are under way than the part of
// the week gone asks for.
func nudgeDue(p WeekPlan, now time.Time) bool {
	elapsed, span := now.Sub(p.Start), p.End.Sub(p.Start)
	if p.Started() >= p.Target || elapsed*2 <= span || elapsed >= span {
		return false
	}
	local := now.In(p.Location)
	if h := local.Hour(); h < nudgeFromHour || h >= nudgeUntilHour {
		return false
	}
	if wd := local.Weekday(); (wd == time.Saturday || wd == time.Sunday) && p.Cadence.Per != clientos.PerDay {
		return false
	}
	expected := int(math.Ceil(float64(p.Target) * float64(elapsed) / float64(span)))
	return p.Started() < expected
}

// boundPlatforms lists each client and platform with a bound channel.
func (e *Engine) boundPlatforms(ctx context.Context) ([]planKey, error) {
	keys, err := database.Collect(ctx, e.pool, scanPlanKey, `SELECT DISTINCT b.client_id, c.name, c.timezone, b.platform
		FROM channel_bindings b JOIN clients c ON c.id = b.client_id ORDER BY b.client_id, b.platform`)
	if err != nil {
		return nil, fmt.Errorf("engine: list bound platforms: %w", err)
	}
	return keys, nil
}

func scanPlanKey(r pgx.CollectableRow) (planKey, error) {
	var k planKey
	return k, r.Scan(&k.clientID, &k.clientName, &k.timezone, &k.platform)
}

// claimPlan stores the week's plan row; false means it was there already (posted before).
func (e *Engine) claimPlan(ctx context.Context, p WeekPlan) (bool, error) {
	tag, err := e.pool.Exec(ctx, `INSERT INTO weekly_plans (client_id, platform, week_key, planned, posted_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, p.ClientID, p.Platform, p.Week, p.Target, e.now())
	if err != nil {
		return false, fmt.Errorf("engine: claim the week's plan: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// claimNudge marks the week nudged; false means it was nudged already.
func (e *Engine) claimNudge(ctx context.Context, p WeekPlan) (bool, error) {
	tag, err := e.pool.Exec(ctx, `UPDATE weekly_plans SET nudged_at = $4
		WHERE client_id = $1 AND platform = $2 AND week_key = $3 AND nudged_at IS NULL`,
		p.ClientID, p.Platform, p.Week, e.now())
	if err != nil {
		return false, fmt.Errorf("engine: claim the week's nudge: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// unpausedChannels drops the channels where `/mos plan off` paused the plan's messages.
func (e *Engine) unpausedChannels(ctx context.Context, channels []string) ([]string, error) {
	out, err := database.Collect(ctx, e.pool, pgx.RowTo[string], `SELECT c FROM unnest($1::text[]) c
		WHERE NOT EXISTS (SELECT 1 FROM plan_pauses p WHERE p.channel_id = c) ORDER BY c`, channels)
	if err != nil {
		return nil, fmt.Errorf("engine: read plan pauses: %w", err)
	}
	return out, nil
}

// SetPlanPaused pauses (or resumes) the week's plan and nudge in a bound channel; `/mos plan`
// still answers there. It reports whether anything changed.
func (e *Engine) SetPlanPaused(ctx context.Context, channelID string, paused bool, actor string) (bool, error) {
	if _, err := bindingFor(ctx, e.pool, channelID); err != nil {
		return false, err
	}
	q := `DELETE FROM plan_pauses WHERE channel_id = $1`
	args := []any{channelID}
	if paused {
		q = `INSERT INTO plan_pauses (channel_id, paused_by, paused_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`
		args = append(args, actor, e.now())
	}
	tag, err := e.pool.Exec(ctx, q, args...)
	if err != nil {
		return false, fmt.Errorf("engine: pause the plan of %s: %w", channelID, err)
	}
	e.log.InfoContext(ctx, "week plan paused", "channel_id", channelID, "paused", paused, "actor", actor)
	return tag.RowsAffected() == 1, nil
}

// PlanPaused says whether `/mos plan off` paused the channel's plan messages.
func (e *Engine) PlanPaused(ctx context.Context, channelID string) (bool, error) {
	var paused bool
	err := e.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM plan_pauses WHERE channel_id = $1)`, channelID).Scan(&paused)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return false, fmt.Errorf("engine: read the plan pause of %s: %w", channelID, err)
	}
	return paused, nil
}

// PlansOf is this week's plan of every client the person approves, per platform with a bound
// channel and a cadence: the App Home's progress. At most limit plans.
func (e *Engine) PlansOf(ctx context.Context, userID string, limit int) ([]WeekPlan, error) {
	keys, err := database.Collect(ctx, e.pool, scanPlanKey, `SELECT DISTINCT b.client_id, c.name, c.timezone, b.platform
		FROM channel_bindings b JOIN clients c ON c.id = b.client_id
		JOIN approvers a ON a.client_id = b.client_id AND a.user_id = $1
		ORDER BY c.name, b.platform, b.client_id LIMIT $2`, userID, limit)
	if err != nil {
		return nil, fmt.Errorf("engine: list the plans of %s: %w", userID, err)
	}
	var plans []WeekPlan
	for _, k := range keys {
		p, err := e.weekPlan(ctx, e.pool, k)
		if err != nil {
			return nil, err
		}
		if p.Cadence.IsSet() {
			plans = append(plans, p)
		}
	}
	return plans, nil
}
