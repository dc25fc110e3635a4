package signing_test

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"

	"github.com/opencem/opencem/pkg/signing"
)

var (
	keysOnce sync.Once
	testRSA  *rsa.PrivateKey
	testP256 *ecdsa.PrivateKey
	testSM2  *sm2.PrivateKey
)

// mustKeys generates one key of each kind, shared by the tests.
func mustKeys(tb testing.TB) (*rsa.PrivateKey, *ecdsa.PrivateKey, *sm2.PrivateKey) {
	tb.Helper()
	keysOnce.Do(func() {
		var err error
		if testRSA, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if testP256, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
			panic(err)
		}
		if testSM2, err = sm2.GenerateKey(rand.Reader); err != nil {
			panic(err)
		}
	})
	return testRSA, testP256, testSM2
}

func mustPKCS8PEM(tb testing.TB, key any) []byte {
	tb.Helper()
	der, err := smx509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		tb.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// keyFor returns the PKCS #8 PEM and the public key to use with alg.
func keyFor(tb testing.TB, alg signing.Alg) ([]byte, crypto.PublicKey) {
	tb.Helper()
	r, p, s := mustKeys(tb)
	switch alg {
	case signing.AlgECDSAP256SHA256:
		return mustPKCS8PEM(tb, p), &p.PublicKey
	case signing.AlgSM2SM3:
		return mustPKCS8PEM(tb, s), &s.PublicKey
	}
	return mustPKCS8PEM(tb, r), &r.PublicKey
}

// verify is an independent check of a signature, written against the
// standard library and gmsm rather than the server package.
func verify(pub crypto.PublicKey, alg signing.Alg, canonical string, sig []byte) bool {
	d := sha256.Sum256([]byte(canonical))
	switch alg {
	case signing.AlgRSASHA256:
		return rsa.VerifyPKCS1v15(pub.(*rsa.PublicKey), crypto.SHA256, d[:], sig) == nil
	case signing.AlgRSAPSSSHA256:
		return rsa.VerifyPSS(pub.(*rsa.PublicKey), crypto.SHA256, d[:], sig, &rsa.PSSOptions{SaltLength: 32}) == nil
	case signing.AlgECDSAP256SHA256:
		return ecdsa.VerifyASN1(pub.(*ecdsa.PublicKey), d[:], sig)
	case signing.AlgSM2SM3:
		return sm2.VerifyASN1WithSM2(pub.(*ecdsa.PublicKey), []byte("1234567812345678"), []byte(canonical), sig)
	}
	return false
}

const (
	fixedTS    = "1767225600"
	fixedNonce = "Zm9vYmFyYmF6cXV4MTIzNA"
)

func TestSignWithEveryAlg(t *testing.T) {
	t.Parallel()
	for _, alg := range signing.Algs() {
		t.Run(string(alg), func(t *testing.T) {
			t.Parallel()
			privPEM, pub := keyFor(t, alg)
			s, err := signing.NewSigner("key_1", alg, privPEM)
			if err != nil {
				t.Fatal(err)
			}
			h, err := s.SignWith("POST", "/v1/responses", "b=2&a=1", []byte(`{"x":1}`), fixedTS, fixedNonce)
			if err != nil {
				t.Fatal(err)
			}
			sig, err := base64.StdEncoding.DecodeString(h.Signature)
			if err != nil {
				t.Fatal(err)
			}
			if !verify(pub, alg, h.Canonical, sig) {
				t.Fatalf("signature does not verify over %q", h.Canonical)
			}
			if h.KeyID != "key_1" || h.Alg != alg || h.Timestamp != fixedTS || h.Nonce != fixedNonce {
				t.Errorf("headers = %+v", h)
			}
			again, err := s.SignWith("POST", "/v1/responses", "b=2&a=1", []byte(`{"x":1}`), fixedTS, fixedNonce)
			if err != nil {
				t.Fatal(err)
			}
			if deterministic := alg == signing.AlgRSASHA256; (again.Signature == h.Signature) != deterministic {
				t.Errorf("signing twice gave equal signatures = %v, want %v", again.Signature == h.Signature, deterministic)
			}
		})
	}
}

func TestParsePrivateKeyFormats(t *testing.T) {
	t.Parallel()
	r, p, s := mustKeys(t)
	sec1P256, err := x509.MarshalECPrivateKey(p)
	if err != nil {
		t.Fatal(err)
	}
	sec1SM2, err := smx509.MarshalSM2PrivateKey(s)
	if err != nil {
		t.Fatal(err)
	}
	ecParams := pem.EncodeToMemory(&pem.Block{Type: "EC PARAMETERS", Bytes: []byte{0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07}})
	tests := []struct {
		name string
		pem  []byte
		alg  signing.Alg
	}{
		{"pkcs8 rsa", mustPKCS8PEM(t, r), signing.AlgRSAPSSSHA256},
		{"pkcs1 rsa", pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(r)}), signing.AlgRSASHA256},
		{"pkcs8 p256", mustPKCS8PEM(t, p), signing.AlgECDSAP256SHA256},
		{"sec1 p256 after parameters", append(ecParams, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1P256})...), signing.AlgECDSAP256SHA256},
		{"pkcs8 sm2", mustPKCS8PEM(t, s), signing.AlgSM2SM3},
		{"sec1 sm2 as written by openssl 3", pem.EncodeToMemory(&pem.Block{Type: "SM2 PRIVATE KEY", Bytes: sec1SM2}), signing.AlgSM2SM3},
		{"sec1 sm2 labelled EC", pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1SM2}), signing.AlgSM2SM3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := signing.NewSigner("k", tt.alg, tt.pem); err != nil {
				t.Fatalf("NewSigner: %v", err)
			}
		})
	}
}

