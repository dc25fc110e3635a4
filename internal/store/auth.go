// Package store implements the domain store interfaces with SQL shared by
// SQLite and PostgreSQL (through sqldb). One type per domain; every method
// joins the transaction in its context.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/store/sqldb"
)

// Auth implements auth.Store and auth.KeyStore.
type Auth struct{ db *sqldb.DB }

// NewAuth returns the auth store over db.
func NewAuth(db *sqldb.DB) *Auth { return &Auth{db: db} }

var (
	_ auth.Store    = (*Auth)(nil)
	_ auth.KeyStore = (*Auth)(nil)
)

func userNotFound() error { return cem.E(auth.CodeUserNotFound, "The user was not found.") }

// CountUsers implements auth.Store.
func (s *Auth) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, wrap("count users", err)
}

// CreateUser implements auth.Store.
func (s *Auth) CreateUser(ctx context.Context, u *auth.User) error {
	_, err := s.db.Exec(ctx, `INSERT INTO users (id, username, name, email, password_hash, must_change_password, disabled,
		totp_secret, totp_enabled, totp_last_step, failed_logins, locked_until, last_login_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.Username, u.Name, u.Email, u.PasswordHash, u.MustChangePassword, u.Disabled, u.TOTPSecret, u.TOTPEnabled, u.TOTPLastStep,
		u.FailedLogins, sqldb.Time{Time: u.LockedUntil}, sqldb.Time{Time: u.LastLoginAt}, sqldb.Time{Time: u.CreatedAt}, sqldb.Time{Time: u.UpdatedAt})
	if s.db.IsUniqueViolation(err) {
		return cem.E(auth.CodeUsernameTaken, "The username %q is taken.", u.Username)
	}
	if err != nil {
		return wrap("create user", err)
	}
	return s.writeMemberships(ctx, u)
}

func (s *Auth) writeMemberships(ctx context.Context, u *auth.User) error {
	for _, r := range u.Roles {
		if _, err := s.db.Exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, u.ID, r); err != nil {
			return wrap("grant role", err)
		}
	}
	for _, id := range u.UnitIDs {
		if _, err := s.db.Exec(ctx, `INSERT INTO user_units (user_id, unit_id) VALUES (?, ?)`, u.ID, id); err != nil {
			return wrap("add unit", err)
		}
	}
	return nil
}

// UpdateUser implements auth.Store.
func (s *Auth) UpdateUser(ctx context.Context, u *auth.User) error {
	res, err := s.db.Exec(ctx, `UPDATE users SET name = ?, email = ?, password_hash = ?, must_change_password = ?, disabled = ?,
		totp_secret = ?, totp_enabled = ?, totp_last_step = ?, failed_logins = ?, locked_until = ?, last_login_at = ?, updated_at = ?
		WHERE id = ?`, u.Name, u.Email, u.PasswordHash, u.MustChangePassword, u.Disabled, u.TOTPSecret, u.TOTPEnabled, u.TOTPLastStep,
		u.FailedLogins, sqldb.Time{Time: u.LockedUntil}, sqldb.Time{Time: u.LastLoginAt}, sqldb.Time{Time: u.UpdatedAt}, u.ID)
	if err := affectedOne(res, err, "update user", userNotFound); err != nil {
		return err
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM user_roles WHERE user_id = ?`, u.ID); err != nil {
		return wrap("clear roles", err)
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM user_units WHERE user_id = ?`, u.ID); err != nil {
		return wrap("clear units", err)
	}
	return s.writeMemberships(ctx, u)
}

const userColumns = `id, username, name, email, password_hash, must_change_password, disabled, totp_secret, totp_enabled,
	totp_last_step, failed_logins, locked_until, last_login_at, created_at, updated_at`

func scanUser(row scanner) (*auth.User, error) {
	var u auth.User
	var locked, last, created, updated sqldb.Time
	err := row.Scan(&u.ID, &u.Username, &u.Name, &u.Email, &u.PasswordHash, &u.MustChangePassword, &u.Disabled, &u.TOTPSecret,
		&u.TOTPEnabled, &u.TOTPLastStep, &u.FailedLogins, &locked, &last, &created, &updated)
	u.LockedUntil, u.LastLoginAt, u.CreatedAt, u.UpdatedAt = locked.Time, last.Time, created.Time, updated.Time
	return &u, err
}

// UserByID implements auth.Store.
func (s *Auth) UserByID(ctx context.Context, id string) (*auth.User, error) {
	return s.user(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id)
}

// UserByUsername implements auth.Store.
func (s *Auth) UserByUsername(ctx context.Context, username string) (*auth.User, error) {
	return s.user(ctx, `SELECT `+userColumns+` FROM users WHERE username = ?`, username)
}

func (s *Auth) user(ctx context.Context, q string, arg any) (*auth.User, error) {
	u, err := scanUser(s.db.QueryRow(ctx, q, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, userNotFound()
	}
	if err != nil {
		return nil, wrap("get user", err)
	}
	if err := s.loadMemberships(ctx, []*auth.User{u}); err != nil {
		return nil, err
	}
	return u, nil
}

// loadMemberships fills Roles and UnitIDs of users with two queries.
func (s *Auth) loadMemberships(ctx context.Context, users []*auth.User) error {
	if len(users) == 0 {
		return nil
	}
	byID := map[string]*auth.User{}
	args := make([]any, len(users))
	for i, u := range users {
		byID[u.ID], args[i] = u, u.ID
		u.Roles, u.UnitIDs = []string{}, []string{}
	}
	in := placeholders(len(users))
	for _, q := range []struct {
		sql string
		add func(u *auth.User, v string)
	}{
		{`SELECT user_id, role FROM user_roles WHERE user_id IN (` + in + `) ORDER BY role`, func(u *auth.User, v string) { u.Roles = append(u.Roles, v) }},
		{`SELECT user_id, unit_id FROM user_units WHERE user_id IN (` + in + `) ORDER BY unit_id`, func(u *auth.User, v string) { u.UnitIDs = append(u.UnitIDs, v) }},
	} {
		rows, err := s.db.Query(ctx, q.sql, args...)
		if err != nil {
			return wrap("memberships", err)
		}
		for rows.Next() {
			var uid, v string
			if err := rows.Scan(&uid, &v); err != nil {
				rows.Close()
				return wrap("memberships", err)
			}
			q.add(byID[uid], v)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return wrap("memberships", err)
		}
	}
	return nil
}

// userScopeClause limits users to those with a unit in scope (All: every user).
func userScopeClause(scope cem.Scope) (string, []any) {
	if scope.All {
		return "1 = 1", nil
	}
	cond, args := scopeClause("uu.unit_id", scope)
	return `EXISTS (SELECT 1 FROM user_units uu WHERE uu.user_id = users.id AND ` + cond + `)`, args
}

// ListUsers implements auth.Store: ordered by username, keyset paging.
func (s *Auth) ListUsers(ctx context.Context, f auth.UserFilter, p cem.PageRequest) (cem.Page[*auth.User], error) {
	cond, args := userScopeClause(f.Scope)
	where := []string{cond}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + strings.ToLower(q) + "%"
		where = append(where, `(LOWER(username) LIKE ? OR LOWER(name) LIKE ? OR LOWER(email) LIKE ?)`)
		args = append(args, like, like, like)
	}
	if f.Role != "" {
		where = append(where, `EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = users.id AND r.role = ?)`)
		args = append(args, f.Role)
	}
	if f.UnitID != "" {
		where = append(where, `EXISTS (SELECT 1 FROM user_units fu WHERE fu.user_id = users.id AND fu.unit_id = ?)`)
		args = append(args, f.UnitID)
	}
	if f.Disabled != nil {
		where = append(where, `disabled = ?`)
		args = append(args, *f.Disabled)
	}
	if p.Cursor != "" {
		var after string
		if err := cem.DecodeCursor(p.Cursor, &after); err != nil {
			return cem.Page[*auth.User]{}, err
		}
		where = append(where, `username > ?`)
		args = append(args, after)
	}
	args = append(args, p.Limit+1)
	rows, err := s.db.Query(ctx, `SELECT `+userColumns+` FROM users WHERE `+strings.Join(where, " AND ")+` ORDER BY username LIMIT ?`, args...)
	if err != nil {
		return cem.Page[*auth.User]{}, wrap("list users", err)
	}
	var out []*auth.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return cem.Page[*auth.User]{}, wrap("list users", err)
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return cem.Page[*auth.User]{}, wrap("list users", err)
	}
	page := cem.Page[*auth.User]{Items: out}
	if len(out) > p.Limit {
		page.Items = out[:p.Limit]
		page.NextCursor = cem.EncodeCursor(page.Items[p.Limit-1].Username)
	}
	return page, s.loadMemberships(ctx, page.Items)
}

// UserInScope implements auth.Store.
func (s *Auth) UserInScope(ctx context.Context, userID string, scope cem.Scope) (bool, error) {
	cond, args := userScopeClause(scope)
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE id = ? AND `+cond, append([]any{userID}, args...)...).Scan(&n)
	return n > 0, wrap("user in scope", err)
}

