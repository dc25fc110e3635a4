package secret

import (
	"encoding/hex"
	"strings"
	"testing"
)

func TestSealOpen(t *testing.T) {
	b, err := NewBox(NewKey())
	if err != nil {
		t.Fatal(err)
	}
	s := b.Seal("JBSWY3DPEHPK3PXP", "user:1")
	if strings.Contains(s, "JBSW") || !strings.HasPrefix(s, "v1.sm4gcm.") {
		t.Fatalf("sealed value leaks or lacks its prefix: %s", s)
	}
	if got, err := b.Open(s, "user:1"); err != nil || got != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("open: %q %v", got, err)
	}
	if _, err := b.Open(s, "user:2"); err == nil {
		t.Fatal("opened with another context")
	}
	other, _ := NewBox(NewKey())
	if _, err := other.Open(s, "user:1"); err == nil {
		t.Fatal("opened with another key")
	}
	tampered := s[:len(s)-2] + "AA"
	if _, err := b.Open(tampered, "user:1"); err == nil {
		t.Fatal("opened a tampered value")
	}
	if s == b.Seal("JBSWY3DPEHPK3PXP", "user:1") {
		t.Fatal("sealing is deterministic: nonce reused")
	}
}

func TestParseKey(t *testing.T) {
	k := NewKey()
	for _, enc := range []string{EncodeKey(k), hex.EncodeToString(k)} {
		got, err := ParseKey(enc)
		if err != nil || string(got) != string(k) {
			t.Fatalf("ParseKey(%q): %v", enc, err)
		}
	}
	if _, err := ParseKey("short"); err == nil {
		t.Fatal("short key accepted")
	}
	if _, err := NewBox([]byte("short")); err == nil {
		t.Fatal("NewBox accepted a short key")
	}
}
