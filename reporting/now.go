package reporting

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// nowArgs asks for one on-demand report. Unique per client while one is queued
// or running, so a repeated command posts one report, not one per press.
type nowArgs struct {
	ClientID int64 `json:"client_id" river:"unique"`
}

func (nowArgs) Kind() string { return "reporting_now" }

func (nowArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
		rivertype.JobStateScheduled, rivertype.JobStateRetryable,
	}}}
}

type nowWorker struct {
	river.WorkerDefaults[nowArgs]
	r *Reporter
}

func (w *nowWorker) Timeout(*river.Job[nowArgs]) time.Duration { return ReportJobTimeout }

func (w *nowWorker) Work(ctx context.Context, job *river.Job[nowArgs]) error {
	_, err := w.r.RunNow(ctx, job.Args.ClientID)
	return err
}

// EnqueueNow queues an on-demand report of the current week; its model calls run as a job, off
// the Slack handler. queued is false when one for this client is already queued or running.
func (r *Reporter) EnqueueNow(ctx context.Context, clientID int64) (queued bool, err error) {
	if r.jobs == nil {
		return false, errors.New("reporting: no job client (Deps.Jobs)")
	}
	res, err := r.jobs.Insert(ctx, nowArgs{ClientID: clientID}, nil)
	if err != nil {
		return false, fmt.Errorf("reporting: queue report of client %d: %w", clientID, err)
	}
	return !res.UniqueSkippedAsDuplicate, nil
}
