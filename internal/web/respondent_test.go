package web

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, target string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func body(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	if rec.Header().Get("Content-Encoding") != "gzip" {
		return rec.Body.String()
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRespondentPageOrPlaceholder(t *testing.T) {
	h := Respondent()
	for _, gz := range []bool{false, true} {
		hdr := map[string]string{}
		if gz {
			hdr["Accept-Encoding"] = "gzip, deflate"
		}
		rec := get(t, h, "/s/Ab3_x-9z?ch=wechat", hdr)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), "text/html") {
			t.Fatalf("page: status %d, type %q", rec.Code, rec.Header().Get("Content-Type"))
		}
		page := body(t, rec)
		if !RespondentBuilt() {
			if !strings.Contains(page, "make build") {
				t.Fatalf("placeholder missing: %s", page)
			}
			continue
		}
		if !strings.Contains(page, `<div id="app"`) || !strings.Contains(page, `href="/api/v1/public/surveys/Ab3_x-9z" as="fetch"`) {
			t.Fatalf("page shell without the app or the survey preload: %s", page)
		}
		if rec.Header().Get("Cache-Control") != "no-cache" || !strings.Contains(rec.Header().Get("Content-Security-Policy"), "script-src 'self'") {
			t.Fatalf("page headers: %v", rec.Header())
		}
	}
}

func TestRespondentRejectsOtherPaths(t *testing.T) {
	h := Respondent()
	for _, p := range []string{"/s/", "/s/a/b", "/s/" + strings.Repeat("x", 65), "/s/bad%20code"} {
		if rec := get(t, h, p, nil); rec.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, rec.Code)
		}
	}
}

func TestRespondentAssets(t *testing.T) {
	if !RespondentBuilt() {
		t.Skip("respondent page not built into this binary (npm run build -w web/respondent)")
	}
	h := Respondent()
	page := body(t, get(t, h, "/s/abc", nil))
	m := regexp.MustCompile(`src="(/s/assets/[^"]+\.js)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no script in the shell: %s", page)
	}
	plain := get(t, h, m[1], nil)
	if plain.Code != http.StatusOK || !strings.Contains(plain.Header().Get("Content-Type"), "javascript") ||
		!strings.Contains(plain.Header().Get("Cache-Control"), "immutable") || plain.Header().Get("Content-Encoding") != "" {
		t.Fatalf("script: %d %v", plain.Code, plain.Header())
	}
	zipped := get(t, h, m[1], map[string]string{"Accept-Encoding": "gzip"})
	if zipped.Header().Get("Content-Encoding") != "gzip" || body(t, zipped) != plain.Body.String() || zipped.Body.Len() >= plain.Body.Len() {
		t.Fatalf("gzip twin: %v, %d vs %d bytes", zipped.Header(), zipped.Body.Len(), plain.Body.Len())
	}
	for _, p := range []string{"/s/assets/nope.js", m[1] + ".gz", "/s/assets/"} {
		if rec := get(t, h, p, nil); rec.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, rec.Code)
		}
	}
	if rec := get(t, h, "/s/abc", map[string]string{"Accept-Encoding": "gzip;q=0"}); rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("gzip sent although refused")
	}
}

// Only the designer's preview frame may be framed, and only by the same
// origin (issue #6 item 5, docs/preview.md); survey pages refuse any framing.
func TestRespondentFraming(t *testing.T) {
	if !RespondentBuilt() {
		t.Skip("respondent page not built into this binary (npm run build -w web/respondent)")
	}
	h := Respondent()
	prev := get(t, h, "/s/"+PreviewCode+"?lang=zh-CN", nil)
	if prev.Code != http.StatusOK {
		t.Fatalf("preview: status %d", prev.Code)
	}
	if xfo := prev.Header().Get("X-Frame-Options"); xfo != "" {
		t.Errorf("preview: X-Frame-Options %q, want none", xfo)
	}
	if csp := prev.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'self'") || strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("preview: CSP %q", csp)
	}
	if strings.Contains(body(t, prev), `rel="preload"`) {
		t.Error("preview: the shell preloads a survey")
	}
	for _, p := range []string{"/s/Ab3_x-9z", "/s/_preview2", "/s/preview"} {
		rec := get(t, h, p, nil)
		if rec.Header().Get("X-Frame-Options") != "DENY" || !strings.Contains(rec.Header().Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: framing headers %v", p, rec.Header())
		}
	}
}
