package auth

import (
	"context"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/alarm"
	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/cem"
)

var usernameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$`)

// require returns forbidden unless the actor in ctx holds perm. The HTTP
// layer checks the same permission first; services check again so that no
// other caller can skip it.
func require(ctx context.Context, perm string) (*cem.Actor, error) {
	a := cem.ActorFrom(ctx)
	if !a.Can(perm) {
		return nil, cem.E(cem.CodeForbidden, "You do not have permission to do this (%s).", perm)
	}
	return a, nil
}

// ListUsers lists users in the caller's data scope. Needs users.read.
// Errors: forbidden, invalid_cursor.
func (s *Service) ListUsers(ctx context.Context, f UserFilter, p cem.PageRequest) (cem.Page[*User], error) {
	a, err := require(ctx, PermUsersRead)
	if err != nil {
		return cem.Page[*User]{}, err
	}
	f.Scope = a.Scope
	return s.store.ListUsers(ctx, f, p.Normalize())
}

// GetUser returns one user in the caller's scope (users outside it are not
// found). Needs users.read, or is the caller. Errors: forbidden, user_not_found.
func (s *Service) GetUser(ctx context.Context, id string) (*User, error) {
	a := cem.ActorFrom(ctx)
	if a != nil && a.Kind == "user" && a.ID == id {
		return s.store.UserByID(ctx, id)
	}
	if _, err := require(ctx, PermUsersRead); err != nil {
		return nil, err
	}
	return s.userInScope(ctx, a, id)
}

func (s *Service) userInScope(ctx context.Context, a *cem.Actor, id string) (*User, error) {
	notFound := cem.E(CodeUserNotFound, "The user was not found.")
	ok, err := s.store.UserInScope(ctx, id, a.Scope)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound
	}
	return s.store.UserByID(ctx, id)
}

// NewUser is the input of CreateUser.
type NewUser struct {
	Username, Name, Email string
	Roles, UnitIDs        []string
	Password              string // empty: generate one, shown once
}

// CreateUser creates a user who must change the password at first sign-in.
// Needs users.manage; roles and units granted must be within the caller's
// own (grant_exceeds_own). Returns the user and its initial password.
// Errors: forbidden, validation_failed, username_taken, grant_exceeds_own.
func (s *Service) CreateUser(ctx context.Context, in NewUser) (*User, string, error) {
	a, err := require(ctx, PermUsersManage)
	if err != nil {
		return nil, "", err
	}
	in.Username, in.Name, in.Email = strings.TrimSpace(in.Username), strings.TrimSpace(in.Name), strings.TrimSpace(in.Email)
	var fields []cem.FieldError
	if !usernameRE.MatchString(in.Username) {
		fields = append(fields, cem.FieldError{Name: "username", Reason: "2–64 letters, digits or . _ @ -, starting with a letter or digit"})
	}
	fields = append(fields, checkProfile(in.Name, in.Email)...)
	pw := in.Password
	if pw == "" {
		pw = GeneratePassword()
	} else if err := ValidatePassword(pw); err != nil {
		fields = append(fields, cem.AsError(err).Fields...)
	}
	if len(fields) > 0 {
		return nil, "", cem.Invalid("Some fields are invalid.", fields...)
	}
	roles, units := dedupe(in.Roles), dedupe(in.UnitIDs)
	if err := s.checkGrant(ctx, a, nil, roles, units); err != nil {
		return nil, "", err
	}
	hash, err := HashPassword(pw)
	if err != nil {
		return nil, "", err
	}
	now := s.now().UTC()
	u := &User{ID: cem.NewID(), Username: in.Username, Name: in.Name, Email: in.Email, PasswordHash: hash, MustChangePassword: true,
		Roles: roles, UnitIDs: units, CreatedAt: now, UpdatedAt: now}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateUser(ctx, u); err != nil {
			return err
		}
		// Alarm before audit: both lock until commit, and every transaction
		// takes them in this order (alarm, then audit head) to avoid deadlock.
		if err := s.alarmAdminGrant(ctx, a, u, nil); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "user.create", TargetType: "user", TargetID: u.ID, Outcome: "success", After: userAudit(u)})
	})
	if err != nil {
		return nil, "", err
	}
	return u, pw, nil
}

// UserPatch changes some fields of a user; nil means unchanged.
type UserPatch struct {
	Name, Email    *string
	Roles, UnitIDs *[]string
	Disabled       *bool
}

// UpdateUser changes a user in the caller's scope. Needs users.manage.
// Disabling ends the user's sessions. Errors: forbidden, user_not_found,
// validation_failed, grant_exceeds_own, self_lockout.
func (s *Service) UpdateUser(ctx context.Context, id string, p UserPatch) (*User, error) {
	a, err := require(ctx, PermUsersManage)
	if err != nil {
		return nil, err
	}
	var out *User
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		u, err := s.userInScope(ctx, a, id)
		if err != nil {
			return err
		}
		before := userAudit(u)
		oldRoles := append([]string(nil), u.Roles...)
		name, email := u.Name, u.Email
		if p.Name != nil {
			name = strings.TrimSpace(*p.Name)
		}
		if p.Email != nil {
			email = strings.TrimSpace(*p.Email)
		}
		if f := checkProfile(name, email); len(f) > 0 {
			return cem.Invalid("Some fields are invalid.", f...)
		}
		u.Name, u.Email = name, email
		var newRoles, newUnits []string
		if p.Roles != nil {
			newRoles = dedupe(*p.Roles)
		}
		if p.UnitIDs != nil {
			newUnits = dedupe(*p.UnitIDs)
		}
		if err := s.checkGrant(ctx, a, u, newRoles, newUnits); err != nil {
			return err
		}
		if p.Roles != nil {
			if u.ID == a.ID && slices.Contains(u.Roles, RoleAdmin) && !slices.Contains(newRoles, RoleAdmin) {
				return cem.E(CodeSelfLockout, "You cannot take away your own administrator role.")
			}
			u.Roles = newRoles
		}
		if p.UnitIDs != nil {
			u.UnitIDs = newUnits
		}
		if p.Disabled != nil {
			if *p.Disabled && u.ID == a.ID {
				return cem.E(CodeSelfLockout, "You cannot disable yourself.")
			}
			u.Disabled = *p.Disabled
			if !u.Disabled {
				u.FailedLogins, u.LockedUntil = 0, time.Time{}
			}
		}
		u.UpdatedAt = s.now().UTC()
		if err := s.store.UpdateUser(ctx, u); err != nil {
			return err
		}
		if u.Disabled {
			if err := s.store.DeleteUserSessions(ctx, u.ID); err != nil {
				return err
			}
		}
		if err := s.alarmAdminGrant(ctx, a, u, oldRoles); err != nil {
			return err
		}
		out = u
		return s.audit.Record(ctx, audit.Event{Action: "user.update", TargetType: "user", TargetID: u.ID, Outcome: "success", Before: before, After: userAudit(u)})
	})
	return out, err
}

// AdminResetPassword gives a user in scope a generated password that must be
// changed at next sign-in, unlocks it and ends its sessions. Needs
// users.manage. Errors: forbidden, user_not_found.
func (s *Service) AdminResetPassword(ctx context.Context, id string) (string, error) {
	a, err := require(ctx, PermUsersManage)
	if err != nil {
		return "", err
	}
	pw := GeneratePassword()
	hash, err := HashPassword(pw)
	if err != nil {
		return "", err
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		u, err := s.userInScope(ctx, a, id)
		if err != nil {
			return err
		}
		u.PasswordHash, u.MustChangePassword, u.FailedLogins, u.LockedUntil, u.UpdatedAt = hash, true, 0, time.Time{}, s.now().UTC()
		if err := s.store.UpdateUser(ctx, u); err != nil {
			return err
		}
		if err := s.store.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "user.reset_password", TargetType: "user", TargetID: u.ID, Outcome: "success"})
	})
	return pw, err
}

// AdminResetMFA turns off a user's second factor (a lost phone). Needs
// users.manage. Errors: forbidden, user_not_found, mfa_state.
func (s *Service) AdminResetMFA(ctx context.Context, id string) error {
	a, err := require(ctx, PermUsersManage)
	if err != nil {
		return err
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		u, err := s.userInScope(ctx, a, id)
		if err != nil {
			return err
		}
		if !u.TOTPEnabled {
			return cem.E(CodeMFAState, "This user has no second factor.")
		}
		if err := s.clearTOTP(ctx, u, "user.mfa_reset"); err != nil {
			return err
		}
		return s.store.DeleteUserSessions(ctx, u.ID)
	})
}

// ChangePassword changes the signed-in user's own password and ends their
// other sessions. Errors: unauthenticated, password_incorrect, validation_failed.
func (s *Service) ChangePassword(ctx context.Context, current, next string, keepSession string) error {
	u, err := s.UserOf(ctx, cem.ActorFrom(ctx))
	if err != nil {
		return err
	}
	if !CheckPassword(u.PasswordHash, current) {
		return cem.Invalid("The current password is wrong.", cem.FieldError{Name: "current_password", Reason: "incorrect"})
	}
	if err := ValidatePassword(next); err != nil {
		e := cem.AsError(err)
		for i := range e.Fields {
			e.Fields[i].Name = "new_password"
		}
		return e
	}
	if next == current {
		return cem.Invalid("Choose a password different from the current one.", cem.FieldError{Name: "new_password", Reason: "same as current"})
	}
	hash, err := HashPassword(next)
	if err != nil {
		return err
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		u.PasswordHash, u.MustChangePassword, u.UpdatedAt = hash, false, s.now().UTC()
		if err := s.store.UpdateUser(ctx, u); err != nil {
			return err
		}
		sessions, err := s.store.ListSessions(ctx, u.ID)
		if err != nil {
			return err
		}
		for _, ss := range sessions {
			if ss.TokenHash != hashToken(keepSession) {
				if err := s.store.DeleteSession(ctx, ss.TokenHash); err != nil {
					return err
				}
			}
		}
		return s.audit.Record(ctx, audit.Event{Action: "user.change_password", TargetType: "user", TargetID: u.ID, Outcome: "success"})
	})
}

// MySessions lists the signed-in user's sessions. Errors: unauthenticated.
func (s *Service) MySessions(ctx context.Context) ([]*Session, error) {
	a := cem.ActorFrom(ctx)
	if a == nil || a.Kind != "user" {
		return nil, cem.E(cem.CodeUnauthenticated, "Please sign in.")
	}
	return s.store.ListSessions(ctx, a.ID)
}

// RevokeMySession ends one of the signed-in user's sessions.
// Errors: unauthenticated, session_not_found.
func (s *Service) RevokeMySession(ctx context.Context, id string) error {
	a := cem.ActorFrom(ctx)
	if a == nil || a.Kind != "user" {
		return cem.E(cem.CodeUnauthenticated, "Please sign in.")
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.DeleteSessionByID(ctx, a.ID, id); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "auth.session_revoke", TargetType: "session", TargetID: id, Outcome: "success"})
	})
}

// RecoveryCodesLeft counts the signed-in user's unused recovery codes.
func (s *Service) RecoveryCodesLeft(ctx context.Context, userID string) (int, error) {
	return s.store.CountRecoveryCodes(ctx, userID)
}

// checkGrant enforces least privilege on grants: roles must exist; a caller
// without system.admin may only grant roles whose permissions it holds; and
// units must lie in the caller's scope. Only additions are checked, so a
// scoped manager can still edit a user who holds something it does not.
func (s *Service) checkGrant(ctx context.Context, a *cem.Actor, u *User, roles, units []string) error {
	var had, hadUnits []string
	if u != nil {
		had, hadUnits = u.Roles, u.UnitIDs
	}
	all, err := s.store.ListRoles(ctx)
	if err != nil {
		return err
	}
	byID := map[string]*Role{}
	for _, r := range all {
		byID[r.ID] = r
	}
	var fields []cem.FieldError
	for _, r := range roles {
		role := byID[r]
		if role == nil {
			fields = append(fields, cem.FieldError{Name: "roles", Reason: "unknown role " + r})
			continue
		}
		if slices.Contains(had, r) || a.Can(PermSystemAdmin) {
			continue
		}
		perms := role.Permissions
		if role.Builtin {
			perms = builtinPerms[r]
		}
		for _, p := range perms {
			if !a.Can(p) {
				return cem.E(CodeGrantExceeds, "You cannot grant the role %s: it includes %s, which you do not hold.", r, p)
			}
		}
	}
	if len(fields) > 0 {
		return cem.Invalid("Some roles do not exist.", fields...)
	}
	var added []string
	for _, id := range units {
		if !slices.Contains(hadUnits, id) {
			added = append(added, id)
		}
	}
	if len(added) > 0 {
		ok, err := s.store.UnitsInScope(ctx, added, a.Scope)
		if err != nil {
			return err
		}
		if !ok {
			return cem.E(CodeGrantExceeds, "Some organisation units do not exist or are outside your data scope.")
		}
	}
	return nil
}

// alarmAdminGrant raises an alarm whenever the admin role is newly granted.
func (s *Service) alarmAdminGrant(ctx context.Context, a *cem.Actor, u *User, before []string) error {
	if !slices.Contains(u.Roles, RoleAdmin) || slices.Contains(before, RoleAdmin) {
		return nil
	}
	return s.alarms.Raise(ctx, alarm.Alarm{Kind: "admin_granted", Severity: "medium", Subject: "user:" + u.Username,
		Message: a.Name + " granted the administrator role to " + u.Username + ".",
		Details: map[string]any{"user": u.Username, "by": a.ID}})
}

func checkProfile(name, email string) []cem.FieldError {
	var f []cem.FieldError
	if n := len([]rune(name)); n < 1 || n > 100 {
		f = append(f, cem.FieldError{Name: "name", Reason: "1–100 characters"})
	}
	if email != "" {
		if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email {
			f = append(f, cem.FieldError{Name: "email", Reason: "not an e-mail address"})
		}
	}
	return f
}

func dedupe(in []string) []string {
	out := []string{}
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// UpdateMyProfile changes the signed-in user's own name and e-mail (nil
// leaves a field as it is). Errors: unauthenticated, validation_failed.
func (s *Service) UpdateMyProfile(ctx context.Context, name, email *string) (*User, error) {
	u, err := s.UserOf(ctx, cem.ActorFrom(ctx))
	if err != nil {
		return nil, err
	}
	before := userAudit(u)
	if name != nil {
		u.Name = strings.TrimSpace(*name)
	}
	if email != nil {
		u.Email = strings.TrimSpace(*email)
	}
	if f := checkProfile(u.Name, u.Email); len(f) > 0 {
		return nil, cem.Invalid("Some fields are invalid.", f...)
	}
	u.UpdatedAt = s.now().UTC()
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.UpdateUser(ctx, u); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "user.update_profile", TargetType: "user", TargetID: u.ID, Before: before, After: userAudit(u)})
	})
	return u, err
}
