package auth

import (
	"strings"
	"testing"
	"time"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	t.Parallel()
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("unexpected hash format %q", h)
	}
	if !CheckPassword(h, "correct horse battery") {
		t.Fatal("right password refused")
	}
	if CheckPassword(h, "correct horse batterY") {
		t.Fatal("wrong password accepted")
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt missing")
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	t.Parallel()
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=999999999,t=1,p=1$c2FsdA$aGFzaA",
		"$argon2id$v=19$m=16,t=1,p=1$!!$aGFzaA", "$argon2id$v=18$m=16,t=1,p=1$c2FsdA$aGFzaA"} {
		if CheckPassword(h, "x") {
			t.Errorf("malformed hash %q matched", h)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	t.Parallel()
	if ValidatePassword("short") == nil || ValidatePassword(strings.Repeat("x", 300)) == nil {
		t.Fatal("policy let a bad password through")
	}
	if err := ValidatePassword("long-enough-1"); err != nil {
		t.Fatal(err)
	}
	if len(GeneratePassword()) != 20 || ValidatePassword(GeneratePassword()) != nil {
		t.Fatal("generated password does not meet the policy")
	}
}

func TestSessionExpiry(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	if got := sessionExpiry(created, created); !got.Equal(created.Add(IdleTimeout)) {
		t.Fatalf("fresh session expires at %v", got)
	}
	late := created.Add(AbsoluteTimeout - time.Minute)
	if got := sessionExpiry(created, late); !got.Equal(created.Add(AbsoluteTimeout)) {
		t.Fatalf("idle extension passed the absolute limit: %v", got)
	}
}

func TestPermissionsOf(t *testing.T) {
	t.Parallel()
	p := PermissionsOf([]string{RoleAdmin})
	if !p[PermSystemAdmin] || !p[PermSignedIn] {
		t.Fatalf("admin permissions: %v", p)
	}
	if PermissionsOf(nil)[PermSystemAdmin] {
		t.Fatal("no roles grants admin")
	}
}
