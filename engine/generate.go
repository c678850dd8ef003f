package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/lease"
	"github.com/mos-hq/mos/llm"
)

// Purposes of model calls besides the phases: a revision, and the one automatic repair of a
// version that failed the checks.
const (
	PurposeRevise = "revise"
	PurposeRepair = "repair"
)

// llmCall is one model call made by a job step, kept so every call is recorded, failed or not.
type llmCall struct {
	purpose string
	resp    llm.Response
	err     error
}

// genInput is what every generation step reads: the piece, its client's OS rendered for the
// piece's platform (the byte-stable system message), and its source.
type genInput struct {
	piece    Piece
	os       *clientos.OS
	rendered clientos.Rendered
	source   Source
	pillars  []string
}

func (e *Engine) loadGenInput(ctx context.Context, p Piece) (genInput, error) {
	cos, _, err := currentOS(ctx, e.pool, p.ClientID)
	if err != nil {
		return genInput{piece: p}, err
	}
	src, err := getSource(ctx, e.pool, p.SourceSignalID)
	if err != nil {
		return genInput{piece: p}, err
	}
	return newGenInput(cos, p, src), nil
}

// ask calls the model — CompleteJSON into out when out is non-nil, else Complete — and appends the
// call to calls.
func (g *Generator) ask(ctx context.Context, req llm.Request, out any, calls *[]llmCall) (llm.Response, error) {
	if g.oneAttempt && req.Purpose != PurposeRepair {
		req.MaxAttempts = 1
	}
	var resp llm.Response
	var err error
	if out != nil {
		resp, err = g.llm.CompleteJSON(ctx, req, out)
	} else {
		resp, err = g.llm.Complete(ctx, req)
	}
	*calls = append(*calls, llmCall{purpose: req.Purpose, resp: resp, err: err})
	return resp, err
}

// rejectLast marks the last call failed when its answer turned out unusable (err wraps
// llm.ErrInvalidOutput), so llm_calls shows it as an error, and returns err.
func rejectLast(calls []llmCall, err error) error {
	if n := len(calls); n > 0 && calls[n-1].err == nil {
		calls[n-1].err = err
	}
	return err
}

func recordCalls(ctx context.Context, db database.DBTX, pieceID int64, calls []llmCall) error {
	for _, c := range calls {
		if err := recordLLMCall(ctx, db, pieceID, c.purpose, c.resp, c.err); err != nil {
			return err
		}
	}
	return nil
}

// draftMaxTokens leaves room for the longest draft (MaxDraftChars is about 3,000 tokens).
const draftMaxTokens = 4000

// cleanDraft turns a plain-text answer into a draft: trimmed, without the code fence some models
// wrap text in. An empty answer is not a draft.
func cleanDraft(content string) (string, error) {
	s := strings.TrimSpace(content)
	if strings.HasPrefix(s, "```") && strings.HasSuffix(s, "```") && len(s) >= 6 {
		s = strings.TrimSuffix(s, "```")
		if nl := strings.IndexByte(s, '\n'); nl >= 0 {
			s = s[nl+1:]
		} else {
			s = strings.TrimPrefix(s, "```")
		}
	}
	s = normalizeText(s)
	if s == "" {
		return "", fmt.Errorf("%w: the answer was empty", llm.ErrInvalidOutput)
	}
	return s, nil
}

// normalizeText is how any text is stored: \n line ends, no trailing spaces, no blank edges.
func normalizeText(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, isSpace)
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\r' || r == '\u00a0' }

// repairDraft is the one automatic repair: it shows the model the draft and what the checks found,
// and returns the repaired text — or the original when the repair call fails, so a failed repair
// never costs the draft. pinned lines are ones a person wrote that must survive. truncated says
// the repaired text was cut off at the model's length limit.
func (g *Generator) repairDraft(ctx context.Context, in genInput, text string, findings []Warning,
	pinned []string, calls *[]llmCall) (fixed string, truncated bool) {
	resp, err := g.ask(ctx, llm.Request{Purpose: PurposeRepair, System: in.rendered.Text,
		User: repairPrompt(PhaseDraft, in.piece.Platform, text, findings, pinned), MaxTokens: draftMaxTokens}, nil, calls)
	if err == nil {
		if fixed, err = cleanDraft(resp.Content); err == nil {
			return fixed, resp.Truncated()
		}
	}
	g.log.WarnContext(ctx, "repair failed; keeping the unrepaired text", "piece_id", in.piece.ID, "error", err)
	return text, false
}

