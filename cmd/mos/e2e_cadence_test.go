package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBindShowsTheCadence: a channel inherits its platform's cadence, and the bind says it; the
// caps of every channel bound to the platform count, and a platform without a cadence says how to
// set one.
func TestBindShowsTheCadence(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.start()

	m := w.mosPosted(w.maria, "bind northwind linkedin 0", "bound this channel")
	require.Contains(t, m.AllText(), "up to 0 new pieces a day. Cadence: 3 LinkedIn posts a week (style/linkedin.md). "+
		":warning: Cadence 3/week is more than a daily cap of 0 allows (at most 0 a week); lower the cadence, "+
		"or raise the cap with /mos cap. Start one with `/draft`.")

	second := w.sim.AddChannel("northwind-linkedin-2")
	w.maria.Command(second, "/mos", "bind northwind linkedin 1")
	m = w.sim.WaitMessage(second, containing("bound this channel"))
	require.Contains(t, m.AllText(), "up to 1 new pieces a day. Cadence: 3 LinkedIn posts a week (style/linkedin.md). Start one",
		"the plan is per client and platform: both channels' caps count")

	blog := w.sim.AddChannel("northwind-blog")
	w.maria.Command(blog, "/mos", "bind northwind blog 2")
	m = w.sim.WaitMessage(blog, containing("bound this channel"))
	require.Contains(t, m.AllText(),
		"No cadence yet: add `cadence: 3/week` to style/blog.md's front matter to plan the week. Start one")
}
