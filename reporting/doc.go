// Package reporting is mos's feedback loop (see ARCHITECTURE.md). It keeps dated results of published pieces
// (typed into the results modal, or imported from LinkedIn's analytics exports and a documented
// CSV by its sub-package metricsimport), computes each client's weekly report from the window
// package evidence loads, stores the edits to the Client OS that the rules of package rules propose,
// applies or dismisses them in one click, and runs the report once per client per ISO week on
// River, whatever the number of replicas.
//
// It is Slack-agnostic: the adapter posts stored reports through the Publisher interface, from
// Report, Sections and Chart, and wires Apply and Dismiss to buttons.
//
// Decisions worth knowing:
//   - Engagement rate is (reactions + comments + reposts + clicks) / impressions from each piece's
//     latest snapshot up to the report date; LinkedIn's combined "Engagements" stands in for the
//     first three when only it is known; unknown figures are never zero. Every report states it.
//   - A week is an ISO week in the client's time zone. The scheduled report, posted when the
//     client's schedule fires (default MOS_REPORT_SCHEDULE, "0 9 * * MON"), covers the last
//     complete week and is keyed by it ("2026-W48"); a report made on demand covers the current
//     week to date and is keyed "2026-W49-now-1", "-now-2", … so it never takes the scheduled
//     one's place.
//   - Report sections describe the week; proposal rules weigh the evidence.Weeks (4) weeks ending
//     with it, because a pattern needs more than one week of evidence.
//   - Each failure mode points to one OS document: voice drift → brand (Voice), off-ICP →
//     brand (ICP), generic angle → pillars (descriptions), forbidden phrase → brand (forbidden),
//     factual error → decisions (lock the correct fact as a decision every prompt carries).
//   - Deterministic changes (forbidden phrases, pillar weights, substitutions from word swaps
//     editors repeat) are computed without the model and edit only the YAML values they change
//     (the typed edits of package clientos, which reads documents with the parser's own split);
//     the model words prose changes (ICP, pillar descriptions, voice do / don't lines, locked
//     decisions), each citing the evidence it answers. A proposal whose new document would not
//     pass lint is never created.
//   - The model can only name what exists: every proposal schema lists the pillar names, section
//     titles and piece numbers it may use as enums, and every answer is checked again. An unusable
//     answer is asked for once more, told what was wrong; after that the report shows the finding
//     without a proposal (Unworded), so evidence is never silently dropped.
//   - Once per evidence: a rule that fires again on the same version of a document links the open
//     proposal instead of making another, and evidence whose proposal was applied or dismissed
//     (its key is stored with the proposal) is not proposed again.
package reporting
