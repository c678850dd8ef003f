package slacksim

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

func quote(s string) string { return fmt.Sprintf("%q", s) }

func quoteAll(s []string) string { return fmt.Sprintf("%q", s) }

func wrongType(label, typ, want string) string {
	return fmt.Sprintf("input %q is a %s, not %s", label, typ, want)
}

// Fill types value into a text input (plain_text_input, email/url/number input). The person cannot
// type more than max_length, nor a newline into a single-line input: both fail the test.
func (v *View) Fill(label, value string) *View {
	v.u.s.t.Helper()
	in := v.withInput(label, func(r *viewRec, in input) string {
		if !slices.Contains([]string{"plain_text_input", "email_text_input", "url_text_input", "number_input"}, in.typ) {
			return wrongType(label, in.typ, "a text input")
		}
		if limit, ok := numberField(in.element, "max_length"); ok && utf8.RuneCountInString(value) > int(limit) {
			return fmt.Sprintf("input %q accepts at most %d characters; got %d", label, int(limit), utf8.RuneCountInString(value))
		}
		if in.element["multiline"] != true && strings.Contains(value, "\n") {
			return fmt.Sprintf("input %q is single-line; the value has a newline", label)
		}
		var val any = value
		if value == "" {
			val = nil
		}
		r.set(in, map[string]any{"value": val})
		return ""
	})
	return v.dispatch(in)
}

// Select picks one option by its text in a static_select or radio_buttons input.
func (v *View) Select(label, optionText string) *View {
	v.u.s.t.Helper()
	in := v.withInput(label, func(r *viewRec, in input) string {
		if in.typ != "static_select" && in.typ != "radio_buttons" {
			return wrongType(label, in.typ, "static_select or radio_buttons")
		}
		opts := elementOptions(in.element)
		for _, o := range opts {
			if textOf(asMap(o)["text"]) == optionText {
				r.set(in, map[string]any{"selected_option": o})
				return ""
			}
		}
		return fmt.Sprintf("input %q has no option %q; options: %q", label, optionText, optionTexts(opts))
	})
	return v.dispatch(in)
}

// Check selects exactly these options (by text) in a checkboxes or multi_static_select input.
func (v *View) Check(label string, options ...string) *View {
	v.u.s.t.Helper()
	in := v.withInput(label, func(r *viewRec, in input) string {
		if in.typ != "checkboxes" && in.typ != "multi_static_select" {
			return wrongType(label, in.typ, "checkboxes or multi_static_select")
		}
		opts := elementOptions(in.element)
		chosen := []any{}
		for _, want := range options {
			i := slices.IndexFunc(opts, func(o any) bool { return textOf(asMap(o)["text"]) == want })
			if i < 0 {
				return fmt.Sprintf("input %q has no option %q; options: %q", label, want, optionTexts(opts))
			}
			chosen = append(chosen, opts[i])
		}
		r.set(in, map[string]any{"selected_options": chosen})
		return ""
	})
	return v.dispatch(in)
}

// SelectUsers picks people in a users_select (exactly one id) or multi_users_select input.
func (v *View) SelectUsers(label string, ids ...string) *View {
	v.u.s.t.Helper()
	in := v.withInput(label, func(r *viewRec, in input) string {
		switch {
		case in.typ == "users_select" && len(ids) == 1:
			r.set(in, map[string]any{"selected_user": ids[0]})
		case in.typ == "multi_users_select":
			r.set(in, map[string]any{"selected_users": toAny(ids)})
		default:
			return wrongType(label, in.typ, fmt.Sprintf("a users select taking %d people", len(ids)))
		}
		return ""
	})
	return v.dispatch(in)
}

// SelectConversation picks a conversation in a conversations_select or channels_select input (or
// their multi_ versions, as the only selection).
func (v *View) SelectConversation(label, id string) *View {
	v.u.s.t.Helper()
	in := v.withInput(label, func(r *viewRec, in input) string {
		field := map[string]string{"conversations_select": "selected_conversation", "channels_select": "selected_channel",
			"multi_conversations_select": "selected_conversations", "multi_channels_select": "selected_channels"}[in.typ]
		switch {
		case field == "":
			return wrongType(label, in.typ, "a conversations or channels select")
		case strings.HasPrefix(in.typ, "multi_"):
			r.set(in, map[string]any{field: []any{id}})
		default:
			r.set(in, map[string]any{field: id})
		}
		return ""
	})
	return v.dispatch(in)
}

