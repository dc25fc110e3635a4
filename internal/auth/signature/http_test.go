package signature_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/auth/signature"
	"github.com/opencem/opencem/pkg/signing"
)

// inputFromRequest shows how the HTTP middleware feeds the Verifier: the path
// and query exactly as received (from RequestURI, not the re-encoded
// r.URL.EscapedPath), the size-capped body, and the first value of each
// header.
func inputFromRequest(w http.ResponseWriter, r *http.Request) (signature.Input, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		return signature.Input{}, err
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	path, query, _ := strings.Cut(r.RequestURI, "?")
	return signature.Input{
		Method: r.Method, EscapedPath: path, RawQuery: query, Body: body,
		KeyID:     r.Header.Get(signature.HeaderKeyID),
		Timestamp: r.Header.Get(signature.HeaderTimestamp),
		Nonce:     r.Header.Get(signature.HeaderNonce),
		Alg:       r.Header.Get(signature.HeaderAlg),
		Signature: r.Header.Get(signature.HeaderSignature),
	}, nil
}

// newSignedServer is a test server that answers 204 to a verified request
// and 401 {"code": ...} to a refused one.
func newSignedServer(t *testing.T, keys map[string]signature.PublicKey) *httptest.Server {
	t.Helper()
	f := newFixture(keys)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		in, err := inputFromRequest(w, r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
			return
		}
		if _, err := f.v.Verify(in, time.Now()); err != nil {
			code := signature.CodeOf(err)
			if code == "" {
				http.Error(w, "internal error", http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_ = json.NewEncoder(w).Encode(map[string]string{"code": string(code)})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// codeOf reads the outcome of a response: "" for 204, else the error code.
func codeOf(t *testing.T, resp *http.Response) signature.Code {
	t.Helper()
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNoContent {
		return ""
	}
	var body struct{ Code signature.Code }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("status %d without a JSON code: %v", resp.StatusCode, err)
	}
	return body.Code
}

func TestSignedHTTPRequest(t *testing.T) {
	t.Parallel()
	srv := newSignedServer(t, allKeys(t))
	paths := []string{
		"/api/v1/surveys/s_42/responses?lang=zh-CN&b=x+y&tag=caf%C3%A9",
		"/api/v1/tags/a%2Fb/caf%C3%A9", // encoded slash and UTF-8 kept as sent
		"/api/v1/odd%7e/x?q=%7e&empty&=v",
		"",
	}
	for _, alg := range signing.Algs() {
		for _, p := range paths {
			s := mustSigner(t, keyIDForAlg(alg), alg, keyForAlg(alg).privatePath())
			req, err := http.NewRequest(http.MethodPost, srv.URL+p, strings.NewReader(`{"a":"满意"}`))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Sign(req); err != nil {
				t.Fatal(err)
			}
			replay := req.Clone(req.Context())
			replay.Body, _ = req.GetBody()

			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			if code := codeOf(t, resp); code != "" {
				t.Errorf("%s %q: refused with %s", alg, p, code)
			}
			resp, err = http.DefaultClient.Do(replay)
			if err != nil {
				t.Fatal(err)
			}
			if code := codeOf(t, resp); code != signature.CodeNonceReused {
				t.Errorf("%s %q: replay gave %q, want %s", alg, p, code, signature.CodeNonceReused)
			}
		}
	}
}
