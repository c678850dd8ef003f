package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/slack-go/slack"
)

// CheckTokens asks Slack whether both tokens work, before a replica touches anything else:
// auth.test for the bot token and apps.connections.open for the app-level token (the connection
// URL it hands out is left unused; the socket loop asks for its own). A refused token is ErrAuth;
// an unreachable Slack is one sentence naming SLACK_API_URL and the cause. Any other answer to
// apps.connections.open (rate limited, Socket Mode switched off) is only logged: the socket loop
// retries those with backoff.
func CheckTokens(ctx context.Context, cfg Config, log *slog.Logger) error {
	api := slack.New(cfg.BotToken,
		slack.OptionAPIURL(cfg.APIURL),
		slack.OptionAppLevelToken(cfg.AppToken),
		slack.OptionHTTPClient(&http.Client{Timeout: slackCallTimeout}),
	)
	if _, err := api.AuthTestContext(ctx); err != nil {
		return tokenError(ctx, err, "auth.test", "SLACK_BOT_TOKEN", cfg.APIURL)
	}
	if _, _, err := api.StartSocketModeContext(ctx); err != nil {
		if isAuthError(err) || unreachableCause(err) != nil || ctx.Err() != nil {
			return tokenError(ctx, err, "apps.connections.open", "SLACK_APP_TOKEN", cfg.APIURL)
		}
		log.Warn("could not check SLACK_APP_TOKEN at start-up; the socket will keep trying", "error", err)
	}
	return nil
}

// tokenError says why a Slack call that checks a token failed, in words a person can act on.
func tokenError(ctx context.Context, err error, method, tokenVar, apiURL string) error {
	var status slack.StatusCodeError
	cause := unreachableCause(err)
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case isAuthError(err):
		return fmt.Errorf("%w: %s: %v", ErrAuth, tokenVar, err)
	case cause != nil:
		return fmt.Errorf("cannot reach Slack at SLACK_API_URL=%s: %v", apiURL, cause)
	case errors.As(err, &status):
		return fmt.Errorf("the Slack API at SLACK_API_URL=%s answered %s with HTTP %d: is SLACK_API_URL right?",
			apiURL, method, status.Code)
	default:
		return fmt.Errorf("bot: %s: %w", method, err)
	}
}

// unreachableCause is why a request got no HTTP answer at all (DNS, refused, timed out, TLS), or nil.
func unreachableCause(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err
	}
	return nil
}
