package signing

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm2"
)

// PSSSaltLength is the RSA-PSS salt length of [AlgRSAPSSSHA256]: the SHA-256
// output size.
const PSSSaltLength = sha256.Size

// maxKeyIDLen bounds the key id so it stays a sane header value.
const maxKeyIDLen = 256

// Signer signs requests with one private key. It is safe for concurrent use.
type Signer struct {
	keyID string
	alg   Alg
	key   crypto.Signer
	now   func() time.Time
	nonce func() (string, error)
}

// Option configures a [Signer].
type Option func(*Signer)

// WithClock replaces time.Now as the source of the X-OpenCEM-Timestamp
// header. Meant for tests.
func WithClock(now func() time.Time) Option {
	return func(s *Signer) { s.now = now }
}

// WithNonceSource replaces the random nonce generator. Each nonce must be
// unique per key within the server's timestamp window and satisfy
// [ValidNonce]. Meant for tests.
func WithNonceSource(nonce func() (string, error)) Option {
	return func(s *Signer) { s.nonce = nonce }
}

// NewSigner returns a Signer for keyID using the PEM private key privatePEM
// (see [ParsePrivateKey] for the formats) and alg. It returns an error
// wrapping [ErrUnsupportedAlg] for an unknown alg, or [ErrInvalidKey] when the
// key id is empty or not printable ASCII, the key cannot be parsed, or the key
// does not fit alg (RSA algs need RSA of 2048–8192 bits, ecdsa-p256-sha256 a
// P-256 key, sm2-sm3 an SM2 key).
func NewSigner(keyID string, alg Alg, privatePEM []byte, opts ...Option) (*Signer, error) {
	key, err := ParsePrivateKey(privatePEM)
	if err != nil {
		return nil, err
	}
	return NewSignerFromKey(keyID, alg, key, opts...)
}

// NewSignerFromKey is [NewSigner] for a key already in memory or held in a
// hardware module. key is typically an *rsa.PrivateKey, *ecdsa.PrivateKey or
// *sm2.PrivateKey; another crypto.Signer works if its Sign method behaves like
// theirs (for SM2 it receives the raw message and an *sm2.SM2SignerOption).
// It returns the errors of [NewSigner].
func NewSignerFromKey(keyID string, alg Alg, key crypto.Signer, opts ...Option) (*Signer, error) {
	if !alg.Valid() {
		return nil, fmt.Errorf("%w: %q", ErrUnsupportedAlg, alg)
	}
	if !validKeyID(keyID) {
		return nil, fmt.Errorf("%w: key id must be 1 to %d printable ASCII characters without spaces", ErrInvalidKey, maxKeyIDLen)
	}
	if key == nil {
		return nil, fmt.Errorf("%w: nil key", ErrInvalidKey)
	}
	if err := checkKey(alg, key.Public()); err != nil {
		return nil, err
	}
	s := &Signer{keyID: keyID, alg: alg, key: key, now: time.Now, nonce: NewNonce}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

func validKeyID(id string) bool {
	if id == "" || len(id) > maxKeyIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] >= 0x7f {
			return false
		}
	}
	return true
}

// KeyID returns the key id sent in X-OpenCEM-Key.
func (s *Signer) KeyID() string { return s.keyID }

// Alg returns the signature algorithm.
func (s *Signer) Alg() Alg { return s.alg }

