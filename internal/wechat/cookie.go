package wechat

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/secret"
)

// OpenIDCookie holds the verified openid, sealed (SM4-GCM, authenticated)
// with the server's secret key. Its scope is global (Path=/): an openid
// belongs to the official account, not to a survey, so one authorisation
// serves every survey and the submit API under /api/v1 receives it too.
const OpenIDCookie = "opencem_wx_openid"

// OpenIDMaxAge is how long a verified openid is trusted before WeChat is
// asked again. The expiry is sealed inside the value as well, so a client
// that keeps the cookie longer gains nothing.
const OpenIDMaxAge = 30 * 24 * time.Hour

// clockSkew tolerates servers whose clocks differ a little (several
// processes behind one PostgreSQL).
const clockSkew = 5 * time.Minute

// openIDRE is what an openid may look like: WeChat's are 28 characters of
// letters, digits, - and _; anything else in a sealed value is refused.
var openIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)

// sealContext binds a sealed openid to its use and to the appid: a value
// sealed for another purpose, or for another official account (whose
// openids differ), does not open.
func sealContext(appid string) string { return "opencem wechat openid v1|" + appid }

// SealOpenID returns the cookie value for openid, issued at now. The gate
// calls it after a successful code exchange; tests call it to forge or
// age cookies.
func SealOpenID(box *secret.Box, appid, openid string, now time.Time) string {
	return box.Seal(encodePayload(openid, now), sealContext(appid))
}

// OpenSealedOpenID returns the openid of a cookie value made by SealOpenID
// with the same key and appid, if it is within OpenIDMaxAge of now. Any
// other value — edited, truncated, forged, expired, from the future — gives
// ok false. Anyone may call it.
func OpenSealedOpenID(box *secret.Box, appid, value string, now time.Time) (openid string, ok bool) {
	if value == "" || len(value) > 512 {
		return "", false
	}
	plain, err := box.Open(value, sealContext(appid))
	if err != nil {
		return "", false
	}
	openid, issued, ok := decodePayload(plain)
	if !ok || now.Sub(issued) > OpenIDMaxAge || issued.Sub(now) > clockSkew {
		return "", false
	}
	return openid, true
}

// encodePayload is the sealed plaintext: "1|<unix seconds>|<openid>".
func encodePayload(openid string, issued time.Time) string {
	return "1|" + strconv.FormatInt(issued.Unix(), 10) + "|" + openid
}

// decodePayload parses encodePayload's form strictly.
func decodePayload(s string) (openid string, issued time.Time, ok bool) {
	version, rest, ok1 := strings.Cut(s, "|")
	ts, openid, ok2 := strings.Cut(rest, "|")
	if !ok1 || !ok2 || version != "1" || !openIDRE.MatchString(openid) {
		return "", time.Time{}, false
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sec <= 0 || ts != strconv.FormatInt(sec, 10) {
		return "", time.Time{}, false
	}
	return openid, time.Unix(sec, 0), true
}
