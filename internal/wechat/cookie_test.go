package wechat

import (
	"strings"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/secret"
)

func testBox(t testing.TB) *secret.Box {
	b, err := secret.NewBox(make([]byte, secret.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSealedOpenID(t *testing.T) {
	box, now := testBox(t), time.Unix(1_800_000_000, 0)
	v := SealOpenID(box, "wx1", "oABC_def-123", now)
	if strings.Contains(v, "oABC") {
		t.Fatalf("openid readable in the cookie: %s", v)
	}
	if id, ok := OpenSealedOpenID(box, "wx1", v, now.Add(29*24*time.Hour)); !ok || id != "oABC_def-123" {
		t.Fatalf("open: %q %v", id, ok)
	}
	other, _ := secret.NewBox(secret.NewKey())
	for name, tc := range map[string]struct {
		box   *secret.Box
		appid string
		value string
		at    time.Time
	}{
		"expired":     {box, "wx1", v, now.Add(OpenIDMaxAge + time.Second)},
		"future":      {box, "wx1", v, now.Add(-time.Hour)},
		"other appid": {box, "wx2", v, now},
		"other key":   {other, "wx1", v, now},
		"edited":      {box, "wx1", v[:len(v)-2] + flip(v[len(v)-2:]), now},
		"truncated":   {box, "wx1", v[:len(v)-5], now},
		"plain":       {box, "wx1", "oABC_def-123", now},
		"empty":       {box, "wx1", "", now},
		// Sealed with the right key but for another purpose.
		"other use": {box, "wx1", box.Seal(encodePayload("oX", now), "totp"), now},
	} {
		if id, ok := OpenSealedOpenID(tc.box, tc.appid, tc.value, tc.at); ok || id != "" {
			t.Errorf("%s: accepted %q", name, id)
		}
	}
}

func flip(s string) string {
	if s[0] == 'A' {
		return "B" + s[1:]
	}
	return "A" + s[1:]
}

func TestDecodePayload(t *testing.T) {
	for _, bad := range []string{"", "1|", "1||o", "2|1800000000|o", "1|-5|o", "1|0|o", "1|01|o", "1|+1|o", "1|1800000000|", "1|1800000000|o p",
		"1|1800000000|" + strings.Repeat("o", 129), "1|99999999999999999999|o"} {
		if _, _, ok := decodePayload(bad); ok {
			t.Errorf("accepted %q", bad)
		}
	}
	if id, at, ok := decodePayload("1|1800000000|oA_-9"); !ok || id != "oA_-9" || at.Unix() != 1800000000 {
		t.Fatalf("decode: %q %v %v", id, at, ok)
	}
}

// FuzzOpenSealedOpenID: no input panics; only values the server sealed
// open; whatever decodes re-encodes to itself.
func FuzzOpenSealedOpenID(f *testing.F) {
	box, now := testBox(f), time.Unix(1_800_000_000, 0)
	f.Add(SealOpenID(box, "wx1", "oABC", now))
	f.Add("v1.sm4gcm.AAAA")
	f.Add("1|1800000000|oABC")
	f.Add("")
	f.Fuzz(func(t *testing.T, v string) {
		if id, ok := OpenSealedOpenID(box, "wx1", v, now); ok {
			if !strings.HasPrefix(v, "v1.sm4gcm.") || !openIDRE.MatchString(id) {
				t.Fatalf("opened %q from %q", id, v)
			}
		}
		if id, at, ok := decodePayload(v); ok {
			if encodePayload(id, at) != v {
				t.Fatalf("decode/encode mismatch: %q", v)
			}
			sealed := SealOpenID(box, "wx1", id, now)
			if got, ok := OpenSealedOpenID(box, "wx1", sealed, now); !ok || got != id {
				t.Fatalf("round trip of %q: %q %v", id, got, ok)
			}
		}
	})
}
