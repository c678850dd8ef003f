package rules

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/mos-hq/mos/clientos"
	"github.com/mos-hq/mos/database"
	"github.com/mos-hq/mos/reporting/evidence"
)

// SamplePost: a published piece in the top quartile of the client's results over the evidence
// window, approved with few human edits, becomes a sample post in brand.md; so does a published
// piece an approver marked "sounds like us", whatever its edits and results.
const SamplePost = "sample_post"

// Thresholds of the sample-post rule.
const (
	MinSampleResults   = 8    // pieces with results before a quartile means anything
	MaxSampleEditShare = 0.10 // at most this share of the published text's words changed by people
)

// sampleText is a published piece's final draft and the last draft the model wrote.
type sampleText struct {
	PieceID   int64
	Final, AI string
}

// decisionSoundsLikeUs is reviews.decision of an approver's "sounds like us" mark.
const decisionSoundsLikeUs = "sounds_like_us"

// sampleEvidence is why a piece is proposed as a sample post.
type sampleEvidence struct {
	PieceID      int64    `json:"piece_id"`
	URL          string   `json:"url"`
	EngagementER *float64 `json:"engagement_rate,omitempty"`
	TopQuartile  *float64 `json:"top_quartile_from,omitempty"`
	WithResults  int      `json:"pieces_with_results"`
	EditedShare  float64  `json:"edited_share"`
	MarkedBy     string   `json:"sounds_like_us_by,omitempty"` // the approver who marked it
	MarkedAt     string   `json:"sounds_like_us_on,omitempty"`
	Removed      string   `json:"removed_sample,omitempty"`
	RemovedER    *float64 `json:"removed_sample_engagement_rate,omitempty"`
	Weeks        int      `json:"weeks"`
	Key          string   `json:"key"`
}

// sampleCandidates are the AI-assisted pieces of the window in the top quartile of results, best
// first, with the quartile's lower bound; none when too few pieces have results.
func sampleCandidates(pieces []evidence.Piece) ([]evidence.Piece, float64, int) {
	rs := evidence.Rates(pieces)
	if len(rs) < MinSampleResults {
		return nil, 0, len(rs)
	}
	slices.Sort(rs)
	q3 := rs[(3*len(rs))/4]
	var out []evidence.Piece
	for _, p := range pieces {
		if !p.HumanOnly && p.ER != nil && *p.ER >= q3 {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b evidence.Piece) int {
		switch {
		case *a.ER > *b.ER:
			return -1
		case *a.ER < *b.ER:
			return 1
		}
		return int(a.ID - b.ID)
	})
	return out, q3, len(rs)
}

// sampleMark is an approver's "sounds like us" on a published piece.
type sampleMark struct {
	By string
	On string // the date, YYYY-MM-DD
}

// loadMarks reads the "sounds like us" marks of the window's AI-assisted pieces.
func loadMarks(ctx context.Context, db database.DBTX, pieces []evidence.Piece) (map[int64]sampleMark, error) {
	ids := make([]int64, 0, len(pieces))
	for _, p := range pieces {
		if !p.HumanOnly {
			ids = append(ids, p.ID)
		}
	}
	rows, err := db.Query(ctx, `SELECT piece_id, reviewer, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')
		FROM reviews WHERE decision = $2 AND piece_id = ANY($1)`, ids, decisionSoundsLikeUs)
	if err != nil {
		return nil, fmt.Errorf("reporting: load sounds-like-us marks: %w", err)
	}
	out := map[int64]sampleMark{}
	var id int64
	var m sampleMark
	if _, err := pgx.ForEachRow(rows, []any{&id, &m.By, &m.On}, func() error { out[id] = m; return nil }); err != nil {
		return nil, fmt.Errorf("reporting: load sounds-like-us marks: %w", err)
	}
	return out, nil
}

// withMarked appends to the top-quartile candidates the marked pieces that are not among them,
// newest first.
func withMarked(cands, pieces []evidence.Piece, marks map[int64]sampleMark) []evidence.Piece {
	in := map[int64]bool{}
	for _, c := range cands {
		in[c.ID] = true
	}
	out := slices.Clone(cands)
	for i := len(pieces) - 1; i >= 0; i-- {
		if p := pieces[i]; !in[p.ID] && marks[p.ID].By != "" {
			out = append(out, p)
		}
	}
	return out
}

