package config

import "strings"

// onOff reads a switch: on or off (true/false, yes/no, 1/0 too, in any case); unset is def.
func onOff(def bool) func(value) (bool, error) {
	return func(v value) (bool, error) {
		switch strings.ToLower(v.text) {
		case "":
			return def, nil
		case "on", "true", "yes", "1":
			return true, nil
		case "off", "false", "no", "0":
			return false, nil
		}
		return def, v.bad("is not a switch: write on or off")
	}
}
