// Package signature verifies signed requests to the OpenCEM open API
// (standard clause 8.2c).
//
// A third party registers a public key (RSA, ECDSA P-256 or SM2) with its API
// key and signs each request with the private key, as implemented by the
// public client package github.com/opencem/opencem/pkg/signing. This package
// is the server side: it rebuilds the canonical string with the same
// signing.Canonical function, checks the signature with the registered public
// key and rejects missing, malformed, tampered, stale and replayed requests
// with stable error codes (see [Code]).
//
// The package is pure: it takes plain values, never an *http.Request, and
// leaves nonce storage to a callback. docs/signing.md describes the scheme.
package signature

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"

	"github.com/opencem/opencem/pkg/signing"
)

// Alg names a signature algorithm; it is the client package's type.
type Alg = signing.Alg

// The supported algorithms.
const (
	AlgRSASHA256       = signing.AlgRSASHA256
	AlgRSAPSSSHA256    = signing.AlgRSAPSSSHA256
	AlgECDSAP256SHA256 = signing.AlgECDSAP256SHA256
	AlgSM2SM3          = signing.AlgSM2SM3
)

// Canonical returns the canonical string of a request. It is
// signing.Canonical, the single implementation shared with clients, and
// returns its errors (wrapping signing.ErrUnsupportedAlg,
// signing.ErrInvalidRequest, signing.ErrInvalidTimestamp or
// signing.ErrInvalidNonce).
func Canonical(method, escapedPath, rawQuery string, body []byte, alg Alg, timestamp, nonce string) (string, error) {
	return signing.Canonical(method, escapedPath, rawQuery, body, alg, timestamp, nonce)
}

// PublicKey is a registered public key, checked for use with this scheme.
// The zero value is no key and verifies nothing.
type PublicKey struct {
	key  crypto.PublicKey
	algs []Alg
}

// ParsePublicKey parses a PKIX "PUBLIC KEY" PEM block (what
// `openssl pkey -pubout` writes) holding an RSA key of 2048 to 8192 bits, an
// ECDSA P-256 key or an SM2 key. Text around the block is ignored; a second
// PEM block is refused. It returns an error describing the problem (safe to
// show to the admin who uploads the key) when the PEM is missing or of
// another type, the DER cannot be parsed, or the key type, curve or size is
// not accepted.
func ParsePublicKey(pemData []byte) (PublicKey, error) {
	block, rest := pem.Decode(pemData)
	if block == nil {
		return PublicKey{}, errors.New("signature: public key: no PEM block found")
	}
	if block.Type != "PUBLIC KEY" {
		return PublicKey{}, fmt.Errorf("signature: public key: PEM type %q, want \"PUBLIC KEY\" (PKIX; export with `openssl pkey -pubout`)", block.Type)
	}
	if next, _ := pem.Decode(rest); next != nil {
		return PublicKey{}, errors.New("signature: public key: more than one PEM block")
	}
	key, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		// The standard library does not know the SM2 curve; accept only
		// SM2 keys from the fallback parser.
		k, smErr := smx509.ParsePKIXPublicKey(block.Bytes)
		if smErr != nil || !sm2.IsSM2PublicKey(k) {
			return PublicKey{}, fmt.Errorf("signature: public key: %w", err)
		}
		key = k
	}
	switch k := key.(type) {
	case *rsa.PublicKey:
		if bits := k.N.BitLen(); bits < signing.MinRSABits || bits > signing.MaxRSABits {
			return PublicKey{}, fmt.Errorf("signature: public key: RSA key has %d bits, want %d to %d", bits, signing.MinRSABits, signing.MaxRSABits)
		}
		return PublicKey{key: k, algs: []Alg{AlgRSASHA256, AlgRSAPSSSHA256}}, nil
	case *ecdsa.PublicKey:
		switch {
		case k.Curve == elliptic.P256():
			return PublicKey{key: k, algs: []Alg{AlgECDSAP256SHA256}}, nil
		case sm2.IsSM2PublicKey(k):
			return PublicKey{key: k, algs: []Alg{AlgSM2SM3}}, nil
		}
		return PublicKey{}, fmt.Errorf("signature: public key: curve %s not accepted, want P-256 or SM2", k.Curve.Params().Name)
	}
	return PublicKey{}, fmt.Errorf("signature: public key: %T not accepted, want RSA, ECDSA P-256 or SM2", key)
}

// Algs returns the algorithms the key may be used with: rsa-sha256 and
// rsa-pss-sha256 for RSA, ecdsa-p256-sha256 for P-256, sm2-sm3 for SM2.
func (k PublicKey) Algs() []Alg { return slices.Clone(k.algs) }

// Allows reports whether the key may be used with alg.
func (k PublicKey) Allows(alg Alg) bool { return slices.Contains(k.algs, alg) }

// IsZero reports whether k holds no key.
func (k PublicKey) IsZero() bool { return k.key == nil }

// Verify checks sig, the raw signature bytes, over the canonical string with
// pub and alg. It returns nil when the signature is valid, or an *[Error]
// with code [CodeAlgorithmUnsupported] when pub may not be used with alg, or
// [CodeInvalid] when the signature does not verify (or pub is the zero key).
func Verify(pub PublicKey, alg Alg, canonical string, sig []byte) error {
	if pub.IsZero() {
		return newError(CodeInvalid, "signature does not verify", errors.New("no public key"))
	}
	if !pub.Allows(alg) {
		return newError(CodeAlgorithmUnsupported, fmt.Sprintf("algorithm %q cannot be used with the registered key", alg), nil)
	}
	msg := []byte(canonical)
	var ok bool
	switch alg {
	case AlgRSASHA256:
		d := sha256.Sum256(msg)
		ok = rsa.VerifyPKCS1v15(pub.key.(*rsa.PublicKey), crypto.SHA256, d[:], sig) == nil
	case AlgRSAPSSSHA256:
		d := sha256.Sum256(msg)
		opts := &rsa.PSSOptions{SaltLength: signing.PSSSaltLength, Hash: crypto.SHA256}
		ok = rsa.VerifyPSS(pub.key.(*rsa.PublicKey), crypto.SHA256, d[:], sig, opts) == nil
	case AlgECDSAP256SHA256:
		d := sha256.Sum256(msg)
		ok = ecdsa.VerifyASN1(pub.key.(*ecdsa.PublicKey), d[:], sig)
	case AlgSM2SM3:
		ok = sm2.VerifyASN1WithSM2(pub.key.(*ecdsa.PublicKey), []byte(signing.DefaultSM2UID), msg, sig)
	}
	if !ok {
		return newError(CodeInvalid, "signature does not verify", nil)
	}
	return nil
}
