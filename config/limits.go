package config

import "time"

// The limits config checks settings against. They are the engine's own (a daily cap the engine
// accepts, the give-up window its trouble reporting assumes); config keeps its copy so that it
// imports no product package, and cmd/mos tests that the two agree.
const (
	MaxDailyCap        = 100
	DefaultGiveUpAfter = 2 * time.Minute
)
