package signing_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/opencem/opencem/pkg/signing"
)

func TestCanonicalQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, raw, want string
	}{
		{"empty", "", ""},
		{"single", "a=1", "a=1"},
		{"sorted by key", "b=2&a=1", "a=1&b=2"},
		{"same key sorted by value", "a=2&a=10&a=1", "a=1&a=10&a=2"},
		{"plus is a space", "q=a+b", "q=a%20b"},
		{"encoded plus stays plus", "q=a%2Bb", "q=a%2Bb"},
		{"unreserved decoded", "t=%7e%2D%2e%5F%41", "t=~-._A"},
		{"lower-case hex upper-cased", "p=%2f", "p=%2F"},
		{"utf-8 bytes", "tag=café", "tag=caf%C3%A9"},
		{"utf-8 already encoded", "tag=caf%c3%a9", "tag=caf%C3%A9"},
		{"missing value", "flag", "flag="},
		{"empty key", "=v", "=v"},
		{"empty parameters dropped", "&&a=1&&", "a=1"},
		{"value keeps later equals", "a=b=c", "a=b%3Dc"},
		{"reserved characters encoded", "k=%26%3D%3F%23/:;,", "k=%26%3D%3F%23%2F%3A%3B%2C"},
		{"sort uses encoded key, not line", "a-=1&a=2", "a=2&a-=1"},
		{"docs example", "lang=zh-CN&b=x+y&a=%7e&a=1&empty&tag=caf%c3%a9", "a=1&a=~&b=x%20y&empty=&lang=zh-CN&tag=caf%C3%A9"},
		{"mixed", "b=2&a=x+y&a=%7e&empty&=v&amp=%26&z=a%2Bb", "=v&a=x%20y&a=~&amp=%26&b=2&empty=&z=a%2Bb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := signing.CanonicalQuery(tt.raw)
			if err != nil {
				t.Fatalf("CanonicalQuery(%q): %v", tt.raw, err)
			}
			if got != tt.want {
				t.Errorf("CanonicalQuery(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

func TestCanonicalQueryMalformed(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"a=%", "a=%4", "a=%zz", "%g1=1"} {
		if _, err := signing.CanonicalQuery(raw); !errors.Is(err, signing.ErrInvalidRequest) {
			t.Errorf("CanonicalQuery(%q) error = %v, want ErrInvalidRequest", raw, err)
		}
	}
}

func TestBodyDigest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		alg  signing.Alg
		body string
		want string
	}{
		{signing.AlgRSASHA256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{signing.AlgECDSAP256SHA256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		// GB/T 32905 example values.
		{signing.AlgSM2SM3, "", "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"},
		{signing.AlgSM2SM3, "abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"},
	}
	for _, tt := range tests {
		got, err := signing.BodyDigest(tt.alg, []byte(tt.body))
		if err != nil || got != tt.want {
			t.Errorf("BodyDigest(%s, %q) = %q, %v; want %q", tt.alg, tt.body, got, err, tt.want)
		}
	}
	if _, err := signing.BodyDigest("hmac-sha256", nil); !errors.Is(err, signing.ErrUnsupportedAlg) {
		t.Errorf("BodyDigest(hmac-sha256) error = %v, want ErrUnsupportedAlg", err)
	}
}

func TestCanonical(t *testing.T) {
	t.Parallel()
	got, err := signing.Canonical("post", "/v1/a%2Fb", "z=1&a=2", []byte("abc"), signing.AlgRSASHA256, "1767225600", "nonce_0123456789-AB")
	if err != nil {
		t.Fatal(err)
	}
	want := "POST\n/v1/a%2Fb\na=2&z=1\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n1767225600\nnonce_0123456789-AB"
	if got != want {
		t.Errorf("Canonical =\n%s\nwant\n%s", got, want)
	}
	empty, err := signing.Canonical("GET", "/", "", nil, signing.AlgSM2SM3, "0", "0123456789abcdef")
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(empty, "\n"); len(lines) != 6 || lines[2] != "" {
		t.Errorf("Canonical without query = %q, want six lines with an empty third", empty)
	}
}

func TestCanonicalErrors(t *testing.T) {
	t.Parallel()
	const ts, nonce = "1767225600", "0123456789abcdef"
	tests := []struct {
		name                             string
		method, path, query, alg, ts, nn string
		want                             error
	}{
		{"unknown alg", "GET", "/", "", "RSA-SHA256", ts, nonce, signing.ErrUnsupportedAlg},
		{"empty method", "", "/", "", "rsa-sha256", ts, nonce, signing.ErrInvalidRequest},
		{"method with newline", "GET\n/", "/", "", "rsa-sha256", ts, nonce, signing.ErrInvalidRequest},
		{"empty path", "GET", "", "", "rsa-sha256", ts, nonce, signing.ErrInvalidRequest},
		{"path with query", "GET", "/a?b", "", "rsa-sha256", ts, nonce, signing.ErrInvalidRequest},
		{"path with newline", "GET", "/a\nb", "", "rsa-sha256", ts, nonce, signing.ErrInvalidRequest},
		{"path with space", "GET", "/a b", "", "rsa-sha256", ts, nonce, signing.ErrInvalidRequest},
		{"bad query", "GET", "/", "a=%x", "rsa-sha256", ts, nonce, signing.ErrInvalidRequest},
		{"signed timestamp", "GET", "/", "", "rsa-sha256", "-1", nonce, signing.ErrInvalidTimestamp},
		{"fractional timestamp", "GET", "/", "", "rsa-sha256", "1.5", nonce, signing.ErrInvalidTimestamp},
		{"empty timestamp", "GET", "/", "", "rsa-sha256", "", nonce, signing.ErrInvalidTimestamp},
		{"short nonce", "GET", "/", "", "rsa-sha256", ts, "0123456789abcde", signing.ErrInvalidNonce},
		{"long nonce", "GET", "/", "", "rsa-sha256", ts, strings.Repeat("a", 65), signing.ErrInvalidNonce},
		{"nonce with dot", "GET", "/", "", "rsa-sha256", ts, "0123456789abcdef.", signing.ErrInvalidNonce},
		{"nonce with newline", "GET", "/", "", "rsa-sha256", ts, "0123456789abcdef\n", signing.ErrInvalidNonce},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := signing.Canonical(tt.method, tt.path, tt.query, nil, signing.Alg(tt.alg), tt.ts, tt.nn)
			if !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestValidNonce(t *testing.T) {
	t.Parallel()
	for nonce, want := range map[string]bool{
		strings.Repeat("a", 15): false,
		strings.Repeat("a", 16): true,
		strings.Repeat("Z", 64): true,
		strings.Repeat("9", 65): false,
		"abc_DEF-0123456789":    true,
		"abc+DEF/0123456789":    false,
		"abcdéfghijklmnopq":     false,
	} {
		if got := signing.ValidNonce(nonce); got != want {
			t.Errorf("ValidNonce(%q) = %v, want %v", nonce, got, want)
		}
	}
}

// FuzzCanonicalQuery checks that canonicalisation never panics, never emits a
// line break, and is idempotent.
func FuzzCanonicalQuery(f *testing.F) {
	for _, seed := range []string{"", "a=1&b=2", "q=a+b&q=%7e", "=&&=", "a=%", "tag=caf%C3%A9&x", "\n=\r"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := signing.CanonicalQuery(raw)
		if err != nil {
			return
		}
		if strings.ContainsAny(got, "\r\n ") {
			t.Fatalf("CanonicalQuery(%q) = %q contains whitespace", raw, got)
		}
		again, err := signing.CanonicalQuery(got)
		if err != nil || again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", raw, got, again, err)
		}
	})
}
