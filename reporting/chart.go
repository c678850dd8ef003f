package reporting

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/mos-hq/mos/reporting/evidence"
)

// ErrNothingToChart is returned by Chart for a report without pillar rows (an empty week).
var ErrNothingToChart = errors.New("reporting: the report has no pillar mix to chart")

var (
	targetColor = color.RGBA{R: 0xb0, G: 0xb7, B: 0xc3, A: 0xff}
	actualColor = color.RGBA{R: 0x1f, G: 0x6f, B: 0xd1, A: 0xff}
)

// Chart draws the pillar mix against the target weights as a PNG: for each pillar a grey bar (its
// weight) beside a blue one (its share of the week's published pieces), labelled with the pillar's
// median engagement rate.
func Chart(r Report) ([]byte, error) {
	if r.Empty || len(r.PillarMix) == 0 {
		return nil, ErrNothingToChart
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s — pillar mix vs target, %s", r.ClientName, r.Week.Key())
	p.Y.Label.Text = "% of published pieces"
	p.Y.Min = 0
	n := len(r.PillarMix)
	target, actual := make(plotter.Values, n), make(plotter.Values, n)
	names := make([]string, n)
	var labels plotter.XYLabels
	top := 0.0
	for i, row := range r.PillarMix {
		target[i], actual[i] = row.Target, row.Share
		names[i] = evidence.Clip(row.Pillar, 22)
		top = max(top, row.Target, row.Share)
		labels.XYs = append(labels.XYs, plotter.XY{X: float64(i) + 0.2, Y: row.Share + 1.5})
		label := "no results"
		if row.MedianER != nil {
			label = "ER " + evidence.Pct(row.MedianER)
		}
		labels.Labels = append(labels.Labels, label)
	}
	p.Y.Max = top*1.15 + 5
	width := vg.Points(22)
	tb, err := bars(target, width, -width/2, targetColor)
	if err != nil {
		return nil, err
	}
	ab, err := bars(actual, width, width/2, actualColor)
	if err != nil {
		return nil, err
	}
	lbl, err := plotter.NewLabels(labels)
	if err != nil {
		return nil, fmt.Errorf("reporting: chart labels: %w", err)
	}
	p.Add(tb, ab, lbl)
	p.Legend.Add("target weight", tb)
	p.Legend.Add("actual share (label: median engagement rate)", ab)
	p.Legend.Top = true
	p.NominalX(names...)
	return render(p, vg.Length(max(6, 1.6*float64(n)))*vg.Inch, 4*vg.Inch)
}

func bars(v plotter.Values, width, offset vg.Length, c color.Color) (*plotter.BarChart, error) {
	b, err := plotter.NewBarChart(v, width)
	if err != nil {
		return nil, fmt.Errorf("reporting: chart bars: %w", err)
	}
	b.Color, b.Offset = c, offset
	b.LineStyle.Width = 0
	return b, nil
}

func render(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	wt, err := p.WriterTo(w, h, "png")
	if err != nil {
		return nil, fmt.Errorf("reporting: render chart: %w", err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("reporting: render chart: %w", err)
	}
	return buf.Bytes(), nil
}
