// Package auth holds identities and sign-in: users, roles and their
// permissions, and server-side sessions. It decides who the caller is and
// what they may do; the HTTP layer only carries tokens to and from it.
package auth

import (
	"context"
	"time"

	"github.com/opencem/opencem/internal/cem"
)

// User is a person who signs in to the admin app.
type User struct {
	ID           string
	Username     string
	Name         string
	PasswordHash string
	Roles        []string
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Session is a signed-in browser. The cookie carries a random token; the
// database keeps only its SHA-256 (TokenHash), so a database leak does not
// leak live sessions.
type Session struct {
	TokenHash  string
	UserID     string
	CSRFToken  string
	IP         string
	UserAgent  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// Store persists users and sessions. Implementations run each call in the
// transaction carried by ctx, if any. Lookups of missing rows return
// cem errors with codes user_not_found / session_not_found.
type Store interface {
	CountUsers(ctx context.Context) (int, error)
	// CreateUser inserts u with its roles; a taken username yields CodeUsernameTaken.
	CreateUser(ctx context.Context, u *User) error
	UserByID(ctx context.Context, id string) (*User, error)
	UserByUsername(ctx context.Context, username string) (*User, error)
	SetPassword(ctx context.Context, userID, hash string, at time.Time) error

	CreateSession(ctx context.Context, s *Session) error
	SessionByTokenHash(ctx context.Context, hash string) (*Session, error)
	TouchSession(ctx context.Context, hash string, at, expires time.Time) error
	DeleteSession(ctx context.Context, hash string) error
	DeleteUserSessions(ctx context.Context, userID string) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)
}

// Error codes of this package.
var (
	CodeUsernameTaken = cem.Define(cem.KindConflict, "username_taken", "Another user already has this username.")
	CodeUserNotFound  = cem.Define(cem.KindNotFound, "user_not_found", "No user has this id or username.")
	CodeSessionGone   = cem.Define(cem.KindNotFound, "session_not_found", "The session does not exist or has ended.")
)
