package signature_test

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/auth/signature"
	"github.com/opencem/opencem/pkg/signing"
)

var now = time.Unix(1767225600, 0)

func clockAt(t time.Time) signing.Option {
	return signing.WithClock(func() time.Time { return t })
}

var sample = request{
	method: "POST",
	path:   "/v1/surveys/s_42/responses",
	query:  "lang=zh-CN&tag=caf%C3%A9&b=2",
	body:   []byte(`{"answers":[{"q":"q1","a":"满意"}]}`),
}

func allKeys(t *testing.T) map[string]signature.PublicKey {
	return map[string]signature.PublicKey{
		"k_rsa":  mustPublicKey(t, keyRSA.publicPath()),
		"k_p256": mustPublicKey(t, keyP256.publicPath()),
		"k_sm2":  mustPublicKey(t, keySM2.publicPath()),
	}
}

func TestRoundTripEveryAlg(t *testing.T) {
	t.Parallel()
	keys := map[string]signature.PublicKey{}
	for _, k := range []testKey{keyRSA, keyP256, keySM2} {
		keys[string(k)] = mustPublicKey(t, k.publicPath())
	}
	for _, alg := range signing.Algs() {
		t.Run(string(alg), func(t *testing.T) {
			t.Parallel()
			f := newFixture(keys)
			k := keyForAlg(alg)
			s := mustSigner(t, string(k), alg, k.privatePath(), clockAt(now))
			in := mustSign(t, s, sample)
			res, err := f.v.Verify(in, now)
			wantCode(t, err, "")
			if res.KeyID != string(k) || res.Alg != alg || !res.Timestamp.Equal(now) || res.Nonce != in.Nonce {
				t.Errorf("Result = %+v", res)
			}
		})
	}
}

