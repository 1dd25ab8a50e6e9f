package workflow

import (
	"strings"
	"testing"
	"time"
)

func TestDocNumberProblems(t *testing.T) {
	on := time.Date(2026, 1, 5, 0, 0, 0, 0, Shanghai)
	for _, c := range []struct {
		number string
		on     time.Time
		want   string // part of the message; "" for none
	}{
		{"澜政发〔2026〕12号", on, ""},
		{"澜政办发〔2025〕130号", on, ""}, // issued in December, published in January
		{"", on, ""},
		{"澜政规〔2026〕5号", time.Time{}, ""},
		{"澜政规[2026]5号", on, "六角括号"},
		{"澜政规【2026】5号", on, "六角括号"},
		{"澜政规（2026）5号", on, "六角括号"},
		{"澜政规2026年5号", on, "写法不对"},
		{"澜政规〔2026〕5", on, "写法不对"},
		{"〔2026〕5号", on, "写法不对"},
		{"澜政发〔2027〕1号", on, "年份 2027"},
		{"澜政发〔2024〕1号", on, "年份 2024"},
	} {
		ps := docNumberProblems("doc_number", c.number, c.on, nil)
		switch {
		case c.want == "" && len(ps) != 0:
			t.Errorf("%q: %v, want none", c.number, ps)
		case c.want != "" && (len(ps) != 1 || !strings.Contains(ps[0].Message, c.want) || ps[0].Field != "doc_number" || ps[0].Basis == ""):
			t.Errorf("%q: %v, want one on doc_number saying %q", c.number, ps, c.want)
		}
	}
}

func TestDocNumberPrefixes(t *testing.T) {
	on := time.Date(2026, 5, 5, 0, 0, 0, 0, Shanghai)
	prefixes := []string{"澜政发", "澜政规"}
	if ps := docNumberProblems("doc_number", "澜政规〔2026〕5号", on, prefixes); len(ps) != 0 {
		t.Errorf("a set prefix: %v", ps)
	}
	if ps := docNumberProblems("doc_number", "江政发〔2026〕5号", on, prefixes); len(ps) != 1 || !strings.Contains(ps[0].Message, "江政发") ||
		!strings.Contains(ps[0].Message, "澜政发、澜政规") {
		t.Errorf("another city's prefix: %v", ps)
	}
}
