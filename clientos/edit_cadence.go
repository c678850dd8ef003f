package clientos

import "fmt"

// SetCadence rewrites the cadence of a style guide (its front matter's cadence key), leaving every
// other byte as it is. A style guide without a cadence is refused: a proposal lowers a cadence the
// team set, it never adds one.
func SetCadence(content string, c Cadence) (string, error) {
	if !c.IsSet() {
		return "", fmt.Errorf("a cadence is at least 1 a day, week or month")
	}
	f, err := parseFrontDoc(content)
	if err != nil {
		return "", err
	}
	n, err := f.value("cadence")
	if err != nil {
		return "", err
	}
	return f.apply([]textEdit{f.replaceValue(n, c.String())}), nil
}