// SelectDate picks a date ("2006-01-02") in a datepicker input.
func (v *View) SelectDate(label, date string) *View {
	v.u.s.t.Helper()
	in := v.withInput(label, func(r *viewRec, in input) string {
		if in.typ != "datepicker" {
			return wrongType(label, in.typ, "a datepicker")
		}
		r.set(in, map[string]any{"selected_date": date})
		return ""
	})
	return v.dispatch(in)
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// dispatch sends block_actions for an input block with dispatch_action:true, as Slack does on change.
func (v *View) dispatch(in input) *View {
	if in.block == nil || in.block["dispatch_action"] != true {
		return v
	}
	s := v.u.s
	s.mu.Lock()
	r := s.views[v.id]
	trig := s.issueTriggerLocked(v.u.ID)
	action := map[string]any{"action_id": in.actionID, "type": in.typ}
	for k, val := range r.current(in) {
		if k != "type" {
			action[k] = val
		}
	}
	payload := s.blockActionsLocked(v.u.ID, trig, map[string]any{"type": "view", "view_id": r.id}, in.block, action)
	payload["view"] = s.fullViewLocked(r)
	s.mu.Unlock()
	s.sendAction(payload, textOf(in.block["label"]), trig)
	return v
}

// Press presses a button in this view (an actions block or a section accessory).
func (v *View) Press(label string) ActionResult {
	v.u.s.t.Helper()
	var r *viewRec
	v.read(func(x *viewRec) { r = x })
	return v.u.s.pressInView(v.u.ID, r, label)
}

// missingLocked lists the labels of required inputs that are still empty.
func (r *viewRec) missingLocked() []string {
	var out []string
	for _, in := range r.inputs() {
		if in.block["optional"] != true && humanValue(r.current(in)) == "" {
			out = append(out, textOf(in.block["label"]))
		}
	}
	return out
}

// Submit presses the modal's submit button: a view_submission with state.values built from the
// inputs (initial values unless changed). The ack decides what happens: errors keep the modal open
// with messages, update/push change it, clear closes everything, an empty ack closes this view.
func (v *View) Submit() SubmitResult {
	s := v.u.s
	s.t.Helper()
	s.mu.Lock()
	r, st := s.views[v.id], s.stackLocked(v.u.ID)
	msg := ""
	switch {
	case len(st.ids) == 0 || st.ids[len(st.ids)-1] != v.id:
		msg = "view " + v.id + " is not the open view on top"
	case r.view["submit"] == nil:
		msg = "modal " + quote(textOf(r.view["title"])) + " has no submit button"
	}
	if missing := r.missingLocked(); msg == "" && len(missing) > 0 {
		s.mu.Unlock()
		return SubmitResult{Missing: missing, Open: true}
	}
	if msg != "" {
		s.mu.Unlock()
		s.t.Fatalf("slacksim: %s", msg)
		return SubmitResult{}
	}
	trig := s.issueTriggerLocked(v.u.ID)
	payload := map[string]any{"type": "view_submission", "team": teamObj(), "user": s.userObjLocked(v.u.ID),
		"api_app_id": AppID, "token": verificationToken, "trigger_id": trig, "view": s.fullViewLocked(r),
		"response_urls": []any{}, "is_enterprise_install": false, "enterprise": nil}
	v.u.seenModal = st.seq
	s.mu.Unlock()
	e := newEnvelope("interactive", "view_submission "+asString(r.view["callback_id"]), payload, true)
	e.trigger = trig
	var res SubmitResult
	e.onAck = func(p json.RawMessage) { res = s.applySubmissionAck(v.u.ID, r, p) }
	ar := s.deliver(e)
	res.EnvelopeID, res.Acked, res.Latency = e.id, ar.acked, ar.latency
	s.locked(func() { res.Open = len(s.stackLocked(v.u.ID).ids) > 0 })
	return res
}
