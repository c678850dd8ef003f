package slacksim

import (
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Block Kit limits, as Slack's Block Kit reference states them. Messages are reported the way Slack words them:
// "[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]".
const (
	maxMessageBlocks = 50
	maxViewBlocks    = 100
	maxMarkdownTotal = 12000
	maxViewBytes     = 250000
)

// checker validates one surface (a message's blocks, a modal, a Home tab) and collects errors.
type checker struct {
	surface  string // "message", "modal" or "home"
	errs     []string
	blockIDs map[string]bool
	markdown int
	tables   int
}

func newChecker(surface string) *checker {
	return &checker{surface: surface, blockIDs: map[string]bool{}}
}

func (c *checker) errorf(ptr, format string, args ...any) {
	c.errs = append(c.errs, fmt.Sprintf("[ERROR] %s [json-pointer:%s]", fmt.Sprintf(format, args...), ptr))
}

// validateMessageBlocks checks a message's blocks array (chat.postMessage, chat.update, ephemeral,
// slash-command ack and response_url bodies).
func validateMessageBlocks(blocks []any, ptr string) []string {
	c := newChecker("message")
	c.blocks(ptr, blocks, maxMessageBlocks)
	return c.errs
}

var surfaceBlocks = map[string][]string{
	"message": {"section", "divider", "image", "actions", "context", "header", "input", "rich_text",
		"markdown", "file", "video", "table", "context_actions"},
	"modal": {"section", "divider", "image", "actions", "context", "header", "input", "rich_text", "video"},
	"home":  {"section", "divider", "image", "actions", "context", "header", "input", "rich_text", "video"},
}

func (c *checker) blocks(ptr string, blocks []any, limit int) {
	if len(blocks) > limit {
		c.errorf(ptr, "no more than %d items allowed", limit)
	}
	for i, bv := range blocks {
		p := ptr + "/" + strconv.Itoa(i)
		b, ok := bv.(map[string]any)
		if !ok {
			c.errorf(p, "must provide an object")
			continue
		}
		c.block(p, b)
	}
}

func (c *checker) block(p string, b map[string]any) {
	typ, _ := b["type"].(string)
	if typ == "" {
		c.errorf(p, "missing required field: type")
		return
	}
	if !slices.Contains(surfaceBlocks[c.surface], typ) {
		c.errorf(p+"/type", "unsupported type: %s (not allowed in a %s)", typ, c.surface)
		return
	}
	if typ != "markdown" {
		c.blockID(p, b)
	}
	switch typ {
	case "section":
		c.section(p, b)
	case "header":
		c.text(p+"/text", b["text"], textRule{plain: true, max: 150})
	case "context":
		c.context(p, b)
	case "actions":
		c.elements(p, b, "actions", 25)
	case "context_actions":
		c.elements(p, b, "actions", 5)
	case "input":
		c.input(p, b)
	case "image":
		c.image(p, b, true)
	case "markdown":
		c.markdownBlock(p, b)
	case "rich_text":
		c.requireArray(p, b, "elements")
	case "table":
		c.table(p, b)
	case "video":
		c.video(p, b)
	case "file":
		c.str(p+"/external_id", b["external_id"], 255, true)
		c.str(p+"/source", b["source"], 255, true)
	}
}

func (c *checker) blockID(p string, b map[string]any) {
	v, ok := b["block_id"]
	if !ok {
		return
	}
	id, isStr := v.(string)
	switch {
	case !isStr:
		c.errorf(p+"/block_id", "must be a string")
	case id == "":
		c.errorf(p+"/block_id", "must be more than 0 characters")
	case utf8.RuneCountInString(id) > 255:
		c.errorf(p+"/block_id", "must be less than 256 characters")
	case c.blockIDs[id]:
		c.errorf(p+"/block_id", "duplicate block_id %q: block_ids must be unique", id)
	default:
		c.blockIDs[id] = true
	}
}

func (c *checker) section(p string, b map[string]any) {
	_, hasText := b["text"]
	fields, hasFields := b["fields"]
	if !hasText && !hasFields {
		c.errorf(p, "must provide either text or fields")
	}
	if hasText {
		c.text(p+"/text", b["text"], textRule{max: 3000})
	}
	if hasFields {
		fs, ok := fields.([]any)
		switch {
		case !ok:
			c.errorf(p+"/fields", "must provide an array")
		case len(fs) > 10:
			c.errorf(p+"/fields", "no more than 10 items allowed")
		}
		for i, f := range fs {
			c.text(fmt.Sprintf("%s/fields/%d", p, i), f, textRule{max: 2000})
		}
	}
	if acc, ok := b["accessory"]; ok {
		c.element(p+"/accessory", acc, "accessory", nil)
	}
}

func (c *checker) context(p string, b map[string]any) {
	elems := c.requireArray(p, b, "elements")
	if len(elems) > 10 {
		c.errorf(p+"/elements", "no more than 10 items allowed")
	}
	for i, e := range elems {
		ep := fmt.Sprintf("%s/elements/%d", p, i)
		if m, _ := e.(map[string]any); m != nil && m["type"] == "image" {
			c.image(ep, m, false)
			continue
		}
		c.text(ep, e, textRule{max: 3000})
	}
}

// elements checks an actions-like block's elements: count and action_id uniqueness within the block.
func (c *checker) elements(p string, b map[string]any, ctx string, limit int) {
	elems := c.requireArray(p, b, "elements")
	if len(elems) > limit {
		c.errorf(p+"/elements", "no more than %d items allowed", limit)
	}
	seen := map[string]bool{}
	for i, e := range elems {
		c.element(fmt.Sprintf("%s/elements/%d", p, i), e, ctx, seen)
	}
}

func (c *checker) input(p string, b map[string]any) {
	c.text(p+"/label", b["label"], textRule{plain: true, max: 2000})
	c.text(p+"/hint", b["hint"], textRule{plain: true, max: 2000, optional: true})
	c.optBool(p+"/optional", b["optional"])
	c.optBool(p+"/dispatch_action", b["dispatch_action"])
	if _, ok := b["element"]; !ok {
		c.errorf(p, "missing required field: element")
		return
	}
	c.element(p+"/element", b["element"], "input", nil)
}

func (c *checker) image(p string, b map[string]any, block bool) {
	_, hasFile := b["slack_file"]
	c.str(p+"/image_url", b["image_url"], 3000, !hasFile)
	c.str(p+"/alt_text", b["alt_text"], 2000, true)
	if block {
		c.text(p+"/title", b["title"], textRule{plain: true, max: 2000, optional: true})
	}
}

func (c *checker) markdownBlock(p string, b map[string]any) {
	if c.surface != "message" {
		c.errorf(p+"/type", "markdown blocks are only allowed in messages")
	}
	t, ok := b["text"].(string)
	if !ok || t == "" {
		c.errorf(p+"/text", "missing required field: text")
	}
	c.markdown += utf8.RuneCountInString(t)
	if c.markdown > maxMarkdownTotal {
		c.errorf(p+"/text", "markdown blocks may hold at most %d characters in total", maxMarkdownTotal)
	}
}

func (c *checker) table(p string, b map[string]any) {
	c.tables++
	if c.tables > 1 {
		c.errorf(p, "only one table is allowed per message")
	}
	rows := c.requireArray(p, b, "rows")
	if len(rows) > 100 {
		c.errorf(p+"/rows", "no more than 100 items allowed")
	}
	for i, r := range rows {
		if cells, _ := r.([]any); len(cells) > 20 {
			c.errorf(fmt.Sprintf("%s/rows/%d", p, i), "no more than 20 items allowed")
		}
	}
}

func (c *checker) video(p string, b map[string]any) {
	c.str(p+"/alt_text", b["alt_text"], 2000, true)
	c.text(p+"/title", b["title"], textRule{plain: true, max: 200})
	c.str(p+"/thumbnail_url", b["thumbnail_url"], 3000, true)
	c.str(p+"/video_url", b["video_url"], 3000, true)
}

// textRule describes a text object field: plain_text only or not, max characters, optional or not.
type textRule struct {
	plain    bool
	max      int
	optional bool
}

func (c *checker) text(p string, v any, r textRule) {
	if v == nil {
		if !r.optional {
			c.errorf(p, "missing required field")
		}
		return
	}
	m, ok := v.(map[string]any)
	if !ok {
		c.errorf(p, "must provide an object")
		return
	}
	typ, _ := m["type"].(string)
	switch {
	case typ != "plain_text" && typ != "mrkdwn":
		c.errorf(p+"/type", "must be a valid enum value (plain_text, mrkdwn)")
	case r.plain && typ != "plain_text":
		c.errorf(p+"/type", "must be plain_text")
	case typ == "mrkdwn" && m["emoji"] != nil:
		c.errorf(p+"/emoji", "emoji is only allowed on plain_text")
	}
	t, ok := m["text"].(string)
	switch n := utf8.RuneCountInString(t); {
	case !ok:
		c.errorf(p+"/text", "missing required field: text")
	case n == 0:
		c.errorf(p+"/text", "must be more than 0 characters")
	case n > r.max:
		c.errorf(p+"/text", "must be less than %d characters", r.max+1)
	}
}

// str checks a plain string field's presence and length.
func (c *checker) str(p string, v any, limit int, required bool) {
	if v == nil {
		if required {
			c.errorf(p, "missing required field")
		}
		return
	}
	s, ok := v.(string)
	switch n := utf8.RuneCountInString(s); {
	case !ok:
		c.errorf(p, "must be a string")
	case required && n == 0:
		c.errorf(p, "must be more than 0 characters")
	case n > limit:
		c.errorf(p, "must be less than %d characters", limit+1)
	}
}

func (c *checker) optBool(p string, v any) {
	if _, ok := v.(bool); v != nil && !ok {
		c.errorf(p, "must be a boolean")
	}
}

func (c *checker) requireArray(p string, b map[string]any, key string) []any {
	v, ok := b[key]
	if !ok {
		c.errorf(p, "missing required field: %s", key)
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		c.errorf(p+"/"+key, "must provide an array")
	} else if len(arr) == 0 {
		c.errorf(p+"/"+key, "must provide at least 1 item")
	}
	return arr
}

// stripNulls drops null-valued keys everywhere (slack-go sends e.g. "options":null), so they read as
// absent, as Slack treats them.
func stripNulls(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if val == nil {
				delete(x, k)
				continue
			}
			stripNulls(val)
		}
	case []any:
		for _, val := range x {
			stripNulls(val)
		}
	}
}
