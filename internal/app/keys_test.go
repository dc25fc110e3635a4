package app

import (
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/config"
	"github.com/opencem/opencem/pkg/signing"
)

func bearer(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }

func createKey(t *testing.T, adm *client, body map[string]any) (string, string) {
	t.Helper()
	d := mustOK(t, adm.do("POST", "/api/v1/api-keys", toJSON(body), nil), 201)
	return d["key"].(map[string]any)["id"].(string), d["token"].(string)
}

func TestAPIKeys(t *testing.T) {
	TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := StartTest(t, cfg)
		adm := admin(t, srv)
		units := seedUnits(t, srv)
		createUser(t, adm, "in-a", []string{"analyst"}, []string{units["STORE-A"]})
		createUser(t, adm, "in-b", []string{"analyst"}, []string{units["STORE-B"]})
		anon := newClient(t, srv)

		id, tok := createKey(t, adm, map[string]any{"name": "CRM", "permissions": []string{"users.read"}})
		r := anon.do("GET", "/api/v1/users", "", bearer(tok))
		if r.Status != 200 || !strings.Contains(r.Body, "in-a") || !strings.Contains(r.Body, "in-b") {
			t.Fatalf("key without unit scope: %d %s", r.Status, r.Body)
		}
		if r := anon.do("POST", "/api/v1/users", `{"username":"zz","name":"zz"}`, bearer(tok)); r.Status != 403 || errCode(r) != "forbidden" {
			t.Fatalf("key beyond its permissions: %d %s", r.Status, r.Body)
		}
		if r := anon.do("GET", "/api/v1/users", "", bearer(tok+"x")); r.Status != 401 || errCode(r) != "api_key_invalid" {
			t.Fatalf("wrong secret: %d %s", r.Status, r.Body)
		}
		if r := anon.do("GET", "/api/v1/users", "", bearer("ocm_garbage")); errCode(r) != "api_key_invalid" {
			t.Fatalf("garbage token: %s", r.Body)
		}
		// The token is shown once: later reads never include it.
		if r := adm.do("GET", "/api/v1/api-keys/"+id, "", nil); strings.Contains(r.Body, tok[len(tok)-20:]) || !strings.Contains(r.Body, `"last_used_ip":"127.0.0.1"`) {
			t.Fatalf("key read: %s", r.Body)
		}

		// A unit-scoped key sees only its subtree.
		_, scoped := createKey(t, adm, map[string]any{"name": "Store A kiosk", "permissions": []string{"users.read"}, "unit_id": units["STORE-A"]})
		r = anon.do("GET", "/api/v1/users", "", bearer(scoped))
		if !strings.Contains(r.Body, "in-a") || strings.Contains(r.Body, "in-b") {
			t.Fatalf("unit-scoped key: %s", r.Body)
		}

		// Source allow-list: loopback is not in 10.0.0.0/8.
		_, far := createKey(t, adm, map[string]any{"name": "far", "permissions": []string{"users.read"}, "cidrs": []string{"10.0.0.0/8", "2001:db8::/32"}})
		if r := anon.do("GET", "/api/v1/users", "", bearer(far)); r.Status != 403 || errCode(r) != "api_key_source_denied" {
			t.Fatalf("disallowed source: %d %s", r.Status, r.Body)
		}
		_, near := createKey(t, adm, map[string]any{"name": "near", "permissions": []string{"users.read"}, "cidrs": []string{"127.0.0.1", "::1/128"}})
		if r := anon.do("GET", "/api/v1/users", "", bearer(near)); r.Status != 200 {
			t.Fatalf("allowed source: %d %s", r.Status, r.Body)
		}
		if r := adm.do("POST", "/api/v1/api-keys", `{"name":"bad","permissions":["users.read"],"cidrs":["10.0.0.0/33"]}`, nil); r.Status != 400 || !strings.Contains(r.Body, "cidrs") {
			t.Fatalf("bad cidr accepted: %s", r.Body)
		}

		// Rotation with overlap keeps the old secret working; without, not.
		d := mustOK(t, adm.do("POST", "/api/v1/api-keys/"+id+"/rotate", `{"overlap_seconds":3600}`, nil), 200)
		tok2 := d["token"].(string)
		for _, tk := range []string{tok, tok2} {
			if r := anon.do("GET", "/api/v1/users", "", bearer(tk)); r.Status != 200 {
				t.Fatalf("during overlap: %d %s", r.Status, r.Body)
			}
		}
		d = mustOK(t, adm.do("POST", "/api/v1/api-keys/"+id+"/rotate", `{"overlap_seconds":0}`, nil), 200)
		tok3 := d["token"].(string)
		if r := anon.do("GET", "/api/v1/users", "", bearer(tok2)); errCode(r) != "api_key_invalid" {
			t.Fatalf("old secret after rotation without overlap: %s", r.Body)
		}
		// Revocation is immediate.
		mustOK(t, adm.do("POST", "/api/v1/api-keys/"+id+"/revoke", "", nil), 200)
		if r := anon.do("GET", "/api/v1/users", "", bearer(tok3)); errCode(r) != "api_key_invalid" {
			t.Fatalf("revoked key works: %s", r.Body)
		}
		if r := adm.do("POST", "/api/v1/api-keys/"+id+"/revoke", "", nil); errCode(r) != "api_key_revoked" {
			t.Fatalf("second revoke: %s", r.Body)
		}

		// Rate limit, shared through the database.
		_, slow := createKey(t, adm, map[string]any{"name": "slow", "permissions": []string{"users.read"}, "rate_limit": 2})
		var last reply
		for i := 0; i < 3; i++ {
			last = anon.do("GET", "/api/v1/users", "", bearer(slow))
		}
		if last.Status != 429 || errCode(last) != "rate_limited" || last.Header.Get("Retry-After") == "" {
			t.Fatalf("third request over a 2/min limit: %d %s %v", last.Status, last.Body, last.Header)
		}

		// A key may not carry permissions its creator lacks.
		if r := adm.do("POST", "/api/v1/api-keys", `{"name":"x","permissions":["jobs.manage"]}`, nil); r.Status != 403 || errCode(r) != "grant_exceeds_own" {
			t.Fatalf("escalating key: %d %s", r.Status, r.Body)
		}
	})
}

