package web

import (
	"net/http"
	"strings"
	"testing"
)

// gateFunc is a PageGate for tests.
type gateFunc func(w http.ResponseWriter, r *http.Request, code string) bool

func (f gateFunc) Intercept(w http.ResponseWriter, r *http.Request, code string) bool {
	return f(w, r, code)
}

// Gates (WeChat authorisation) see survey pages only, with their code, and
// either answer the request or let the page through.
func TestRespondentGates(t *testing.T) {
	var seen []string
	h := Respondent(gateFunc(func(w http.ResponseWriter, r *http.Request, code string) bool {
		seen = append(seen, code)
		if code == "gated" {
			http.Redirect(w, r, "https://open.example/authorize", http.StatusFound)
			return true
		}
		return false
	}))
	if rec := get(t, h, "/s/gated?ch=wechat", nil); rec.Code != http.StatusFound || rec.Header().Get("Location") != "https://open.example/authorize" {
		t.Fatalf("gate did not answer: %d %v", rec.Code, rec.Header())
	}
	if rec := get(t, h, "/s/open1", nil); rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("page behind a passing gate: %d", rec.Code)
	}
	get(t, h, "/s/"+PreviewCode, nil)
	get(t, h, "/s/assets/none.js", nil)
	get(t, h, "/s/bad%20code", nil)
	if strings.Join(seen, ",") != "gated,open1" {
		t.Fatalf("gate saw %v; want only the two survey pages", seen)
	}
}
