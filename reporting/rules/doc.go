// Package rules holds the proposal rules: from the evidence of a report's window (package
// evidence), each rule proposes at most one Change to one Client OS document. The rules are one
// registry (registry.go), in the order their proposals are listed; a row names the rule, the
// failure mode it answers (every mode with a threshold in clientos.FailureModes has one) and, for
// a change written in prose, how the model words it (Word, through the Model the caller gives,
// which records each call). Deterministic changes are made with clientos's typed edits; every
// change passes Gate (it changes something and lints clean) before it is proposed.
//
// The package decides what to propose; package reporting stores proposals, skips evidence already
// answered, and applies or dismisses them.
package rules
