package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/alarm"
	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/secret"
)

// Session lifetimes: a session ends after IdleTimeout without use or
// AbsoluteTimeout after sign-in, whichever comes first.
const (
	IdleTimeout     = 2 * time.Hour
	AbsoluteTimeout = 12 * time.Hour
	// touchEvery limits last-seen writes to one per minute per session.
	touchEvery = time.Minute
)

// Sign-in throttling: LockAfter consecutive failures lock the account for
// LockFor; IPFailLimit failures from one address within IPFailWindow refuse
// further attempts from it for the rest of the window.
const (
	LockAfter    = 5
	LockFor      = 15 * time.Minute
	IPFailLimit  = 30
	IPFailWindow = 15 * time.Minute
	challengeTTL = 5 * time.Minute
	maxMFATries  = 5
)

// Deps are the collaborators of a Service.
type Deps struct {
	Store   Store
	Keys    KeyStore
	Tx      cem.Transactor
	Audit   audit.Recorder
	Alarms  Alarms
	Counter cem.Counter
	Box     *secret.Box
	Now     func() time.Time
}

// Service signs users in and out, manages users, roles and keys, and
// resolves credentials to actors.
type Service struct {
	store   Store
	keys    KeyStore
	tx      cem.Transactor
	audit   audit.Recorder
	alarms  Alarms
	counter cem.Counter
	box     *secret.Box
	now     func() time.Time
}

// NewService returns a Service. Audit, Alarms and Counter may be nil in
// tests that do not exercise them.
func NewService(d Deps) *Service {
	s := &Service{store: d.Store, keys: d.Keys, tx: d.Tx, audit: d.Audit, alarms: d.Alarms, counter: d.Counter, box: d.Box, now: d.Now}
	if s.now == nil {
		s.now = time.Now
	}
	if s.audit == nil {
		s.audit = nopAudit{}
	}
	if s.alarms == nil {
		s.alarms = nopAlarms{}
	}
	return s
}

type nopAudit struct{}

func (nopAudit) Record(context.Context, audit.Event) error { return nil }

type nopAlarms struct{}

func (nopAlarms) Raise(context.Context, alarm.Alarm) error { return nil }
func (nopAlarms) Watch(context.Context, string, string, int, time.Duration, string, string) error {
	return nil
}

// Client describes where a request came from, for sessions and audit.
type Client struct {
	IP, UserAgent, RequestID string
}

// LoginResult is the outcome of a correct password: either a session, or a
// challenge to answer with a second factor.
type LoginResult struct {
	User      *User
	Token     string // session cookie value
	Session   *Session
	Challenge string // set when a second factor is needed
}

