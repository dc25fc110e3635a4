package wechat_test

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/wechat"
	"github.com/opencem/opencem/internal/wechat/wechattest"
)

const testSecret = "s3cr3t-app-secret"

func newClient(fake *wechattest.Server, secret string) *wechat.Client {
	return wechat.NewClient(wechat.Config{AppID: fake.AppID, Secret: secret, APIBase: fake.URL, OpenBase: fake.URL + "/"})
}

func TestAuthorizeURL(t *testing.T) {
	c := wechat.NewClient(wechat.Config{AppID: "wx123", OpenBase: "https://open.weixin.qq.com"})
	got := c.AuthorizeURL("https://cem.example.com/s/abc?ch=wechat&x=a b", "nonce1", wechat.ScopeBase)
	want := "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx123&redirect_uri=" +
		url.QueryEscape("https://cem.example.com/s/abc?ch=wechat&x=a b") + "&response_type=code&scope=snsapi_base&state=nonce1#wechat_redirect"
	if got != want {
		t.Fatalf("authorize URL\n got %s\nwant %s", got, want)
	}
}

func TestExchangeCode(t *testing.T) {
	fake := wechattest.New(t, "wxapp", testSecret)
	fake.SetUser("oUser_123-abc", "uUnion1")
	c := newClient(fake, testSecret)
	ctx := context.Background()
	code := fake.IssueCode(wechat.ScopeBase)
	openid, unionid, err := c.ExchangeCode(ctx, code)
	if err != nil || openid != "oUser_123-abc" || unionid != "uUnion1" {
		t.Fatalf("exchange: %q %q %v", openid, unionid, err)
	}
	// Codes are single-use (40163).
	if _, _, err := c.ExchangeCode(ctx, code); cem.CodeOf(err) != wechat.CodeCodeUsed || wechat.Retryable(err) {
		t.Fatalf("reused code: %v", err)
	}
	// Unknown code (40029).
	if _, _, err := c.ExchangeCode(ctx, "nope"); cem.CodeOf(err) != wechat.CodeBadCode {
		t.Fatalf("unknown code: %v", err)
	}
	// Expired after 5 minutes (40029).
	old := fake.IssueCode(wechat.ScopeBase)
	fake.SetClock(func() time.Time { return time.Now().Add(wechattest.CodeTTL + time.Second) })
	if _, _, err := c.ExchangeCode(ctx, old); cem.CodeOf(err) != wechat.CodeBadCode {
		t.Fatalf("expired code: %v", err)
	}
	fake.SetClock(time.Now)
	// Busy (-1) is retryable.
	fake.FailBusy(1)
	if _, _, err := c.ExchangeCode(ctx, fake.IssueCode(wechat.ScopeBase)); cem.CodeOf(err) != wechat.CodeBusy || !wechat.Retryable(err) {
		t.Fatalf("busy: %v", err)
	}
}

func TestExchangeCodeConfigurationErrors(t *testing.T) {
	fake := wechattest.New(t, "wxapp", testSecret)
	ctx := context.Background()
	wrongSecret := newClient(fake, "wrong-secret-value")
	_, _, err := wrongSecret.ExchangeCode(ctx, fake.IssueCode(wechat.ScopeBase))
	if cem.CodeOf(err) != wechat.CodeMisconfigured || wechat.Retryable(err) || strings.Contains(err.Error(), "wrong-secret-value") {
		t.Fatalf("bad secret (40125): %v", err)
	}
	wrongApp := wechat.NewClient(wechat.Config{AppID: "wxother", Secret: testSecret, APIBase: fake.URL, OpenBase: fake.URL})
	if _, _, err := wrongApp.ExchangeCode(ctx, fake.IssueCode(wechat.ScopeBase)); cem.CodeOf(err) != wechat.CodeMisconfigured {
		t.Fatalf("bad appid (40013): %v", err)
	}
}

// Transport failures and timeouts carry neither the secret nor the URL.
func TestExchangeCodeNetworkErrorsHideSecret(t *testing.T) {
	fake := wechattest.New(t, "wxapp", testSecret)
	down := wechat.NewClient(wechat.Config{AppID: "wxapp", Secret: testSecret, APIBase: "http://127.0.0.1:1", OpenBase: fake.URL})
	_, _, err := down.ExchangeCode(context.Background(), "c1")
	if cem.CodeOf(err) != wechat.CodeUpstream || !wechat.Retryable(err) || strings.Contains(err.Error(), testSecret) || strings.Contains(err.Error(), "access_token?") {
		t.Fatalf("unreachable: %v", err)
	}
	// A server that never answers: the client's timeout ends the call.
	hang := make(chan struct{})
	slow := http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-hang })}
	t.Cleanup(func() { close(hang); slow.Close() })
	ln := listen(t)
	go slow.Serve(ln)
	c := wechat.NewClient(wechat.Config{AppID: "wxapp", Secret: testSecret, APIBase: "http://" + ln.Addr().String(), OpenBase: fake.URL,
		HTTP: &http.Client{Timeout: 50 * time.Millisecond}})
	_, _, err = c.ExchangeCode(context.Background(), "c1")
	if cem.CodeOf(err) != wechat.CodeUpstream || strings.Contains(err.Error(), testSecret) {
		t.Fatalf("timeout: %v", err)
	}
}

func listen(t *testing.T) net.Listener {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// The fake's authorisation page refuses what WeChat refuses and otherwise
// sends the browser back with a code and the state.
func TestFakeAuthorizePage(t *testing.T) {
	fake := wechattest.New(t, "wxapp", testSecret)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(c *wechat.Client, scope string) *http.Response {
		resp, err := noFollow.Get(c.AuthorizeURL("http://cem.test/s/abc?ch=1", "st8", scope))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := get(newClient(fake, testSecret), "snsapi_login"); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad scope: %d", r.StatusCode)
	}
	other := wechat.NewClient(wechat.Config{AppID: "wxother", OpenBase: fake.URL})
	if r := get(other, wechat.ScopeBase); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad appid: %d", r.StatusCode)
	}
	r := get(newClient(fake, testSecret), wechat.ScopeBase)
	loc, _ := url.Parse(r.Header.Get("Location"))
	if r.StatusCode != http.StatusFound || loc.Host != "cem.test" || loc.Query().Get("state") != "st8" || loc.Query().Get("ch") != "1" {
		t.Fatalf("callback: %d %s", r.StatusCode, loc)
	}
	if openid, _, err := newClient(fake, testSecret).ExchangeCode(context.Background(), loc.Query().Get("code")); err != nil || openid != fake.OpenID() {
		t.Fatalf("exchange of the page's code: %q %v", openid, err)
	}
}