// NewNonce returns a random nonce of 32 characters from the URL-safe base64
// alphabet (192 bits from crypto/rand). It returns an error only if the
// system random source fails.
func NewNonce() (string, error) {
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("signing: nonce: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// Headers holds the values of the five signature headers.
type Headers struct {
	KeyID     string
	Timestamp string
	Nonce     string
	Alg       Alg
	Signature string // standard base64
	// Canonical is the string that was signed. It is not sent; it is
	// returned to help debug a rejected signature.
	Canonical string
}

// Set writes the five headers into h, replacing earlier values.
func (h Headers) Set(dst http.Header) {
	dst.Set(HeaderKeyID, h.KeyID)
	dst.Set(HeaderTimestamp, h.Timestamp)
	dst.Set(HeaderNonce, h.Nonce)
	dst.Set(HeaderAlg, string(h.Alg))
	dst.Set(HeaderSignature, h.Signature)
}

// Sign signs req in place: it reads the body, puts back an identical one
// (setting GetBody and ContentLength so redirects and retries resend it),
// and sets the five X-OpenCEM-* headers using the current time and a fresh
// nonce. The path and query signed are those of req.URL.RequestURI(), which is
// what net/http sends. Sign must be called again for every attempt: the server
// refuses a reused nonce. It returns an error if the body cannot be read, or
// the errors of [Canonical] for a request that cannot be canonicalised.
func (s *Signer) Sign(req *http.Request) error {
	if req == nil || req.URL == nil {
		return fmt.Errorf("signing: sign: %w: nil request or URL", ErrInvalidRequest)
	}
	body, err := readBody(req)
	if err != nil {
		return fmt.Errorf("signing: sign: read body: %w", err)
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	path, query, _ := strings.Cut(req.URL.RequestURI(), "?")
	h, err := s.SignParts(method, path, query, body)
	if err != nil {
		return err
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	h.Set(req.Header)
	return nil
}

// readBody drains req.Body and replaces it with a replayable copy.
func readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(req.Body)
	closeErr := req.Body.Close()
	if err != nil {
		return nil, err
	}
	if closeErr != nil {
		return nil, closeErr
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.GetBody = func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(body)), nil
	}
	req.ContentLength = int64(len(body))
	return body, nil
}

// SignParts signs a request given as plain values, for HTTP clients other
// than net/http. escapedPath and rawQuery must be exactly what goes on the
// wire (percent-encoded, query without '?'). It uses the current time and a
// fresh nonce and returns the header values to send. It returns the errors of
// [Canonical], or an error if the nonce source or the key fails.
func (s *Signer) SignParts(method, escapedPath, rawQuery string, body []byte) (Headers, error) {
	nonce, err := s.nonce()
	if err != nil {
		return Headers{}, fmt.Errorf("signing: %w", err)
	}
	ts := strconv.FormatInt(s.now().Unix(), 10)
	return s.SignWith(method, escapedPath, rawQuery, body, ts, nonce)
}

// SignWith is [Signer.SignParts] with a caller-chosen timestamp (decimal
// Unix seconds) and nonce, for reproducing test vectors. It returns the
// errors of [Canonical], or an error if the key fails to sign.
func (s *Signer) SignWith(method, escapedPath, rawQuery string, body []byte, timestamp, nonce string) (Headers, error) {
	canonical, err := Canonical(method, escapedPath, rawQuery, body, s.alg, timestamp, nonce)
	if err != nil {
		return Headers{}, err
	}
	sig, err := s.SignCanonical(canonical)
	if err != nil {
		return Headers{}, err
	}
	return Headers{
		KeyID:     s.keyID,
		Timestamp: timestamp,
		Nonce:     nonce,
		Alg:       s.alg,
		Signature: base64.StdEncoding.EncodeToString(sig),
		Canonical: canonical,
	}, nil
}

// SignCanonical signs an already built canonical string and returns the raw
// signature bytes (before base64): PKCS #1 v1.5 or PSS over SHA-256 for the
// RSA algs, ASN.1 DER ECDSA over SHA-256, or ASN.1 DER SM2 over SM3 with the
// Z value of [DefaultSM2UID]. It returns an error if the key fails to sign.
func (s *Signer) SignCanonical(canonical string) ([]byte, error) {
	msg := []byte(canonical)
	var (
		sig []byte
		err error
	)
	switch s.alg {
	case AlgSM2SM3:
		sig, err = s.key.Sign(rand.Reader, msg, sm2.NewSM2SignerOption(true, []byte(DefaultSM2UID)))
	case AlgRSAPSSSHA256:
		d := sha256.Sum256(msg)
		sig, err = s.key.Sign(rand.Reader, d[:], &rsa.PSSOptions{SaltLength: PSSSaltLength, Hash: crypto.SHA256})
	default: // rsa-sha256, ecdsa-p256-sha256
		d := sha256.Sum256(msg)
		sig, err = s.key.Sign(rand.Reader, d[:], crypto.SHA256)
	}
	if err != nil {
		return nil, fmt.Errorf("signing: sign %s: %w", s.alg, err)
	}
	return sig, nil
}
