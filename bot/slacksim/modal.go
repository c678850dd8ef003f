package slacksim

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// View is a modal as the person sees it. It follows the view by id, so views.update shows through.
type View struct {
	u  *User
	id string
}

// SubmitResult is how the bot answered a view_submission.
type SubmitResult struct {
	EnvelopeID     string
	Acked          bool
	Latency        time.Duration
	ResponseAction string            // "", "errors", "update", "push" or "clear"
	Errors         map[string]string // response_action errors by block_id
	ErrorsByLabel  map[string]string // the same errors by input label
	Missing        []string          // required inputs left empty: Slack's client refused to submit
	Open           bool              // a modal is still open for the person afterwards
}

// WaitModal waits for a modal opened, pushed or updated for this person since the last WaitModal
// (or Submit/Close) and returns the view on top. It fails the test after WaitTimeout.
func (u *User) WaitModal() *View {
	u.s.t.Helper()
	v := u.WaitModalWithin(u.s.opts.WaitTimeout)
	if v == nil {
		u.s.t.Fatalf("slacksim: no modal opened for %s within %s", u.ID, u.s.opts.WaitTimeout)
	}
	return v
}

// WaitModalWithin is WaitModal for a driver that races the bot (a soak): nil when no modal opened
// within d — the button's envelope went to a replica that died, say.
func (u *User) WaitModalWithin(d time.Duration) *View {
	s := u.s
	var id string
	ok := s.waitUntil(d, func() bool {
		st := s.modals[u.ID]
		if st == nil || st.seq <= u.seenModal || len(st.ids) == 0 {
			return false
		}
		u.seenModal, id = st.seq, st.ids[len(st.ids)-1]
		return true
	})
	if !ok {
		return nil
	}
	return &View{u: u, id: id}
}

// Modal returns the view on top of this person's open modal, or nil if none is open.
func (u *User) Modal() *View {
	var id string
	u.s.locked(func() {
		if st := u.s.modals[u.ID]; st != nil && len(st.ids) > 0 {
			id = st.ids[len(st.ids)-1]
			u.seenModal = st.seq
		}
	})
	if id == "" {
		return nil
	}
	return &View{u: u, id: id}
}

// read runs f on the stored view under the simulator's lock.
func (v *View) read(f func(r *viewRec)) {
	v.u.s.locked(func() { f(v.u.s.views[v.id]) })
}

// ID is the view id (V…).
func (v *View) ID() string { return v.id }

// Title is the modal's title.
func (v *View) Title() (t string) {
	v.read(func(r *viewRec) { t = textOf(r.view["title"]) })
	return t
}

// CallbackID is the view's callback_id.
func (v *View) CallbackID() (id string) {
	v.read(func(r *viewRec) { id = asString(r.view["callback_id"]) })
	return id
}

// PrivateMetadata is the view's private_metadata.
func (v *View) PrivateMetadata() (md string) {
	v.read(func(r *viewRec) { md = asString(r.view["private_metadata"]) })
	return md
}

// Text is all visible text: title, block texts, labels, buttons, submit and close.
func (v *View) Text() (t string) {
	v.read(func(r *viewRec) { t = strings.Join(viewTexts(r.view), "\n") })
	return t
}

// JSON is the full view as Slack would put it in a payload, state included.
func (v *View) JSON() json.RawMessage {
	var full map[string]any
	v.u.s.locked(func() { full = v.u.s.fullViewLocked(v.u.s.views[v.id]) })
	b, _ := json.Marshal(full)
	return b
}

// Labels lists the input labels in order.
func (v *View) Labels() (out []string) {
	v.read(func(r *viewRec) { out = r.labels() })
	return out
}

// Errors are the response_action errors currently shown, by block_id.
func (v *View) Errors() map[string]string {
	out := map[string]string{}
	v.read(func(r *viewRec) {
		for k, e := range r.errors {
			out[k] = e
		}
	})
	return out
}

// Open reports whether this view is still in the person's open modal.
func (v *View) Open() (open bool) {
	v.read(func(r *viewRec) { open = slices.Contains(v.u.s.modals[v.u.ID].ids, r.id) })
	return open
}

// Value is the input's current value as the person sees it: typed text, or selected option texts
// (comma-separated), user/channel ids or date; initial values until the person changes them.
func (v *View) Value(label string) string {
	v.u.s.t.Helper()
	var out string
	v.withInput(label, func(r *viewRec, in input) string {
		out = humanValue(r.current(in))
		return ""
	})
	return out
}

// withInput runs f on the input labelled label under the lock; a non-empty answer from f, or a
// missing label, fails the test.
func (v *View) withInput(label string, f func(r *viewRec, in input) string) input {
	s := v.u.s
	s.t.Helper()
	s.mu.Lock()
	r := s.views[v.id]
	in, ok := r.inputByLabel(label)
	msg := ""
	if !ok {
		msg = "no input labelled " + quote(label) + " in view " + v.id + "; labels: " + quoteAll(r.labels())
	} else {
		msg = f(r, in)
	}
	s.mu.Unlock()
	if msg != "" {
		s.t.Fatalf("slacksim: %s", msg)
	}
	return in
}
