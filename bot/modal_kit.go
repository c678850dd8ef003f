package bot

import (
	"github.com/slack-go/slack"
)

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

func option(value, label string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, plain(truncate(label, 75)), nil)
}

// textInput is an input block whose block id and action id are both id.
func textInput(id, label, placeholder string, multiline bool, maxLen int, initial string) *slack.InputBlock {
	var ph *slack.TextBlockObject
	if placeholder != "" {
		ph = plain(placeholder)
	}
	el := slack.NewPlainTextInputBlockElement(ph, id)
	el.Multiline = multiline
	el.MaxLength = maxLen
	el.InitialValue = initial
	return slack.NewInputBlock(id, plain(label), nil, el)
}

// inputValue reads an input whose block id and action id are both id, whatever its element type.
func inputValue(v slack.View, id string) string {
	if v.State == nil {
		return ""
	}
	a, ok := v.State.Values[id][id]
	if !ok {
		return ""
	}
	switch {
	case a.SelectedOption.Value != "":
		return a.SelectedOption.Value
	case a.SelectedConversation != "":
		return a.SelectedConversation
	case a.SelectedDate != "":
		return a.SelectedDate
	}
	return a.Value
}

func inputUsers(v slack.View, id string) []string {
	if v.State == nil {
		return nil
	}
	return v.State.Values[id][id].SelectedUsers
}

// inputOptions reads the values ticked in a checkbox group (or multi-select) input.
func inputOptions(v slack.View, id string) []string {
	if v.State == nil {
		return nil
	}
	var out []string
	for _, o := range v.State.Values[id][id].SelectedOptions {
		out = append(out, o.Value)
	}
	return out
}
