// Package signing signs requests to the OpenCEM open API.
//
// A signed request carries five headers: the key id, a Unix timestamp, a
// single-use nonce, the signature algorithm and the base64 signature of a
// canonical string built from the request. The canonical string is, joined by
// "\n" with no trailing newline:
//
//	METHOD
//	/escaped/path
//	canonical=query&sorted=by-key
//	<lower-case hex digest of the body>
//	<timestamp>
//	<nonce>
//
// The package is meant to be imported by third parties: it depends only on the
// standard library and github.com/emmansun/gmsm (for SM2 and SM3). The OpenCEM
// server builds its canonical strings with [Canonical] from this package, so
// client and server cannot drift apart. The full scheme is described in
// docs/signing.md of the OpenCEM repository.
package signing

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/emmansun/gmsm/sm3"
)

// Header names of a signed request.
const (
	HeaderKeyID     = "X-OpenCEM-Key"
	HeaderTimestamp = "X-OpenCEM-Timestamp"
	HeaderNonce     = "X-OpenCEM-Nonce"
	HeaderAlg       = "X-OpenCEM-Signature-Alg"
	HeaderSignature = "X-OpenCEM-Signature"
)

// Alg names a signature algorithm, as sent in the X-OpenCEM-Signature-Alg
// header.
type Alg string

// The supported algorithms.
const (
	// AlgRSASHA256 is RSASSA-PKCS1-v1_5 with SHA-256 (deterministic).
	AlgRSASHA256 Alg = "rsa-sha256"
	// AlgRSAPSSSHA256 is RSASSA-PSS with SHA-256, MGF1-SHA-256 and a salt
	// of 32 bytes (the hash length).
	AlgRSAPSSSHA256 Alg = "rsa-pss-sha256"
	// AlgECDSAP256SHA256 is ECDSA on NIST P-256 with SHA-256; the signature
	// is ASN.1 DER encoded.
	AlgECDSAP256SHA256 Alg = "ecdsa-p256-sha256"
	// AlgSM2SM3 is SM2 with SM3 (GB/T 32918.2) using the user id
	// [DefaultSM2UID]; the signature is ASN.1 DER encoded.
	AlgSM2SM3 Alg = "sm2-sm3"
)

// DefaultSM2UID is the SM2 distinguishing identifier used by [AlgSM2SM3]
// (the GB/T 35276 default). OpenSSL 3.0 does NOT use it unless told to:
// pass -sigopt distid:1234567812345678 (dgst) or -pkeyopt
// distid:1234567812345678 (pkeyutl).
const DefaultSM2UID = "1234567812345678"

// RSA modulus size limits, in bits, for both signing and verification.
const (
	MinRSABits = 2048
	MaxRSABits = 8192
)

// Nonce length limits, in characters.
const (
	MinNonceLen = 16
	MaxNonceLen = 64
)

// Errors returned (wrapped) by this package. Test with errors.Is.
var (
	// ErrUnsupportedAlg reports an algorithm name this scheme does not know.
	ErrUnsupportedAlg = errors.New("signing: unsupported signature algorithm")
	// ErrInvalidRequest reports a method, path or query that cannot be
	// canonicalised.
	ErrInvalidRequest = errors.New("signing: invalid request")
	// ErrInvalidTimestamp reports a timestamp that is not decimal Unix seconds.
	ErrInvalidTimestamp = errors.New("signing: invalid timestamp")
	// ErrInvalidNonce reports a nonce outside 16–64 characters of [A-Za-z0-9_-].
	ErrInvalidNonce = errors.New("signing: invalid nonce")
	// ErrInvalidKey reports a private key that cannot be parsed or does not
	// fit the algorithm.
	ErrInvalidKey = errors.New("signing: invalid key")
)

// Algs returns every supported algorithm.
func Algs() []Alg {
	return []Alg{AlgRSASHA256, AlgRSAPSSSHA256, AlgECDSAP256SHA256, AlgSM2SM3}
}

// Valid reports whether a is one of the supported algorithms.
func (a Alg) Valid() bool {
	switch a {
	case AlgRSASHA256, AlgRSAPSSSHA256, AlgECDSAP256SHA256, AlgSM2SM3:
		return true
	}
	return false
}

// ParseAlg returns the algorithm named s (exact, lower-case match). It
// returns an error wrapping [ErrUnsupportedAlg] for any other value.
func ParseAlg(s string) (Alg, error) {
	a := Alg(s)
	if !a.Valid() {
		return "", fmt.Errorf("%w: %q", ErrUnsupportedAlg, s)
	}
	return a, nil
}

// BodyDigest returns the lower-case hex digest of body used in the canonical
// string: SM3 for [AlgSM2SM3], SHA-256 for every other algorithm. A nil or
// empty body gives the digest of the empty string. It returns an error
// wrapping [ErrUnsupportedAlg] for an unknown algorithm.
func BodyDigest(alg Alg, body []byte) (string, error) {
	switch alg {
	case AlgSM2SM3:
		sum := sm3.Sum(body)
		return hex.EncodeToString(sum[:]), nil
	case AlgRSASHA256, AlgRSAPSSSHA256, AlgECDSAP256SHA256:
		sum := sha256.Sum256(body)
		return hex.EncodeToString(sum[:]), nil
	}
	return "", fmt.Errorf("%w: %q", ErrUnsupportedAlg, alg)
}

