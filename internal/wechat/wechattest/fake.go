// Package wechattest is a local fake of WeChat's web authorisation for
// tests: the authorisation page and the code exchange, with the documented
// shapes and error codes (/work/shared/reference/wechat.md). Real WeChat
// cannot be reached from test machines.
package wechattest

import (
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"
)

// CodeTTL is how long an authorisation code may be exchanged (WeChat: 5 min).
const CodeTTL = 5 * time.Minute

// Server is a fake WeChat with one official account and one test user.
type Server struct {
	*httptest.Server
	AppID  string
	Secret string

	mu       sync.Mutex
	openID   string
	unionID  string
	now      func() time.Time
	codes    map[string]issued
	busy     int
	exchange int
}

type issued struct {
	openID, scope string
	at            time.Time
	used          bool
}

// New starts a fake for appid and secret whose user has a random openid;
// it closes when the test ends. Point the client's APIBase and OpenBase at
// its URL.
func New(t interface{ Cleanup(func()) }, appid, secret string) *Server {
	s := &Server{AppID: appid, Secret: secret, openID: "o" + randomID(27), now: time.Now, codes: map[string]issued{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /connect/oauth2/authorize", s.authorize)
	mux.HandleFunc("GET /sns/oauth2/access_token", s.accessToken)
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// OpenID is the test user's openid.
func (s *Server) OpenID() string { s.mu.Lock(); defer s.mu.Unlock(); return s.openID }

// SetUser makes the next authorisations be for this openid (and unionid,
// "" for none).
func (s *Server) SetUser(openid, unionid string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.openID, s.unionID = openid, unionid
}

// SetClock replaces the fake's clock, to expire codes without waiting.
func (s *Server) SetClock(now func() time.Time) { s.mu.Lock(); defer s.mu.Unlock(); s.now = now }

// FailBusy makes the next n exchanges answer -1 (system busy).
func (s *Server) FailBusy(n int) { s.mu.Lock(); defer s.mu.Unlock(); s.busy = n }

// Exchanges counts calls of /sns/oauth2/access_token.
func (s *Server) Exchanges() int { s.mu.Lock(); defer s.mu.Unlock(); return s.exchange }

// IssueCode returns a fresh code for the current user, as the
// authorisation page would put on the callback.
func (s *Server) IssueCode(scope string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	code := randomID(32)
	s.codes[code] = issued{openID: s.openID, scope: scope, at: s.now()}
	return code
}

// authorize is the authorisation page. The user always agrees (snsapi_base
// asks nothing); the browser goes back to redirect_uri with code and state.
// Wrong parameters get an error page, as WeChat shows one.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	scope := q.Get("scope")
	target, err := url.Parse(q.Get("redirect_uri"))
	switch {
	case q.Get("appid") != s.AppID:
		http.Error(w, "appid invalid (10003)", http.StatusBadRequest)
		return
	case q.Get("response_type") != "code":
		http.Error(w, "response_type invalid", http.StatusBadRequest)
		return
	case scope != "snsapi_base" && scope != "snsapi_userinfo":
		http.Error(w, "scope invalid (10005)", http.StatusBadRequest)
		return
	case err != nil || !target.IsAbs() || q.Get("redirect_uri") == "":
		http.Error(w, "redirect_uri invalid (10003)", http.StatusBadRequest)
		return
	case len(q.Get("state")) > 128:
		http.Error(w, "state too long", http.StatusBadRequest)
		return
	}
	code := s.IssueCode(scope)
	cq := target.Query()
	cq.Set("code", code)
	cq.Set("state", q.Get("state"))
	target.RawQuery = cq.Encode()
	http.Redirect(w, r, target.String(), http.StatusFound)
}

// accessToken exchanges a code: the documented token reply, or errcode and
// errmsg with HTTP 200 as WeChat answers.
func (s *Server) accessToken(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.exchange++
	reply := func(v any) {
		w.Header().Set("Content-Type", "application/json; encoding=utf-8")
		_ = json.NewEncoder(w).Encode(v)
	}
	fail := func(code int, msg string) {
		reply(map[string]any{"errcode": code, "errmsg": msg + ", rid: " + randomID(8)})
	}
	if s.busy > 0 {
		s.busy--
		fail(-1, "system error")
		return
	}
	switch {
	case q.Get("appid") != s.AppID:
		fail(40013, "invalid appid")
		return
	case q.Get("secret") != s.Secret:
		fail(40125, "invalid appsecret")
		return
	case q.Get("grant_type") != "authorization_code":
		fail(40002, "invalid grant_type")
		return
	case q.Get("code") == "":
		fail(41008, "missing code")
		return
	}
	c, ok := s.codes[q.Get("code")]
	switch {
	case !ok || s.now().Sub(c.at) > CodeTTL:
		fail(40029, "invalid code")
		return
	case c.used:
		fail(40163, "code been used")
		return
	}
	c.used = true
	s.codes[q.Get("code")] = c
	out := map[string]any{"access_token": "at-" + randomID(24), "expires_in": 7200, "refresh_token": "rt-" + randomID(24),
		"openid": c.openID, "scope": c.scope}
	if s.unionID != "" {
		out["unionid"] = s.unionID
	}
	reply(out)
}

func randomID(n int) string {
	const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
	b := make([]byte, n)
	_, _ = rand.Read(b)
	var sb strings.Builder
	for _, c := range b {
		sb.WriteByte(alpha[int(c)%len(alpha)])
	}
	return sb.String()
}
