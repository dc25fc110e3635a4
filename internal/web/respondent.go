package web

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strings"
)

//go:embed respondent_placeholder.html
var respondentPlaceholder []byte

// surveyCodeRE is what a public survey code may look like in /s/{code}.
var surveyCodeRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// preloadMarker is where the page shell takes the preload of its survey:
// the API request starts with the HTML instead of after the script.
const preloadMarker = "<!--opencem:preload-->"

// respondentCSP keeps the page to its own origin for scripts and requests;
// images and videos may come from wherever the survey's author put them.
// Styles allow inline: the shell inlines its CSS and rich texts carry
// sanitised span styles.
const respondentCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https: http:; " +
	"media-src 'self' data: blob: https: http:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"

// PreviewCode is the reserved code of the designer's preview frame
// (docs/preview.md, issue #6 item 5): /s/_preview serves the same shell,
// which then renders whatever definition the admin app posts to it. Only
// this path may be framed, and only by a page of the same origin; every
// survey page refuses framing (clickjacking of consent and answers).
const PreviewCode = "_preview"

const (
	framingDenied  = "; frame-ancestors 'none'"
	framingPreview = "; frame-ancestors 'self'"
)

// PageGate may answer a request for the page /s/{code} before it is served
// — WeChat's authorisation redirect (internal/wechat.Gate) — and reports
// whether it did; false serves the page as usual.
type PageGate interface {
	Intercept(w http.ResponseWriter, r *http.Request, code string) bool
}

// Respondent returns the handler for the respondent page mounted at /s/:
// /s/{code} is the page shell (one HTML file; the page reads the code from
// the URL), /s/assets/… its hashed scripts, cached for a year. Files built
// with a .gz twin are sent compressed to browsers that accept gzip. Without
// a build (a plain `go build`) every page is a placeholder. Gates run, in
// order, before a survey page (not an asset, not the preview) is served.
func Respondent(gates ...PageGate) http.Handler {
	sub, err := fs.Sub(dist, "dist/respondent")
	if err != nil {
		return respondentPlaceholderHandler(gates)
	}
	shell, err := fs.ReadFile(sub, "index.html")
	if err != nil {
		return respondentPlaceholderHandler(gates)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		rest := strings.TrimPrefix(path.Clean(r.URL.Path), "/s/")
		if strings.HasPrefix(rest, "assets/") {
			serveAsset(w, r, sub, rest)
			return
		}
		if !surveyCodeRE.MatchString(rest) || rest == "assets" {
			http.NotFound(w, r)
			return
		}
		if intercepted(gates, w, r, rest) {
			return
		}
		preload := `<link rel="preload" href="/api/v1/public/surveys/` + rest + `" as="fetch" crossorigin>`
		if rest == PreviewCode {
			preload = "" // the preview loads no survey: the designer posts it
		}
		page := bytes.Replace(shell, []byte(preloadMarker), []byte(preload), 1)
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		if rest == PreviewCode {
			h.Set("Content-Security-Policy", respondentCSP+framingPreview)
		} else {
			h.Set("Content-Security-Policy", respondentCSP+framingDenied)
			h.Set("X-Frame-Options", "DENY")
		}
		h.Set("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			h.Set("Content-Encoding", "gzip")
			zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
			_, _ = zw.Write(page)
			_ = zw.Close()
			return
		}
		_, _ = w.Write(page)
	})
}

// RespondentBuilt reports whether the respondent page was built into the binary.
func RespondentBuilt() bool {
	_, err := fs.Stat(dist, "dist/respondent/index.html")
	return err == nil
}

func serveAsset(w http.ResponseWriter, r *http.Request, sub fs.FS, name string) {
	st, err := fs.Stat(sub, name)
	if err != nil || st.IsDir() || strings.HasSuffix(name, ".gz") {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		h.Set("Content-Type", ct)
	}
	if _, err := fs.Stat(sub, name+".gz"); err == nil {
		h.Set("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			h.Set("Content-Encoding", "gzip")
			name += ".gz"
		}
	}
	data, err := fs.ReadFile(sub, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	http.ServeContent(w, r, "", st.ModTime(), bytes.NewReader(data))
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
			return true
		}
	}
	return false
}

func respondentPlaceholderHandler(gates []PageGate) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code := strings.TrimPrefix(path.Clean(r.URL.Path), "/s/")
		if !surveyCodeRE.MatchString(code) {
			http.NotFound(w, r)
			return
		}
		if intercepted(gates, w, r, code) {
			return
		}
		serveIndex(w, respondentPlaceholder)
	})
}

// intercepted runs the gates for a survey page; the designer's preview
// (PreviewCode) is no survey and never gated.
func intercepted(gates []PageGate, w http.ResponseWriter, r *http.Request, code string) bool {
	if code == PreviewCode {
		return false
	}
	for _, g := range gates {
		if g.Intercept(w, r, code) {
			return true
		}
	}
	return false
}
