package signing_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/opencem/opencem/pkg/signing"
)

func mustURL(tb testing.TB, raw string) *url.URL {
	tb.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

func ExampleCanonical() {
	c, err := signing.Canonical("get", "/v1/surveys", "page=2&lang=zh-CN", nil,
		signing.AlgRSASHA256, "1767225600", "k3Jd9sQ2-vX_0aLp7TmZ4w")
	if err != nil {
		panic(err)
	}
	fmt.Println(c)
	// Output:
	// GET
	// /v1/surveys
	// lang=zh-CN&page=2
	// e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
	// 1767225600
	// k3Jd9sQ2-vX_0aLp7TmZ4w
}

func ExampleSigner_Sign() {
	privatePEM, err := os.ReadFile("private.pem") // from `openssl genpkey`
	if err != nil {
		fmt.Println(err)
		return
	}
	signer, err := signing.NewSigner("key_123", signing.AlgSM2SM3, privatePEM)
	if err != nil {
		fmt.Println(err)
		return
	}
	req, _ := http.NewRequest(http.MethodPost, "https://cem.example.com/api/v1/responses",
		strings.NewReader(`{"survey":"s1"}`))
	req.Header.Set("Content-Type", "application/json")
	// Sign every attempt anew: the server refuses a reused nonce.
	if err := signer.Sign(req); err != nil {
		fmt.Println(err)
		return
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
}
