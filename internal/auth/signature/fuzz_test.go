package signature_test

import (
	"testing"

	"github.com/opencem/opencem/internal/auth/signature"
	"github.com/opencem/opencem/pkg/signing"
)

// FuzzVerify feeds arbitrary header values and request parts to the
// Verifier. It must never panic, must refuse with one of the documented codes
// (the callbacks here never fail, so there is no internal error), and must
// only accept a request whose canonical string really verifies.
func FuzzVerify(f *testing.F) {
	keys := map[string]signature.PublicKey{}
	for _, k := range []testKey{keyRSA, keyP256, keySM2} {
		keys["k_"+string(k)] = mustPublicKey(f, k.publicPath())
	}
	// Seed with valid requests for every alg, so mutations explore the
	// paths past the cheap checks.
	for _, alg := range signing.Algs() {
		k := keyForAlg(alg)
		s := mustSigner(f, "k_"+string(k), alg, k.privatePath(), clockAt(now))
		in := mustSign(f, s, sample)
		f.Add(in.Method, in.EscapedPath, in.RawQuery, in.Body, in.KeyID, in.Timestamp, in.Nonce, in.Alg, in.Signature)
	}
	f.Add("", "", "", []byte(nil), "", "", "", "", "")
	f.Add("GET", "/\n", "a=%", []byte("x"), "k_rsa2048", "1767225600", "0123456789abcdef", "rsa-sha256", "====")
	f.Add("GET", "/", "", []byte(nil), "k_sm2", "-0", "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", "sm2-sm3", "MAYCAQECAQE=")

	codes := map[signature.Code]bool{
		signature.CodeMissing: true, signature.CodeAlgorithmUnsupported: true, signature.CodeInvalid: true,
		signature.CodeTimestampSkew: true, signature.CodeNonceReused: true, signature.CodeNonceInvalid: true,
	}
	f.Fuzz(func(t *testing.T, method, path, query string, body []byte, keyID, ts, nonce, alg, sig string) {
		in := signature.Input{
			Method: method, EscapedPath: path, RawQuery: query, Body: body,
			KeyID: keyID, Timestamp: ts, Nonce: nonce, Alg: alg, Signature: sig,
		}
		v := newFixture(keys).v
		res, err := v.Verify(in, now)
		if err != nil {
			if !codes[signature.CodeOf(err)] {
				t.Fatalf("error without a documented code: %v", err)
			}
			return
		}
		// Accepted: the result must echo the input, and the request must
		// canonicalise.
		if res.KeyID != keyID || string(res.Alg) != alg || res.Nonce != nonce {
			t.Fatalf("result %+v does not match input", res)
		}
		if _, err := signature.Canonical(method, path, query, body, res.Alg, ts, nonce); err != nil {
			t.Fatalf("accepted a request that does not canonicalise: %v", err)
		}
	})
}