// loadSampleTexts reads the final and the last AI draft of the candidate pieces.
func loadSampleTexts(ctx context.Context, db database.DBTX, ids []int64) (map[int64]sampleText, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	texts, err := database.Collect(ctx, db, scanSampleText, `
		SELECT p.id, f.content, a.content
		FROM unnest($1::bigint[]) p(id)
		JOIN LATERAL (SELECT content FROM piece_versions
			WHERE piece_id = p.id AND phase = 'draft' ORDER BY version DESC LIMIT 1) f ON true
		JOIN LATERAL (SELECT content FROM piece_versions
			WHERE piece_id = p.id AND phase = 'draft' AND author_kind = 'ai' ORDER BY version DESC LIMIT 1) a ON true`, ids)
	if err != nil {
		return nil, fmt.Errorf("reporting: load sample texts: %w", err)
	}
	out := make(map[int64]sampleText, len(texts))
	for _, s := range texts {
		out[s.PieceID] = s
	}
	return out, nil
}

func scanSampleText(row pgx.CollectableRow) (sampleText, error) {
	var s sampleText
	err := row.Scan(&s.PieceID, &s.Final, &s.AI)
	return s, err
}

// editedShare is the share of the final text's words that people changed from the AI draft: a
// line diff, then a word diff of the changed lines.
func editedShare(ai, final string) float64 {
	total := len(tokens(final))
	if total == 0 {
		return 1
	}
	wa, wb := changedWords(ai, final)
	if len(wa)*len(wb) > maxDiffCells {
		return 1
	}
	ka, _ := lcsKeep(wa, wb)
	kept := 0
	for _, k := range ka {
		if k {
			kept++
		}
	}
	return float64(len(wa)+len(wb)-2*kept) / float64(total)
}

// sampleRule proposes the best top-quartile piece with few edits as a new sample post, or else a
// piece an approver marked "sounds like us" (its edits and results do not matter; the other
// conditions of a sample do). When the OS would then exceed the lint's size budget, the weakest
// sample the window has results for is proposed for removal in the same change; with none, the
// sample is not proposed.
func sampleRule(ctx context.Context, db database.DBTX, d window, snap clientos.Snapshot, o *clientos.OS) (*Change, error) {
	brand, ok := snap.Docs[clientos.DocBrand]
	if !ok {
		return nil, nil
	}
	marks, err := loadMarks(ctx, db, d.Pieces)
	if err != nil {
		return nil, err
	}
	top, q3, n := sampleCandidates(d.Pieces)
	cands := withMarked(top, d.Pieces, marks)
	if len(cands) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(cands))
	for i, c := range cands {
		ids[i] = c.ID
	}
	texts, err := loadSampleTexts(ctx, db, ids)
	if err != nil {
		return nil, err
	}
	for _, c := range cands {
		t, ok := texts[c.ID]
		if !ok || !usableSample(t.Final, o) {
			continue
		}
		share := editedShare(t.AI, t.Final)
		mark := marks[c.ID]
		if share > MaxSampleEditShare && mark.By == "" {
			continue
		}
		ev := sampleEvidence{PieceID: c.ID, URL: c.URL, WithResults: n, EditedShare: round4(share),
			MarkedBy: mark.By, MarkedAt: mark.On, Weeks: evidence.Weeks, Key: evidenceKey(SamplePost, fmt.Sprint(c.ID))}
		if mark.By != "" {
			ev.Key = evidenceKey(SamplePost, fmt.Sprint(c.ID), decisionSoundsLikeUs)
		}
		if c.ER != nil {
			er := round4(*c.ER)
			ev.EngagementER = &er
		}
		if slices.ContainsFunc(top, func(p evidence.Piece) bool { return p.ID == c.ID }) {
			q := round4(q3)
			ev.TopQuartile = &q
		}
		return sampleProposal(ctx, db, brand, o, d, c, t, ev)
	}
	return nil, nil
}

