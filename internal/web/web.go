// Package web serves the built front ends embedded in the binary. `make
// build` writes the admin app to dist/admin; without it (a plain `go build`)
// a placeholder page explains how to build the app, so Go builds and tests
// never need Node.
package web

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed all:dist
var dist embed.FS

//go:embed placeholder.html
var placeholder []byte

// Admin returns the handler for the admin single-page app mounted at
// /admin/. Paths that name no file get index.html, so the app's own router
// handles deep links; hashed assets are cached for a year.
func Admin() http.Handler {
	sub, err := fs.Sub(dist, "dist/admin")
	if err != nil {
		return placeholderHandler()
	}
	index, err := fs.ReadFile(sub, "index.html")
	if err != nil {
		return placeholderHandler()
	}
	files := http.FileServerFS(sub)
	return http.StripPrefix("/admin", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if p != "" && p != "index.html" {
			if st, err := fs.Stat(sub, p); err == nil && !st.IsDir() {
				if strings.HasPrefix(p, "assets/") {
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				files.ServeHTTP(w, r)
				return
			}
			if path.Ext(p) != "" {
				http.NotFound(w, r)
				return
			}
		}
		serveIndex(w, index)
	}))
}

// Built reports whether the admin app was built into the binary.
func Built() bool {
	_, err := fs.Stat(dist, "dist/admin/index.html")
	return err == nil
}

func serveIndex(w http.ResponseWriter, page []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	_, _ = w.Write(page)
}

func placeholderHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { serveIndex(w, placeholder) })
}
