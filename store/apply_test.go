package store

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestOnlyApplyChangesState reads every non-test Go file of the project: a decision's state is
// written by the UPDATE in transition, which only Apply calls; tests' fixtures may use
// SetStateForTest, production code never.
func TestOnlyApplyChangesState(t *testing.T) {
	stateWrite := regexp.MustCompile(`\bSET\b[^"` + "`" + `\n]*\bstate\s*=`)
	var files []string
	err := filepath.WalkDir("..", func(path string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && (e.Name() == "node_modules" || e.Name() == ".git" || e.Name() == "testdata") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 50 {
		t.Fatalf("read only %d Go files: run from the store folder", len(files))
	}
	for _, path := range files {
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		src := string(body)
		base := filepath.ToSlash(path)
		for _, call := range []string{".transition(", "SetStateForTest("} {
			n := strings.Count(src, call)
			allowed := 0
			switch {
			case base == "../store/apply.go" && call == ".transition(":
				allowed = 1
			case base == "../store/fixture.go":
				allowed = n
			}
			if n > allowed {
				t.Errorf("%s calls %s %d times: only Apply changes a decision's state", path, call, n)
			}
		}
		if base != "../store/decision.go" && stateWrite.MatchString(src) {
			t.Errorf("%s writes decisions.state: only transition (through Apply) may", path)
		}
	}
}
