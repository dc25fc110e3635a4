package signature_test

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/auth/signature"
	"github.com/opencem/opencem/pkg/signing"
)

// mustOpenSSL fails (never skips) when openssl is missing: CI installs
// OpenSSL 3 and the interoperability promise of clause 8.2c rests on these
// tests.
func mustOpenSSL(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Fatalf("openssl not found on PATH (%v); these tests need the OpenSSL 3 command line", err)
	}
}

// runOpenSSL runs openssl with args and returns its stdout, failing the test
// with stderr on a non-zero exit.
func runOpenSSL(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("openssl", args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

// opensslKeys generates an RSA 2048, an EC P-256 and an SM2 key pair with the
// openssl command line, in PKCS #8 / PKIX PEM, and returns their paths by
// kind: "rsa", "p256", "sm2" (private) and "rsa.pub" and so on (public).
func opensslKeys(t *testing.T) map[string]string {
	t.Helper()
	mustOpenSSL(t)
	t.Logf("%s", bytes.TrimSpace(runOpenSSL(t, "version")))
	dir := t.TempDir()
	gen := map[string][]string{
		"rsa":  {"-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"},
		"p256": {"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-pkeyopt", "ec_param_enc:named_curve"},
		"sm2":  {"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2"},
	}
	paths := map[string]string{}
	for kind, opts := range gen {
		priv := filepath.Join(dir, kind+".pem")
		pub := filepath.Join(dir, kind+".pub.pem")
		runOpenSSL(t, append(append([]string{"genpkey"}, opts...), "-out", priv)...)
		runOpenSSL(t, "pkey", "-in", priv, "-pubout", "-out", pub)
		paths[kind], paths[kind+".pub"] = priv, pub
	}
	return paths
}

// The exact command lines that work with OpenSSL 3.0. KEY, IN and SIG are
// replaced by the private key, the canonical string file and the output.
var opensslSignCommands = []struct {
	name string
	alg  signature.Alg
	key  string
	args string
}{
	{"rsa-sha256 dgst", signature.AlgRSASHA256, "rsa", "dgst -sha256 -sign KEY -out SIG IN"},
	{"rsa-sha256 pkeyutl", signature.AlgRSASHA256, "rsa", "pkeyutl -sign -inkey KEY -rawin -digest sha256 -in IN -out SIG"},
	{"rsa-pss-sha256 dgst", signature.AlgRSAPSSSHA256, "rsa", "dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -sign KEY -out SIG IN"},
	{"rsa-pss-sha256 dgst saltlen digest", signature.AlgRSAPSSSHA256, "rsa", "dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest -sigopt rsa_mgf1_md:sha256 -sign KEY -out SIG IN"},
	{"rsa-pss-sha256 pkeyutl", signature.AlgRSAPSSSHA256, "rsa", "pkeyutl -sign -inkey KEY -rawin -digest sha256 -pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:32 -in IN -out SIG"},
	{"ecdsa-p256-sha256 dgst", signature.AlgECDSAP256SHA256, "p256", "dgst -sha256 -sign KEY -out SIG IN"},
	{"ecdsa-p256-sha256 pkeyutl", signature.AlgECDSAP256SHA256, "p256", "pkeyutl -sign -inkey KEY -rawin -digest sha256 -in IN -out SIG"},
	{"sm2-sm3 dgst", signature.AlgSM2SM3, "sm2", "dgst -sm3 -sign KEY -sigopt distid:1234567812345678 -out SIG IN"},
	{"sm2-sm3 pkeyutl", signature.AlgSM2SM3, "sm2", "pkeyutl -sign -inkey KEY -rawin -digest sm3 -pkeyopt distid:1234567812345678 -in IN -out SIG"},
}

// opensslSign writes canonical to a file, signs it with the openssl command
// line cmdline and returns the raw signature.
func opensslSign(t *testing.T, cmdline, keyPath, canonical string) []byte {
	t.Helper()
	dir := t.TempDir()
	in, sig := filepath.Join(dir, "canonical.txt"), filepath.Join(dir, "sig.bin")
	if err := os.WriteFile(in, []byte(canonical), 0o600); err != nil {
		t.Fatal(err)
	}
	args := strings.Fields(cmdline)
	for i, a := range args {
		args[i] = strings.NewReplacer("KEY", keyPath, "IN", in, "SIG", sig).Replace(a)
	}
	runOpenSSL(t, args...)
	return mustRead(t, sig)
}

func TestOpenSSLSignaturesAreAccepted(t *testing.T) {
	t.Parallel()
	paths := opensslKeys(t)
	for _, c := range opensslSignCommands {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(map[string]signature.PublicKey{"k_ossl": mustPublicKey(t, paths[c.key+".pub"])})
			nonce, err := signing.NewNonce()
			if err != nil {
				t.Fatal(err)
			}
			ts := "1767225600"
			canonical, err := signature.Canonical(sample.method, sample.path, sample.query, sample.body, c.alg, ts, nonce)
			if err != nil {
				t.Fatal(err)
			}
			sig := opensslSign(t, c.args, paths[c.key], canonical)
			in := sample.input(signing.Headers{
				KeyID: "k_ossl", Timestamp: ts, Nonce: nonce, Alg: c.alg,
				Signature: base64.StdEncoding.EncodeToString(sig),
			})

			tampered := in
			tampered.Body = flipLastByte(in.Body)
			_, err = f.v.Verify(tampered, now)
			wantCode(t, err, signature.CodeInvalid)

			_, err = f.v.Verify(in, now.Add(6*time.Minute))
			wantCode(t, err, signature.CodeTimestampSkew)

			_, err = f.v.Verify(in, now)
			wantCode(t, err, "")

			_, err = f.v.Verify(in, now)
			wantCode(t, err, signature.CodeNonceReused)
		})
	}
}