// UnitsInScope implements auth.Store.
func (s *Auth) UnitsInScope(ctx context.Context, unitIDs []string, scope cem.Scope) (bool, error) {
	if len(unitIDs) == 0 {
		return true, nil
	}
	cond, args := scopeClause("org_units.id", scope)
	ids := make([]any, len(unitIDs))
	for i, id := range unitIDs {
		ids[i] = id
	}
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM org_units WHERE id IN (`+placeholders(len(ids))+`) AND `+cond, append(ids, args...)...).Scan(&n)
	return n == len(unitIDs), wrap("units in scope", err)
}

// RecordLoginFailure implements auth.Store in one statement, so concurrent
// failures all count.
func (s *Auth) RecordLoginFailure(ctx context.Context, userID string, lockAfter int, lockUntil time.Time) (int, error) {
	var n int
	err := s.db.QueryRowWrite(ctx, `UPDATE users SET failed_logins = failed_logins + 1,
		locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE locked_until END
		WHERE id = ? RETURNING failed_logins`, lockAfter, sqldb.Time{Time: lockUntil}, userID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, userNotFound()
	}
	return n, wrap("record login failure", err)
}

// RecordLoginSuccess implements auth.Store.
func (s *Auth) RecordLoginSuccess(ctx context.Context, userID string, at time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?`, sqldb.Time{Time: at}, userID)
	return wrap("record login success", err)
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
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