// repairOutline is repairDraft for outlines, asking for the outline JSON again.
func (g *Generator) repairOutline(ctx context.Context, in genInput, o Outline, findings []Warning,
	pinned []string, calls *[]llmCall) Outline {
	var raw Outline
	_, err := g.ask(ctx, llm.Request{Purpose: PurposeRepair, System: in.rendered.Text,
		User:   repairPrompt(PhaseOutline, in.piece.Platform, OutlineText(o), findings, pinned),
		Schema: outlineSchema, MaxTokens: 1500}, &raw, calls)
	if err == nil {
		var fixed Outline
		if fixed, _, err = normalizeOutline(raw, in.pillars, o.Pillar); err == nil {
			return fixed
		}
	}
	g.log.WarnContext(ctx, "repair failed; keeping the unrepaired outline", "piece_id", in.piece.ID, "error", err)
	return o
}

// repairPrompt asks for the same text with only the listed problems fixed. The findings are ours
// (the checks' words and the Client OS's phrases); the text and the lines to keep are data.
func repairPrompt(phase, platform, text string, findings []Warning, pinned []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "FIX the %s %s in the data below so it follows the Client OS above. The checks found:\n%s\n",
		platform, phase, findingsText(findings))
	b.WriteString("Change only what these problems need; keep everything else as it is.\n")
	writePinned(&b, pinned)
	if phase == PhaseOutline {
		b.WriteString("Reply with the corrected outline as one JSON object with the keys title, hook, sections, cta, pillar.\n")
	} else {
		b.WriteString("Reply with the full corrected text only: no preface, no notes, no code fences.\n")
	}
	writeData(&b, "The data, one JSON object: current_text is the "+phase+" to fix. "+dataIsNotInstructions,
		textData{Current: strings.TrimRight(text, "\n"), PersonLines: pinned})
	return b.String()
}

// textData is the text a repair or a revision works on, with the lines a person wrote in it.
type textData struct {
	Current     string   `json:"current_text"`
	PersonLines []string `json:"person_lines,omitempty"`
	Instruction string   `json:"instruction,omitempty"`
	sourceTextData
}

// writePinned asks to keep the lines a person wrote, which the data carries as person_lines.
func writePinned(b *strings.Builder, pinned []string) {
	if len(pinned) == 0 {
		return
	}
	b.WriteString("The lines in person_lines were written by a person. Keep each one exactly as written, word for word.\n")
}

// jobStep names a generation step for its failure path.
type jobStep struct {
	name    string        // outline | draft
	from    State         // the state the piece waits in while the step runs
	timeout time.Duration // one attempt's bound, for the reason people read
}

var (
	outlineStep = jobStep{name: PhaseOutline, from: writeOutline.From, timeout: OutlineJobTimeout}
	draftStep   = jobStep{name: PhaseDraft, from: writeDraft.From, timeout: DraftJobTimeout}
)

// jobAttempt is one run of a generation job: River's job id, the attempt number and how many
// attempts the job has.
type jobAttempt struct {
	jobID  int64
	n, max int
}

func attemptOf(j *rivertype.JobRow) jobAttempt {
	return jobAttempt{jobID: j.ID, n: j.Attempt, max: j.MaxAttempts}
}

// retryAt is when River runs a failed generation again: after the wait stepFailed decided on and
// showed the person, or the job backoff when it decided none (a failure outside stepFailed).
func (e *Engine) retryAt(jobID int64, attempt int) time.Time {
	if d, ok := e.waits.LoadAndDelete(jobID); ok {
		return time.Now().Add(d.(time.Duration))
	}
	return time.Now().Add(e.backoff(attempt))
}

