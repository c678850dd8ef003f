package slacksim

import (
	"encoding/json"
	"maps"
	"slices"
)

// applySubmissionAck carries out a view_submission ack's response_action, as Slack does.
func (s *Sim) applySubmissionAck(user string, r *viewRec, payload json.RawMessage) SubmitResult {
	var ack struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
		View           json.RawMessage   `json:"view"`
	}
	if len(payload) > 0 && json.Unmarshal(payload, &ack) != nil {
		s.recordViolations("view_submission ack", "invalid_payload", []string{"ack payload is not a JSON object"})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stackLocked(user)
	res := SubmitResult{ResponseAction: ack.ResponseAction}
	switch ack.ResponseAction {
	case "":
		st.ids = slices.DeleteFunc(st.ids, func(id string) bool { return id == r.id })
	case "clear":
		st.ids = nil
	case "errors":
		res.Errors, res.ErrorsByLabel = s.applyErrorsLocked(r, ack.Errors)
	case "update", "push":
		s.applyViewActionLocked(user, r, ack.ResponseAction, ack.View)
	default:
		s.violationLocked("view_submission ack: unknown response_action %q", ack.ResponseAction)
	}
	st.bump(s)
	return res
}

// applyErrorsLocked shows errors on inputs; keys that are not input block_ids are a violation
// (Slack shows a generic "trouble connecting" error instead).
func (s *Sim) applyErrorsLocked(r *viewRec, errs map[string]string) (byID, byLabel map[string]string) {
	byID, byLabel = map[string]string{}, map[string]string{}
	if len(errs) == 0 {
		s.violationLocked("view_submission ack: response_action errors with no errors")
	}
	labels := map[string]string{}
	for _, in := range r.inputs() {
		labels[in.blockID] = textOf(in.block["label"])
	}
	for k, msg := range errs {
		label, ok := labels[k]
		if !ok {
			s.violationLocked("view_submission ack: errors key %q is not the block_id of an input block (inputs: %v)",
				k, slices.Sorted(maps.Keys(labels)))
			continue
		}
		byID[k], byLabel[label] = msg, msg
	}
	r.errors = byID
	return byID, byLabel
}

func (s *Sim) applyViewActionLocked(user string, r *viewRec, action string, raw json.RawMessage) {
	var v map[string]any
	if json.Unmarshal(raw, &v) != nil || v == nil {
		s.violationLocked("view_submission ack: response_action %s without a view object", action)
		return
	}
	stripNulls(v)
	if errs := validateView(v, "/view", "modal"); len(errs) > 0 {
		for _, e := range errs {
			s.violationLocked("view_submission ack (%s): invalid_arguments: %s", action, e)
		}
		return
	}
	assignIDs(asSlice(v["blocks"]))
	if action == "update" {
		s.replaceViewLocked(r, v)
		return
	}
	if _, err := s.pushLocked(user, v); err != nil {
		s.violationLocked("view_submission ack (push): %v", err)
	}
}

// Close presses the modal's close button: this view closes (the one below it shows again). A
// view_closed event goes to the bot if the view asked for notify_on_close.
func (v *View) Close() { v.close(false) }

// Dismiss closes the whole modal with ×: every view in it closes (view_closed has is_cleared true).
func (v *View) Dismiss() { v.close(true) }

func (v *View) close(all bool) {
	s := v.u.s
	s.t.Helper()
	s.mu.Lock()
	r, st := s.views[v.id], s.stackLocked(v.u.ID)
	if !slices.Contains(st.ids, v.id) {
		s.mu.Unlock()
		s.t.Fatalf("slacksim: view %s is not open", v.id)
		return
	}
	if all {
		st.ids = nil
	} else {
		st.ids = slices.DeleteFunc(st.ids, func(id string) bool { return id == v.id })
	}
	st.bump(s)
	v.u.seenModal = st.seq
	var payload map[string]any
	if r.view["notify_on_close"] == true {
		payload = map[string]any{"type": "view_closed", "team": teamObj(), "user": s.userObjLocked(v.u.ID),
			"view": s.fullViewLocked(r), "api_app_id": AppID, "is_cleared": all,
			"is_enterprise_install": false, "enterprise": nil}
	}
	s.mu.Unlock()
	if payload != nil {
		s.deliver(newEnvelope("interactive", "view_closed "+asString(r.view["callback_id"]), payload, false))
	}
}
