// Package store implements the domain store interfaces with SQL shared by
// SQLite and PostgreSQL (through sqldb). One type per domain; every method
// joins the transaction in its context.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/store/sqldb"
)

// Auth implements auth.Store.
type Auth struct{ db *sqldb.DB }

// NewAuth returns the auth store over db.
func NewAuth(db *sqldb.DB) *Auth { return &Auth{db: db} }

var _ auth.Store = (*Auth)(nil)

// CountUsers implements auth.Store.
func (s *Auth) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, wrap("count users", err)
}

// CreateUser implements auth.Store.
func (s *Auth) CreateUser(ctx context.Context, u *auth.User) error {
	_, err := s.db.Exec(ctx, `INSERT INTO users (id, username, name, password_hash, disabled, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, u.ID, u.Username, u.Name, u.PasswordHash, u.Disabled, sqldb.Time{Time: u.CreatedAt}, sqldb.Time{Time: u.UpdatedAt})
	if s.db.IsUniqueViolation(err) {
		return cem.E(auth.CodeUsernameTaken, "The username %q is taken.", u.Username)
	}
	if err != nil {
		return wrap("create user", err)
	}
	for _, r := range u.Roles {
		if _, err := s.db.Exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, u.ID, r); err != nil {
			return wrap("grant role", err)
		}
	}
	return nil
}

const userColumns = `id, username, name, password_hash, disabled, created_at, updated_at`

// UserByID implements auth.Store.
func (s *Auth) UserByID(ctx context.Context, id string) (*auth.User, error) {
	return s.user(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id)
}

// UserByUsername implements auth.Store.
func (s *Auth) UserByUsername(ctx context.Context, username string) (*auth.User, error) {
	return s.user(ctx, `SELECT `+userColumns+` FROM users WHERE username = ?`, username)
}

func (s *Auth) user(ctx context.Context, q string, arg any) (*auth.User, error) {
	var u auth.User
	var created, updated sqldb.Time
	err := s.db.QueryRow(ctx, q, arg).Scan(&u.ID, &u.Username, &u.Name, &u.PasswordHash, &u.Disabled, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cem.E(auth.CodeUserNotFound, "The user was not found.")
	}
	if err != nil {
		return nil, wrap("get user", err)
	}
	u.CreatedAt, u.UpdatedAt = created.Time, updated.Time
	rows, err := s.db.Query(ctx, `SELECT role FROM user_roles WHERE user_id = ? ORDER BY role`, u.ID)
	if err != nil {
		return nil, wrap("user roles", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, wrap("user roles", err)
		}
		u.Roles = append(u.Roles, r)
	}
	return &u, wrap("user roles", rows.Err())
}

// SetPassword implements auth.Store.
func (s *Auth) SetPassword(ctx context.Context, userID, hash string, at time.Time) error {
	res, err := s.db.Exec(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, sqldb.Time{Time: at}, userID)
	return affectedOne(res, err, "set password", func() error { return cem.E(auth.CodeUserNotFound, "The user was not found.") })
}

// CreateSession implements auth.Store.
func (s *Auth) CreateSession(ctx context.Context, ss *auth.Session) error {
	_, err := s.db.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, ip, user_agent, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ss.TokenHash, ss.UserID, ss.CSRFToken, ss.IP, ss.UserAgent,
		sqldb.Time{Time: ss.CreatedAt}, sqldb.Time{Time: ss.LastSeenAt}, sqldb.Time{Time: ss.ExpiresAt})
	return wrap("create session", err)
}

// SessionByTokenHash implements auth.Store.
func (s *Auth) SessionByTokenHash(ctx context.Context, hash string) (*auth.Session, error) {
	var ss auth.Session
	var created, seen, expires sqldb.Time
	err := s.db.QueryRow(ctx, `SELECT token_hash, user_id, csrf_token, ip, user_agent, created_at, last_seen_at, expires_at
		FROM sessions WHERE token_hash = ?`, hash).Scan(&ss.TokenHash, &ss.UserID, &ss.CSRFToken, &ss.IP, &ss.UserAgent, &created, &seen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cem.E(auth.CodeSessionGone, "The session has ended.")
	}
	if err != nil {
		return nil, wrap("get session", err)
	}
	ss.CreatedAt, ss.LastSeenAt, ss.ExpiresAt = created.Time, seen.Time, expires.Time
	return &ss, nil
}

// TouchSession implements auth.Store.
func (s *Auth) TouchSession(ctx context.Context, hash string, at, expires time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?`,
		sqldb.Time{Time: at}, sqldb.Time{Time: expires}, hash)
	return wrap("touch session", err)
}

// DeleteSession implements auth.Store.
func (s *Auth) DeleteSession(ctx context.Context, hash string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash)
	return wrap("delete session", err)
}

// DeleteUserSessions implements auth.Store.
func (s *Auth) DeleteUserSessions(ctx context.Context, userID string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return wrap("delete user sessions", err)
}

// DeleteExpiredSessions implements auth.Store.
func (s *Auth) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, sqldb.Time{Time: now})
	if err != nil {
		return 0, wrap("delete expired sessions", err)
	}
	n, err := res.RowsAffected()
	return int(n), wrap("delete expired sessions", err)
}

// wrap adds the operation to an unexpected database error; nil stays nil.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var ce *cem.Error
	if errors.As(err, &ce) {
		return err
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

// affectedOne turns "no row changed" into the notFound error.
func affectedOne(res sql.Result, err error, op string, notFound func() error) error {
	if err != nil {
		return wrap(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrap(op, err)
	}
	if n == 0 {
		return notFound()
	}
	return nil
}