// withBudget bounds a generation already in trouble by what is left of its give-up time, so a
// slow endpoint cannot hold the piece past it.
func (e *Engine) withBudget(ctx context.Context, p Piece) (context.Context, context.CancelFunc) {
	if left := e.attemptBudget(p); left > 0 {
		return context.WithTimeout(ctx, left)
	}
	return ctx, func() {}
}

// stepFailed handles a failed attempt of an outline or draft job. While the generation may still
// succeed, the piece shows what went wrong and when it tries again (Piece.Trouble, with Retry now
// and Cancel), and River retries after that wait. When it gives up — a cause retrying cannot fix,
// the attempts used up, or the give-up time reached — the piece is marked failed with the reason
// in plain words (Retry resumes at s.from) and the job ends. p is the piece as the attempt began.
func (e *Engine) stepFailed(ctx context.Context, s jobStep, p Piece, at jobAttempt, calls []llmCall, cause error) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		// The process is stopping: run again after the restart without using up an attempt.
		return river.JobSnooze(time.Second)
	}
	if lostLease(ctx, cause) {
		return cause // another run has the job now; this one records nothing
	}
	// The job's context may be the one that expired; the bookkeeping still has to happen.
	bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	err := fmt.Errorf("engine: %s for piece %d: %w", s.name, p.ID, cause)
	t, wait, giveUp := e.troubleAfter(p, at, cause)
	e.log.WarnContext(ctx, s.name+" attempt failed", "piece_id", p.ID, "attempt", at.n, "cause", t.Cause,
		"give_up", giveUp, "error", cause)
	txErr := database.Transact(bg, e.pool, func(tx pgx.Tx) error {
		if err := lease.FenceTx(bg, tx); err != nil {
			return err
		}
		if err := recordCalls(bg, tx, p.ID, calls); err != nil {
			return err
		}
		if !giveUp {
			return setTroubleTx(bg, tx, p.ID, s.from, "", t)
		}
		_, err := e.failTx(bg, tx, p.ID, s.from, failureText(t, e.giveUpAfter, e.now()))
		var stale *StaleError
		if errors.As(err, &stale) {
			return nil
		}
		return err
	})
	if errors.Is(txErr, lease.ErrLost) {
		return txErr
	}
	if txErr != nil {
		return fmt.Errorf("%w (and recording it: %v)", err, txErr)
	}
	_ = e.notify(bg, p.ID)
	if !giveUp {
		e.metrics.steps.WithLabelValues(s.name, "retry").Inc()
		e.waits.Store(at.jobID, wait)
		return err
	}
	e.metrics.steps.WithLabelValues(s.name, "failed").Inc()
	return river.JobCancel(err)
}

// troubleAfter classifies a failed attempt of p's generation and decides what comes next.
func (e *Engine) troubleAfter(p Piece, at jobAttempt, cause error) (t Trouble, wait time.Duration, giveUp bool) {
	now := e.now()
	t = troubleOf(cause, e.gen.modelName(), e.gen.timeout())
	t.Attempt, t.MaxAttempts, t.JobID, t.Since = at.n, at.max, at.jobID, now
	if p.Trouble != nil && !p.Trouble.Since.IsZero() {
		t.Since = p.Trouble.Since
	}
	wait, giveUp = e.nextTry(t, now)
	t.Wait = wait
	return t, wait, giveUp
}

// setTroubleTx shows what went wrong on a piece still waiting in state (and busy with busy) for
// the generation that failed.
func setTroubleTx(ctx context.Context, tx pgx.Tx, pieceID int64, state State, busy string, t Trouble) error {
	raw, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("engine: encode trouble: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE pieces SET trouble = $4, updated_at = now()
		WHERE id = $1 AND state = $2 AND busy = $3`, pieceID, string(state), busy, raw); err != nil {
		return fmt.Errorf("engine: record trouble of piece %d: %w", pieceID, err)
	}
	return nil
}

// lostLease says the run lost its lease (the cause, or why its context ended): its job belongs
// to another run, and nothing of this one may be recorded.
func lostLease(ctx context.Context, cause error) bool {
	return errors.Is(cause, lease.ErrLost) || errors.Is(context.Cause(ctx), lease.ErrLost)
}
