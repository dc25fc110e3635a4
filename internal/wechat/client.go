// Package wechat is OpenCEM's client of WeChat's official-account web
// authorisation (网页授权), which gives the respondent page a verified
// openid (issue #5 items 2 and 7, clause 6.3.2e), and the /s/{code} gate
// that runs it. Shapes and error codes follow
// /work/shared/reference/wechat.md; package wechattest is a local fake of
// the two WeChat endpoints for tests. See docs/wechat.md.
package wechat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/cem"
)

// Scopes of the authorisation page: base is silent and gives the openid;
// userinfo asks the user and also allows reading the profile.
const (
	ScopeBase     = "snsapi_base"
	ScopeUserInfo = "snsapi_userinfo"
)

// Error codes of a failed code exchange. None reaches an API caller: the
// gate logs them and serves the page without an openid.
var (
	CodeBadCode = cem.Define(cem.KindInvalid, "wechat_code_invalid",
		"WeChat refused the authorisation code (40029: unknown, expired or for another appid).")
	CodeCodeUsed = cem.Define(cem.KindConflict, "wechat_code_used",
		"The WeChat authorisation code was already exchanged (40163); codes are single-use.")
	CodeBusy = cem.Define(cem.KindUnavailable, "wechat_busy",
		"WeChat answered that it is busy (-1); retrying may succeed.")
	CodeMisconfigured = cem.Define(cem.KindInternal, "wechat_misconfigured",
		"WeChat refused the configured appid or secret (40013, 40125, 40001); fix wechat.appid or OPENCEM_WECHAT_SECRET.")
	CodeUpstream = cem.Define(cem.KindUnavailable, "wechat_unavailable",
		"WeChat could not be reached, timed out or answered something unexpected.")
)

// Config names the official account and where WeChat is.
type Config struct {
	AppID  string
	Secret string
	// APIBase is https://api.weixin.qq.com in production; OpenBase is
	// https://open.weixin.qq.com. Tests point both at a wechattest fake.
	APIBase  string
	OpenBase string
	// HTTP is the client for API calls; nil means one with a 5 s timeout.
	HTTP *http.Client
}

// Client talks to WeChat's web authorisation. It is safe for concurrent use.
type Client struct {
	cfg  Config
	http *http.Client
}

// NewClient returns a client for cfg. Whoever builds the server calls it.
func NewClient(cfg Config) *Client {
	cfg.APIBase = strings.TrimRight(cfg.APIBase, "/")
	cfg.OpenBase = strings.TrimRight(cfg.OpenBase, "/")
	hc := cfg.HTTP
	if hc == nil {
		// A respondent waits on this call: better a page without openid
		// than a page that hangs.
		hc = &http.Client{Timeout: 5 * time.Second}
	}
	return &Client{cfg: cfg, http: hc}
}

// AppID is the official account's appid.
func (c *Client) AppID() string { return c.cfg.AppID }

// AuthorizeURL is where a browser inside WeChat goes to authorise: WeChat
// sends it back to redirectURI with ?code=…&state=…. The parameters keep
// the documented order (WeChat is known to be picky) and end with
// #wechat_redirect. Anyone may call it; it does no I/O.
func (c *Client) AuthorizeURL(redirectURI, state, scope string) string {
	return c.cfg.OpenBase + "/connect/oauth2/authorize?appid=" + url.QueryEscape(c.cfg.AppID) +
		"&redirect_uri=" + url.QueryEscape(redirectURI) + "&response_type=code&scope=" + url.QueryEscape(scope) +
		"&state=" + url.QueryEscape(state) + "#wechat_redirect"
}

// tokenReply is the documented reply of /sns/oauth2/access_token: the
// token fields on success, errcode and errmsg on failure.
type tokenReply struct {
	AccessToken  string `json:"access_token"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
	OpenID       string `json:"openid"`
	Scope        string `json:"scope"`
	UnionID      string `json:"unionid"`
	ErrCode      int    `json:"errcode"`
	ErrMsg       string `json:"errmsg"`
}

// ExchangeCode turns the code of an authorisation callback into the user's
// openid (and unionid when the account is bound to an open platform). The
// access token it also gets is dropped: OpenCEM needs only the identity.
// Anyone may call it. Errors (*cem.Error): wechat_code_invalid (40029),
// wechat_code_used (40163), wechat_busy (-1, Retryable),
// wechat_misconfigured (40013, 40125, 40001), wechat_unavailable (network,
// timeout, other errcodes, malformed reply). No error carries the secret.
func (c *Client) ExchangeCode(ctx context.Context, code string) (openid, unionid string, err error) {
	if code == "" {
		return "", "", cem.E(CodeBadCode, "The WeChat authorisation code is empty.")
	}
	q := url.Values{"appid": {c.cfg.AppID}, "secret": {c.cfg.Secret}, "code": {code}, "grant_type": {"authorization_code"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.cfg.APIBase+"/sns/oauth2/access_token?"+q.Encode(), nil)
	if err != nil {
		return "", "", c.upstream("build request", err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return "", "", c.upstream("request", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return "", "", c.upstream("read reply", err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", "", c.upstream("reply", fmt.Errorf("HTTP status %d", resp.StatusCode))
	}
	var r tokenReply
	if err := json.Unmarshal(body, &r); err != nil {
		return "", "", c.upstream("decode reply", errors.New("reply is not the documented JSON"))
	}
	if r.ErrCode != 0 {
		return "", "", replyError(r.ErrCode, r.ErrMsg)
	}
	if r.OpenID == "" {
		return "", "", c.upstream("reply", errors.New("reply has no openid"))
	}
	return r.OpenID, r.UnionID, nil
}

// replyError maps a WeChat errcode to a cem.Error; errmsg is WeChat's own
// text (it never echoes the secret) and kept for the log.
func replyError(code int, msg string) error {
	cause := fmt.Errorf("errcode %d: %s", code, msg)
	var e *cem.Error
	switch code {
	case 40029:
		e = cem.E(CodeBadCode, "WeChat refused the authorisation code.")
	case 40163:
		e = cem.E(CodeCodeUsed, "The WeChat authorisation code was already used.")
	case -1:
		e = cem.E(CodeBusy, "WeChat is busy; try again.")
	case 40013, 40125, 40001:
		e = cem.E(CodeMisconfigured, "WeChat refused the configured appid or secret.")
	default:
		e = cem.E(CodeUpstream, "WeChat refused the authorisation.")
	}
	e.Err = cause
	return e
}

// upstream wraps a transport failure. *url.Error prints the request URL,
// which holds the secret, so only its cause is kept — and scrubbed again in
// case a transport quoted the URL itself.
func (c *Client) upstream(step string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	msg := err.Error()
	if c.cfg.Secret != "" {
		msg = strings.ReplaceAll(msg, c.cfg.Secret, "***")
		msg = strings.ReplaceAll(msg, url.QueryEscape(c.cfg.Secret), "***")
	}
	e := cem.E(CodeUpstream, "WeChat could not be reached.")
	e.Err = fmt.Errorf("wechat %s: %s", step, msg)
	if errors.Is(err, context.DeadlineExceeded) {
		e.Err = fmt.Errorf("wechat %s: timed out: %w", step, context.DeadlineExceeded)
	}
	return e
}

// Retryable reports whether the same call may succeed if made again: WeChat
// was busy or could not be reached. A refused code never becomes valid.
func Retryable(err error) bool {
	switch cem.CodeOf(err) {
	case CodeBusy, CodeUpstream:
		return true
	}
	return false
}
