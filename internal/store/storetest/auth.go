package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/store"
)

func testAuth(t *testing.T, open Opener) {
	db := open(t)
	s := store.NewAuth(db)
	c := ctx(t)
	u := &auth.User{ID: cem.NewID(), Username: "li.lei", Name: "李雷", PasswordHash: "h1",
		Roles: []string{"analyst", "admin"}, UnitIDs: []string{}, CreatedAt: ts, UpdatedAt: ts}
	now := ts
	if err := s.EnsureBuiltinRoles(c, []auth.Role{{ID: "admin", Name: "A", Builtin: true, CreatedAt: now, UpdatedAt: now},
		{ID: "analyst", Name: "B", Builtin: true, CreatedAt: now, UpdatedAt: now}}); err != nil {
		t.Fatal(err)
	}

	t.Run("CreateAndGetUser", func(t *testing.T) {
		if n, err := s.CountUsers(c); err != nil || n != 0 {
			t.Fatalf("fresh database has %d users (%v)", n, err)
		}
		if err := db.InTx(c, func(c context.Context) error { return s.CreateUser(c, u) }); err != nil {
			t.Fatal(err)
		}
		got, err := s.UserByUsername(c, "li.lei")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || got.Name != "李雷" || got.Disabled || !got.CreatedAt.Equal(ts) {
			t.Fatalf("round trip changed the user: %+v", got)
		}
		if len(got.Roles) != 2 || got.Roles[0] != "admin" || got.Roles[1] != "analyst" {
			t.Fatalf("roles = %v, want [admin analyst]", got.Roles)
		}
		if byID, err := s.UserByID(c, u.ID); err != nil || byID.Username != "li.lei" {
			t.Fatalf("UserByID: %v %v", byID, err)
		}
	})
	t.Run("DuplicateUsername", func(t *testing.T) {
		dup := *u
		dup.ID = cem.NewID()
		err := db.InTx(c, func(c context.Context) error { return s.CreateUser(c, &dup) })
		if cem.CodeOf(err) != auth.CodeUsernameTaken {
			t.Fatalf("got %v, want %s", err, auth.CodeUsernameTaken)
		}
	})
	t.Run("MissingUser", func(t *testing.T) {
		if _, err := s.UserByUsername(c, "nobody"); cem.CodeOf(err) != auth.CodeUserNotFound {
			t.Fatalf("got %v", err)
		}
		ghost := *u
		ghost.ID = "nope"
		if err := s.UpdateUser(c, &ghost); cem.CodeOf(err) != auth.CodeUserNotFound {
			t.Fatalf("UpdateUser on missing user: %v", err)
		}
	})
	t.Run("UpdateUser", func(t *testing.T) {
		v := *u
		v.PasswordHash, v.UpdatedAt, v.TOTPLastStep, v.Roles = "h2", ts.Add(time.Hour), 1234567890123, []string{"analyst"}
		v.LockedUntil = ts.Add(time.Minute)
		if err := s.UpdateUser(c, &v); err != nil {
			t.Fatal(err)
		}
		got, _ := s.UserByID(c, u.ID)
		if got.PasswordHash != "h2" || !got.UpdatedAt.Equal(ts.Add(time.Hour)) || got.TOTPLastStep != 1234567890123 ||
			len(got.Roles) != 1 || !got.LockedUntil.Equal(ts.Add(time.Minute)) {
			t.Fatalf("user not updated: %+v", got)
		}
	})
	t.Run("LoginFailuresLock", func(t *testing.T) {
		if err := s.RecordLoginSuccess(c, u.ID, ts); err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 3; i++ {
			n, err := s.RecordLoginFailure(c, u.ID, 3, ts.Add(time.Hour))
			if err != nil || n != i {
				t.Fatalf("failure %d: %d %v", i, n, err)
			}
		}
		got, _ := s.UserByID(c, u.ID)
		if !got.LockedUntil.Equal(ts.Add(time.Hour)) {
			t.Fatalf("not locked after 3 failures: %v", got.LockedUntil)
		}
		_ = s.RecordLoginSuccess(c, u.ID, ts)
		got, _ = s.UserByID(c, u.ID)
		if got.FailedLogins != 0 || !got.LockedUntil.IsZero() || !got.LastLoginAt.Equal(ts) {
			t.Fatalf("success did not reset: %+v", got)
		}
	})
	t.Run("Sessions", func(t *testing.T) {
		ss := &auth.Session{ID: cem.NewID(), TokenHash: "th1", UserID: u.ID, CSRFToken: "c", IP: "::1", UserAgent: "ua",
			CreatedAt: ts, LastSeenAt: ts, ExpiresAt: ts.Add(time.Hour)}
		if err := s.CreateSession(c, ss); err != nil {
			t.Fatal(err)
		}
		got, err := s.SessionByTokenHash(c, "th1")
		if err != nil || got.UserID != u.ID || !got.ExpiresAt.Equal(ts.Add(time.Hour)) {
			t.Fatalf("session round trip: %+v %v", got, err)
		}
		if err := s.TouchSession(c, "th1", ts.Add(time.Minute), ts.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, _ = s.SessionByTokenHash(c, "th1")
		if !got.LastSeenAt.Equal(ts.Add(time.Minute)) || !got.ExpiresAt.Equal(ts.Add(2*time.Hour)) {
			t.Fatalf("touch not stored: %+v", got)
		}
		ss2 := *ss
		ss2.ID, ss2.TokenHash, ss2.ExpiresAt = cem.NewID(), "th2", ts
		_ = s.CreateSession(c, &ss2)
		if n, err := s.DeleteExpiredSessions(c, ts.Add(time.Second)); err != nil || n != 1 {
			t.Fatalf("DeleteExpiredSessions = %d, %v; want 1", n, err)
		}
		if err := s.DeleteUserSessions(c, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionByTokenHash(c, "th1"); cem.CodeOf(err) != auth.CodeSessionGone {
			t.Fatalf("deleted session still found: %v", err)
		}
	})
}
