package workflow

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPagesUseTheGlossary reads the sources of every page, form and message — the views, the
// web handlers and this package's labels — and fails on a word the glossary replaces.
func TestPagesUseTheGlossary(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../views/*.templ", "../views/*.go", "../web/*.go", "../cmd/juece/demo*.go", "*.go"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, "_templ.go") || filepath.Base(f) == "glossary.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for i, line := range strings.Split(string(src), "\n") {
			for _, w := range Misworded(line) {
				t.Errorf("%s:%d uses %q: the government's word is %q", f, i+1, w[0], w[1])
			}
		}
	}
	if checked < 50 {
		t.Fatalf("only %d source files read: the globs missed the pages", checked)
	}
}

func TestMisworded(t *testing.T) {
	if got := Misworded("记录行政首长决定"); len(got) != 0 {
		t.Errorf("the right word flagged: %v", got)
	}
	if got := Misworded("记录首长决定。。"); len(got) != 2 || got[0][0] != "首长决定" || got[1][0] != "。。" {
		t.Errorf("wrong words missed: %v", got)
	}
}
