package bot

import (
	"fmt"
	"strings"

	"github.com/mos-hq/mos/engine"
	"github.com/mos-hq/mos/trouble"
)

// healthText is what approvers read of the model and the queue in /mos status.
func healthText(h engine.Health) string {
	model := "*Model:* ok"
	if h.Model == engine.ModelDegraded {
		model = "*Model:* degraded — " + escapeText(trouble.HealthProblem(h))
		if h.HeldUp > 0 {
			model += fmt.Sprintf(" (%d piece(s) held up)", h.HeldUp)
		}
	}
	return model + fmt.Sprintf("\n*Queue:* %d waiting · %d running · %d retrying",
		h.Queue.Waiting, h.Queue.Running, h.Queue.Retrying)
}

func statusText(st engine.ChannelStatus) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "*%s* · %s · cap %d/%d today (resets %s)\n", escapeText(st.Binding.ClientName),
		escapeText(st.Binding.Platform), st.Cap.Used, st.Cap.Cap, st.Cap.ResetsAt.Format("Mon 15:04 MST"))
	var counts []string
	for _, s := range engine.States {
		if n := st.ByState[s]; n > 0 {
			counts = append(counts, fmt.Sprintf("%s: %d", stateLabel(s), n))
		}
	}
	if len(counts) == 0 {
		sb.WriteString("No pieces yet. Start one with `/draft`.")
		return sb.String()
	}
	sb.WriteString(strings.Join(counts, " · "))
	for _, p := range st.Open {
		fmt.Fprintf(&sb, "\n• #%d %s — %s", p.ID, escapeText(truncate(p.Brief, 80)), stateLabel(p.State))
	}
	return sb.String()
}
