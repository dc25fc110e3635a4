package signing

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
)

// ParsePrivateKey parses the first private key in PEM data. Accepted blocks:
//
//   - "PRIVATE KEY": PKCS #8 holding RSA, ECDSA P-256 or SM2 (what
//     `openssl genpkey` writes);
//   - "RSA PRIVATE KEY": PKCS #1 RSA;
//   - "EC PRIVATE KEY" and "SM2 PRIVATE KEY": SEC 1 EC keys, P-256 or SM2
//     (OpenSSL 3 labels a SEC 1 SM2 key "SM2 PRIVATE KEY").
//
// "EC PARAMETERS" and "SM2 PARAMETERS" blocks before the key are skipped.
// The result is an *rsa.PrivateKey, *ecdsa.PrivateKey or *sm2.PrivateKey.
// It returns an error wrapping [ErrInvalidKey] when there is no key, the key
// is encrypted, or it cannot be parsed.
func ParsePrivateKey(data []byte) (crypto.Signer, error) {
	rest := data
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, fmt.Errorf("%w: no PEM private key found", ErrInvalidKey)
		}
		switch block.Type {
		case "EC PARAMETERS", "SM2 PARAMETERS":
			continue
		case "ENCRYPTED PRIVATE KEY":
			return nil, fmt.Errorf("%w: encrypted private keys are not supported; decrypt with `openssl pkey`", ErrInvalidKey)
		}
		if _, ok := block.Headers["Proc-Type"]; ok {
			return nil, fmt.Errorf("%w: encrypted private keys are not supported; decrypt with `openssl pkey`", ErrInvalidKey)
		}
		key, err := parsePrivateDER(block.Type, block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrInvalidKey, block.Type, err)
		}
		return key, nil
	}
}

func parsePrivateDER(typ string, der []byte) (crypto.Signer, error) {
	switch typ {
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(der)
		if err != nil {
			// The standard library does not know the SM2 curve.
			k, err = smx509.ParsePKCS8PrivateKey(der)
			if err != nil {
				return nil, err
			}
		}
		s, ok := k.(crypto.Signer)
		if !ok {
			return nil, fmt.Errorf("unsupported key type %T", k)
		}
		return s, nil
	case "RSA PRIVATE KEY":
		return x509.ParsePKCS1PrivateKey(der)
	case "EC PRIVATE KEY", "SM2 PRIVATE KEY":
		if k, err := x509.ParseECPrivateKey(der); err == nil {
			return k, nil
		}
		return smx509.ParseSM2PrivateKey(der)
	}
	return nil, fmt.Errorf("unsupported PEM block type %q", typ)
}

// checkKey reports whether pub may be used with alg.
func checkKey(alg Alg, pub crypto.PublicKey) error {
	switch alg {
	case AlgRSASHA256, AlgRSAPSSSHA256:
		k, ok := pub.(*rsa.PublicKey)
		if !ok {
			return fmt.Errorf("%w: %s needs an RSA key, got %T", ErrInvalidKey, alg, pub)
		}
		if bits := k.N.BitLen(); bits < MinRSABits || bits > MaxRSABits {
			return fmt.Errorf("%w: RSA key has %d bits, want %d to %d", ErrInvalidKey, bits, MinRSABits, MaxRSABits)
		}
		return nil
	case AlgECDSAP256SHA256:
		k, ok := pub.(*ecdsa.PublicKey)
		if !ok || k.Curve != elliptic.P256() {
			return fmt.Errorf("%w: %s needs an ECDSA P-256 key", ErrInvalidKey, alg)
		}
		return nil
	case AlgSM2SM3:
		if !sm2.IsSM2PublicKey(pub) {
			return fmt.Errorf("%w: %s needs an SM2 key", ErrInvalidKey, alg)
		}
		return nil
	}
	return fmt.Errorf("%w: %q", ErrUnsupportedAlg, alg)
}
