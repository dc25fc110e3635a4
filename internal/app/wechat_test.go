package app

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/config"
	"github.com/opencem/opencem/internal/secret"
	"github.com/opencem/opencem/internal/wechat"
	"github.com/opencem/opencem/internal/wechat/wechattest"
)

// wechatUA is WeChat's in-app browser on a phone.
var wechatUA = map[string]string{"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 " +
	"(KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2f) NetType/WIFI Language/zh_CN"}

// browser is a client with a cookie jar that follows redirects and keeps
// every hop (the request and the redirect that caused it).
type browser struct {
	*client
	hops []*http.Request
}

func newBrowser(t *testing.T, srv *Server, follow bool) *browser {
	jar, _ := cookiejar.New(nil)
	b := &browser{client: &client{t: t, base: srv.URLs()[0]}}
	b.http = &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if !follow {
			return http.ErrUseLastResponse
		}
		b.hops = append(b.hops, req)
		return nil
	}}
	return b
}

func (b *browser) cookie(name string) *http.Cookie {
	u, _ := url.Parse(b.base + "/s/x")
	for _, c := range b.http.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (b *browser) setCookie(name, value, path string) {
	u, _ := url.Parse(b.base + path)
	b.http.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: path}})
}

// startWeChat boots a server with WeChat authorisation against a fake.
func startWeChat(t *testing.T, cfg config.Config) (*Server, *wechattest.Server) {
	fake := wechattest.New(t, "wxtest0123456789", "test-app-secret-value")
	cfg.WeChat = config.WeChat{AppID: fake.AppID, Secret: fake.Secret, APIBase: fake.URL, OpenBase: fake.URL}
	return StartTest(t, cfg), fake
}

// openidSettings ask for the openid: collected and one answer per openid.
var openidSettings = map[string]any{"privacy": map[string]any{"collects": []string{"answers", "openid"}, "purpose": "防止重复作答"},
	"dedupe": map[string]any{"openid": true, "device": false}, "validity": map[string]any{"min_seconds": 1}}

var finalAnswers = map[string]any{"gender": "f", "why": "服务很好"}
var consentGiven = map[string]any{"consent": map[string]any{"given": true}}

// isDuplicate reads a response's duplicate flag as the researcher sees it.
func isDuplicate(t *testing.T, adm *client, id string) bool {
	t.Helper()
	return mustOK(t, adm.do("GET", "/api/v1/responses/"+id, "", nil), 200)["duplicate"] == true
}

