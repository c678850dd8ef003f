package slacksim_test

import (
	"strings"
	"testing"

	"github.com/mos-hq/mos/bot/slacksim"
)

// An end-to-end test starts the simulator, points the real bot at it and acts as a person.
func Example() {
	var t *testing.T // the test's *testing.T
	sim := slacksim.New(t, slacksim.Options{})
	channel := sim.AddChannel("marketing")
	ana := sim.User(sim.AddUser("ana"))
	// start the bot with sim.APIURL(), sim.BotToken() and sim.AppToken(), then:
	sim.WaitConnections(1)

	ana.Command(channel, "/draft", "https://example.com/study launch post")
	outline := sim.WaitMessage(channel, func(m slacksim.Message) bool { return strings.Contains(m.AllText(), "Outline") })
	ana.Press(channel, outline.TS, "Edit")
	modal := ana.WaitModal()
	modal.Fill("Outline", "new text").Submit()
}
