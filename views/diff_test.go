package views

import "testing"

func TestLineDiff(t *testing.T) {
	got := LineDiff("第一条 甲\n第二条 乙\n第三条 丙", "第一条 甲\n第二条 乙（修改）\n第三条 丙\n第四条 丁")
	want := []DiffLine{{' ', "第一条 甲"}, {'-', "第二条 乙"}, {'+', "第二条 乙（修改）"}, {' ', "第三条 丙"}, {'+', "第四条 丁"}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("line %d: got %v, want %v", i, got[i], want[i])
		}
	}
	if d := LineDiff("same", "same"); len(d) != 1 || d[0].Op != ' ' {
		t.Fatalf("identical texts: %v", d)
	}
}
