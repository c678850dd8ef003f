package main

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/mos-hq/mos/bot/slacksim"
)

// BenchmarkAckFloor is the side-by-side for BenchmarkDraftAck: the same 50 concurrent /draft
// commands through the same simulator, acked by a bare slack-go client that stores nothing and does
// nothing else. The difference between the two is what mos's front door (the insert) costs an ack.
func BenchmarkAckFloor(b *testing.B) {
	sim := slacksim.New(b, slacksim.Options{})
	channel := sim.AddChannel("floor")
	sam := sim.User(sim.AddUser("sam"))
	api := slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()), slack.OptionAppLevelToken(sim.AppToken()))
	sm := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = sm.RunContext(ctx) })
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-sm.Events:
				if evt.Request != nil && evt.Request.EnvelopeID != "" {
					_ = sm.AckCtx(ctx, evt.Request.EnvelopeID, nil)
				}
			}
		}
	})
	b.Cleanup(func() { cancel(); wg.Wait() })
	for sim.Connections() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		var burst sync.WaitGroup
		for j := range 50 {
			burst.Go(func() { sam.Command(channel, "/draft", "https://example.com/x Bench piece "+strconv.Itoa(i*50+j)) })
		}
		burst.Wait()
	}
	all := sim.AckLatencies()
	slices.Sort(all)
	b.ReportMetric(ms(all[len(all)/2]), "p50-ack-ms")
	b.ReportMetric(ms(all[min(len(all)-1, len(all)*99/100)]), "p99-ack-ms")
}
