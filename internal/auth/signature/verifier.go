package signature

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/opencem/opencem/pkg/signing"
)

// Header names, re-exported from the client package.
const (
	HeaderKeyID     = signing.HeaderKeyID
	HeaderTimestamp = signing.HeaderTimestamp
	HeaderNonce     = signing.HeaderNonce
	HeaderAlg       = signing.HeaderAlg
	HeaderSignature = signing.HeaderSignature
)

// DefaultMaxSkew is the largest accepted distance between the request
// timestamp and the server clock.
const DefaultMaxSkew = 5 * time.Minute

// maxSignatureLen bounds the base64 signature header (an 8192-bit RSA
// signature is 1368 characters) so junk is refused before decoding.
const maxSignatureLen = 2048

// ErrUnknownKey is returned by a [KeyFunc] when no public key is registered
// for the key id. The Verifier reports it as [CodeInvalid].
var ErrUnknownKey = errors.New("signature: unknown key")

// KeyFunc returns the public key registered for keyID, or an error wrapping
// [ErrUnknownKey] if there is none (unknown key, key without a public key,
// revoked or expired key); a zero PublicKey with a nil error counts as
// unknown too. Any other error is treated as an internal failure.
type KeyFunc func(keyID string) (PublicKey, error)

// NonceFunc records that keyID used nonce with timestamp ts and reports
// whether it was fresh (not recorded before). It must be atomic, e.g. an
// INSERT guarded by a unique (key_id, nonce) constraint where a conflict means
// "not fresh". A record may be forgotten once ts is older than the
// Verifier's skew window (ts + MaxSkew < now), since the timestamp check
// rejects such requests anyway. A returned error is an internal failure.
type NonceFunc func(keyID, nonce string, ts time.Time) (fresh bool, err error)

// Verifier checks signed requests. Keys and Nonces are required. A Verifier
// holds no state of its own; it is safe for concurrent use if its callbacks
// are.
type Verifier struct {
	Keys    KeyFunc
	Nonces  NonceFunc
	MaxSkew time.Duration // 0 means DefaultMaxSkew
}

// Input is one request as received. Header values are taken as is (first
// value of each header); an empty string means the header is absent.
type Input struct {
	Method string
	// EscapedPath is the path exactly as sent, without the query. With
	// net/http, take the part of r.RequestURI before '?' (r.URL.EscapedPath
	// re-encodes some characters differently from what the client sent).
	EscapedPath string
	// RawQuery is the query exactly as sent, without '?'.
	RawQuery string
	// Body is the raw request body (already size-capped by the HTTP layer).
	Body []byte

	KeyID     string // X-OpenCEM-Key
	Timestamp string // X-OpenCEM-Timestamp
	Nonce     string // X-OpenCEM-Nonce
	Alg       string // X-OpenCEM-Signature-Alg
	Signature string // X-OpenCEM-Signature
}

// Result describes a verified request.
type Result struct {
	KeyID     string
	Alg       Alg
	Timestamp time.Time
	Nonce     string
}

