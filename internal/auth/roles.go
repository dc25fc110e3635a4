package auth

import (
	"context"
	"regexp"
	"strings"

	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/cem"
)

var roleIDRE = regexp.MustCompile(`^[a-z][a-z0-9_-]{1,39}$`)

// ListRoles lists built-in and custom roles with their permissions. Needs
// users.read or roles.manage. Errors: forbidden.
func (s *Service) ListRoles(ctx context.Context) ([]*Role, error) {
	a := cem.ActorFrom(ctx)
	if !a.Can(PermUsersRead) && !a.Can(PermRolesManage) {
		return nil, cem.E(cem.CodeForbidden, "You do not have permission to see roles.")
	}
	roles, err := s.store.ListRoles(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range roles {
		if r.Builtin {
			r.Permissions = builtinPerms[r.ID]
		}
	}
	return roles, nil
}

// RoleInput is a custom role's editable fields.
type RoleInput struct {
	ID, Name, Description string
	Permissions           []string
	Require2FA            bool
}

// CreateRole adds a custom role. Needs roles.manage; without system.admin
// only permissions the caller holds may be included. Errors: forbidden,
// validation_failed, role_exists, grant_exceeds_own.
func (s *Service) CreateRole(ctx context.Context, in RoleInput) (*Role, error) {
	a, err := require(ctx, PermRolesManage)
	if err != nil {
		return nil, err
	}
	if f := validateRole(in, true); len(f) > 0 {
		return nil, cem.Invalid("Some fields are invalid.", f...)
	}
	if err := checkPermGrant(a, in.Permissions); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	r := &Role{ID: in.ID, Name: strings.TrimSpace(in.Name), Description: strings.TrimSpace(in.Description), Permissions: dedupe(in.Permissions),
		Require2FA: in.Require2FA, CreatedAt: now, UpdatedAt: now}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateRole(ctx, r); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "role.create", TargetType: "role", TargetID: r.ID, Outcome: "success", After: roleAudit(r)})
	})
	return r, err
}

// UpdateRole replaces a custom role's name, description, permissions and
// two-factor requirement; on a built-in role only the two-factor requirement
// may change. Needs roles.manage. Errors: forbidden, role_not_found,
// role_builtin, validation_failed, grant_exceeds_own.
func (s *Service) UpdateRole(ctx context.Context, in RoleInput) (*Role, error) {
	a, err := require(ctx, PermRolesManage)
	if err != nil {
		return nil, err
	}
	var out *Role
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		r, err := s.store.RoleByID(ctx, in.ID)
		if err != nil {
			return err
		}
		before := roleAudit(r)
		if r.Builtin {
			if strings.TrimSpace(in.Name) != r.Name || !samePerms(in.Permissions, builtinPerms[r.ID]) && len(in.Permissions) > 0 {
				return cem.E(CodeRoleBuiltin, "Built-in roles keep their name and permissions; only the two-factor requirement can change.")
			}
			r.Require2FA = in.Require2FA
		} else {
			if f := validateRole(in, false); len(f) > 0 {
				return cem.Invalid("Some fields are invalid.", f...)
			}
			if err := checkPermGrant(a, in.Permissions); err != nil {
				return err
			}
			r.Name, r.Description, r.Permissions, r.Require2FA = strings.TrimSpace(in.Name), strings.TrimSpace(in.Description), dedupe(in.Permissions), in.Require2FA
		}
		r.UpdatedAt = s.now().UTC()
		if err := s.store.UpdateRole(ctx, r); err != nil {
			return err
		}
		out = r
		return s.audit.Record(ctx, audit.Event{Action: "role.update", TargetType: "role", TargetID: r.ID, Outcome: "success", Before: before, After: roleAudit(r)})
	})
	if out != nil && out.Builtin {
		out.Permissions = builtinPerms[out.ID]
	}
	return out, err
}

// DeleteRole removes a custom role nobody holds. Needs roles.manage.
// Errors: forbidden, role_not_found, role_builtin, role_in_use.
func (s *Service) DeleteRole(ctx context.Context, id string) error {
	if _, err := require(ctx, PermRolesManage); err != nil {
		return err
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		r, err := s.store.RoleByID(ctx, id)
		if err != nil {
			return err
		}
		if r.Builtin {
			return cem.E(CodeRoleBuiltin, "Built-in roles cannot be deleted.")
		}
		if err := s.store.DeleteRole(ctx, id); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "role.delete", TargetType: "role", TargetID: id, Outcome: "success", Before: roleAudit(r)})
	})
}

func validateRole(in RoleInput, isNew bool) []cem.FieldError {
	var f []cem.FieldError
	if isNew && (!roleIDRE.MatchString(in.ID) || IsBuiltinRole(in.ID)) {
		f = append(f, cem.FieldError{Name: "id", Reason: "2–40 lower-case letters, digits, _ or -, starting with a letter, not a built-in role id"})
	}
	if n := len([]rune(strings.TrimSpace(in.Name))); n < 1 || n > 60 {
		f = append(f, cem.FieldError{Name: "name", Reason: "1–60 characters"})
	}
	if len([]rune(in.Description)) > 500 {
		f = append(f, cem.FieldError{Name: "description", Reason: "at most 500 characters"})
	}
	if len(in.Permissions) == 0 {
		f = append(f, cem.FieldError{Name: "permissions", Reason: "choose at least one permission"})
	}
	for _, p := range in.Permissions {
		if !KnownPermission(p) {
			f = append(f, cem.FieldError{Name: "permissions", Reason: "unknown permission " + p})
		}
	}
	return f
}

func checkPermGrant(a *cem.Actor, perms []string) error {
	if a.Can(PermSystemAdmin) {
		return nil
	}
	for _, p := range perms {
		if !a.Can(p) {
			return cem.E(CodeGrantExceeds, "You cannot grant %s: you do not hold it.", p)
		}
	}
	return nil
}

func samePerms(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]bool{}
	for _, p := range a {
		m[p] = true
	}
	for _, p := range b {
		if !m[p] {
			return false
		}
	}
	return true
}

func roleAudit(r *Role) map[string]any {
	return map[string]any{"name": r.Name, "description": r.Description, "permissions": r.Permissions, "require_2fa": r.Require2FA}
}
