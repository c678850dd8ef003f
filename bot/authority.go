package bot

import (
	"context"
	"fmt"
	"slices"

	"github.com/mos-hq/mos/clientos"
)

// errRoleUnchecked refuses a change that needed the person's Slack role when users.info failed
// (Slack down, rate limited): not knowing grants nothing.
var errRoleUnchecked = personError{"couldn't check your Slack role just now — try again in a minute. Nothing was changed."}

// approverAuthority is what userID may do with the client's approvers, found out before the
// Client OS checks it in its transaction: only a client with no approvers yet needs more than
// being an approver, so Slack is asked only then.
func (b *Bot) approverAuthority(ctx context.Context, clientID int64, userID string) (clientos.Authority, error) {
	ids, err := b.os.Approvers(ctx, clientID)
	if err != nil {
		return clientos.AsMember, err
	}
	if len(ids) > 0 {
		return clientos.AsMember, nil
	}
	return b.workspaceAuthority(ctx, userID)
}

// workspaceAuthority is clientos.AsAdmin for someone in MOS_ADMINS and for a workspace owner or
// admin (users.info's is_primary_owner, is_owner, is_admin); anyone else is a member.
func (b *Bot) workspaceAuthority(ctx context.Context, userID string) (clientos.Authority, error) {
	if slices.Contains(b.cfg.Admins, userID) {
		return clientos.AsAdmin, nil
	}
	u, err := b.api.GetUserInfoContext(ctx, userID)
	if err != nil {
		b.log.Warn("could not check a person's Slack role; granting nothing", "user_id", userID, "error", err)
		return clientos.AsMember, errRoleUnchecked
	}
	if u.IsPrimaryOwner || u.IsOwner || u.IsAdmin {
		return clientos.AsAdmin, nil
	}
	return clientos.AsMember, nil
}

// firstApproverWords tells someone who may not name a client's first approver who can, with the
// terminal command that would add who.
func firstApproverWords(clientSlug, who string) error {
	return personError{fmt.Sprintf("only a workspace admin, someone in MOS_ADMINS, or an operator with "+
		"`mos approvers add --client %s %s` can name the first approver of %s.",
		escapeText(clientSlug), escapeText(who), escapeText(clientSlug))}
}