// openssl runs the OpenSSL command line, failing the test when it is absent.
func openssl(t *testing.T, args ...string) []byte {
	t.Helper()
	out, err := exec.Command("openssl", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// TestSignedRequestsWithOpenSSL: requests signed by the OpenSSL 3 command
// line with RSA and SM2 are accepted; a changed body byte, an old timestamp
// and a reused nonce are refused with distinct codes (clause 8.2c).
func TestSignedRequestsWithOpenSSL(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	srv := StartTest(t, cfg)
	adm := admin(t, srv)
	dir := t.TempDir()
	for _, tc := range []struct {
		alg, genAlg, digest string
		genOpts             []string
		signOpts            []string
	}{
		{"rsa-sha256", "RSA", "sha256", []string{"-pkeyopt", "rsa_keygen_bits:2048"}, nil},
		{"sm2-sm3", "EC", "sm3", []string{"-pkeyopt", "ec_paramgen_curve:SM2"}, []string{"-sigopt", "distid:1234567812345678"}},
	} {
		t.Run(tc.alg, func(t *testing.T) {
			key := filepath.Join(dir, tc.alg+".key")
			openssl(t, append([]string{"genpkey", "-algorithm", tc.genAlg, "-out", key}, tc.genOpts...)...)
			pub := openssl(t, "pkey", "-in", key, "-pubout")
			id, _ := createKey(t, adm, map[string]any{"name": "signed " + tc.alg, "permissions": []string{"users.read", "users.manage"},
				"require_signature": true, "public_key_pem": string(pub)})
			anon := newClient(t, srv)
			n := 0
			send := func(body, sentBody string, ts time.Time, nonce string) reply {
				n++
				alg := signing.Alg(tc.alg)
				canon, err := signing.Canonical("POST", "/api/v1/users", "", []byte(body), alg, strconv.FormatInt(ts.Unix(), 10), nonce)
				if err != nil {
					t.Fatal(err)
				}
				in := filepath.Join(dir, fmt.Sprintf("%s-%d.txt", tc.alg, n))
				sig := in + ".sig"
				os.WriteFile(in, []byte(canon), 0o600)
				openssl(t, append(append([]string{"dgst", "-" + tc.digest, "-sign", key}, tc.signOpts...), "-out", sig, in)...)
				raw, _ := os.ReadFile(sig)
				return anon.do("POST", "/api/v1/users", sentBody, map[string]string{
					"X-OpenCEM-Key": id, "X-OpenCEM-Timestamp": strconv.FormatInt(ts.Unix(), 10), "X-OpenCEM-Nonce": nonce,
					"X-OpenCEM-Signature-Alg": tc.alg, "X-OpenCEM-Signature": base64.StdEncoding.EncodeToString(raw)})
			}
			user := func(name string) string {
				return fmt.Sprintf(`{"username":"%s","name":"Signed","password":"signed-password-1"}`, name)
			}
			now := time.Now()
			nonce := "nonce-" + tc.alg + "-0001"
			if r := send(user("ok-"+tc.alg), user("ok-"+tc.alg), now, nonce); r.Status != 201 {
				t.Fatalf("openssl-signed request refused: %d %s", r.Status, r.Body)
			}
			tampered := user("ok2-" + tc.alg)
			if r := send(tampered, strings.Replace(tampered, "Signed", "Signee", 1), now, "nonce-"+tc.alg+"-0002"); r.Status != 401 || errCode(r) != "signature_invalid" {
				t.Fatalf("tampered body: %d %s", r.Status, r.Body)
			}
			if r := send(user("old-"+tc.alg), user("old-"+tc.alg), now.Add(-6*time.Minute), "nonce-"+tc.alg+"-0003"); errCode(r) != "signature_timestamp_skew" {
				t.Fatalf("old timestamp: %d %s", r.Status, r.Body)
			}
			if r := send(user("again-"+tc.alg), user("again-"+tc.alg), now, nonce); errCode(r) != "signature_nonce_reused" {
				t.Fatalf("reused nonce: %d %s", r.Status, r.Body)
			}
			// The key requires signatures: its bearer token alone is refused.
			if r := anon.do("GET", "/api/v1/users", "", map[string]string{"X-OpenCEM-Key": id}); errCode(r) != "signature_missing" {
				t.Fatalf("unsigned request: %d %s", r.Status, r.Body)
			}
		})
	}
}

// Replacing a key's settings keeps its public key unless asked to clear it.
func TestReplaceKeyKeepsPublicKey(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	srv := StartTest(t, cfg)
	adm := admin(t, srv)
	key := filepath.Join(t.TempDir(), "k.pem")
	openssl(t, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key)
	pub := openssl(t, "pkey", "-in", key, "-pubout")
	id, _ := createKey(t, adm, map[string]any{"name": "signed", "permissions": []string{"users.read"}, "require_signature": true, "public_key_pem": string(pub)})
	d := mustOK(t, adm.do("PUT", "/api/v1/api-keys/"+id, `{"name":"renamed","permissions":["users.read"],"require_signature":true}`, nil), 200)
	if d["has_public_key"] != true || d["name"] != "renamed" {
		t.Fatalf("public key lost on replace: %v", d)
	}
	if r := adm.do("PUT", "/api/v1/api-keys/"+id, `{"name":"x","permissions":["users.read"],"require_signature":true,"clear_public_key":true}`, nil); r.Status != 400 {
		t.Fatalf("clearing the key of a signing key: %d %s", r.Status, r.Body)
	}
	d = mustOK(t, adm.do("PUT", "/api/v1/api-keys/"+id, `{"name":"x","permissions":["users.read"],"clear_public_key":true}`, nil), 200)
	if d["has_public_key"] != false {
		t.Fatalf("clear_public_key ignored: %v", d)
	}
	me := mustOK(t, adm.do("PATCH", "/api/v1/me", `{"name":"超级管理员"}`, nil), 200)
	if me["name"] != "超级管理员" {
		t.Fatalf("own name: %v", me)
	}
}
