package slacksim

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

var (
	selectTypes = []string{"static_select", "external_select", "users_select", "conversations_select",
		"channels_select", "multi_static_select", "multi_external_select", "multi_users_select",
		"multi_conversations_select", "multi_channels_select"}
	contextElements = map[string][]string{
		"actions": append([]string{"button", "checkboxes", "datepicker", "datetimepicker", "overflow",
			"radio_buttons", "timepicker", "workflow_button"}, selectTypes...),
		"accessory": append([]string{"button", "checkboxes", "datepicker", "image", "overflow",
			"radio_buttons", "timepicker", "workflow_button"}, selectTypes...),
		"input": append([]string{"checkboxes", "datepicker", "datetimepicker", "email_text_input",
			"file_input", "number_input", "plain_text_input", "radio_buttons", "rich_text_input",
			"timepicker", "url_text_input"}, selectTypes...),
	}
	dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	timeRE = regexp.MustCompile(`^\d{2}:\d{2}$`)
)

// element checks one interactive element; seen (if not nil) tracks action_ids within the block.
func (c *checker) element(p string, v any, ctx string, seen map[string]bool) {
	e, ok := v.(map[string]any)
	if !ok {
		c.errorf(p, "must provide an object")
		return
	}
	typ, _ := e["type"].(string)
	if !slices.Contains(contextElements[ctx], typ) {
		c.errorf(p+"/type", "unsupported type: %q is not allowed here (%s)", typ, ctx)
		return
	}
	if typ != "image" {
		c.actionID(p, e, seen)
	}
	c.text(p+"/placeholder", e["placeholder"], textRule{plain: true, max: 150, optional: true})
	if conf, ok := e["confirm"]; ok {
		c.confirm(p+"/confirm", conf)
	}
	c.elementFields(p, typ, e)
}

// elementFields checks the fields of an element of type typ.
func (c *checker) elementFields(p, typ string, e map[string]any) {
	switch {
	case typ == "button":
		c.button(p, e)
	case typ == "workflow_button":
		c.text(p+"/text", e["text"], textRule{plain: true, max: 75})
	case typ == "image":
		c.image(p, e, false)
	case typ == "static_select" || typ == "multi_static_select":
		c.staticSelect(p, e, strings.HasPrefix(typ, "multi_"))
	case typ == "overflow":
		c.options(p, e, 5, false)
	case typ == "checkboxes":
		c.options(p, e, 10, true)
		c.initialOptions(p, e, asSlice(e["options"]))
	case typ == "radio_buttons":
		c.options(p, e, 10, true)
		c.initialOption(p, e, asSlice(e["options"]))
	case typ == "datepicker":
		c.pattern(p+"/initial_date", e["initial_date"], dateRE, "YYYY-MM-DD")
	case typ == "timepicker":
		c.pattern(p+"/initial_time", e["initial_time"], timeRE, "HH:mm")
	case typ == "plain_text_input":
		c.plainTextInput(p, e)
	case typ == "number_input":
		if _, ok := e["is_decimal_allowed"].(bool); !ok {
			c.errorf(p, "missing required field: is_decimal_allowed")
		}
	case typ == "file_input":
		c.fileInput(p, e)
	case strings.HasPrefix(typ, "multi_"):
		c.maxSelected(p, e)
	}
}

// fileInput checks max_files (1 to 10) and filetypes (a list of extensions).
func (c *checker) fileInput(p string, e map[string]any) {
	if v, ok := e["max_files"]; ok {
		if n, isNum := v.(float64); !isNum || n < 1 || n > 10 || n != float64(int(n)) {
			c.errorf(p+"/max_files", "must be a whole number between 1 and 10")
		}
	}
	if v, ok := e["filetypes"]; ok {
		list, isList := v.([]any)
		if !isList {
			c.errorf(p+"/filetypes", "must provide an array")
			return
		}
		for i, ft := range list {
			if s, isStr := ft.(string); !isStr || s == "" {
				c.errorf(fmt.Sprintf("%s/filetypes/%d", p, i), "must be a non-empty string")
			}
		}
	}
}