// TestWeChatAuthorisation drives issue #5 items 2 and 7 end to end: the
// respondent page inside WeChat goes through WeChat web authorisation (a
// local fake), gets a sealed openid cookie, and one answer per openid
// (clause 6.3.2e) then rests on that verified openid, not on the body.
func TestWeChatAuthorisation(t *testing.T) {
	TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv, fake := startWeChat(t, cfg)
		adm := admin(t, srv)
		_, code := publishSurvey(t, adm, quotaSurvey, openidSettings)
		_, plainCode := publishSurvey(t, adm, quotaSurvey, map[string]any{"privacy": map[string]any{"collects": []string{"answers"}}})
		// The page learns that code and state in its URL are WeChat's only
		// where authorisation runs, so it does not record them as parameters.
		if !wechatAuth(t, srv, code) || wechatAuth(t, srv, plainCode) {
			t.Fatal("wechat_auth: want true for the openid survey only")
		}

		// Round trip: page → WeChat's authorisation → callback → page.
		wx := newBrowser(t, srv, true)
		page := wx.do("GET", "/s/"+code+"?ch=wechat&store=S001", "", wechatUA)
		if page.Status != 200 || !strings.Contains(page.Header.Get("Content-Type"), "text/html") || len(wx.hops) != 3 {
			t.Fatalf("round trip: %d, %d hops", page.Status, len(wx.hops))
		}
		auth, callback, back := wx.hops[0], wx.hops[1], wx.hops[2]
		aq := auth.URL.Query()
		pageURL := srv.URLs()[0] + "/s/" + code + "?ch=wechat&store=S001"
		if !strings.HasPrefix(auth.URL.String(), fake.URL+"/connect/oauth2/authorize?") || aq.Get("appid") != fake.AppID ||
			aq.Get("scope") != wechat.ScopeBase || aq.Get("response_type") != "code" || aq.Get("redirect_uri") != pageURL || aq.Get("state") == "" {
			t.Fatalf("authorize redirect: %s", auth.URL)
		}
		if ck := setCookie(auth.Response, wechat.StateCookie); ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.MaxAge <= 0 {
			t.Fatalf("state cookie: %v", auth.Response.Header["Set-Cookie"])
		}
		if callback.URL.Query().Get("state") != aq.Get("state") || callback.URL.Query().Get("code") == "" || callback.URL.Query().Get("ch") != "wechat" {
			t.Fatalf("callback: %s", callback.URL)
		}
		ck := setCookie(back.Response, wechat.OpenIDCookie)
		if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure || ck.Path != "/" || ck.MaxAge != int(wechat.OpenIDMaxAge/time.Second) {
			t.Fatalf("openid cookie: %v", back.Response.Header["Set-Cookie"])
		}
		if strings.Contains(ck.Value, fake.OpenID()) {
			t.Fatalf("openid readable in the cookie: %s", ck.Value)
		}
		if back.URL.String() != pageURL {
			t.Fatalf("back to %s, want %s", back.URL, pageURL)
		}
		// Authorised: the next visit goes straight to the page.
		wx.hops = nil
		if r := wx.do("GET", "/s/"+code, "", wechatUA); r.Status != 200 || len(wx.hops) != 0 {
			t.Fatalf("second visit: %d, hops %v", r.Status, wx.hops)
		}
		// The same WeChat user on a second phone: another device, same openid.
		wx2 := newBrowser(t, srv, true)
		if r := wx2.do("GET", "/s/"+code, "", wechatUA); r.Status != 200 || wx2.cookie(wechat.OpenIDCookie) == nil {
			t.Fatalf("second phone: %d", r.Status)
		}
		id1, id2 := respID(), respID()
		mustOK(t, submit(wx.client, code, id1, finalAnswers, true, consentGiven), 200)
		// The body claims another openid: ignored, the verified one counts.
		mustOK(t, submit(wx2.client, code, id2, finalAnswers, true, map[string]any{"consent": consentGiven["consent"], "openid": "oSomeoneElse"}), 200)
		if isDuplicate(t, adm, id1) || !isDuplicate(t, adm, id2) {
			t.Fatalf("dedupe per verified openid: first dup=%v second dup=%v", isDuplicate(t, adm, id1), isDuplicate(t, adm, id2))
		}
		// A body openid alone is spoofable and ignored: claiming the user's
		// openid without the cookie is no duplicate (nor could it steal one).
		spoof := newClient(t, srv)
		id3 := respID()
		mustOK(t, submit(spoof, code, id3, finalAnswers, true, map[string]any{"consent": consentGiven["consent"], "openid": fake.OpenID()}), 200)
		if isDuplicate(t, adm, id3) {
			t.Fatal("a body openid was used for dedupe")
		}

		// Forged cookies: the user's openid sealed with another key, and the
		// real cookie edited. Neither is trusted, by the page or the submit.
		otherBox, _ := secret.NewBox(secret.NewKey())
		edited := []byte(ck.Value)
		edited[len(edited)/2] ^= 1
		for name, v := range map[string]string{"other key": wechat.SealOpenID(otherBox, fake.AppID, fake.OpenID(), time.Now()), "edited": string(edited)} {
			forged := newBrowser(t, srv, false)
			forged.setCookie(wechat.OpenIDCookie, v, "/")
			if r := forged.do("GET", "/s/"+code, "", wechatUA); r.Status != http.StatusFound || !strings.HasPrefix(r.Header.Get("Location"), fake.URL) {
				t.Fatalf("%s cookie: page answered %d, want a new authorisation", name, r.Status)
			}
			id := respID()
			mustOK(t, submit(forged.client, code, id, finalAnswers, true, consentGiven), 200)
			if isDuplicate(t, adm, id) {
				t.Fatalf("%s cookie was trusted for dedupe", name)
			}
		}

		// State mismatch: a callback link made for someone else is refused
		// politely — the page, no exchange, no openid.
		mid := newBrowser(t, srv, false)
		first := mid.do("GET", "/s/"+code, "", wechatUA)
		if first.Status != http.StatusFound {
			t.Fatalf("first step: %d", first.Status)
		}
		before := fake.Exchanges()
		r := mid.do("GET", "/s/"+code+"?code="+fake.IssueCode(wechat.ScopeBase)+"&state=forged", "", wechatUA)
		if r.Status != 200 || mid.cookie(wechat.OpenIDCookie) != nil || fake.Exchanges() != before {
			t.Fatalf("state mismatch: %d, exchanges %d→%d", r.Status, before, fake.Exchanges())
		}
		// Without any state cookie (a browser that refuses cookies): the
		// page, not another redirect, so it cannot loop.
		if r := newBrowser(t, srv, false).do("GET", "/s/"+code+"?code=abc&state=xyz", "", wechatUA); r.Status != 200 {
			t.Fatalf("callback without state cookie: %d", r.Status)
		}

		// Bad code (40029): the page anyway, no openid.
		bad := newBrowser(t, srv, false)
		loc, _ := url.Parse(bad.do("GET", "/s/"+code, "", wechatUA).Header.Get("Location"))
		state := loc.Query().Get("state")
		before = fake.Exchanges()
		if r := bad.do("GET", "/s/"+code+"?code=not-a-code&state="+state, "", wechatUA); r.Status != 200 || bad.cookie(wechat.OpenIDCookie) != nil {
			t.Fatalf("bad code: %d", r.Status)
		}
		if fake.Exchanges() != before+1 {
			t.Fatalf("bad code: %d exchanges, want 1", fake.Exchanges()-before)
		}
		// WeChat busy (-1) once: retried, then authorised.
		busy := newBrowser(t, srv, true)
		fake.FailBusy(1)
		if r := busy.do("GET", "/s/"+code, "", wechatUA); r.Status != 200 || busy.cookie(wechat.OpenIDCookie) == nil {
			t.Fatalf("busy once: %d", r.Status)
		}

		// Outside WeChat, and for a survey that does not ask for the
		// openid: the page as before.
		if r := newBrowser(t, srv, false).do("GET", "/s/"+code, "", map[string]string{"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120"}); r.Status != 200 {
			t.Fatalf("outside WeChat: %d %s", r.Status, r.Header.Get("Location"))
		}
		if r := newBrowser(t, srv, false).do("GET", "/s/"+plainCode, "", wechatUA); r.Status != 200 {
			t.Fatalf("survey without openid: %d %s", r.Status, r.Header.Get("Location"))
		}
	})
}

