package signature_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/auth/signature"
	"github.com/opencem/opencem/pkg/signing"
)

// testKey names the committed test-only key pairs in testdata.
type testKey string

const (
	keyRSA  testKey = "rsa2048"
	keyP256 testKey = "p256"
	keySM2  testKey = "sm2"
)

// keyForAlg is the committed key pair used with alg.
func keyForAlg(alg signature.Alg) testKey {
	switch alg {
	case signature.AlgECDSAP256SHA256:
		return keyP256
	case signature.AlgSM2SM3:
		return keySM2
	}
	return keyRSA
}

// keyIDForAlg is the id under which allKeys registers the key for alg.
func keyIDForAlg(alg signature.Alg) string {
	switch alg {
	case signature.AlgECDSAP256SHA256:
		return "k_p256"
	case signature.AlgSM2SM3:
		return "k_sm2"
	}
	return "k_rsa"
}

func (k testKey) privatePath() string { return filepath.Join("testdata", string(k)+".key.pem") }
func (k testKey) publicPath() string  { return filepath.Join("testdata", string(k)+".pub.pem") }

func mustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func mustPublicKey(tb testing.TB, pemPath string) signature.PublicKey {
	tb.Helper()
	pub, err := signature.ParsePublicKey(mustRead(tb, pemPath))
	if err != nil {
		tb.Fatalf("ParsePublicKey(%s): %v", pemPath, err)
	}
	return pub
}

func mustSigner(tb testing.TB, keyID string, alg signature.Alg, privatePath string, opts ...signing.Option) *signing.Signer {
	tb.Helper()
	s, err := signing.NewSigner(keyID, alg, mustRead(tb, privatePath), opts...)
	if err != nil {
		tb.Fatalf("NewSigner(%s, %s): %v", alg, privatePath, err)
	}
	return s
}

// nonceStore is an in-memory NonceFunc that counts its calls.
type nonceStore struct {
	mu    sync.Mutex
	seen  map[string]bool
	calls int
}

func (s *nonceStore) check(keyID, nonce string, _ time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	k := keyID + "\x00" + nonce
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if s.seen[k] {
		return false, nil
	}
	s.seen[k] = true
	return true, nil
}

// keyring is a KeyFunc over a fixed map that counts its calls.
type keyring struct {
	mu    sync.Mutex
	keys  map[string]signature.PublicKey
	calls int
}

func (r *keyring) lookup(keyID string) (signature.PublicKey, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	k, ok := r.keys[keyID]
	if !ok {
		return signature.PublicKey{}, fmt.Errorf("key %q: %w", keyID, signature.ErrUnknownKey)
	}
	return k, nil
}

// fixture is a Verifier with in-memory keys and nonces.
type fixture struct {
	keys   *keyring
	nonces *nonceStore
	v      *signature.Verifier
}

func newFixture(keys map[string]signature.PublicKey) *fixture {
	f := &fixture{keys: &keyring{keys: keys}, nonces: &nonceStore{}}
	f.v = &signature.Verifier{Keys: f.keys.lookup, Nonces: f.nonces.check}
	return f
}

// request is a request as sent, before signing.
type request struct {
	method, path, query string
	body                []byte
}

func (r request) input(h signing.Headers) signature.Input {
	return signature.Input{
		Method: r.method, EscapedPath: r.path, RawQuery: r.query, Body: r.body,
		KeyID: h.KeyID, Timestamp: h.Timestamp, Nonce: h.Nonce, Alg: string(h.Alg), Signature: h.Signature,
	}
}

func mustSign(tb testing.TB, s *signing.Signer, r request) signature.Input {
	tb.Helper()
	h, err := s.SignParts(r.method, r.path, r.query, r.body)
	if err != nil {
		tb.Fatal(err)
	}
	return r.input(h)
}

// wantCode fails unless err is a refusal with code want ("" means success).
func wantCode(tb testing.TB, err error, want signature.Code) {
	tb.Helper()
	if got := signature.CodeOf(err); got != want || (want == "" && err != nil) {
		tb.Fatalf("code = %q (err %v), want %q", got, err, want)
	}
}
