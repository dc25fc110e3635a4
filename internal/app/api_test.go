package app

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/config"
)

// client is a browser-like HTTP client bound to one test server.
type client struct {
	t    *testing.T
	base string
	http *http.Client
	csrf string
}

func newClient(t *testing.T, srv *Server) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: srv.URLs()[0], http: &http.Client{Jar: jar}}
}

type reply struct {
	Status int
	Header http.Header
	Body   string
	JSON   map[string]any
}

func (c *client) do(method, path, body string, header map[string]string) reply {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := reply{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
	_ = json.Unmarshal(b, &r.JSON)
	return r
}

func (c *client) login() {
	c.t.Helper()
	r := c.do("POST", "/api/v1/auth/login", `{"username":"admin","password":"`+TestAdminPassword+`"}`, nil)
	if r.Status != 200 {
		c.t.Fatalf("login: %d %s", r.Status, r.Body)
	}
	c.csrf = r.JSON["data"].(map[string]any)["csrf_token"].(string)
}

func errCode(r reply) string {
	e, _ := r.JSON["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

// TestAPIScenarios drives the real server over HTTP, on SQLite and
// PostgreSQL: the envelope, the error codes and the session rules.
func TestAPIScenarios(t *testing.T) {
	TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := StartTest(t, cfg)
		anon := newClient(t, srv)
		user := newClient(t, srv)
		user.login()
		noCSRF := newClient(t, srv)
		noCSRF.login()
		noCSRF.csrf = ""

		big := `{"username":"` + strings.Repeat("x", 1<<20+10) + `","password":"p"}`
		cases := []struct {
			name         string
			c            *client
			method, path string
			body         string
			header       map[string]string
			status       int
			code         string
			contains     string
		}{
			{name: "unknown route", c: anon, method: "GET", path: "/api/v1/does-not-exist", status: 404, code: "route_not_found"},
			{name: "unknown route below an operation", c: anon, method: "GET", path: "/api/v1/me/extra", status: 404, code: "route_not_found"},
			{name: "wrong method", c: anon, method: "DELETE", path: "/api/v1/me", status: 405, code: "method_not_allowed"},
			{name: "malformed json", c: anon, method: "POST", path: "/api/v1/auth/login", body: `{"username":`, status: 400, code: "invalid_json"},
			{name: "wrong json type", c: anon, method: "POST", path: "/api/v1/auth/login", body: `{"username":1,"password":"x"}`, status: 400, code: "invalid_json", contains: `"name":"username"`},
			{name: "trailing data", c: anon, method: "POST", path: "/api/v1/auth/login", body: `{"username":"a","password":"b"} {}`, status: 400, code: "invalid_json"},
			{name: "missing fields", c: anon, method: "POST", path: "/api/v1/auth/login", body: `{}`, status: 400, code: "validation_failed", contains: `"reason":"required"`},
			{name: "empty password", c: anon, method: "POST", path: "/api/v1/auth/login", body: `{"username":"admin","password":""}`, status: 400, code: "validation_failed", contains: `"name":"password"`},
			{name: "oversized body", c: anon, method: "POST", path: "/api/v1/auth/login", body: big, status: 413, code: "body_too_large"},
			{name: "form body", c: anon, method: "POST", path: "/api/v1/auth/login", body: `a=b`, header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, status: 415, code: "unsupported_media_type"},
			{name: "wrong password", c: anon, method: "POST", path: "/api/v1/auth/login", body: `{"username":"admin","password":"nope-nope-nope"}`, status: 401, code: "invalid_credentials"},
			{name: "unknown user", c: anon, method: "POST", path: "/api/v1/auth/login", body: `{"username":"ghost","password":"nope-nope-nope"}`, status: 401, code: "invalid_credentials"},
			{name: "me anonymous", c: anon, method: "GET", path: "/api/v1/me", status: 401, code: "unauthenticated"},
			{name: "me signed in", c: user, method: "GET", path: "/api/v1/me", status: 200, contains: `"username":"admin"`},
			{name: "head me", c: user, method: "HEAD", path: "/api/v1/me", status: 200},
			{name: "write without csrf", c: noCSRF, method: "POST", path: "/api/v1/auth/logout", status: 403, code: "csrf_failed"},
			{name: "version", c: anon, method: "GET", path: "/api/v1/version", status: 200, contains: `"api_version":"v1"`},
			{name: "error catalogue is a list", c: anon, method: "GET", path: "/api/v1/error-codes", status: 200, contains: `"meta":{"next_cursor":null}`},
			{name: "openapi", c: anon, method: "GET", path: "/api/v1/openapi.json", status: 200, contains: `"openapi": "3.1.0"`},
			{name: "docs", c: anon, method: "GET", path: "/docs", status: 200, contains: "Sign in with username and password"},
			{name: "healthz", c: anon, method: "GET", path: "/healthz", status: 200, contains: "ok"},
			{name: "readyz", c: anon, method: "GET", path: "/readyz", status: 200, contains: "ready"},
			{name: "admin app", c: anon, method: "GET", path: "/admin/", status: 200},
			{name: "spa deep link", c: anon, method: "GET", path: "/admin/settings/users", status: 200},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				tc.c.t = t
				r := tc.c.do(tc.method, tc.path, tc.body, tc.header)
				if r.Status != tc.status {
					t.Fatalf("status %d, want %d; body %.300s", r.Status, tc.status, r.Body)
				}
				if rid := r.Header.Get("X-Request-Id"); rid == "" {
					t.Fatal("no X-Request-Id header")
				}
				if tc.code != "" {
					if got := errCode(r); got != tc.code {
						t.Fatalf("code %q, want %q; body %s", got, tc.code, r.Body)
					}
					e := r.JSON["error"].(map[string]any)
					if e["request_id"] != r.Header.Get("X-Request-Id") || e["message"] == "" {
						t.Fatalf("error envelope lacks request_id or message: %s", r.Body)
					}
					if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
						t.Fatalf("error answered as %s", r.Header.Get("Content-Type"))
					}
				}
				if tc.contains != "" && !strings.Contains(r.Body, tc.contains) {
					t.Fatalf("body lacks %q: %.500s", tc.contains, r.Body)
				}
			})
		}
		t.Run("metrics count requests by route", func(t *testing.T) {
			anon.t = t
			r := anon.do("GET", "/metrics", "", nil)
			for _, want := range []string{`opencem_http_requests_total{route="/me",method="GET",status="401"}`, `opencem_db_pool_open_connections{pool="write"}`, "opencem_http_request_duration_seconds_bucket"} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("metrics lack %s", want)
				}
			}
		})
		t.Run("request id is kept from the client", func(t *testing.T) {
			anon.t = t
			r := anon.do("GET", "/api/v1/nope", "", map[string]string{"X-Request-Id": "trace-123"})
			if r.Header.Get("X-Request-Id") != "trace-123" || !strings.Contains(r.Body, `"request_id":"trace-123"`) {
				t.Fatalf("request id not kept: %v %s", r.Header, r.Body)
			}
		})
		t.Run("logout ends the session", func(t *testing.T) {
			user.t = t
			if r := user.do("POST", "/api/v1/auth/logout", "", nil); r.Status != 204 {
				t.Fatalf("logout: %d %s", r.Status, r.Body)
			}
			if r := user.do("GET", "/api/v1/me", "", nil); r.Status != 401 {
				t.Fatalf("session still valid after logout: %d", r.Status)
			}
		})
		t.Run("session cookie flags", func(t *testing.T) {
			c := newClient(t, srv)
			r := c.do("POST", "/api/v1/auth/login", `{"username":"admin","password":"`+TestAdminPassword+`"}`, nil)
			var session string
			for _, sc := range r.Header.Values("Set-Cookie") {
				if strings.HasPrefix(sc, "opencem_session=") {
					session = sc
				}
			}
			if !strings.Contains(session, "HttpOnly") || !strings.Contains(session, "SameSite=Lax") {
				t.Fatalf("session cookie lacks HttpOnly/SameSite: %q", session)
			}
		})
	})
}