func sampleProposal(ctx context.Context, db database.DBTX, brand clientos.Version, o *clientos.OS, d window,
	c evidence.Piece, t sampleText, ev sampleEvidence) (*Change, error) {
	title := sampleTitle(c, t.Final)
	p := &Change{Document: clientos.DocBrand, BaseVersion: brand.Version, Rule: SamplePost,
		Rationale: sampleRationale(c, ev)}
	content, err := addSample(brand.Content, title, t.Final)
	if err != nil {
		p.Evidence, p.Refuse = evidenceJSON(ev), "cannot add piece #"+fmt.Sprint(c.ID)+" as a sample post: "+err.Error()
		return p, nil
	}
	preview := "brand.md — ## Sample posts, add:\n+ ### " + title + "\n" + prefixLines("+ ", evidence.Clip(t.Final, 600))
	if overBudget(o, content) {
		weakest, er, err := weakestSample(ctx, db, o, d, c.ER)
		if err != nil {
			return nil, err
		}
		if weakest == nil {
			p.Evidence, p.Refuse = evidenceJSON(ev), fmt.Sprintf("piece #%d would make a good sample post, but the OS would then "+
				"exceed its size budget and no current sample has weaker results to replace; remove one by hand first", c.ID)
			return p, nil
		}
		if content, err = removeSample(content, weakest.Title); err != nil {
			p.Evidence, p.Refuse = evidenceJSON(ev), "cannot replace the sample post "+fmt.Sprintf("%q", weakest.Title)+": "+err.Error()
			return p, nil
		}
		ev.Removed, ev.RemovedER = weakest.Title, er
		preview += fmt.Sprintf("\n- ### %s   (removed: %s engagement, the weakest sample; the OS stays within its size budget)", weakest.Title, evidence.Pct(er))
	}
	p.NewContent, p.Preview, p.Evidence = content, preview, evidenceJSON(ev)
	return p, nil
}

// sampleRationale says why the piece becomes a sample post: its results and few edits, an
// approver's mark, or both.
func sampleRationale(c evidence.Piece, ev sampleEvidence) string {
	results := fmt.Sprintf("Piece #%d reached %s engagement, in the top quartile (from %s) of %d pieces with results over "+
		"the last %d weeks", c.ID, evidence.Pct(ev.EngagementER), evidence.Pct(ev.TopQuartile), ev.WithResults, evidence.Weeks)
	switch {
	case ev.MarkedBy == "":
		return fmt.Sprintf("%s, and people changed %s of its words: it shows the voice working, so it becomes a sample post.",
			results, evidence.Pct(&ev.EditedShare))
	case ev.TopQuartile != nil:
		return fmt.Sprintf("%s; people changed %s of its words, and an approver (%s) marked it \"sounds like us\" on %s: "+
			"it shows the voice working, so it becomes a sample post.", results, evidence.Pct(&ev.EditedShare), ev.MarkedBy, ev.MarkedAt)
	}
	s := fmt.Sprintf("An approver (%s) marked piece #%d \"sounds like us\" on %s. People changed %s of its words before it "+
		"was published", ev.MarkedBy, c.ID, ev.MarkedAt, evidence.Pct(&ev.EditedShare))
	if ev.EditedShare > MaxSampleEditShare {
		s += fmt.Sprintf(" (more than the %s a sample otherwise allows, so the approver's word is the evidence)", evidence.Pct(ptr(MaxSampleEditShare)))
	}
	if ev.EngagementER != nil {
		s += fmt.Sprintf("; it reached %s engagement", evidence.Pct(ev.EngagementER))
	}
	return s + ": it shows the voice as the client hears it, so it becomes a sample post."
}

func ptr[T any](v T) *T { return &v }

// usableSample: not already a sample, and free of forbidden phrases (lint warns about those).
func usableSample(text string, o *clientos.OS) bool {
	norm := strings.Join(strings.Fields(text), " ")
	for _, s := range o.Brand.Samples {
		if strings.Join(strings.Fields(s.Body), " ") == norm {
			return false
		}
	}
	lower := strings.ToLower(text)
	for _, f := range o.Brand.Forbidden {
		if f != "" && strings.Contains(lower, strings.ToLower(f)) {
			return false
		}
	}
	return strings.TrimSpace(text) != ""
}

// overBudget reports whether brand.md as content makes the OS exceed the lint's size budget.
func overBudget(o *clientos.OS, brand string) bool {
	docs := maps.Clone(o.Raw)
	docs[clientos.DocBrand] = brand
	n, _ := clientos.Parse(docs)
	text := clientos.Render(n).Text
	return clientos.EstimateTokens(text) > clientos.TokenBudget || len(strings.Fields(text)) > clientos.WordBudget
}

