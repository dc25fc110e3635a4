package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/store/sqldb"
)

func roleNotFound() error { return cem.E(auth.CodeRoleNotFound, "The role was not found.") }

// EnsureBuiltinRoles implements auth.Store: inserts missing built-in rows,
// keeping their require_2fa setting.
func (s *Auth) EnsureBuiltinRoles(ctx context.Context, roles []auth.Role) error {
	for _, r := range roles {
		if _, err := s.db.Exec(ctx, `INSERT INTO roles (id, name, description, permissions, builtin, require_2fa, created_at, updated_at)
			VALUES (?, ?, ?, '[]', ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description`,
			r.ID, r.Name, r.Description, true, false, sqldb.Time{Time: r.CreatedAt}, sqldb.Time{Time: r.UpdatedAt}); err != nil {
			return wrap("ensure role "+r.ID, err)
		}
	}
	return nil
}

const roleColumns = `id, name, description, permissions, builtin, require_2fa, created_at, updated_at`

func scanRole(row scanner) (*auth.Role, error) {
	var r auth.Role
	var created, updated sqldb.Time
	err := row.Scan(&r.ID, &r.Name, &r.Description, sqldb.ScanJSON(&r.Permissions), &r.Builtin, &r.Require2FA, &created, &updated)
	r.CreatedAt, r.UpdatedAt = created.Time, updated.Time
	if r.Permissions == nil {
		r.Permissions = []string{}
	}
	return &r, err
}

// ListRoles implements auth.Store: built-in roles first, then by id.
func (s *Auth) ListRoles(ctx context.Context) ([]*auth.Role, error) {
	return queryAll(ctx, s.db, "list roles", `SELECT `+roleColumns+` FROM roles ORDER BY builtin DESC, id`, nil, scanRole)
}

// RoleByID implements auth.Store.
func (s *Auth) RoleByID(ctx context.Context, id string) (*auth.Role, error) {
	r, err := scanRole(s.db.QueryRow(ctx, `SELECT `+roleColumns+` FROM roles WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, roleNotFound()
	}
	return r, wrap("get role", err)
}

// CreateRole implements auth.Store.
func (s *Auth) CreateRole(ctx context.Context, r *auth.Role) error {
	_, err := s.db.Exec(ctx, `INSERT INTO roles (id, name, description, permissions, builtin, require_2fa, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.Name, r.Description, sqldb.JSON(r.Permissions), false, r.Require2FA,
		sqldb.Time{Time: r.CreatedAt}, sqldb.Time{Time: r.UpdatedAt})
	if s.db.IsUniqueViolation(err) {
		return cem.E(auth.CodeRoleExists, "A role with id %q already exists.", r.ID)
	}
	return wrap("create role", err)
}

// UpdateRole implements auth.Store.
func (s *Auth) UpdateRole(ctx context.Context, r *auth.Role) error {
	perms := r.Permissions
	if r.Builtin {
		perms = []string{}
	}
	res, err := s.db.Exec(ctx, `UPDATE roles SET name = ?, description = ?, permissions = ?, require_2fa = ?, updated_at = ? WHERE id = ?`,
		r.Name, r.Description, sqldb.JSON(perms), r.Require2FA, sqldb.Time{Time: r.UpdatedAt}, r.ID)
	return affectedOne(res, err, "update role", roleNotFound)
}

// DeleteRole implements auth.Store.
func (s *Auth) DeleteRole(ctx context.Context, id string) error {
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM user_roles WHERE role = ?`, id).Scan(&n); err != nil {
		return wrap("role holders", err)
	}
	if n > 0 {
		return cem.E(auth.CodeRoleInUse, "%d users hold this role; take it away from them first.", n)
	}
	res, err := s.db.Exec(ctx, `DELETE FROM roles WHERE id = ? AND builtin = ?`, id, false)
	return affectedOne(res, err, "delete role", roleNotFound)
}