func TestNewSignerRefuses(t *testing.T) {
	t.Parallel()
	r, p, s := mustKeys(t)
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	encrypted := []byte("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n")
	tests := []struct {
		name  string
		keyID string
		alg   signing.Alg
		pem   []byte
		want  error
	}{
		{"unknown alg", "k", "rsa-sha1", mustPKCS8PEM(t, r), signing.ErrUnsupportedAlg},
		{"rsa key for ecdsa", "k", signing.AlgECDSAP256SHA256, mustPKCS8PEM(t, r), signing.ErrInvalidKey},
		{"p256 key for sm2", "k", signing.AlgSM2SM3, mustPKCS8PEM(t, p), signing.ErrInvalidKey},
		{"sm2 key for ecdsa", "k", signing.AlgECDSAP256SHA256, mustPKCS8PEM(t, s), signing.ErrInvalidKey},
		{"rsa 1024", "k", signing.AlgRSASHA256, mustPKCS8PEM(t, small), signing.ErrInvalidKey},
		{"p384", "k", signing.AlgECDSAP256SHA256, mustPKCS8PEM(t, p384), signing.ErrInvalidKey},
		{"encrypted", "k", signing.AlgRSASHA256, encrypted, signing.ErrInvalidKey},
		{"not pem", "k", signing.AlgRSASHA256, []byte("hello"), signing.ErrInvalidKey},
		{"public key", "k", signing.AlgRSASHA256, []byte("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"), signing.ErrInvalidKey},
		{"empty key id", "", signing.AlgRSASHA256, mustPKCS8PEM(t, r), signing.ErrInvalidKey},
		{"key id with space", "a b", signing.AlgRSASHA256, mustPKCS8PEM(t, r), signing.ErrInvalidKey},
		{"key id with newline", "a\nX-Evil: 1", signing.AlgRSASHA256, mustPKCS8PEM(t, r), signing.ErrInvalidKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := signing.NewSigner(tt.keyID, tt.alg, tt.pem); !errors.Is(err, tt.want) {
				t.Errorf("NewSigner error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestSignRequest(t *testing.T) {
	t.Parallel()
	privPEM, pub := keyFor(t, signing.AlgRSASHA256)
	now := time.Unix(1767225600, 0)
	s, err := signing.NewSigner("key_1", signing.AlgRSASHA256, privPEM,
		signing.WithClock(func() time.Time { return now }),
		signing.WithNonceSource(func() (string, error) { return fixedNonce, nil }))
	if err != nil {
		t.Fatal(err)
	}
	body := `{"answer":"满意"}`
	req, err := http.NewRequest(http.MethodPost, "https://api.example.com/v1/items/a%2Fb/caf%C3%A9?z=1&a=x+y", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Sign(req); err != nil {
		t.Fatal(err)
	}

	got, err := io.ReadAll(req.Body)
	if err != nil || string(got) != body {
		t.Fatalf("body after Sign = %q, %v; want it restored", got, err)
	}
	rc, err := req.GetBody()
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := io.ReadAll(rc); string(again) != body {
		t.Errorf("GetBody = %q, want %q", again, body)
	}
	if req.ContentLength != int64(len(body)) {
		t.Errorf("ContentLength = %d, want %d", req.ContentLength, len(body))
	}
	for name, want := range map[string]string{
		signing.HeaderKeyID:     "key_1",
		signing.HeaderTimestamp: "1767225600",
		signing.HeaderNonce:     fixedNonce,
		signing.HeaderAlg:       "rsa-sha256",
	} {
		if v := req.Header.Get(name); v != want {
			t.Errorf("%s = %q, want %q", name, v, want)
		}
	}
	canonical, err := signing.Canonical("POST", "/v1/items/a%2Fb/caf%C3%A9", "z=1&a=x+y", []byte(body), signing.AlgRSASHA256, "1767225600", fixedNonce)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := base64.StdEncoding.DecodeString(req.Header.Get(signing.HeaderSignature))
	if err != nil {
		t.Fatal(err)
	}
	if !verify(pub, signing.AlgRSASHA256, canonical, sig) {
		t.Errorf("signature does not cover the path as sent; canonical:\n%s", canonical)
	}
}

func TestSignRequestWithoutBody(t *testing.T) {
	t.Parallel()
	privPEM, pub := keyFor(t, signing.AlgECDSAP256SHA256)
	s, err := signing.NewSigner("key_2", signing.AlgECDSAP256SHA256, privPEM)
	if err != nil {
		t.Fatal(err)
	}
	req := &http.Request{Method: "", URL: mustURL(t, "https://api.example.com"), Body: http.NoBody}
	if err := s.Sign(req); err != nil {
		t.Fatal(err)
	}
	ts, nonce := req.Header.Get(signing.HeaderTimestamp), req.Header.Get(signing.HeaderNonce)
	if !signing.ValidNonce(nonce) {
		t.Errorf("random nonce %q is not valid", nonce)
	}
	canonical, err := signing.Canonical("GET", "/", "", nil, signing.AlgECDSAP256SHA256, ts, nonce)
	if err != nil {
		t.Fatal(err)
	}
	sig, _ := base64.StdEncoding.DecodeString(req.Header.Get(signing.HeaderSignature))
	if !verify(pub, signing.AlgECDSAP256SHA256, canonical, sig) {
		t.Error("an empty path must be signed as \"/\" and a missing method as GET")
	}
}

func TestSignRequestBodyReadError(t *testing.T) {
	t.Parallel()
	privPEM, _ := keyFor(t, signing.AlgRSASHA256)
	s, err := signing.NewSigner("k", signing.AlgRSASHA256, privPEM)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, "https://api.example.com/x", io.NopCloser(failingReader{}))
	if err := s.Sign(req); err == nil {
		t.Error("Sign with an unreadable body succeeded")
	}
	if err := s.Sign(nil); !errors.Is(err, signing.ErrInvalidRequest) {
		t.Errorf("Sign(nil) error = %v, want ErrInvalidRequest", err)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("boom") }

func TestNewNonce(t *testing.T) {
	t.Parallel()
	a, err := signing.NewNonce()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := signing.NewNonce()
	if !signing.ValidNonce(a) || len(a) != 32 || a == b {
		t.Errorf("NewNonce gave %q and %q; want two distinct valid 32-character nonces", a, b)
	}
}

func TestSignPartsUsesClockAndNonce(t *testing.T) {
	t.Parallel()
	privPEM, _ := keyFor(t, signing.AlgSM2SM3)
	s, err := signing.NewSigner("k", signing.AlgSM2SM3, privPEM,
		signing.WithClock(func() time.Time { return time.Unix(42, 0) }),
		signing.WithNonceSource(func() (string, error) { return "", errors.New("no entropy") }))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignParts("GET", "/", "", nil); err == nil {
		t.Error("SignParts ignored the nonce source error")
	}
	s2, _ := signing.NewSigner("k", signing.AlgSM2SM3, privPEM,
		signing.WithClock(func() time.Time { return time.Unix(42, 0) }))
	h, err := s2.SignParts("GET", "/", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if h.Timestamp != "42" || !bytes.HasSuffix([]byte(h.Canonical), []byte("\n42\n"+h.Nonce)) {
		t.Errorf("SignParts headers = %+v", h)
	}
}