// Without WeChat configured, nothing changes: no redirect, and the page's
// openid is recorded and deduplicated as before.
func TestWithoutWeChatConfigured(t *testing.T) {
	TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := StartTest(t, cfg)
		adm := admin(t, srv)
		_, code := publishSurvey(t, adm, quotaSurvey, openidSettings)
		if wechatAuth(t, srv, code) {
			t.Fatal("wechat_auth without WeChat configured")
		}
		if r := newBrowser(t, srv, false).do("GET", "/s/"+code, "", wechatUA); r.Status != 200 {
			t.Fatalf("page: %d %s", r.Status, r.Header.Get("Location"))
		}
		id1, id2 := respID(), respID()
		body := map[string]any{"consent": consentGiven["consent"], "openid": "oBodyOpenID"}
		mustOK(t, submit(newClient(t, srv), code, id1, finalAnswers, true, body), 200)
		mustOK(t, submit(newClient(t, srv), code, id2, finalAnswers, true, body), 200)
		if isDuplicate(t, adm, id1) || !isDuplicate(t, adm, id2) {
			t.Fatal("body openid no longer deduplicated without WeChat configured")
		}
	})
}

// wechatAuth reads the public survey's settings.wechat_auth.
func wechatAuth(t *testing.T, srv *Server, code string) bool {
	t.Helper()
	r := newClient(t, srv).do("GET", "/api/v1/public/surveys/"+code, "", nil)
	data, _ := r.JSON["data"].(map[string]any)
	settings, ok := data["settings"].(map[string]any)
	if r.Status != 200 || !ok {
		t.Fatalf("public survey: %d %s", r.Status, r.Body)
	}
	return settings["wechat_auth"] == true
}

// setCookie finds a cookie a response set.
func setCookie(resp *http.Response, name string) *http.Cookie {
	if resp == nil {
		return nil
	}
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}