func TestVerifyRefusals(t *testing.T) {
	t.Parallel()
	s := mustSigner(t, "k_rsa", signature.AlgRSASHA256, keyRSA.privatePath(), clockAt(now))
	tests := []struct {
		name string
		edit func(in *signature.Input)
		now  time.Time
		want signature.Code
	}{
		{name: "untouched", want: ""},
		{name: "query in another order", edit: func(in *signature.Input) { in.RawQuery = "b=2&tag=caf%c3%a9&lang=zh-CN" }, want: ""},
		{name: "method in lower case", edit: func(in *signature.Input) { in.Method = "post" }, want: ""},
		{name: "timestamp exactly 5 minutes old", now: now.Add(5 * time.Minute), want: ""},
		{name: "timestamp exactly 5 minutes ahead", now: now.Add(-5 * time.Minute), want: ""},

		{name: "tampered body, one byte", edit: func(in *signature.Input) { in.Body = flipLastByte(in.Body) }, want: signature.CodeInvalid},
		{name: "body removed", edit: func(in *signature.Input) { in.Body = nil }, want: signature.CodeInvalid},
		{name: "tampered path", edit: func(in *signature.Input) { in.EscapedPath = "/v1/surveys/s_43/responses" }, want: signature.CodeInvalid},
		{name: "path re-encoded", edit: func(in *signature.Input) { in.EscapedPath = "/v1/surveys/s%5F42/responses" }, want: signature.CodeInvalid},
		{name: "tampered query value", edit: func(in *signature.Input) { in.RawQuery = "lang=en&tag=caf%C3%A9&b=2" }, want: signature.CodeInvalid},
		{name: "query parameter added", edit: func(in *signature.Input) { in.RawQuery += "&admin=1" }, want: signature.CodeInvalid},
		{name: "query dropped", edit: func(in *signature.Input) { in.RawQuery = "" }, want: signature.CodeInvalid},
		{name: "malformed query", edit: func(in *signature.Input) { in.RawQuery = "a=%zz" }, want: signature.CodeInvalid},
		{name: "tampered method", edit: func(in *signature.Input) { in.Method = "PUT" }, want: signature.CodeInvalid},
		{name: "wrong key", edit: func(in *signature.Input) { in.KeyID = "k_rsa_other" }, want: signature.CodeInvalid},
		{name: "unknown key id", edit: func(in *signature.Input) { in.KeyID = "k_nobody" }, want: signature.CodeInvalid},
		{name: "signature not base64", edit: func(in *signature.Input) { in.Signature = "%%%" }, want: signature.CodeInvalid},
		{name: "signature url-safe base64", edit: func(in *signature.Input) {
			in.Signature = strings.NewReplacer("+", "-", "/", "_").Replace(in.Signature) + "-_"
		}, want: signature.CodeInvalid},
		{name: "signature too long", edit: func(in *signature.Input) { in.Signature = strings.Repeat("A", 4096) }, want: signature.CodeInvalid},
		{name: "signature truncated", edit: func(in *signature.Input) { in.Signature = in.Signature[:len(in.Signature)-8] }, want: signature.CodeInvalid},
		{name: "signature of zero bytes", edit: func(in *signature.Input) {
			in.Signature = base64.StdEncoding.EncodeToString(make([]byte, 256))
		}, want: signature.CodeInvalid},

		{name: "old timestamp", now: now.Add(5*time.Minute + time.Second), want: signature.CodeTimestampSkew},
		{name: "future timestamp", now: now.Add(-5*time.Minute - time.Second), want: signature.CodeTimestampSkew},
		{name: "timestamp in milliseconds", edit: func(in *signature.Input) { in.Timestamp += "000" }, want: signature.CodeTimestampSkew},
		{name: "timestamp not a number", edit: func(in *signature.Input) { in.Timestamp = "yesterday" }, want: signature.CodeTimestampSkew},
		{name: "timestamp negative", edit: func(in *signature.Input) { in.Timestamp = "-1767225600" }, want: signature.CodeTimestampSkew},
		{name: "timestamp overflows", edit: func(in *signature.Input) { in.Timestamp = "99999999999999999999" }, want: signature.CodeTimestampSkew},

		{name: "nonce too short", edit: func(in *signature.Input) { in.Nonce = "abc" }, want: signature.CodeNonceInvalid},
		{name: "nonce with a slash", edit: func(in *signature.Input) { in.Nonce = "abcdefgh/ijklmnop" }, want: signature.CodeNonceInvalid},
		{name: "nonce changed", edit: func(in *signature.Input) { in.Nonce = "AAAAAAAAAAAAAAAAAAAAAA" }, want: signature.CodeInvalid},

		{name: "unknown alg", edit: func(in *signature.Input) { in.Alg = "hmac-sha256" }, want: signature.CodeAlgorithmUnsupported},
		{name: "alg in upper case", edit: func(in *signature.Input) { in.Alg = "RSA-SHA256" }, want: signature.CodeAlgorithmUnsupported},
		{name: "alg not allowed for the key", edit: func(in *signature.Input) { in.Alg = "sm2-sm3" }, want: signature.CodeAlgorithmUnsupported},
		{name: "alg switched to pss", edit: func(in *signature.Input) { in.Alg = "rsa-pss-sha256" }, want: signature.CodeInvalid},

		{name: "missing key id", edit: func(in *signature.Input) { in.KeyID = "" }, want: signature.CodeMissing},
		{name: "missing timestamp", edit: func(in *signature.Input) { in.Timestamp = "" }, want: signature.CodeMissing},
		{name: "missing nonce", edit: func(in *signature.Input) { in.Nonce = "" }, want: signature.CodeMissing},
		{name: "missing alg", edit: func(in *signature.Input) { in.Alg = "" }, want: signature.CodeMissing},
		{name: "missing signature", edit: func(in *signature.Input) { in.Signature = "" }, want: signature.CodeMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			keys := allKeys(t)
			// k_rsa_other is a registered RSA key whose private half did
			// not sign the request.
			keys["k_rsa_other"] = mustPublicKey(t, "testdata/rsa2048-other.pub.pem")
			f := newFixture(keys)
			in := mustSign(t, s, sample)
			if tt.edit != nil {
				tt.edit(&in)
			}
			at := now
			if !tt.now.IsZero() {
				at = tt.now
			}
			_, err := f.v.Verify(in, at)
			wantCode(t, err, tt.want)
			var e *signature.Error
			if tt.want != "" && (!errors.As(err, &e) || e.Message == "") {
				t.Errorf("refusal %v has no safe message", err)
			}
			if tt.want != "" && f.nonces.calls != 0 {
				t.Errorf("a refused request recorded its nonce (%d calls)", f.nonces.calls)
			}
		})
	}
}

func flipLastByte(b []byte) []byte {
	out := append([]byte(nil), b...)
	out[len(out)-1] ^= 0x01
	return out
}

func TestReplayIsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(allKeys(t))
	s := mustSigner(t, "k_sm2", signature.AlgSM2SM3, keySM2.privatePath(), clockAt(now))
	in := mustSign(t, s, sample)
	_, err := f.v.Verify(in, now)
	wantCode(t, err, "")
	_, err = f.v.Verify(in, now.Add(time.Minute))
	wantCode(t, err, signature.CodeNonceReused)

	// The same nonce under another key is a different nonce.
	other := mustSigner(t, "k_p256", signature.AlgECDSAP256SHA256, keyP256.privatePath(), clockAt(now),
		signing.WithNonceSource(func() (string, error) { return in.Nonce, nil }))
	_, err = f.v.Verify(mustSign(t, other, sample), now)
	wantCode(t, err, "")
}

func TestFailedSignatureDoesNotBurnNonce(t *testing.T) {
	t.Parallel()
	f := newFixture(allKeys(t))
	s := mustSigner(t, "k_p256", signature.AlgECDSAP256SHA256, keyP256.privatePath(), clockAt(now))
	in := mustSign(t, s, sample)
	forged := in
	forged.Body = []byte(`{"answers":[]}`)
	_, err := f.v.Verify(forged, now)
	wantCode(t, err, signature.CodeInvalid)
	_, err = f.v.Verify(in, now)
	wantCode(t, err, "")
}