// ValidNonce reports whether nonce has 16 to 64 characters, each of
// A-Z, a-z, 0-9, '_' or '-'.
func ValidNonce(nonce string) bool {
	if len(nonce) < MinNonceLen || len(nonce) > MaxNonceLen {
		return false
	}
	for i := 0; i < len(nonce); i++ {
		if !isNonceByte(nonce[i]) {
			return false
		}
	}
	return true
}

func isNonceByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// validTimestamp reports whether ts is 1 to 19 decimal digits.
func validTimestamp(ts string) bool {
	if ts == "" || len(ts) > 19 {
		return false
	}
	for i := 0; i < len(ts); i++ {
		if ts[i] < '0' || ts[i] > '9' {
			return false
		}
	}
	return true
}

// Canonical returns the canonical string of a request: the lines below
// joined by "\n", without a trailing newline.
//
//  1. method, upper-cased (ASCII);
//  2. escapedPath exactly as sent on the wire, without the query;
//  3. [CanonicalQuery] of rawQuery (an empty line when there is no query);
//  4. [BodyDigest] of body for alg;
//  5. timestamp, as sent (decimal Unix seconds);
//  6. nonce, as sent.
//
// It returns an error wrapping [ErrUnsupportedAlg], [ErrInvalidRequest] (empty
// or non-token method; empty path, or a path holding '?', '#', spaces or
// control characters; malformed percent-encoding in the query),
// [ErrInvalidTimestamp] or [ErrInvalidNonce].
func Canonical(method, escapedPath, rawQuery string, body []byte, alg Alg, timestamp, nonce string) (string, error) {
	if !alg.Valid() {
		return "", fmt.Errorf("%w: %q", ErrUnsupportedAlg, alg)
	}
	if !validMethod(method) {
		return "", fmt.Errorf("%w: method %q", ErrInvalidRequest, method)
	}
	if !validPath(escapedPath) {
		return "", fmt.Errorf("%w: path %q", ErrInvalidRequest, escapedPath)
	}
	if !validTimestamp(timestamp) {
		return "", fmt.Errorf("%w: %q", ErrInvalidTimestamp, timestamp)
	}
	if !ValidNonce(nonce) {
		return "", fmt.Errorf("%w: %q", ErrInvalidNonce, nonce)
	}
	query, err := CanonicalQuery(rawQuery)
	if err != nil {
		return "", err
	}
	digest, err := BodyDigest(alg, body)
	if err != nil {
		return "", err
	}
	return strings.Join([]string{
		strings.ToUpper(method), escapedPath, query, digest, timestamp, nonce,
	}, "\n"), nil
}

// validMethod reports whether m is a non-empty RFC 9110 token.
func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for i := 0; i < len(m); i++ {
		c := m[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// validPath rejects what could not appear in a request-target path and
// anything that would break the line structure of the canonical string.
func validPath(p string) bool {
	if p == "" {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c <= ' ' || c == 0x7f || c == '?' || c == '#' {
			return false
		}
	}
	return true
}

// CanonicalQuery returns the canonical form of a raw (still encoded) query
// string, without the leading '?':
//
//   - split on '&', dropping empty parameters; each parameter splits on the
//     first '=' into key and value (a missing '=' gives an empty value);
//   - key and value are percent-decoded, '+' decoding to a space (as
//     net/url.ParseQuery does), then re-encoded: RFC 3986 unreserved
//     characters (A-Z a-z 0-9 - . _ ~) as is, every other byte as %XX with
//     upper-case hex;
//   - parameters are sorted by encoded key, then encoded value, byte-wise;
//   - each is written key=value, joined by '&'.
//
// For example "b=2&a=x+y&a=%7e" gives "a=x%20y&a=~&b=2". An empty query
// gives "".
// It returns an error wrapping [ErrInvalidRequest] for malformed
// percent-encoding.
func CanonicalQuery(rawQuery string) (string, error) {
	if rawQuery == "" {
		return "", nil
	}
	type param struct{ key, value string }
	var params []param
	for _, part := range strings.Split(rawQuery, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		dk, err := url.QueryUnescape(k)
		if err != nil {
			return "", fmt.Errorf("%w: query key %q: %v", ErrInvalidRequest, k, err)
		}
		dv, err := url.QueryUnescape(v)
		if err != nil {
			return "", fmt.Errorf("%w: query value %q: %v", ErrInvalidRequest, v, err)
		}
		params = append(params, param{escape(dk), escape(dv)})
	}
	sort.Slice(params, func(i, j int) bool {
		if params[i].key != params[j].key {
			return params[i].key < params[j].key
		}
		return params[i].value < params[j].value
	})
	var b strings.Builder
	for i, p := range params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.key)
		b.WriteByte('=')
		b.WriteString(p.value)
	}
	return b.String(), nil
}

// escape percent-encodes every byte of s except RFC 3986 unreserved ones.
func escape(s string) string {
	const hexUpper = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexUpper[c>>4])
		b.WriteByte(hexUpper[c&0x0f])
	}
	return b.String()
}
