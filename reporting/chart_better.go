package reporting

import (
	"errors"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// ErrNoTrend is returned by TrendChart when no week of the trend has a decided piece.
var ErrNoTrend = errors.New("reporting: no decided pieces in the last weeks to chart")

var rejectColor = color.RGBA{R: 0xd1, G: 0x4b, B: 0x1f, A: 0xff}

// TrendChart draws "Is it getting better?" as a PNG with the same library as the pillar chart: the
// first-pass approval rate (blue) and the rejections per 10 pieces, all modes (orange), for the
// report's week and the four before it. Weeks without decided pieces are left out of the lines.
func TrendChart(r Report) ([]byte, error) {
	weeks := r.Better.Weeks
	var first, rejected plotter.XYs
	names := make([]string, len(weeks))
	for i, w := range weeks {
		names[i] = w.Start.Format("Jan 2")
		if w.Pieces == 0 || w.FirstPassRate == nil {
			continue
		}
		per10 := 0.0
		for _, v := range w.RejectionsPer10 {
			per10 += v
		}
		first = append(first, plotter.XY{X: float64(i), Y: *w.FirstPassRate * 100})
		rejected = append(rejected, plotter.XY{X: float64(i), Y: per10 * 10})
	}
	if r.Empty || len(first) == 0 {
		return nil, ErrNoTrend
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s — is it getting better? weeks to %s", r.ClientName, r.Week.Key())
	p.Y.Label.Text = "first-pass % · rejections per 100 pieces"
	p.Y.Min = 0
	fl, err := trendLine(first, actualColor)
	if err != nil {
		return nil, err
	}
	rl, err := trendLine(rejected, rejectColor)
	if err != nil {
		return nil, err
	}
	p.Add(fl, rl)
	p.Legend.Add("first-pass approval, %", fl)
	p.Legend.Add("rejections per 100 pieces", rl)
	p.Legend.Top = true
	p.NominalX(names...)
	return render(p, 6*vg.Inch, 3*vg.Inch)
}

func trendLine(xys plotter.XYs, c color.Color) (*plotter.Line, error) {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return nil, fmt.Errorf("reporting: trend line: %w", err)
	}
	l.Color = c
	l.Width = vg.Points(2)
	return l, nil
}