// TestOpenSSLSM2DefaultDistID records why the docs insist on distid: OpenSSL
// 3.0 signs SM2 with an empty distinguishing id unless told otherwise, which
// this scheme (default id 1234567812345678) does not accept.
func TestOpenSSLSM2DefaultDistID(t *testing.T) {
	t.Parallel()
	paths := opensslKeys(t)
	f := newFixture(map[string]signature.PublicKey{"k": mustPublicKey(t, paths["sm2.pub"])})
	nonce, _ := signing.NewNonce()
	canonical, err := signature.Canonical("GET", "/v1/ping", "", nil, signature.AlgSM2SM3, "1767225600", nonce)
	if err != nil {
		t.Fatal(err)
	}
	sig := opensslSign(t, "dgst -sm3 -sign KEY -out SIG IN", paths["sm2"], canonical)
	in := request{method: "GET", path: "/v1/ping"}.input(signing.Headers{
		KeyID: "k", Timestamp: "1767225600", Nonce: nonce, Alg: signature.AlgSM2SM3,
		Signature: base64.StdEncoding.EncodeToString(sig),
	})
	if _, err := f.v.Verify(in, now); err == nil {
		t.Log("this OpenSSL signs SM2 with the default id 1234567812345678 even without distid")
	} else {
		t.Logf("as documented, SM2 signed without -sigopt distid:1234567812345678 is refused: %v", err)
	}
}

// opensslVerifyCommands check a Go signature with the openssl command line.
var opensslVerifyCommands = map[signature.Alg]string{
	signature.AlgRSASHA256:       "dgst -sha256 -verify PUB -signature SIG IN",
	signature.AlgRSAPSSSHA256:    "dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -verify PUB -signature SIG IN",
	signature.AlgECDSAP256SHA256: "dgst -sha256 -verify PUB -signature SIG IN",
	signature.AlgSM2SM3:          "dgst -sm3 -sigopt distid:1234567812345678 -verify PUB -signature SIG IN",
}

func TestGoSignaturesVerifyWithOpenSSL(t *testing.T) {
	t.Parallel()
	paths := opensslKeys(t)
	kinds := map[signature.Alg]string{
		signature.AlgRSASHA256: "rsa", signature.AlgRSAPSSSHA256: "rsa",
		signature.AlgECDSAP256SHA256: "p256", signature.AlgSM2SM3: "sm2",
	}
	for alg, cmdline := range opensslVerifyCommands {
		t.Run(string(alg), func(t *testing.T) {
			t.Parallel()
			s := mustSigner(t, "k", alg, paths[kinds[alg]], clockAt(now))
			h, err := s.SignParts(sample.method, sample.path, sample.query, sample.body)
			if err != nil {
				t.Fatal(err)
			}
			sig, _ := base64.StdEncoding.DecodeString(h.Signature)
			dir := t.TempDir()
			in, sigPath := filepath.Join(dir, "canonical.txt"), filepath.Join(dir, "sig.bin")
			if err := os.WriteFile(in, []byte(h.Canonical), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(sigPath, sig, 0o600); err != nil {
				t.Fatal(err)
			}
			args := strings.Fields(strings.NewReplacer("PUB", paths[kinds[alg]+".pub"], "SIG", sigPath, "IN", in).Replace(cmdline))
			if out := runOpenSSL(t, args...); !bytes.Contains(out, []byte("Verified OK")) {
				t.Errorf("openssl %s: %s", cmdline, out)
			}
		})
	}
}

// TestOpenSSLKeyFormats signs with private keys in the other PEM formats the
// openssl command line writes.
func TestOpenSSLKeyFormats(t *testing.T) {
	t.Parallel()
	paths := opensslKeys(t)
	dir := t.TempDir()
	tests := []struct {
		name, wantType string
		alg            signature.Alg
		make           []string
	}{
		{"pkcs1 rsa", "RSA PRIVATE KEY", signature.AlgRSASHA256, []string{"pkey", "-in", paths["rsa"], "-traditional"}},
		{"sec1 p256", "EC PRIVATE KEY", signature.AlgECDSAP256SHA256, []string{"pkey", "-in", paths["p256"], "-traditional"}},
		// `openssl pkey -traditional` refuses SM2 keys in 3.0; `openssl ec` works.
		{"sec1 sm2", "SM2 PRIVATE KEY", signature.AlgSM2SM3, []string{"ec", "-in", paths["sm2"]}},
		{"ecparam p256 with parameters", "EC PARAMETERS", signature.AlgECDSAP256SHA256, []string{"ecparam", "-name", "prime256v1", "-genkey"}},
		{"ecparam sm2 with parameters", "SM2 PARAMETERS", signature.AlgSM2SM3, []string{"ecparam", "-name", "SM2", "-genkey"}},
	}
	for i, tt := range tests {
		keyPath := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_")+".pem")
		pubPath := keyPath + ".pub"
		runOpenSSL(t, append(tt.make, "-out", keyPath)...)
		runOpenSSL(t, "pkey", "-in", keyPath, "-pubout", "-out", pubPath)
		if first := strings.SplitN(string(mustRead(t, keyPath)), "\n", 2)[0]; first != "-----BEGIN "+tt.wantType+"-----" {
			t.Errorf("%s: openssl wrote %q, want a %s block first", tt.name, first, tt.wantType)
		}
		f := newFixture(map[string]signature.PublicKey{"k": mustPublicKey(t, pubPath)})
		s := mustSigner(t, "k", tt.alg, keyPath, clockAt(now))
		_, err := f.v.Verify(mustSign(t, s, sample), now)
		if signature.CodeOf(err) != "" || err != nil {
			t.Errorf("case %d %s: %v", i, tt.name, err)
		}
	}
}
