package main

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOnlyServeImportsWeb reads the imports of every non-test Go file of the CLI, and of the
// dossier package its export uses: the web package is for the server, so serve.go alone may
// import it; every other command works on the store without it.
func TestOnlyServeImportsWeb(t *testing.T) {
	var files []string
	for _, pattern := range []string{"*.go", "../../store/dossier/*.go"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	read := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		read++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if (p == "juece/web" || strings.HasPrefix(p, "juece/web/")) && path != "serve.go" {
				t.Errorf("%s imports %s: only the serve command may", path, p)
			}
		}
	}
	if read < 10 {
		t.Fatalf("read only %d Go files: run from cmd/juece", read)
	}
}
