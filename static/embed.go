// Package static holds the CSS and icons, embedded in the binary.
package static

import (
	"embed"
	"net/http"
)

// Files are the embedded static files; the dossier export copies the stylesheet from here.
//
//go:embed *.css
var Files embed.FS

// Handler serves the embedded files; they change only with the binary, so caches may keep them.
func Handler() http.Handler {
	fs := http.FileServerFS(Files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fs.ServeHTTP(w, r)
	})
}