// Verify checks in against the server clock now. The checks run in this
// order, so that cheap checks refuse junk, stale and replayed requests before
// any public-key operation, and a nonce is only recorded once the signature
// proves the caller holds the private key (so nobody can burn another
// client's nonces):
//
//  1. all five headers present → CodeMissing
//  2. algorithm known → CodeAlgorithmUnsupported
//  3. timestamp well-formed, within MaxSkew of now → CodeTimestampSkew
//  4. nonce well-formed → CodeNonceInvalid
//  5. signature is standard base64 → CodeInvalid
//  6. key id registered (Keys) → CodeInvalid; key usable with the
//     algorithm → CodeAlgorithmUnsupported
//  7. request canonicalisable and signature verifies → CodeInvalid
//  8. nonce fresh (Nonces) → CodeNonceReused
//
// Refusals are *[Error] values (see [CodeOf]). Any other error — a nil
// callback, or a failure of Keys or Nonces other than ErrUnknownKey — is an
// internal failure and should be answered with HTTP 500.
func (v *Verifier) Verify(in Input, now time.Time) (Result, error) {
	if v.Keys == nil || v.Nonces == nil {
		return Result{}, errors.New("signature: verifier needs both Keys and Nonces")
	}
	if err := checkPresent(in); err != nil {
		return Result{}, err
	}
	alg, err := signing.ParseAlg(in.Alg)
	if err != nil {
		return Result{}, newError(CodeAlgorithmUnsupported, fmt.Sprintf("unsupported %s %q", HeaderAlg, truncate(in.Alg)), nil)
	}
	ts, err := v.checkTimestamp(in.Timestamp, now)
	if err != nil {
		return Result{}, err
	}
	if !signing.ValidNonce(in.Nonce) {
		return Result{}, newError(CodeNonceInvalid, HeaderNonce+" must be 16 to 64 characters of A-Z a-z 0-9 _ -", nil)
	}
	if len(in.Signature) > maxSignatureLen {
		return Result{}, newError(CodeInvalid, HeaderSignature+" is too long", nil)
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(in.Signature)
	if err != nil {
		return Result{}, newError(CodeInvalid, HeaderSignature+" is not standard base64", err)
	}
	pub, err := v.Keys(in.KeyID)
	if err == nil && pub.IsZero() {
		err = fmt.Errorf("key %q has no public key: %w", in.KeyID, ErrUnknownKey)
	}
	if errors.Is(err, ErrUnknownKey) {
		return Result{}, newError(CodeInvalid, "signature does not verify", err)
	}
	if err != nil {
		return Result{}, fmt.Errorf("signature: look up key %q: %w", in.KeyID, err)
	}
	if !pub.Allows(alg) {
		return Result{}, newError(CodeAlgorithmUnsupported, fmt.Sprintf("algorithm %q cannot be used with the registered key", alg), nil)
	}
	canonical, err := signing.Canonical(in.Method, in.EscapedPath, in.RawQuery, in.Body, alg, in.Timestamp, in.Nonce)
	if err != nil {
		return Result{}, newError(CodeInvalid, "request cannot be canonicalised", err)
	}
	if err := Verify(pub, alg, canonical, sig); err != nil {
		return Result{}, err
	}
	fresh, err := v.Nonces(in.KeyID, in.Nonce, ts)
	if err != nil {
		return Result{}, fmt.Errorf("signature: record nonce for key %q: %w", in.KeyID, err)
	}
	if !fresh {
		return Result{}, newError(CodeNonceReused, HeaderNonce+" was already used", nil)
	}
	return Result{KeyID: in.KeyID, Alg: alg, Timestamp: ts, Nonce: in.Nonce}, nil
}

// Skew returns the effective maximum clock skew.
func (v *Verifier) Skew() time.Duration {
	if v.MaxSkew > 0 {
		return v.MaxSkew
	}
	return DefaultMaxSkew
}

func checkPresent(in Input) error {
	for _, h := range []struct{ name, value string }{
		{HeaderKeyID, in.KeyID},
		{HeaderTimestamp, in.Timestamp},
		{HeaderNonce, in.Nonce},
		{HeaderAlg, in.Alg},
		{HeaderSignature, in.Signature},
	} {
		if h.value == "" {
			return newError(CodeMissing, "missing header "+h.name, nil)
		}
	}
	return nil
}

// checkTimestamp parses decimal Unix seconds and checks the skew window.
func (v *Verifier) checkTimestamp(s string, now time.Time) (time.Time, error) {
	skewMsg := fmt.Sprintf("%s must be Unix seconds within %s of the server time", HeaderTimestamp, v.Skew())
	if !isDigits(s) {
		return time.Time{}, newError(CodeTimestampSkew, skewMsg, nil)
	}
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, newError(CodeTimestampSkew, skewMsg, err)
	}
	ts := time.Unix(sec, 0)
	if d := now.Sub(ts); d > v.Skew() || d < -v.Skew() {
		return time.Time{}, newError(CodeTimestampSkew, skewMsg, nil)
	}
	return ts, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// truncate keeps client-supplied text short in error messages.
func truncate(s string) string {
	const limit = 40
	if len(s) > limit {
		return s[:limit] + "…"
	}
	return s
}
