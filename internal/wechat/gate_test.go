package wechat

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/wechat/wechattest"
)

const ua = "Mozilla/5.0 (Linux; Android 13) Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 NetType/WIFI"

func TestIsWeChatBrowser(t *testing.T) {
	for ua, want := range map[string]bool{
		ua: true,
		"Mozilla/5.0 (iPhone) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2f) NetType/WIFI": true,
		"Mozilla/5.0 (Windows NT 10.0) Chrome/120 MicroMessenger/7.0.20 wxwork/4.1.20":      false, // WeCom
		"Mozilla/5.0 (X11; Linux x86_64) Chrome/120":                                        false,
		"": false,
	} {
		if IsWeChatBrowser(ua) != want {
			t.Errorf("%q: want %v", ua, want)
		}
	}
}

func TestPageURL(t *testing.T) {
	for in, want := range map[string]string{
		"/s/abc": "/s/abc",
		"/s/abc?ch=wechat&code=X&store=S%2F1&state=Y": "/s/abc?ch=wechat&store=S%2F1",
		"/s/abc?code=X&state=Y":                       "/s/abc",
		"/s/abc?z=1&a=2&&codes=3":                     "/s/abc?z=1&a=2&codes=3",
	} {
		r := httptest.NewRequest(http.MethodGet, in, nil)
		if got := pageURL(r); got != want {
			t.Errorf("%s: got %s, want %s", in, got, want)
		}
	}
}

func testGate(t *testing.T, fake *wechattest.Server, now time.Time) *Gate {
	return &Gate{Client: NewClient(Config{AppID: fake.AppID, Secret: fake.Secret, APIBase: fake.URL, OpenBase: fake.URL}),
		Box: testBox(t), NeedsOpenID: func(context.Context, string) bool { return true },
		PublicURL: "https://cem.example.com/", Now: func() time.Time { return now }}
}

// Behind a proxy the public URL makes redirect_uri and marks cookies Secure;
// an expired openid cookie sends the browser to WeChat again.
func TestGatePublicURLAndExpiry(t *testing.T) {
	fake := wechattest.New(t, "wxg", "sec")
	now := time.Unix(1_800_000_000, 0)
	g := testGate(t, fake, now)
	r := httptest.NewRequest(http.MethodGet, "http://10.0.0.5:8080/s/abc?ch=qr", nil)
	r.Header.Set("User-Agent", ua)
	r.AddCookie(&http.Cookie{Name: OpenIDCookie, Value: SealOpenID(g.Box, fake.AppID, "oOld", now.Add(-OpenIDMaxAge-time.Minute))})
	w := httptest.NewRecorder()
	if !g.Intercept(w, r, "abc") || w.Code != http.StatusFound {
		t.Fatalf("expired cookie not re-authorised: %d", w.Code)
	}
	loc, _ := url.Parse(w.Header().Get("Location"))
	if loc.Query().Get("redirect_uri") != "https://cem.example.com/s/abc?ch=qr" || loc.Fragment != "wechat_redirect" {
		t.Fatalf("authorize: %s", loc)
	}
	if c := w.Result().Cookies(); len(c) != 1 || c[0].Name != StateCookie || !c[0].Secure || !c[0].HttpOnly || c[0].Path != "/s/" {
		t.Fatalf("state cookie: %v", c)
	}
	// A fresh cookie: the page, no detour; HEAD and POST are never gated.
	r2 := httptest.NewRequest(http.MethodGet, "/s/abc", nil)
	r2.Header.Set("User-Agent", ua)
	r2.AddCookie(&http.Cookie{Name: OpenIDCookie, Value: SealOpenID(g.Box, fake.AppID, "oNew", now.Add(-time.Hour))})
	if g.Intercept(httptest.NewRecorder(), r2, "abc") || g.VerifiedOpenID(r2) != "oNew" {
		t.Fatal("valid cookie not accepted")
	}
	r3 := httptest.NewRequest(http.MethodHead, "/s/abc", nil)
	r3.Header.Set("User-Agent", ua)
	if g.Intercept(httptest.NewRecorder(), r3, "abc") {
		t.Fatal("HEAD redirected")
	}
}