// weakestSample is the current sample post whose piece did worst over the window, if it did worse
// than er; samples the window has no results for are never proposed for removal.
func weakestSample(ctx context.Context, db database.DBTX, o *clientos.OS, d window, than *float64) (*clientos.Sample, *float64, error) {
	if than == nil {
		return nil, nil, nil // a piece without results is weaker than none
	}
	er := *than
	bodies := make([]string, len(o.Brand.Samples))
	for i, s := range o.Brand.Samples {
		bodies[i] = strings.Join(strings.Fields(s.Body), " ")
	}
	var ids []int64
	rateOf := map[int64]float64{}
	for _, p := range d.Pieces {
		if p.ER != nil && *p.ER < er {
			ids = append(ids, p.ID)
			rateOf[p.ID] = *p.ER
		}
	}
	rows, err := db.Query(ctx, `
		SELECT p.id, btrim(regexp_replace(f.content, '\s+', ' ', 'g'))
		FROM unnest($1::bigint[]) p(id)
		JOIN LATERAL (SELECT content FROM piece_versions
			WHERE piece_id = p.id AND phase = 'draft' ORDER BY version DESC LIMIT 1) f ON true
		WHERE btrim(regexp_replace(f.content, '\s+', ' ', 'g')) = ANY($2)`, ids, bodies)
	if err != nil {
		return nil, nil, fmt.Errorf("reporting: find the pieces of sample posts: %w", err)
	}
	var id int64
	var body string
	var best *clientos.Sample
	var bestER *float64
	_, err = pgx.ForEachRow(rows, []any{&id, &body}, func() error {
		r := rateOf[id]
		if bestER != nil && r >= *bestER {
			return nil
		}
		if i := slices.Index(bodies, body); i >= 0 {
			best, bestER = &o.Brand.Samples[i], &r
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("reporting: find the pieces of sample posts: %w", err)
	}
	return best, bestER, nil
}

func sampleTitle(p evidence.Piece, text string) string {
	title := strings.TrimSpace(p.Brief)
	if title == "" {
		title, _, _ = strings.Cut(strings.TrimSpace(text), "\n")
	}
	return evidence.Clip(strings.Join(strings.Fields(strings.TrimLeft(title, "# ")), " "), 80)
}

// addSample appends a "### title" sample at the end of brand.md's sample posts section.
func addSample(content, title, body string) (string, error) {
	from, to, ok := clientos.FindSection(content, func(t string) bool { return strings.HasPrefix(strings.ToLower(t), "sample") })
	if !ok {
		return "", fmt.Errorf("brand.md has no \"## Sample posts\" section")
	}
	if strings.Contains("\n"+body, "\n## ") || strings.Contains("\n"+body, "\n### ") {
		return "", fmt.Errorf("the piece contains Markdown headings that would split the section")
	}
	return clientos.ReplaceSection(content, from, to, strings.TrimSpace(content[from:to])+"\n\n### "+title+"\n\n"+strings.TrimSpace(body)), nil
}

// removeSample drops the "### title" sample (its heading and body) from the sample posts section.
func removeSample(content, title string) (string, error) {
	from, to, ok := clientos.FindSection(content, func(t string) bool { return strings.HasPrefix(strings.ToLower(t), "sample") })
	if !ok {
		return "", fmt.Errorf("brand.md has no \"## Sample posts\" section")
	}
	parts := strings.Split("\n"+content[from:to], "\n### ")
	kept := parts[:1]
	removed := false
	for _, part := range parts[1:] {
		head, _, _ := strings.Cut(part, "\n")
		if !removed && strings.TrimSpace(strings.Trim(head, "# ")) == title {
			removed = true
			continue
		}
		kept = append(kept, part)
	}
	if !removed {
		return "", fmt.Errorf("no sample post is titled %q", title)
	}
	return clientos.ReplaceSection(content, from, to, strings.Join(kept, "\n### ")), nil
}

func prefixLines(prefix, text string) string {
	lines := strings.Split(text, "\n")
	for i := range lines {
		lines[i] = prefix + lines[i]
	}
	return strings.Join(lines, "\n")
}

func round4(v float64) float64 { return float64(int64(v*10000+0.5)) / 10000 }
