// Package auth holds identities and access: users, roles and permissions,
// sign-in with passwords and second factors, sessions, and API keys for
// third-party systems. It decides who the caller is, what they may do and
// which data they may see (the actor's Scope); the HTTP layer only carries
// tokens to and from it.
package auth

import (
	"context"
	"time"

	"github.com/opencem/opencem/internal/alarm"
	"github.com/opencem/opencem/internal/cem"
)

// User is a person who signs in to the admin app.
type User struct {
	ID                 string
	Username           string
	Name               string
	Email              string
	PasswordHash       string
	MustChangePassword bool
	Disabled           bool
	TOTPSecret         string // sealed; pending until TOTPEnabled
	TOTPEnabled        bool
	TOTPLastStep       int64 // last accepted time step, to refuse a replayed code
	FailedLogins       int
	LockedUntil        time.Time
	LastLoginAt        time.Time
	Roles              []string
	UnitIDs            []string
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// Session is a signed-in browser. The cookie carries a random token; the
// database keeps only its SHA-256 (TokenHash), so a database leak does not
// leak live sessions. ID is a public handle for listing and revoking.
type Session struct {
	ID         string
	TokenHash  string
	UserID     string
	CSRFToken  string
	IP         string
	UserAgent  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// Role is a named set of permissions. Built-in roles take their permissions
// from code; custom roles from the catalogue.
type Role struct {
	ID          string
	Name        string
	Description string
	Permissions []string
	Builtin     bool
	Require2FA  bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// UserFilter narrows a user list.
type UserFilter struct {
	Query    string // matches username, name or e-mail
	Role     string
	UnitID   string
	Disabled *bool
	Scope    cem.Scope // decided by the service from the actor
}

// Store persists identities. Implementations run each call in the
// transaction carried by ctx, if any. Missing rows yield cem errors with the
// codes user_not_found, session_not_found, role_not_found, api_key_not_found.
type Store interface {
	CountUsers(ctx context.Context) (int, error)
	// CreateUser inserts u with its roles and units; a taken username yields CodeUsernameTaken.
	CreateUser(ctx context.Context, u *User) error
	// UpdateUser writes every field of u, replacing its roles and units.
	UpdateUser(ctx context.Context, u *User) error
	UserByID(ctx context.Context, id string) (*User, error)
	UserByUsername(ctx context.Context, username string) (*User, error)
	ListUsers(ctx context.Context, f UserFilter, p cem.PageRequest) (cem.Page[*User], error)
	// UserInScope reports whether the user belongs to a unit inside scope.
	UserInScope(ctx context.Context, userID string, scope cem.Scope) (bool, error)
	// UnitsInScope reports whether every unit id lies inside scope (and exists).
	UnitsInScope(ctx context.Context, unitIDs []string, scope cem.Scope) (bool, error)
	// RecordLoginFailure increments failed_logins and sets locked_until when
	// lockUntil is non-zero; it returns the new failure count.
	RecordLoginFailure(ctx context.Context, userID string, lockAfter int, lockUntil time.Time) (int, error)
	RecordLoginSuccess(ctx context.Context, userID string, at time.Time) error

	EnsureBuiltinRoles(ctx context.Context, roles []Role) error
	ListRoles(ctx context.Context) ([]*Role, error)
	RoleByID(ctx context.Context, id string) (*Role, error)
	CreateRole(ctx context.Context, r *Role) error
	UpdateRole(ctx context.Context, r *Role) error
	// DeleteRole removes a custom role; CodeRoleInUse when users hold it.
	DeleteRole(ctx context.Context, id string) error

	CreateSession(ctx context.Context, s *Session) error
	SessionByTokenHash(ctx context.Context, hash string) (*Session, error)
	ListSessions(ctx context.Context, userID string) ([]*Session, error)
	TouchSession(ctx context.Context, hash string, at, expires time.Time) error
	DeleteSession(ctx context.Context, hash string) error
	// DeleteSessionByID ends a session of the given user (not found otherwise).
	DeleteSessionByID(ctx context.Context, userID, id string) error
	DeleteUserSessions(ctx context.Context, userID string) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)

	CreateChallenge(ctx context.Context, tokenHash, userID string, expires time.Time) error
	// UseChallenge increments the attempts of a live challenge and returns
	// its user and the attempts so far; expired or unknown ones are not found.
	UseChallenge(ctx context.Context, tokenHash string, now time.Time) (userID string, attempts int, err error)
	DeleteChallenge(ctx context.Context, tokenHash string) error

	ReplaceRecoveryCodes(ctx context.Context, userID string, hashes []string) error
	// UseRecoveryCode marks an unused code used; false when none matched.
	UseRecoveryCode(ctx context.Context, userID, hash string, at time.Time) (bool, error)
	CountRecoveryCodes(ctx context.Context, userID string) (int, error)

	Setting(ctx context.Context, key string) (string, bool, error)
	// PutSettingIfAbsent stores value unless key exists, and returns the stored value.
	PutSettingIfAbsent(ctx context.Context, key, value string, at time.Time) (string, error)
}

// Alarms is what auth needs from the alarm service.
type Alarms interface {
	alarm.Raiser
	// Watch counts an event and raises an alarm when threshold events
	// happen within window.
	Watch(ctx context.Context, kind, subject string, threshold int, window time.Duration, msg, severity string) error
}

// Error codes of this package.
var (
	CodeUsernameTaken   = cem.Define(cem.KindConflict, "username_taken", "Another user already has this username.")
	CodeUserNotFound    = cem.Define(cem.KindNotFound, "user_not_found", "No user has this id or username, or it is outside your data scope.")
	CodeSessionGone     = cem.Define(cem.KindNotFound, "session_not_found", "The session does not exist or has ended.")
	CodeRoleNotFound    = cem.Define(cem.KindNotFound, "role_not_found", "No role has this id.")
	CodeRoleExists      = cem.Define(cem.KindConflict, "role_exists", "A role with this id already exists.")
	CodeRoleInUse       = cem.Define(cem.KindConflict, "role_in_use", "The role is granted to users; take it away from them first.")
	CodeRoleBuiltin     = cem.Define(cem.KindConflict, "role_builtin", "Built-in roles cannot be renamed, re-permissioned or deleted; only their two-factor requirement can change.")
	CodeGrantExceeds    = cem.Define(cem.KindForbidden, "grant_exceeds_own", "You may only grant permissions, roles and units that you hold yourself.")
	CodeAccountLocked   = cem.Define(cem.KindRateLimited, "account_locked", "Too many failed sign-ins: the account is locked for a while. Try again later or ask an administrator.")
	CodeMFAInvalid      = cem.Define(cem.KindUnauthenticated, "mfa_code_invalid", "The two-factor code is wrong, expired or already used.")
	CodeMFAChallenge    = cem.Define(cem.KindUnauthenticated, "mfa_challenge_invalid", "The two-factor sign-in step expired or is unknown; sign in again.")
	CodeMFARequired     = cem.Define(cem.KindForbidden, "mfa_setup_required", "Your role requires two-factor authentication: set it up under My profile first.")
	CodeMFAState        = cem.Define(cem.KindConflict, "mfa_state", "Two-factor authentication is not in the state this action needs (already on, or not set up).")
	CodePasswordWrong   = cem.Define(cem.KindInvalid, "password_incorrect", "The current password is wrong.")
	CodeSelfLockout     = cem.Define(cem.KindConflict, "self_lockout", "You cannot disable yourself or take away your own administrator role.")
	CodeKeyNotFound     = cem.Define(cem.KindNotFound, "api_key_not_found", "No API key has this id.")
	CodeKeyInvalid      = cem.Define(cem.KindUnauthenticated, "api_key_invalid", "The API key is unknown, revoked, expired or wrong.")
	CodeKeySource       = cem.Define(cem.KindForbidden, "api_key_source_denied", "The API key may not be used from this address.")
	CodeKeyCertMismatch = cem.Define(cem.KindUnauthenticated, "api_key_certificate_mismatch", "The client certificate does not match the one bound to the API key.")
	CodeKeyRevoked      = cem.Define(cem.KindConflict, "api_key_revoked", "The API key is revoked.")
)