// Login checks a username and password. Anyone may call it.
// Errors: validation_failed (empty fields), invalid_credentials (wrong
// username or password, disabled user — deliberately indistinguishable),
// account_locked, rate_limited (too many failures from the address).
func (s *Service) Login(ctx context.Context, username, password string, c Client) (*LoginResult, error) {
	username = strings.TrimSpace(username)
	var fields []cem.FieldError
	if username == "" {
		fields = append(fields, cem.FieldError{Name: "username", Reason: "required"})
	}
	if password == "" {
		fields = append(fields, cem.FieldError{Name: "password", Reason: "required"})
	}
	if len(fields) > 0 {
		return nil, cem.Invalid("Enter your username and password.", fields...)
	}
	now := s.now().UTC()
	ipKey := "login_fail_ip:" + c.IP
	if s.counter != nil {
		if n, err := s.counter.Get(ctx, ipKey, IPFailWindow, now); err != nil {
			return nil, err
		} else if n >= IPFailLimit {
			return nil, cem.E(cem.CodeRateLimited, "Too many failed sign-ins from your address. Try again in a few minutes.")
		}
	}
	wrong := cem.E(cem.CodeInvalidCredentials, "The username or password is incorrect.")
	u, err := s.store.UserByUsername(ctx, username)
	if err != nil && cem.CodeOf(err) != CodeUserNotFound {
		return nil, err
	}
	if u == nil {
		CheckPassword(dummyHash, password)
		s.loginFailed(ctx, nil, username, c, now, "unknown user")
		return nil, wrong
	}
	if u.LockedUntil.After(now) {
		s.loginFailed(ctx, u, username, c, now, "account locked")
		return nil, cem.E(CodeAccountLocked, "Too many failed sign-ins: this account is locked until %s UTC.", u.LockedUntil.Format("15:04"))
	}
	if !CheckPassword(u.PasswordHash, password) || u.Disabled {
		reason := "wrong password"
		if u.Disabled {
			reason = "user disabled"
		}
		n, err := s.store.RecordLoginFailure(ctx, u.ID, LockAfter, now.Add(LockFor))
		if err != nil {
			return nil, err
		}
		s.loginFailed(ctx, u, username, c, now, reason)
		if n >= LockAfter {
			_ = s.alarms.Raise(ctx, alarm.Alarm{Kind: "brute_force", Severity: "high", Subject: "user:" + u.Username,
				Message: fmt.Sprintf("Account %s locked after %d failed sign-ins (last from %s).", u.Username, n, c.IP),
				Details: map[string]any{"username": u.Username, "ip": c.IP, "failures": n}})
			return nil, cem.E(CodeAccountLocked, "Too many failed sign-ins: this account is locked for %d minutes.", int(LockFor.Minutes()))
		}
		return nil, wrong
	}
	if u.TOTPEnabled {
		token := cem.RandomToken(32)
		if err := s.store.CreateChallenge(ctx, hashToken(token), u.ID, now.Add(challengeTTL)); err != nil {
			return nil, err
		}
		return &LoginResult{User: u, Challenge: token}, nil
	}
	return s.openSession(ctx, u, c, now, "password")
}

// loginFailed audits a failed sign-in and feeds the per-address counter and
// its brute-force alarm. Failures to record are logged by the audit service.
func (s *Service) loginFailed(ctx context.Context, u *User, username string, c Client, now time.Time, reason string) {
	actor := &cem.Actor{Kind: "anonymous", Name: username, IP: c.IP, UserAgent: c.UserAgent, RequestID: c.RequestID}
	target := ""
	if u != nil {
		actor.ID, target = u.ID, u.ID
	}
	_ = s.audit.Record(ctx, audit.Event{Action: "auth.login_failed", TargetType: "user", TargetID: target, Outcome: "failure", Detail: reason, Actor: actor})
	if s.counter != nil {
		if n, err := s.counter.Add(ctx, "login_fail_ip:"+c.IP, IPFailWindow, now); err == nil && n == IPFailLimit {
			_ = s.alarms.Raise(ctx, alarm.Alarm{Kind: "brute_force", Severity: "high", Subject: "ip:" + c.IP,
				Message: fmt.Sprintf("%d failed sign-ins from %s within %d minutes.", n, c.IP, int(IPFailWindow.Minutes())),
				Details: map[string]any{"ip": c.IP, "failures": n}})
		}
	}
}

// LoginMFA completes a sign-in with the challenge from Login and a TOTP code
// or a recovery code. Anyone may call it.
// Errors: mfa_challenge_invalid (unknown, expired, too many tries),
// mfa_code_invalid.
func (s *Service) LoginMFA(ctx context.Context, challenge, code string, c Client) (*LoginResult, error) {
	now := s.now().UTC()
	h := hashToken(challenge)
	uid, attempts, err := s.store.UseChallenge(ctx, h, now)
	if err != nil {
		return nil, cem.E(CodeMFAChallenge, "This sign-in step has expired. Please sign in again.")
	}
	if attempts > maxMFATries {
		_ = s.store.DeleteChallenge(ctx, h)
		return nil, cem.E(CodeMFAChallenge, "Too many wrong codes. Please sign in again.")
	}
	u, err := s.store.UserByID(ctx, uid)
	if err != nil || u.Disabled {
		return nil, cem.E(CodeMFAChallenge, "This sign-in step has expired. Please sign in again.")
	}
	method, err := s.checkSecondFactor(ctx, u, code, now)
	if err != nil {
		s.loginFailed(ctx, u, u.Username, c, now, "wrong second factor")
		return nil, err
	}
	if err := s.store.DeleteChallenge(ctx, h); err != nil {
		return nil, err
	}
	return s.openSession(ctx, u, c, now, method)
}