func (c *checker) actionID(p string, e map[string]any, seen map[string]bool) {
	v, ok := e["action_id"]
	if !ok {
		return
	}
	id, _ := v.(string)
	c.str(p+"/action_id", v, 255, true)
	if seen == nil || id == "" {
		return
	}
	if seen[id] {
		c.errorf(p+"/action_id", "duplicate action_id %q: action_ids must be unique within a block", id)
	}
	seen[id] = true
}

func (c *checker) button(p string, e map[string]any) {
	c.text(p+"/text", e["text"], textRule{plain: true, max: 75})
	c.str(p+"/value", e["value"], 2000, false)
	c.str(p+"/url", e["url"], 3000, false)
	c.str(p+"/accessibility_label", e["accessibility_label"], 75, false)
	if st, ok := e["style"]; ok && st != "primary" && st != "danger" {
		c.errorf(p+"/style", "must be a valid enum value (primary, danger)")
	}
}

func (c *checker) staticSelect(p string, e map[string]any, multi bool) {
	_, hasOpts := e["options"]
	groups, hasGroups := e["option_groups"]
	if hasOpts == hasGroups {
		c.errorf(p, "must provide exactly one of options or option_groups")
	}
	all := asSlice(e["options"])
	if hasOpts {
		c.options(p, e, 100, false)
	}
	if hasGroups {
		gs := asSlice(groups)
		if len(gs) > 100 {
			c.errorf(p+"/option_groups", "no more than 100 items allowed")
		}
		for i, g := range gs {
			gp := fmt.Sprintf("%s/option_groups/%d", p, i)
			gm := asMap(g)
			c.text(gp+"/label", gm["label"], textRule{plain: true, max: 75})
			c.options(gp, gm, 100, false)
			all = append(all, asSlice(gm["options"])...)
		}
	}
	if multi {
		c.initialOptions(p, e, all)
		c.maxSelected(p, e)
	} else {
		c.initialOption(p, e, all)
	}
}

func (c *checker) options(p string, e map[string]any, limit int, mrkdwnOK bool) {
	opts := c.requireArray(p, e, "options")
	if len(opts) > limit {
		c.errorf(p+"/options", "no more than %d items allowed", limit)
	}
	for i, o := range opts {
		c.option(fmt.Sprintf("%s/options/%d", p, i), o, mrkdwnOK)
	}
}

func (c *checker) option(p string, v any, mrkdwnOK bool) {
	o, ok := v.(map[string]any)
	if !ok {
		c.errorf(p, "must provide an object")
		return
	}
	c.text(p+"/text", o["text"], textRule{plain: !mrkdwnOK, max: 75})
	c.str(p+"/value", o["value"], 150, true)
	c.text(p+"/description", o["description"], textRule{plain: !mrkdwnOK, max: 75, optional: true})
	c.str(p+"/url", o["url"], 3000, false)
}

// initialOption checks that initial_option is one of the options (Slack rejects it otherwise).
func (c *checker) initialOption(p string, e map[string]any, opts []any) {
	if io, ok := e["initial_option"]; ok && !containsOption(opts, io) {
		c.errorf(p+"/initial_option", "must match one of the provided options")
	}
}

func (c *checker) initialOptions(p string, e map[string]any, opts []any) {
	for i, io := range asSlice(e["initial_options"]) {
		if !containsOption(opts, io) {
			c.errorf(fmt.Sprintf("%s/initial_options/%d", p, i), "must match one of the provided options")
		}
	}
}

func containsOption(opts []any, want any) bool {
	w := asMap(want)
	for _, o := range opts {
		m := asMap(o)
		if m["value"] == w["value"] && textOf(m["text"]) == textOf(w["text"]) {
			return true
		}
	}
	return false
}

