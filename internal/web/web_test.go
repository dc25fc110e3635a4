package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAdminServesAppOrPlaceholder(t *testing.T) {
	h := Admin()
	for _, p := range []string{"/admin/", "/admin/surveys/123"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), "text/html") {
			t.Fatalf("%s: status %d, type %q", p, rec.Code, rec.Header().Get("Content-Type"))
		}
		body := rec.Body.String()
		if Built() && !strings.Contains(body, "<div id=\"app\"") {
			t.Fatalf("%s: built app index not served", p)
		}
		if !Built() && !strings.Contains(body, "make build") {
			t.Fatalf("%s: placeholder missing", p)
		}
	}
}

func TestAdminMissingAssetIs404(t *testing.T) {
	if !Built() {
		t.Skip("admin app not built into this binary; the placeholder serves every path")
	}
	rec := httptest.NewRecorder()
	Admin().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/admin/assets/nope.js", nil))
	if rec.Code != http.StatusNotFound {
		t.Fatalf("missing asset answered %d", rec.Code)
	}
}
