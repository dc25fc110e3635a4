package wechat

import (
	"context"
	"crypto/subtle"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/secret"
)

// StateCookie carries the nonce sent as the authorisation's state: the
// callback must bring the same value back, so nobody can make a browser
// adopt someone else's openid by sending it a callback link (CSRF).
const StateCookie = "opencem_wx_state"

// stateMaxAge bounds a round trip to WeChat; its codes live 5 minutes.
const stateMaxAge = 10 * time.Minute

// Gate runs WeChat web authorisation in front of the respondent page
// /s/{code} (issue #5 items 2 and 7) and tells the submit API the verified
// openid. The composition root builds one when WeChat is configured.
type Gate struct {
	Client *Client
	// Box seals the openid cookie with the server's secret key.
	Box *secret.Box
	// NeedsOpenID reports whether the survey with this public code asks for
	// the openid (privacy collects it or dedupe is per openid). Unknown or
	// closed surveys answer false: the page then explains itself.
	NeedsOpenID func(ctx context.Context, code string) bool
	// PublicURL is the external base URL for redirect_uri; empty derives it
	// from the request (scheme from TLS, host from Host).
	PublicURL string
	// SecureCookies marks cookies Secure even when TLS ends at a proxy.
	SecureCookies bool
	// Log receives failed authorisations (never the secret, code or openid).
	Log *slog.Logger
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// IsWeChatBrowser reports whether a User-Agent is WeChat's in-app browser.
// WeCom's browser also says MicroMessenger (plus wxwork) but cannot run an
// official account's authorisation, so it is left alone.
func IsWeChatBrowser(ua string) bool {
	return strings.Contains(ua, "MicroMessenger") && !strings.Contains(ua, "wxwork")
}

func (g *Gate) now() time.Time {
	if g.Now != nil {
		return g.Now()
	}
	return time.Now()
}

func (g *Gate) log() *slog.Logger {
	if g.Log != nil {
		return g.Log
	}
	return slog.New(slog.DiscardHandler)
}

// VerifiedOpenID is the openid of the request's sealed cookie, or "" when
// it has none, or one that is forged, edited, expired or for another
// appid. The submit API calls it; a body openid is then ignored.
func (g *Gate) VerifiedOpenID(r *http.Request) string {
	c, err := r.Cookie(OpenIDCookie)
	if err != nil {
		return ""
	}
	openid, _ := OpenSealedOpenID(g.Box, g.Client.AppID(), c.Value, g.now())
	return openid
}

// Intercept answers a request for the page of survey code when WeChat
// authorisation has something to do, and reports whether it did; false
// means "serve the page as usual". It never blocks a respondent: every
// failure falls through to the page, without an openid. The respondent
// page handler calls it (web.PageGate).
func (g *Gate) Intercept(w http.ResponseWriter, r *http.Request, code string) bool {
	if r.Method != http.MethodGet || !IsWeChatBrowser(r.UserAgent()) {
		return false
	}
	q := r.URL.Query()
	if wxCode, state := q.Get("code"), q.Get("state"); wxCode != "" && state != "" {
		return g.callback(w, r, code, wxCode, state)
	}
	if g.VerifiedOpenID(r) != "" || !g.NeedsOpenID(r.Context(), code) {
		return false
	}
	nonce := cem.RandomToken(16) // a-z2-7: within WeChat's state alphabet
	http.SetCookie(w, &http.Cookie{Name: StateCookie, Value: nonce, Path: "/s/", MaxAge: int(stateMaxAge / time.Second),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: g.secure(r)})
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, g.Client.AuthorizeURL(g.base(r)+pageURL(r), nonce, ScopeBase), http.StatusFound)
	return true
}

// callback finishes an authorisation: checks state against the nonce
// cookie, exchanges the code and, on success, sets the openid cookie and
// sends the browser to the page's URL without code and state. A browser
// that refuses cookies arrives without the nonce and simply gets the page,
// so it cannot loop.
func (g *Gate) callback(w http.ResponseWriter, r *http.Request, survey, wxCode, state string) bool {
	sc, err := r.Cookie(StateCookie)
	if err == nil {
		http.SetCookie(w, &http.Cookie{Name: StateCookie, Value: "", Path: "/s/", MaxAge: -1, HttpOnly: true,
			SameSite: http.SameSiteLaxMode, Secure: g.secure(r)})
	}
	if err != nil || subtle.ConstantTimeCompare([]byte(sc.Value), []byte(state)) != 1 {
		g.log().Warn("wechat authorisation: state does not match this browser; page served without openid", "survey", survey)
		return false
	}
	ctx, cancel := context.WithTimeout(r.Context(), 8*time.Second)
	defer cancel()
	openid, _, err := g.Client.ExchangeCode(ctx, wxCode)
	if Retryable(err) && ctx.Err() == nil {
		openid, _, err = g.Client.ExchangeCode(ctx, wxCode)
	}
	if err == nil && !openIDRE.MatchString(openid) {
		err = cem.E(CodeUpstream, "WeChat returned an openid of an unexpected form.")
	}
	if err != nil {
		lvl := slog.LevelWarn
		if cem.CodeOf(err) == CodeMisconfigured {
			lvl = slog.LevelError
		}
		g.log().Log(r.Context(), lvl, "wechat authorisation failed; page served without openid", "survey", survey,
			"code", cem.CodeOf(err), "err", err)
		return false
	}
	http.SetCookie(w, &http.Cookie{Name: OpenIDCookie, Value: SealOpenID(g.Box, g.Client.AppID(), openid, g.now()), Path: "/",
		MaxAge: int(OpenIDMaxAge / time.Second), HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: g.secure(r)})
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, pageURL(r), http.StatusFound)
	return true
}

func (g *Gate) secure(r *http.Request) bool {
	return g.SecureCookies || r.TLS != nil || strings.HasPrefix(g.PublicURL, "https://")
}

// base is the external origin WeChat sends the browser back to.
func (g *Gate) base(r *http.Request) string {
	if g.PublicURL != "" {
		return strings.TrimRight(g.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// pageURL is the request's path and query without WeChat's code and state,
// other parameters kept in their order and encoding (channel parameters
// such as ?ch=wechat&store=S001 must survive the round trip).
func pageURL(r *http.Request) string {
	var keep []string
	for _, part := range strings.Split(r.URL.RawQuery, "&") {
		name, _, _ := strings.Cut(part, "=")
		if part == "" || name == "code" || name == "state" {
			continue
		}
		keep = append(keep, part)
	}
	u := r.URL.EscapedPath()
	if len(keep) > 0 {
		u += "?" + strings.Join(keep, "&")
	}
	return u
}
