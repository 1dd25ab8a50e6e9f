// Package static holds the CSS and icons, embedded in the binary.
package static

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// Files are the embedded static files; the dossier export copies the stylesheet from here.
//
//go:embed *.css *.js
var Files embed.FS

// Handler serves the embedded files; they change only with the binary, so caches may keep them.
// It serves files only: a directory is not listed.
func Handler() http.Handler {
	files := http.FileServerFS(Files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if st, err := fs.Stat(Files, name); err != nil || st.IsDir() {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}
