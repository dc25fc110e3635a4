package signature_test

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/auth/signature"
	"github.com/opencem/opencem/pkg/signing"
)

var scriptPath = filepath.Join("..", "..", "..", "scripts", "examples", "sign-request.sh")

// runScript runs sign-request.sh with env and returns stdout and stderr.
func runScript(t *testing.T, env []string, args ...string) (string, string) {
	t.Helper()
	mustOpenSSL(t)
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatalf("bash not found: %v", err)
	}
	cmd := exec.Command("bash", append([]string{scriptPath}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("sign-request.sh %v: %v\n%s", args, err, stderr.String())
	}
	return stdout.String(), stderr.String()
}

// parseDryRun reads the "Name: value" header lines printed with DRY_RUN=1.
func parseDryRun(t *testing.T, out string) signing.Headers {
	t.Helper()
	hs := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ": ")
		if !ok {
			t.Fatalf("unexpected output line %q", sc.Text())
		}
		hs[name] = value
	}
	return signing.Headers{
		KeyID: hs[signature.HeaderKeyID], Timestamp: hs[signature.HeaderTimestamp], Nonce: hs[signature.HeaderNonce],
		Alg: signature.Alg(hs[signature.HeaderAlg]), Signature: hs[signature.HeaderSignature],
	}
}

// scriptCanonical extracts the canonical string the script prints to stderr.
func scriptCanonical(t *testing.T, stderr string) string {
	t.Helper()
	_, rest, ok := strings.Cut(stderr, "--- canonical string ---\n")
	c, _, ok2 := strings.Cut(rest, "\n--- end ---")
	if !ok || !ok2 {
		t.Fatalf("no canonical string in stderr:\n%s", stderr)
	}
	return c
}

func TestShellExample(t *testing.T) {
	t.Parallel()
	body := []byte(`{"answers":[{"q":"q1","a":"满意"}],"note":"a+b & c"}` + "\n")
	bodyFile := filepath.Join(t.TempDir(), "body.json")
	if err := os.WriteFile(bodyFile, body, 0o600); err != nil {
		t.Fatal(err)
	}
	const (
		path  = "/api/v1/surveys/s_42/a%2Fb/caf%C3%A9"
		query = "lang=zh-CN&b=x+y&a=%7e&a=1&empty&=v&amp=%26&z=a%2Bb&&sp=%20"
	)
	for _, alg := range signing.Algs() {
		t.Run(string(alg), func(t *testing.T) {
			t.Parallel()
			stdout, stderr := runScript(t, []string{
				"DRY_RUN=1",
				"OPENCEM_KEY_ID=" + keyIDForAlg(alg),
				"OPENCEM_PRIVATE_KEY=" + keyForAlg(alg).privatePath(),
				"OPENCEM_ALG=" + string(alg),
			}, "post", "https://cem.example.com"+path+"?"+query+"#section", bodyFile)
			h := parseDryRun(t, stdout)
			r := request{method: "POST", path: path, query: query, body: body}

			want, err := signature.Canonical(r.method, r.path, r.query, r.body, alg, h.Timestamp, h.Nonce)
			if err != nil {
				t.Fatal(err)
			}
			if got := scriptCanonical(t, stderr); got != want {
				t.Errorf("script canonical string:\n%s\nGo:\n%s", got, want)
			}

			f := newFixture(allKeys(t))
			tampered := r
			tampered.body = flipLastByte(body)
			_, err = f.v.Verify(tampered.input(h), time.Now())
			wantCode(t, err, signature.CodeInvalid)
			_, err = f.v.Verify(r.input(h), time.Now())
			wantCode(t, err, "")
		})
	}
}

func TestShellExampleWithoutBodyOrQuery(t *testing.T) {
	t.Parallel()
	for _, url := range []string{"https://cem.example.com", "https://cem.example.com:8443/", "https://cem.example.com?x=1"} {
		stdout, stderr := runScript(t, []string{
			"DRY_RUN=1", "OPENCEM_KEY_ID=k_sm2", "OPENCEM_PRIVATE_KEY=" + keySM2.privatePath(), "OPENCEM_ALG=sm2-sm3",
		}, "GET", url)
		h := parseDryRun(t, stdout)
		_, query, _ := strings.Cut(url, "?")
		r := request{method: "GET", path: "/", query: query}
		want, err := signature.Canonical(r.method, r.path, r.query, nil, signature.AlgSM2SM3, h.Timestamp, h.Nonce)
		if err != nil {
			t.Fatal(err)
		}
		if got := scriptCanonical(t, stderr); got != want {
			t.Errorf("%s: script canonical string:\n%s\nGo:\n%s", url, got, want)
		}
		_, err = newFixture(allKeys(t)).v.Verify(r.input(h), time.Now())
		wantCode(t, err, "")
	}
}

// TestShellExampleReproducesVector runs the script with the timestamp and
// nonce of the deterministic RSA vector and expects its exact signature.
func TestShellExampleReproducesVector(t *testing.T) {
	t.Parallel()
	v := readVectors(t).Vectors[0]
	bodyFile := filepath.Join(t.TempDir(), "body.json")
	if err := os.WriteFile(bodyFile, []byte(v.Body), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, _ := runScript(t, []string{
		"DRY_RUN=1", "OPENCEM_KEY_ID=" + v.KeyID, "OPENCEM_ALG=" + string(v.Alg),
		"OPENCEM_PRIVATE_KEY=" + filepath.Join("testdata", v.PrivateKey),
		"OPENCEM_TIMESTAMP=" + v.Timestamp, "OPENCEM_NONCE=" + v.Nonce,
	}, v.Method, "https://cem.example.com"+v.Path+"?"+v.Query, bodyFile)
	if h := parseDryRun(t, stdout); h.Signature != v.Signature {
		t.Errorf("script signature %q, vector has %q", h.Signature, v.Signature)
	}
}

// TestShellExampleWithCurl sends the request for real, to a test server.
func TestShellExampleWithCurl(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl not installed; the DRY_RUN tests above cover the signing")
	}
	srv := newSignedServer(t, allKeys(t))
	bodyFile := filepath.Join(t.TempDir(), "body.json")
	if err := os.WriteFile(bodyFile, []byte(`{"title":"投诉"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"OPENCEM_KEY_ID=k_rsa", "OPENCEM_PRIVATE_KEY=" + keyRSA.privatePath(), "OPENCEM_ALG=rsa-pss-sha256"}
	stdout, _ := runScript(t, env, "POST", srv.URL+"/api/v1/tickets/caf%C3%A9%7e?b=1&a=x+y", bodyFile)
	if stdout != "" {
		t.Errorf("server answered %q, want 204 No Content", stdout)
	}
	// Same nonce twice: the second call is a replay.
	env = append(env, "OPENCEM_NONCE=fixed_nonce_for_replay_test")
	runScript(t, env, "GET", srv.URL+"/api/v1/tickets")
	stdout, _ = runScript(t, env, "GET", srv.URL+"/api/v1/tickets")
	if !strings.Contains(stdout, string(signature.CodeNonceReused)) {
		t.Errorf("replayed request answered %q, want %s", stdout, signature.CodeNonceReused)
	}
}
