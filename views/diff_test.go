package views

import (
	"fmt"
	"strings"
	"testing"
)

// show writes a diff as text: each line with its op, the changed characters in [brackets].
func show(ls []DiffLine) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteByte(l.Op)
		if l.Parts == nil {
			b.WriteString(l.Text)
		}
		for _, p := range l.Parts {
			if p.Changed {
				b.WriteString("[" + p.Text + "]")
			} else {
				b.WriteString(p.Text)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestLineDiff(t *testing.T) {
	for _, c := range []struct{ a, b, want string }{
		{"第一条 甲\n第二条 乙\n第三条 丙", "第一条 甲\n第二条 乙（修改）\n第三条 丙\n第四条 丁",
			" 第一条 甲\n-第二条 乙\n+第二条 乙[（修改）]\n 第三条 丙\n+第四条 丁\n"},
		// A renumbered article: only the number is marked.
		{"第五条 公交基础票价为二元。", "第六条 公交基础票价为二元。", "-第[五]条 公交基础票价为二元。\n+第[六]条 公交基础票价为二元。\n"},
		{"same", "same", " same\n"},
		{"甲\n乙", "乙", "-甲\n 乙\n"},
		{"", "新增", "-\n+[新增]\n"},
	} {
		if got := show(LineDiff(c.a, c.b)); got != c.want {
			t.Errorf("LineDiff(%q, %q):\n%s\nwant\n%s", c.a, c.b, got, c.want)
		}
	}
}

// TestLineDiffLarge: two drafts of 20,000 short lines, every tenth changed, compare line by
// line with the changed lines paired — what the O(n·m) table could not hold in memory.
func TestLineDiffLarge(t *testing.T) {
	var a, b strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&a, "第%d条 内容%d\n", i, i)
		if i%10 == 0 {
			fmt.Fprintf(&b, "第%d条 内容%d（修改）\n", i, i)
		} else {
			fmt.Fprintf(&b, "第%d条 内容%d\n", i, i)
		}
	}
	ls := LineDiff(a.String(), b.String())
	changed, kept := 0, 0
	for _, l := range ls {
		switch {
		case l.Op == '+' && len(l.Parts) > 0:
			changed++
		case l.Op == ' ':
			kept++
		}
	}
	if changed != 2000 || kept != 18001 { // the empty line after the last newline is kept too
		t.Fatalf("%d changed and %d kept lines, want 2000 and 18001", changed, kept)
	}
}

func BenchmarkLineDiff20000(b *testing.B) {
	var x, y strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&x, "第%d条 内容%d\n", i, i)
		fmt.Fprintf(&y, "第%d条 内容%d\n", i+i%7, i)
	}
	for b.Loop() {
		LineDiff(x.String(), y.String())
	}
}