func TestCheckOrder(t *testing.T) {
	t.Parallel()
	s := mustSigner(t, "k_rsa", signature.AlgRSASHA256, keyRSA.privatePath(), clockAt(now))
	tests := []struct {
		name      string
		edit      func(in *signature.Input)
		at        time.Time
		want      signature.Code
		keyLookup bool
	}{
		{"missing before unsupported alg", func(in *signature.Input) { in.Nonce = ""; in.Alg = "md5" }, now, signature.CodeMissing, false},
		{"unsupported alg before skew", func(in *signature.Input) { in.Alg = "md5" }, now.Add(time.Hour), signature.CodeAlgorithmUnsupported, false},
		{"skew before nonce format", func(in *signature.Input) { in.Nonce = "short" }, now.Add(time.Hour), signature.CodeTimestampSkew, false},
		{"skew before signature", func(in *signature.Input) { in.Signature = "AAAA" }, now.Add(time.Hour), signature.CodeTimestampSkew, false},
		{"nonce format before signature", func(in *signature.Input) { in.Nonce = "short"; in.Signature = "!" }, now, signature.CodeNonceInvalid, false},
		{"base64 before key lookup", func(in *signature.Input) { in.Signature = "!" }, now, signature.CodeInvalid, false},
		{"signature checked with the key", func(in *signature.Input) { in.Body = nil }, now, signature.CodeInvalid, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(allKeys(t))
			in := mustSign(t, s, sample)
			tt.edit(&in)
			_, err := f.v.Verify(in, tt.at)
			wantCode(t, err, tt.want)
			if looked := f.keys.calls > 0; looked != tt.keyLookup {
				t.Errorf("key looked up = %v, want %v", looked, tt.keyLookup)
			}
			if f.nonces.calls != 0 {
				t.Errorf("nonce recorded for a refused request")
			}
		})
	}
}

func TestKeyWithoutPublicKey(t *testing.T) {
	t.Parallel()
	s := mustSigner(t, "k_rsa", signature.AlgRSASHA256, keyRSA.privatePath(), clockAt(now))
	v := &signature.Verifier{
		Keys:   func(string) (signature.PublicKey, error) { return signature.PublicKey{}, nil },
		Nonces: (&nonceStore{}).check,
	}
	_, err := v.Verify(mustSign(t, s, sample), now)
	wantCode(t, err, signature.CodeInvalid)
}

func TestInternalFailuresAreNotRefusals(t *testing.T) {
	t.Parallel()
	s := mustSigner(t, "k_rsa", signature.AlgRSASHA256, keyRSA.privatePath(), clockAt(now))
	in := mustSign(t, s, sample)
	boom := errors.New("database is down")
	keys := allKeys(t)
	tests := []struct {
		name string
		v    *signature.Verifier
	}{
		{"key lookup fails", &signature.Verifier{
			Keys:   func(string) (signature.PublicKey, error) { return signature.PublicKey{}, boom },
			Nonces: (&nonceStore{}).check,
		}},
		{"nonce store fails", &signature.Verifier{
			Keys:   (&keyring{keys: keys}).lookup,
			Nonces: func(string, string, time.Time) (bool, error) { return false, boom },
		}},
		{"no nonce store", &signature.Verifier{Keys: (&keyring{keys: keys}).lookup}},
		{"no key lookup", &signature.Verifier{Nonces: (&nonceStore{}).check}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := tt.v.Verify(in, now)
			if err == nil || signature.CodeOf(err) != "" {
				t.Fatalf("err = %v (code %q), want an internal error without a code", err, signature.CodeOf(err))
			}
		})
	}
}

func TestMaxSkewIsConfigurable(t *testing.T) {
	t.Parallel()
	f := newFixture(allKeys(t))
	f.v.MaxSkew = time.Minute
	if f.v.Skew() != time.Minute {
		t.Fatalf("Skew() = %v", f.v.Skew())
	}
	s := mustSigner(t, "k_rsa", signature.AlgRSASHA256, keyRSA.privatePath(), clockAt(now))
	_, err := f.v.Verify(mustSign(t, s, sample), now.Add(2*time.Minute))
	wantCode(t, err, signature.CodeTimestampSkew)
	if (&signature.Verifier{}).Skew() != signature.DefaultMaxSkew {
		t.Error("zero MaxSkew must mean DefaultMaxSkew")
	}
}

func TestErrorText(t *testing.T) {
	t.Parallel()
	f := newFixture(allKeys(t))
	s := mustSigner(t, "k_rsa", signature.AlgRSASHA256, keyRSA.privatePath(), clockAt(now))
	in := mustSign(t, s, sample)
	in.KeyID = ""
	_, err := f.v.Verify(in, now)
	var e *signature.Error
	if !errors.As(err, &e) || e.Message != "missing header X-OpenCEM-Key" ||
		err.Error() != "signature: signature_missing: missing header X-OpenCEM-Key" {
		t.Errorf("err = %v", err)
	}
}
