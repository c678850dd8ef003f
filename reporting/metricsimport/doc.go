// Package metricsimport reads a file of post results — a LinkedIn analytics export (.xlsx, the
// creator "top posts" sheet or a page's "All posts" sheet, found by structure since sheet names are
// localised) or a CSV with a documented header — and stores one reporting snapshot per row that
// matches a published piece, in one transaction. It is what `mos metrics import` runs.
//
// Everything a file could do to exhaust memory or time is bounded before it is read (limits.go); a
// row whose figures or date cannot be right is refused and listed, never stored (plausible.go); a
// row that matches no piece is listed, never dropped; importing the same file again changes
// nothing. The figures themselves, their parsing and their storage belong to package reporting,
// which the results modal and the MCP server's record_results use too.
package metricsimport
