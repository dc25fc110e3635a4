package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/cem"
)

// Session lifetimes: a session ends after IdleTimeout without use or
// AbsoluteTimeout after sign-in, whichever comes first.
const (
	IdleTimeout     = 2 * time.Hour
	AbsoluteTimeout = 12 * time.Hour
	// touchEvery limits last-seen writes to one per minute per session.
	touchEvery = time.Minute
)

// Service signs users in and out and resolves session tokens to actors.
type Service struct {
	store Store
	tx    cem.Transactor
	now   func() time.Time
}

// NewService returns a Service over store; now may be nil for time.Now.
func NewService(store Store, tx cem.Transactor, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, tx: tx, now: now}
}

// Login checks credentials and opens a session. Anyone may call it.
// Errors: invalid_credentials (wrong username or password, disabled user —
// deliberately indistinguishable), validation_failed (empty fields).
func (s *Service) Login(ctx context.Context, username, password, ip, userAgent string) (*User, string, *Session, error) {
	username = strings.TrimSpace(username)
	var fields []cem.FieldError
	if username == "" {
		fields = append(fields, cem.FieldError{Name: "username", Reason: "required"})
	}
	if password == "" {
		fields = append(fields, cem.FieldError{Name: "password", Reason: "required"})
	}
	if len(fields) > 0 {
		return nil, "", nil, cem.Invalid("Enter your username and password.", fields...)
	}
	u, err := s.store.UserByUsername(ctx, username)
	if err != nil && cem.CodeOf(err) != CodeUserNotFound {
		return nil, "", nil, err
	}
	if u == nil {
		CheckPassword(dummyHash, password)
		return nil, "", nil, cem.E(cem.CodeInvalidCredentials, "The username or password is incorrect.")
	}
	if !CheckPassword(u.PasswordHash, password) || u.Disabled {
		return nil, "", nil, cem.E(cem.CodeInvalidCredentials, "The username or password is incorrect.")
	}
	now := s.now().UTC()
	token := cem.RandomToken(32)
	sess := &Session{
		TokenHash: hashToken(token), UserID: u.ID, CSRFToken: cem.RandomToken(20),
		IP: ip, UserAgent: truncate(userAgent, 512),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: sessionExpiry(now, now),
	}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return nil, "", nil, fmt.Errorf("auth: login: %w", err)
	}
	return u, token, sess, nil
}

// Authenticate resolves a session token to the signed-in user and session,
// extending the idle timeout. Errors: unauthenticated (unknown, expired or
// disabled).
func (s *Service) Authenticate(ctx context.Context, token string) (*User, *Session, error) {
	unauth := cem.E(cem.CodeUnauthenticated, "Your session has ended. Please sign in again.")
	if token == "" {
		return nil, nil, unauth
	}
	h := hashToken(token)
	sess, err := s.store.SessionByTokenHash(ctx, h)
	if cem.CodeOf(err) == CodeSessionGone {
		return nil, nil, unauth
	} else if err != nil {
		return nil, nil, err
	}
	now := s.now().UTC()
	if !now.Before(sess.ExpiresAt) {
		_ = s.store.DeleteSession(ctx, h)
		return nil, nil, unauth
	}
	u, err := s.store.UserByID(ctx, sess.UserID)
	if cem.CodeOf(err) == CodeUserNotFound || (err == nil && u.Disabled) {
		return nil, nil, unauth
	} else if err != nil {
		return nil, nil, err
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		sess.LastSeenAt, sess.ExpiresAt = now, sessionExpiry(sess.CreatedAt, now)
		if err := s.store.TouchSession(ctx, h, sess.LastSeenAt, sess.ExpiresAt); err != nil {
			return nil, nil, err
		}
	}
	return u, sess, nil
}

// Logout ends the session with the given token; ending an unknown session is
// not an error.
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return s.store.DeleteSession(ctx, hashToken(token))
}

// EnsureFirstAdmin creates the first administrator "admin" with a generated
// password when there are no users, and returns that password (shown once).
// With several processes starting at once, exactly one creates the user; the
// others return created=false. Called by the server at start-up.
func (s *Service) EnsureFirstAdmin(ctx context.Context, password string) (created bool, pw string, err error) {
	n, err := s.store.CountUsers(ctx)
	if err != nil || n > 0 {
		return false, "", err
	}
	if password == "" {
		password = GeneratePassword()
	}
	hash, err := HashPassword(password)
	if err != nil {
		return false, "", err
	}
	now := s.now().UTC()
	u := &User{ID: cem.NewID(), Username: "admin", Name: "Administrator", PasswordHash: hash,
		Roles: []string{RoleAdmin}, CreatedAt: now, UpdatedAt: now}
	err = s.tx.InTx(ctx, func(ctx context.Context) error { return s.store.CreateUser(ctx, u) })
	if cem.CodeOf(err) == CodeUsernameTaken {
		return false, "", nil // another process won the race
	}
	if err != nil {
		return false, "", err
	}
	return true, password, nil
}

// ResetPassword sets a new password for username (a generated one when
// password is empty), ends the user's sessions and returns the password.
// For operators at the command line. Errors: user_not_found, validation_failed.
func (s *Service) ResetPassword(ctx context.Context, username, password string) (string, error) {
	if password == "" {
		password = GeneratePassword()
	}
	if err := ValidatePassword(password); err != nil {
		return "", err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return "", err
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		u, err := s.store.UserByUsername(ctx, username)
		if err != nil {
			return err
		}
		if err := s.store.SetPassword(ctx, u.ID, hash, s.now().UTC()); err != nil {
			return err
		}
		return s.store.DeleteUserSessions(ctx, u.ID)
	})
	return password, err
}

// ValidatePassword applies the password policy.
func ValidatePassword(pw string) error {
	switch {
	case len([]rune(pw)) < MinPasswordLen:
		return cem.Invalid("The password is too short.", cem.FieldError{Name: "password", Reason: fmt.Sprintf("at least %d characters", MinPasswordLen)})
	case len(pw) > MaxPasswordLen:
		return cem.Invalid("The password is too long.", cem.FieldError{Name: "password", Reason: fmt.Sprintf("at most %d bytes", MaxPasswordLen)})
	}
	return nil
}

// Actor builds the request principal for a signed-in user.
func Actor(u *User, ip, userAgent, requestID string) *cem.Actor {
	return &cem.Actor{Kind: "user", ID: u.ID, Name: u.Name, Roles: u.Roles, Permissions: PermissionsOf(u.Roles),
		IP: ip, UserAgent: userAgent, RequestID: requestID}
}

func sessionExpiry(created, now time.Time) time.Time {
	idle, abs := now.Add(IdleTimeout), created.Add(AbsoluteTimeout)
	if idle.Before(abs) {
		return idle
	}
	return abs
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// UserOf returns the user behind a user actor. Errors: unauthenticated when
// the actor is not a user or the user is gone.
func (s *Service) UserOf(ctx context.Context, a *cem.Actor) (*User, error) {
	if a == nil || a.Kind != "user" {
		return nil, cem.E(cem.CodeUnauthenticated, "Please sign in.")
	}
	u, err := s.store.UserByID(ctx, a.ID)
	if cem.CodeOf(err) == CodeUserNotFound {
		return nil, cem.E(cem.CodeUnauthenticated, "Please sign in.")
	}
	return u, err
}