func (s *Service) openSession(ctx context.Context, u *User, c Client, now time.Time, method string) (*LoginResult, error) {
	token := cem.RandomToken(32)
	sess := &Session{
		ID: cem.NewID(), TokenHash: hashToken(token), UserID: u.ID, CSRFToken: cem.RandomToken(20),
		IP: c.IP, UserAgent: truncate(c.UserAgent, 512),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: sessionExpiry(now, now),
	}
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateSession(ctx, sess); err != nil {
			return err
		}
		if err := s.store.RecordLoginSuccess(ctx, u.ID, now); err != nil {
			return err
		}
		actor := &cem.Actor{Kind: "user", ID: u.ID, Name: u.Name, Roles: u.Roles, Units: u.UnitIDs, IP: c.IP, UserAgent: c.UserAgent, RequestID: c.RequestID}
		return s.audit.Record(ctx, audit.Event{Action: "auth.login", TargetType: "user", TargetID: u.ID, Outcome: "success", Detail: method, Actor: actor})
	})
	if err != nil {
		return nil, fmt.Errorf("auth: open session: %w", err)
	}
	return &LoginResult{User: u, Token: token, Session: sess}, nil
}

// Authenticate resolves a session token to the signed-in actor and session,
// extending the idle timeout. Errors: unauthenticated (unknown, expired or
// disabled).
func (s *Service) Authenticate(ctx context.Context, token string, c Client) (*cem.Actor, *Session, error) {
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
	actor, err := s.actorFor(ctx, u, c)
	return actor, sess, err
}

// actorFor builds a user's request principal: permissions from its roles,
// data scope from its units (or everything with data.all), and the
// two-factor restriction when a role demands it.
func (s *Service) actorFor(ctx context.Context, u *User, c Client) (*cem.Actor, error) {
	roles, err := s.store.ListRoles(ctx)
	if err != nil {
		return nil, err
	}
	custom := map[string][]string{}
	need2FA := false
	held := map[string]bool{}
	for _, r := range u.Roles {
		held[r] = true
	}
	for _, r := range roles {
		if !held[r.ID] {
			continue
		}
		if !r.Builtin {
			custom[r.ID] = r.Permissions
		}
		need2FA = need2FA || r.Require2FA
	}
	a := &cem.Actor{Kind: "user", ID: u.ID, Name: u.Name, Roles: u.Roles, Units: u.UnitIDs,
		Permissions: PermissionSet(u.Roles, custom), IP: c.IP, UserAgent: c.UserAgent, RequestID: c.RequestID}
	if a.Permissions[PermDataAll] {
		a.Scope = cem.Scope{All: true}
	} else {
		a.Scope = cem.Scope{UnitIDs: append([]string(nil), u.UnitIDs...)}
	}
	if need2FA && !u.TOTPEnabled {
		a.MFASetupRequired = true
		a.Permissions = map[string]bool{PermPublic: true, PermSignedIn: true}
	}
	return a, nil
}

// Logout ends the session with the given token; ending an unknown session is
// not an error. Any signed-in user may call it for their own session.
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.DeleteSession(ctx, hashToken(token)); err != nil {
			return err
		}
		a := cem.ActorFrom(ctx)
		target := ""
		if a != nil {
			target = a.ID
		}
		return s.audit.Record(ctx, audit.Event{Action: "auth.logout", TargetType: "user", TargetID: target, Outcome: "success"})
	})
}

// EnsureBuiltinRoles writes the built-in role rows (needed before any grant).
// Called by the server at start-up; idempotent and safe across processes.
func (s *Service) EnsureBuiltinRoles(ctx context.Context) error {
	now := s.now().UTC()
	var rows []Role
	for _, r := range BuiltinRoles {
		rows = append(rows, Role{ID: r.ID, Name: r.Name, Description: r.Description, Builtin: true, CreatedAt: now, UpdatedAt: now})
	}
	return s.store.EnsureBuiltinRoles(ctx, rows)
}

