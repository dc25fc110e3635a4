package signature_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"slices"
	"testing"

	"github.com/opencem/opencem/internal/auth/signature"
)

func TestParsePublicKeyAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key  testKey
		algs []signature.Alg
	}{
		{keyRSA, []signature.Alg{signature.AlgRSASHA256, signature.AlgRSAPSSSHA256}},
		{keyP256, []signature.Alg{signature.AlgECDSAP256SHA256}},
		{keySM2, []signature.Alg{signature.AlgSM2SM3}},
	}
	for _, tt := range tests {
		pub := mustPublicKey(t, tt.key.publicPath())
		if got := pub.Algs(); !slices.Equal(got, tt.algs) {
			t.Errorf("%s: Algs() = %v, want %v", tt.key, got, tt.algs)
		}
		for _, alg := range []signature.Alg{signature.AlgRSASHA256, signature.AlgRSAPSSSHA256, signature.AlgECDSAP256SHA256, signature.AlgSM2SM3} {
			if pub.Allows(alg) != slices.Contains(tt.algs, alg) {
				t.Errorf("%s: Allows(%s) = %v", tt.key, alg, pub.Allows(alg))
			}
		}
	}
	// Text around the block, as pasted from a terminal, is fine.
	withText := append([]byte("my key:\n"), mustRead(t, keySM2.publicPath())...)
	if _, err := signature.ParsePublicKey(append(withText, "\nthanks\n"...)); err != nil {
		t.Errorf("ParsePublicKey with surrounding text: %v", err)
	}
}

func pkixPEM(t *testing.T, pub any) []byte {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

func TestParsePublicKeyRefuses(t *testing.T) {
	t.Parallel()
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	edPub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rsaPub := mustRead(t, keyRSA.publicPath())
	tests := map[string][]byte{
		"empty":            nil,
		"not pem":          []byte("ssh-rsa AAAAB3NzaC1yc2E"),
		"rsa 1024":         pkixPEM(t, &small.PublicKey),
		"p384":             pkixPEM(t, &p384.PublicKey),
		"ed25519":          pkixPEM(t, edPub),
		"pkcs1 rsa":        pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&small.PublicKey)}),
		"private key":      mustRead(t, keyRSA.privatePath()),
		"two blocks":       append(append([]byte{}, rsaPub...), mustRead(t, keyP256.publicPath())...),
		"corrupt der":      pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte{0x30, 0x03, 0x02, 0x01, 0x01}}),
		"certificate type": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1}}),
	}
	for name, data := range tests {
		if pub, err := signature.ParsePublicKey(data); err == nil {
			t.Errorf("%s: ParsePublicKey accepted it: %v", name, pub.Algs())
		}
	}
}

func TestVerifyWithZeroKey(t *testing.T) {
	t.Parallel()
	err := signature.Verify(signature.PublicKey{}, signature.AlgRSASHA256, "x", []byte{1})
	wantCode(t, err, signature.CodeInvalid)
	if !(signature.PublicKey{}).IsZero() {
		t.Error("zero PublicKey is not IsZero")
	}
}
