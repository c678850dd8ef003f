// Package evidence is what a weekly report and its proposal rules are computed from: the window of
// Weeks weeks ending with the report's week — the client's published pieces with their latest
// results, the reviews (with their failure modes), the edits people made to AI text and the claim
// flags of generated versions — with the week's own part marked, and the few helpers both the
// report and the rules use to count and name that evidence.
package evidence
