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
		Roles: []string{"analyst", "admin"}, CreatedAt: ts, UpdatedAt: ts}

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
		if err := s.SetPassword(c, "nope", "h", ts); cem.CodeOf(err) != auth.CodeUserNotFound {
			t.Fatalf("SetPassword on missing user: %v", err)
		}
	})
	t.Run("SetPassword", func(t *testing.T) {
		if err := s.SetPassword(c, u.ID, "h2", ts.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, _ := s.UserByID(c, u.ID)
		if got.PasswordHash != "h2" || !got.UpdatedAt.Equal(ts.Add(time.Hour)) {
			t.Fatalf("password not updated: %+v", got)
		}
	})
	t.Run("Sessions", func(t *testing.T) {
		ss := &auth.Session{TokenHash: "th1", UserID: u.ID, CSRFToken: "c", IP: "::1", UserAgent: "ua",
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
		ss2.TokenHash, ss2.ExpiresAt = "th2", ts
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
