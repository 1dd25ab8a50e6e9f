package textclean

import (
	"bytes"
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	for _, x := range []struct {
		in, want string
		bidi     bool
	}{
		{"普通文字 plain", "普通文字 plain", false},
		{"a\x00b", "ab", false},
		{"line1\r\nline2\rline3\n", "line1\nline2\nline3\n", false},
		{"tab\there", "tab\there", false},
		{"bell\x07esc\x1b[31mdel\x7fc1\u0085", "bellesc[31mdelc1", false},
		{"invoice\u202etxt.exe", "invoicetxt.exe", true},
		{"\u2066isolate\u2069", "isolate", true},
		{"cafe\u0301", "café", false}, // NFD to NFC
		{"\r", "\n", false},
	} {
		got, bidi := Clean(x.in)
		if got != x.want || bidi != x.bidi {
			t.Errorf("Clean(%q) = %q, %v; want %q, %v", x.in, got, bidi, x.want, x.bidi)
		}
	}
	if got, _ := Line("第一行\r\n第二行\t尾"); got != "第一行 第二行 尾" {
		t.Errorf("Line: %q", got)
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"a\x00\r\n\u202e", "e\u0301", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, _ := Clean(s)
		again, bidi := Clean(got)
		if again != got || bidi {
			t.Fatalf("Clean is not idempotent on %q: %q then %q", s, got, again)
		}
		for _, r := range got {
			if (r < 0x20 && r != '\n' && r != '\t') || IsBidiControl(r) || (r >= 0x7f && r < 0xa0) {
				t.Fatalf("Clean(%q) kept %U", s, r)
			}
		}
	})
}

func TestCSVWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	w.Write([]string{"=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "国庆节", ""})
	w.Flush()
	want := `"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),国庆节,` + "\n"
	if got := buf.String(); got != want {
		t.Errorf("CSV: %q", got)
	}
	if UnsafeCell(SafeCell("=1+1")) != "=1+1" || UnsafeCell("'plain") != "'plain" {
		t.Error("UnsafeCell does not undo SafeCell")
	}
}

// BenchmarkClean cleans a typical field, a paragraph of Chinese with quotation marks and
// newlines (only NFC to check), and one with CRLFs and an NFD letter (rune by rune).
func BenchmarkClean(b *testing.B) {
	for name, s := range map[string]string{
		"typical": strings.Repeat("为规范城市公共交通票价，实行“阶梯票价”。\n", 20),
		"crlf":    strings.Repeat("为规范城市公共交通票价，实行“阶梯票价”。\r\n", 20) + "cafe\u0301",
	} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				Clean(s)
			}
		})
	}
}

func TestGroupKey(t *testing.T) {
	same := []string{"票价上涨过高！", "票价上涨过高。", " 票价 上涨过高 ", "票价上涨过高!!!", "票价上涨\n过高……", "“票价上涨过高”"}
	for _, s := range same[1:] {
		if GroupKey(s) != GroupKey(same[0]) {
			t.Errorf("GroupKey(%q) = %q, want %q", s, GroupKey(s), GroupKey(same[0]))
		}
	}
	for _, x := range []struct{ a, b string }{
		{"ＢＲＴ线路１号应保留", "brt线路1号应保留"}, // width and case
		{"学生优惠应保留，", "学生优惠　应保留"},     // the ideographic space
	} {
		if GroupKey(x.a) != GroupKey(x.b) {
			t.Errorf("GroupKey(%q) = %q, GroupKey(%q) = %q: want the same", x.a, GroupKey(x.a), x.b, GroupKey(x.b))
		}
	}
	if GroupKey("票价上涨过高") == GroupKey("票价上涨不高") || GroupKey("票价上涨过高") == GroupKey("票价上涨过高，学生优惠应保留") {
		t.Error("different comments share a key")
	}
	if GroupKey("。。。！") != "" {
		t.Errorf("punctuation alone: %q", GroupKey("。。。！"))
	}
}
