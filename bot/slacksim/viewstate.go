package slacksim

import (
	"strings"
)

// stateKey names the state field each stateful element reports, and whether it is a list.
var stateKey = map[string]struct {
	field, initial string
	list           bool
}{
	"plain_text_input":           {"value", "initial_value", false},
	"email_text_input":           {"value", "initial_value", false},
	"url_text_input":             {"value", "initial_value", false},
	"number_input":               {"value", "initial_value", false},
	"static_select":              {"selected_option", "initial_option", false},
	"external_select":            {"selected_option", "initial_option", false},
	"radio_buttons":              {"selected_option", "initial_option", false},
	"multi_static_select":        {"selected_options", "initial_options", true},
	"multi_external_select":      {"selected_options", "initial_options", true},
	"checkboxes":                 {"selected_options", "initial_options", true},
	"users_select":               {"selected_user", "initial_user", false},
	"multi_users_select":         {"selected_users", "initial_users", true},
	"conversations_select":       {"selected_conversation", "initial_conversation", false},
	"multi_conversations_select": {"selected_conversations", "initial_conversations", true},
	"channels_select":            {"selected_channel", "initial_channel", false},
	"multi_channels_select":      {"selected_channels", "initial_channels", true},
	"datepicker":                 {"selected_date", "initial_date", false},
	"timepicker":                 {"selected_time", "initial_time", false},
	"datetimepicker":             {"selected_date_time", "initial_date_time", false},
	"rich_text_input":            {"rich_text_value", "initial_value", false},
	"file_input":                 {"files", "", true},
}

// initialState is what Slack reports for an element the person has not touched.
func initialState(el map[string]any) map[string]any {
	typ := asString(el["type"])
	k := stateKey[typ]
	v, ok := el[k.initial]
	if !ok || k.initial == "" {
		v = nil
		if k.list {
			v = []any{}
		}
	}
	return map[string]any{"type": typ, k.field: v}
}

// stateValues builds view.state.values: every input block, plus other elements the person changed.
func (r *viewRec) stateValues() map[string]any {
	values := map[string]any{}
	for _, bv := range asSlice(r.view["blocks"]) {
		b := asMap(bv)
		bid := asString(b["block_id"])
		for _, e := range blockElements(b) {
			el := asMap(e)
			aid := asString(el["action_id"])
			if _, stateful := stateKey[asString(el["type"])]; !stateful {
				continue
			}
			entry := r.values[bid][aid]
			if entry == nil && b["type"] != "input" {
				continue
			}
			if entry == nil {
				entry = initialState(el)
			}
			if values[bid] == nil {
				values[bid] = map[string]any{}
			}
			values[bid].(map[string]any)[aid] = entry
		}
	}
	return values
}

// input is an input block found by its label.
type input struct {
	blockID, actionID, typ string
	block, element         map[string]any
}

func (r *viewRec) inputs() []input {
	var out []input
	for _, bv := range asSlice(r.view["blocks"]) {
		b := asMap(bv)
		if b["type"] != "input" {
			continue
		}
		el := asMap(b["element"])
		out = append(out, input{blockID: asString(b["block_id"]), actionID: asString(el["action_id"]),
			typ: asString(el["type"]), block: b, element: el})
	}
	return out
}

func (r *viewRec) labels() []string {
	var out []string
	for _, in := range r.inputs() {
		out = append(out, textOf(in.block["label"]))
	}
	return out
}

func (r *viewRec) inputByLabel(label string) (input, bool) {
	for _, in := range r.inputs() {
		if textOf(in.block["label"]) == label {
			return in, true
		}
	}
	return input{}, false
}

func (r *viewRec) current(in input) map[string]any {
	if e := r.values[in.blockID][in.actionID]; e != nil {
		return e
	}
	return initialState(in.element)
}

func (r *viewRec) set(in input, entry map[string]any) {
	if r.values[in.blockID] == nil {
		r.values[in.blockID] = map[string]map[string]any{}
	}
	entry["type"] = in.typ
	r.values[in.blockID][in.actionID] = entry
}

// humanValue renders a state entry as a person reads it: text, option texts, ids.
func humanValue(entry map[string]any) string {
	k := stateKey[asString(entry["type"])]
	v := entry[k.field]
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		return textOf(x["text"])
	case []any:
		var parts []string
		for _, it := range x {
			if m, ok := it.(map[string]any); ok && m["text"] != nil {
				parts = append(parts, textOf(m["text"]))
			} else if ok {
				parts = append(parts, asString(m["name"])) // a file
			} else {
				parts = append(parts, asString(it))
			}
		}
		return strings.Join(parts, ", ")
	}
	return ""
}

// elementOptions lists an element's options, flattening option_groups.
func elementOptions(el map[string]any) []any {
	opts := asSlice(el["options"])
	for _, g := range asSlice(el["option_groups"]) {
		opts = append(opts, asSlice(asMap(g)["options"])...)
	}
	return opts
}

func optionTexts(opts []any) []string {
	var out []string
	for _, o := range opts {
		out = append(out, textOf(asMap(o)["text"]))
	}
	return out
}

// viewTexts is everything a person sees in a view: title, block texts, buttons, submit and close.
func viewTexts(v map[string]any) []string {
	var out []string
	if t := textOf(v["title"]); t != "" {
		out = append(out, t)
	}
	blocks := asSlice(v["blocks"])
	out = append(out, blockTexts(blocks)...)
	out = append(out, buttonLabels(blocks)...)
	for _, k := range []string{"submit", "close"} {
		if t := textOf(v[k]); t != "" {
			out = append(out, t)
		}
	}
	return out
}
