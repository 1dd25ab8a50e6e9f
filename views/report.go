package views

import (
	"fmt"
	"strings"
	"time"
)

// ReportPage is the yearly report: one section per table, each with its chart.
type ReportPage struct {
	Page
	Year      int
	Years     []Option
	Complete  bool      // the year is over
	Cutoff    time.Time // the figures' "as of"
	Decisions int
	Tables    []ReportTable
}

// ReportTable is one table of the report, as shown, charted and exported to CSV.
type ReportTable struct {
	Key     string // its CSV name and anchor
	Title   string
	Note    string // what is counted, and how
	Columns []string
	Rows    [][]string
	Chart   BarChart
}

// BarChart is a horizontal bar chart drawn as SVG on the server: one bar per row of its table.
type BarChart struct {
	Caption string // what the bars measure
	Bars    []Bar
}

// Bar is one bar: its label, its value and the value as printed.
type Bar struct {
	Label string
	Value float64
	Text  string
}

// The chart's geometry in SVG user units: labels on the left, bars scaled to the longest.
const (
	chartWidth  = 640
	chartLabelW = 190
	chartBarMax = 380
	chartRowH   = 26
	chartBarH   = 16
	chartTop    = 6
)

// Width is the chart's width.
func (c BarChart) Width() int { return chartWidth }

// Height is the chart's height for its bars.
func (c BarChart) Height() int { return chartTop*2 + len(c.Bars)*chartRowH }

// ViewBox is the chart's SVG viewBox.
func (c BarChart) ViewBox() string { return fmt.Sprintf("0 0 %d %d", chartWidth, c.Height()) }

// BarGeom is where one bar and its texts go.
type BarGeom struct {
	Bar
	LabelX, BarX, ValueX int // the label ends at LabelX, the bar starts at BarX
	Y, TextY, W, H       int
	Label                string // shortened to fit the label column
}

// Geometry lays out the bars: a bar's length is its share of the largest value.
func (c BarChart) Geometry() []BarGeom {
	top := 0.0
	for _, b := range c.Bars {
		top = max(top, b.Value)
	}
	out := make([]BarGeom, len(c.Bars))
	for i, b := range c.Bars {
		w := 0
		if top > 0 {
			w = int(b.Value / top * chartBarMax)
		}
		if b.Value > 0 {
			w = max(w, 2) // a small but non-zero value stays visible
		}
		y := chartTop + i*chartRowH
		out[i] = BarGeom{Bar: b, LabelX: chartLabelW - 8, BarX: chartLabelW, ValueX: chartLabelW + w + 6,
			Y: y + (chartRowH-chartBarH)/2, TextY: y + chartRowH/2 + 5, W: w, H: chartBarH, Label: clip(b.Label, 12)}
	}
	return out
}

// clip shortens s to n characters with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// ReportCSVHref is the link to one table's CSV.
func ReportCSVHref(year int, key string) string {
	return fmt.Sprintf("/reports/export.csv?year=%d&table=%s", year, key)
}
