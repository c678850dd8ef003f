package main

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mos-hq/mos/config"
	"github.com/mos-hq/mos/engine"
)

// TestConfigLimitsAreTheEngines: config checks settings against its own copies of the engine's
// limits (it imports no product package); the copies must agree.
func TestConfigLimitsAreTheEngines(t *testing.T) {
	require.Equal(t, engine.MaxDailyCap, config.MaxDailyCap)
	require.Equal(t, engine.DefaultGiveUpAfter, config.DefaultGiveUpAfter)
}