func (c *checker) maxSelected(p string, e map[string]any) {
	if v, ok := e["max_selected_items"]; ok {
		if n, _ := v.(float64); n < 1 {
			c.errorf(p+"/max_selected_items", "must be at least 1")
		}
	}
}

func (c *checker) plainTextInput(p string, e map[string]any) {
	minLen, hasMin := numberField(e, "min_length")
	maxLen, hasMax := numberField(e, "max_length")
	if hasMin && (minLen < 0 || minLen > 3000) {
		c.errorf(p+"/min_length", "must be between 0 and 3000")
	}
	if hasMax && (maxLen < 1 || maxLen > 3000) {
		c.errorf(p+"/max_length", "must be between 1 and 3000")
	}
	if hasMin && hasMax && minLen > maxLen {
		c.errorf(p+"/min_length", "must not be greater than max_length")
	}
	iv, ok := e["initial_value"]
	if !ok {
		return
	}
	s, isStr := iv.(string)
	if !isStr {
		c.errorf(p+"/initial_value", "must be a string")
		return
	}
	limit := 3000
	if hasMax {
		limit = int(maxLen)
	}
	if n := utf8.RuneCountInString(s); n > limit {
		c.errorf(p+"/initial_value", "must be less than %d characters (max_length)", limit+1)
	}
}

func numberField(e map[string]any, k string) (float64, bool) {
	v, ok := e[k].(float64)
	return v, ok
}

func (c *checker) pattern(p string, v any, re *regexp.Regexp, format string) {
	if v == nil {
		return
	}
	if s, _ := v.(string); !re.MatchString(s) {
		c.errorf(p, "must be in the format %s", format)
	}
}

func (c *checker) confirm(p string, v any) {
	m, ok := v.(map[string]any)
	if !ok {
		c.errorf(p, "must provide an object")
		return
	}
	c.text(p+"/title", m["title"], textRule{plain: true, max: 100})
	c.text(p+"/text", m["text"], textRule{max: 300})
	c.text(p+"/confirm", m["confirm"], textRule{plain: true, max: 30})
	c.text(p+"/deny", m["deny"], textRule{plain: true, max: 30})
	if st, ok := m["style"]; ok && st != "primary" && st != "danger" {
		c.errorf(p+"/style", "must be a valid enum value (primary, danger)")
	}
}

// validateView checks a modal or Home tab view object; ptr is "/view".
func validateView(v map[string]any, ptr, wantType string) []string {
	typ, _ := v["type"].(string)
	c := newChecker(typ)
	if typ != wantType {
		c.errorf(ptr+"/type", "must be %q here", wantType)
		return c.errs
	}
	blocks, ok := v["blocks"].([]any)
	if !ok {
		c.errorf(ptr, "missing required field: blocks")
	}
	c.blocks(ptr+"/blocks", blocks, maxViewBlocks)
	c.str(ptr+"/private_metadata", v["private_metadata"], 3000, false)
	c.str(ptr+"/callback_id", v["callback_id"], 255, false)
	c.str(ptr+"/external_id", v["external_id"], 255, false)
	if typ == "modal" {
		c.modalChrome(ptr, v, blocks)
	}
	return c.errs
}

func (c *checker) modalChrome(ptr string, v map[string]any, blocks []any) {
	c.text(ptr+"/title", v["title"], textRule{plain: true, max: 24})
	c.text(ptr+"/close", v["close"], textRule{plain: true, max: 24, optional: true})
	c.text(ptr+"/submit", v["submit"], textRule{plain: true, max: 24, optional: true})
	c.optBool(ptr+"/clear_on_close", v["clear_on_close"])
	c.optBool(ptr+"/notify_on_close", v["notify_on_close"])
	if v["submit"] != nil {
		return
	}
	for _, b := range blocks {
		if asMap(b)["type"] == "input" {
			c.errorf(ptr+"/submit", "a view with input blocks must have a submit button")
			return
		}
	}
}
