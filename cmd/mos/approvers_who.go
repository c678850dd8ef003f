package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mos-hq/mos/config"
)

// memberID is a Slack member id, bare or as Slack writes a mention (<@U…>, <@U…|name>, @U…).
var memberID = regexp.MustCompile(`^(?:<@|@)?([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>?$`)

// handle is how people write someone's Slack name: @maria, @maria.lopez.
var handle = regexp.MustCompile(`^@([\p{L}\p{N}._'-]{1,80})$`)

// emailAddress is loose on purpose: Slack says whether anyone has it.
var emailAddress = regexp.MustCompile(`^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$`)

// person is who an approver command names, once resolved to a member id.
type person struct {
	id, name string
	note     string // said before the change, e.g. that the id was not checked with Slack
}

func (p person) String() string {
	if p.name == "" {
		return p.id
	}
	return p.id + " (" + p.name + ")"
}

// checkApproverForm refuses, before anything is opened, what can be neither a member id nor an email.
func checkApproverForm(who string) error {
	if memberID.MatchString(who) || emailAddress.MatchString(who) || handle.MatchString(who) {
		return nil
	}
	return usagef("%q is neither a Slack member id (like U024BE7LH), an @name nor an email address", who)
}

// resolvePerson turns who into a member id: an id as given (checked with users.info when a bot
// token is set and the person is being added), an email through users.lookupByEmail.
func resolvePerson(ctx context.Context, cfg config.Config, who string, adding bool) (person, error) {
	m := memberID.FindStringSubmatch(who)
	token := cfg.SlackBotToken
	if token != "" && !strings.HasPrefix(token, "xoxb-") {
		return person{}, configError{errors.New("SLACK_BOT_TOKEN is malformed: it must start with xoxb- " +
			"(OAuth & Permissions page of your Slack app); unset it to give a member id unchecked")}
	}
	switch {
	case m != nil && !adding:
		return person{id: m[1]}, nil
	case m != nil && token == "":
		return person{id: m[1], note: "note: SLACK_BOT_TOKEN is not set, so " + m[1] +
			" was not checked with Slack; make sure it is the member id you meant"}, nil
	case m != nil:
		u, err := slackFor(cfg).GetUserInfoContext(ctx, m[1])
		if err != nil {
			return person{}, slackLookupError(err, "the member id "+m[1])
		}
		return activePerson(u)
	case token == "":
		return person{}, usagef("looking up %s needs SLACK_BOT_TOKEN (in the environment or .env); "+
			"without it, give their Slack member id (their profile → ⋮ → Copy member ID)", who)
	case handle.MatchString(who):
		return findByName(ctx, slackFor(cfg), strings.TrimPrefix(who, "@"))
	}
	u, err := slackFor(cfg).GetUserByEmailContext(ctx, who)
	if err != nil {
		return person{}, slackLookupError(err, "the email "+who)
	}
	p, err := activePerson(u)
	return p, err
}

func slackFor(cfg config.Config) *slack.Client {
	return slack.New(cfg.SlackBotToken, slack.OptionAPIURL(cfg.SlackAPIURL),
		slack.OptionHTTPClient(&http.Client{Timeout: 20 * time.Second}))
}

// activePerson refuses a deactivated account or a bot: neither can approve anything.
func activePerson(u *slack.User) (person, error) {
	switch {
	case u.Deleted:
		return person{}, fmt.Errorf("%s (%s) is deactivated in Slack, so they could not approve anything", u.ID, u.Name)
	case u.IsBot:
		return person{}, fmt.Errorf("%s (%s) is a bot; approvers are people", u.ID, u.Name)
	}
	return person{id: u.ID, name: u.Name}, nil
}

// slackLookupError says what Slack's answer about what means, and what to do.
func slackLookupError(err error, what string) error {
	switch err.Error() {
	case "user_not_found", "users_not_found":
		return fmt.Errorf("nobody in the Slack workspace has %s; check it (a member id is on their profile → ⋮ → Copy member ID)", what)
	case "missing_scope":
		return fmt.Errorf("the Slack app may not look up %s: add the users:read.email scope (slack-manifest.yaml), "+
			"reinstall the app, or give the member id instead", what)
	}
	return fmt.Errorf("could not look up %s in Slack: %w", what, err)
}

// maxUserPages bounds the walk through users.list: 250 pages of 200 people.
const maxUserPages = 250

// findByName finds the one active person whose Slack name or display name is name (any case),
// walking users.list a page at a time; Slack has no lookup by name.
func findByName(ctx context.Context, api *slack.Client, name string) (person, error) {
	var found []person
	p := api.GetUsersPaginated(slack.GetUsersOptionLimit(200))
	for page := 0; ; page++ {
		if page == maxUserPages {
			return person{}, fmt.Errorf("the workspace has more than %d people to search for @%s: give the member id or the email instead",
				maxUserPages*200, name)
		}
		var err error
		if p, err = p.Next(ctx); p.Done(err) {
			break
		} else if err != nil {
			return person{}, slackLookupError(err, "@"+name)
		}
		for _, u := range p.Users {
			if !u.Deleted && !u.IsBot && (strings.EqualFold(u.Name, name) || strings.EqualFold(u.Profile.DisplayName, name)) {
				found = append(found, person{id: u.ID, name: u.Name})
			}
		}
	}
	switch len(found) {
	case 0:
		return person{}, fmt.Errorf("nobody active in the Slack workspace goes by @%s; give the member id or the email instead", name)
	case 1:
		return found[0], nil
	}
	ids := make([]string, len(found))
	for i, f := range found {
		ids[i] = f.String()
	}
	return person{}, fmt.Errorf("@%s could be any of %s: give the member id of the one you mean", name, strings.Join(ids, ", "))
}