// EnsureFirstAdmin creates the first user "admin" — administrator and
// researcher, so a fresh install can both run the system and build surveys —
// with the given or a generated password, when there are no users. With
// several processes starting at once exactly one creates it. Called by the
// server at start-up.
func (s *Service) EnsureFirstAdmin(ctx context.Context, password string) (created bool, pw string, err error) {
	if err := s.EnsureBuiltinRoles(ctx); err != nil {
		return false, "", err
	}
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
		Roles: []string{RoleAdmin, RoleResearcher}, CreatedAt: now, UpdatedAt: now}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateUser(ctx, u); err != nil {
			return err
		}
		sys := &cem.Actor{Kind: "system", ID: "system", Name: "opencem serve"}
		return s.audit.Record(ctx, audit.Event{Action: "user.create", TargetType: "user", TargetID: u.ID, Outcome: "success",
			Detail: "first administrator", After: userAudit(u), Actor: sys})
	})
	if cem.CodeOf(err) == CodeUsernameTaken {
		return false, "", nil // another process won the race
	}
	if err != nil {
		return false, "", err
	}
	return true, password, nil
}

// ResetPassword sets a new password for username (a generated one when
// password is empty), unlocks the account, ends the user's sessions and
// returns the password. For operators at the command line (no actor).
// Errors: user_not_found, validation_failed.
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
		before := userAudit(u)
		u.PasswordHash, u.FailedLogins, u.LockedUntil, u.UpdatedAt = hash, 0, time.Time{}, s.now().UTC()
		if err := s.store.UpdateUser(ctx, u); err != nil {
			return err
		}
		if err := s.store.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
		sys := &cem.Actor{Kind: "system", ID: "cli", Name: "opencem admin reset-password"}
		return s.audit.Record(ctx, audit.Event{Action: "user.reset_password", TargetType: "user", TargetID: u.ID, Outcome: "success",
			Before: before, After: userAudit(u), Actor: sys})
	})
	return password, err
}

// ValidatePassword applies the password policy: 10 to 256 characters, not
// all one character class of digits only.
func ValidatePassword(pw string) error {
	switch {
	case len([]rune(pw)) < MinPasswordLen:
		return cem.Invalid("The password is too short.", cem.FieldError{Name: "password", Reason: fmt.Sprintf("at least %d characters", MinPasswordLen)})
	case len(pw) > MaxPasswordLen:
		return cem.Invalid("The password is too long.", cem.FieldError{Name: "password", Reason: fmt.Sprintf("at most %d bytes", MaxPasswordLen)})
	case strings.Trim(pw, "0123456789") == "":
		return cem.Invalid("The password must not be digits only.", cem.FieldError{Name: "password", Reason: "digits only"})
	}
	return nil
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

// userAudit is the audit view of a user: no hashes or secrets.
func userAudit(u *User) map[string]any {
	return map[string]any{"username": u.Username, "name": u.Name, "email": u.Email, "roles": u.Roles, "units": u.UnitIDs,
		"disabled": u.Disabled, "totp_enabled": u.TOTPEnabled, "must_change_password": u.MustChangePassword}
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

// RecordDenied audits a permission denial and raises an alarm on a burst
// (clause 8.1e). Called by the HTTP layer when an operation is refused.
func (s *Service) RecordDenied(ctx context.Context, permission, operation string) {
	a := cem.ActorFrom(ctx)
	if a == nil {
		return
	}
	_ = s.audit.Record(ctx, audit.Event{Action: "permission.denied", TargetType: "operation", TargetID: operation, Outcome: "denied", Detail: "needs " + permission})
	_ = s.alarms.Watch(ctx, "permission_denied_burst", a.Kind+":"+a.ID, 10, 5*time.Minute,
		fmt.Sprintf("%s was refused 10 or more operations within 5 minutes.", a.Name), "medium")
}

// TokenHash is the stored form of a session token, for marking the caller's
// own session in lists.
func TokenHash(token string) string { return hashToken(token) }
