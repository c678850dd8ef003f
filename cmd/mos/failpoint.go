package main

import (
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/mos-hq/mos/bot"
)

// failpointsVar names the test-only setting with which the chaos soak aims SIGKILLs at the phases
// of an envelope's way through the front door: "stored=0.02,acked=0.02,handled=0.02" kills the
// process at each phase with that probability. Unset (always, in production) means never.
const failpointsVar = "MOS_TEST_FAILPOINTS"

// failpointsFrom parses the setting; nil when it is empty.
func failpointsFrom(raw string, logger *slog.Logger) (func(phase, envelopeID string) bool, error) {
	if raw == "" {
		return nil, nil
	}
	odds := map[string]float64{}
	for _, part := range strings.Split(raw, ",") {
		phase, p, ok := strings.Cut(strings.TrimSpace(part), "=")
		f, err := strconv.ParseFloat(p, 64)
		known := phase == bot.PhaseStored || phase == bot.PhaseAcked || phase == bot.PhaseHandled
		if !ok || err != nil || !known || f < 0 || f > 1 {
			return nil, fmt.Errorf("%s: %q is not phase=probability (phases %s, %s, %s; probability 0 to 1)",
				failpointsVar, part, bot.PhaseStored, bot.PhaseAcked, bot.PhaseHandled)
		}
		odds[phase] = f
	}
	return func(phase, envelopeID string) bool {
		if rand.Float64() >= odds[phase] {
			return false
		}
		logger.Warn("failpoint: killing this replica", "phase", phase, "envelope_id", envelopeID)
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // the signal ends the process; nothing more happens here
	}, nil
}
