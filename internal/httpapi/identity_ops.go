package httpapi

import (
	"net/http"
	"time"

	"github.com/opencem/opencem/internal/auth"
)

// ListUsersInput filters the user list.
type ListUsersInput struct {
	Cursor   string `query:"cursor" doc:"Cursor from the previous page's meta.next_cursor."`
	Limit    int    `query:"limit" doc:"Page size, 1–500 (default 50)."`
	Q        string `query:"q" doc:"Matches username, name or e-mail."`
	Role     string `query:"role" doc:"Only users holding this role."`
	UnitID   string `query:"unit_id" doc:"Only members of this organisation unit."`
	Disabled string `query:"disabled" enum:"true,false" doc:"Only disabled (true) or active (false) users."`
}

// CreateUserInput is the body of createUser.
type CreateUserInput struct {
	Username string   `json:"username" doc:"Login name: 2–64 letters, digits or . _ @ -." example:"li.lei"`
	Name     string   `json:"name" doc:"Display name." example:"李雷"`
	Email    string   `json:"email,omitempty" doc:"E-mail address."`
	Roles    []string `json:"roles,omitempty" doc:"Role ids to grant; only roles within your own permissions."`
	UnitIDs  []string `json:"unit_ids,omitempty" doc:"Organisation units the user belongs to; within your data scope."`
	Password string   `json:"password,omitempty" doc:"Initial password; when empty one is generated. The user must change it at first sign-in." format:"password"`
}

// CreatedUser is a new user with its initial password, shown once.
type CreatedUser struct {
	User            User   `json:"user" doc:"The new user."`
	InitialPassword string `json:"initial_password" doc:"The initial password, shown only this once."`
}

// PatchUserInput changes some fields of a user.
type PatchUserInput struct {
	ID       string    `path:"id" doc:"User id."`
	Name     *string   `json:"name,omitempty" doc:"New display name."`
	Email    *string   `json:"email,omitempty" doc:"New e-mail address (empty to clear)."`
	Roles    *[]string `json:"roles,omitempty" doc:"Replaces the user's roles."`
	UnitIDs  *[]string `json:"unit_ids,omitempty" doc:"Replaces the user's organisation units."`
	Disabled *bool     `json:"disabled,omitempty" doc:"Disable (true) or enable (false) the user; disabling ends its sessions."`
}

// PasswordOutput carries a generated password, shown once.
type PasswordOutput struct {
	Password string `json:"password" doc:"The new temporary password, shown only this once; the user must change it at next sign-in."`
}

// Permission is one entry of the permission catalogue.
type Permission struct {
	ID          string `json:"id" doc:"Permission id, as in roles and API keys." example:"surveys.read"`
	Group       string `json:"group" doc:"Area the permission belongs to."`
	Description string `json:"description" doc:"What the permission allows."`
}

// RoleOut is a role as the API shows it.
type RoleOut struct {
	ID          string    `json:"id" doc:"Role id."`
	Name        string    `json:"name" doc:"Display name."`
	Description string    `json:"description" doc:"What the role is for."`
	Permissions []string  `json:"permissions" doc:"Permissions the role grants."`
	Builtin     bool      `json:"builtin" doc:"Built-in roles cannot be edited except for require_2fa."`
	Require2FA  bool      `json:"require_2fa" doc:"Holders must sign in with a second factor."`
	UpdatedAt   time.Time `json:"updated_at" doc:"Last change."`
}

// RoleInput is the body of createRole and replaceRole.
type RoleInput struct {
	ID          string   `path:"id" doc:"Role id (replaceRole only)."`
	NewID       string   `json:"id,omitempty" doc:"Role id for a new role: 2–40 lower-case letters, digits, _ or -."`
	Name        string   `json:"name" doc:"Display name."`
	Description string   `json:"description,omitempty" doc:"What the role is for."`
	Permissions []string `json:"permissions" doc:"Permission ids from the catalogue."`
	Require2FA  bool     `json:"require_2fa,omitempty" doc:"Holders must sign in with a second factor."`
}

func roleOut(r *auth.Role) RoleOut {
	return RoleOut{ID: r.ID, Name: r.Name, Description: r.Description, Permissions: nonNil(r.Permissions), Builtin: r.Builtin, Require2FA: r.Require2FA, UpdatedAt: r.UpdatedAt}
}

func (a *API) identityOps() []Op {
	userErrs := []string{auth.CodeUserNotFound}
	grantErrs := []string{auth.CodeGrantExceeds, auth.CodeUsernameTaken}
	return []Op{
		Handle(Op{ID: "listUsers", Method: http.MethodGet, Path: "/users", Tag: "Users", Permission: auth.PermUsersRead,
			Summary: "List users in my data scope", Description: "Users whose organisation units lie outside the caller's scope are not listed (clause 6.3.5d)."},
			func(c *Call, in *ListUsersInput) (List[User], error) {
				f := auth.UserFilter{Query: in.Q, Role: in.Role, UnitID: in.UnitID}
				if in.Disabled != "" {
					d := in.Disabled == "true"
					f.Disabled = &d
				}
				page, err := a.svc.Auth.ListUsers(c.Ctx, f, Page(in.Cursor, in.Limit))
				if err != nil {
					return List[User]{}, err
				}
				out := make([]User, 0, len(page.Items))
				for _, u := range page.Items {
					out = append(out, userOut(u))
				}
				return List[User]{Items: out, NextCursor: page.NextCursor}, nil
			}),
		Handle(Op{ID: "createUser", Method: http.MethodPost, Path: "/users", Tag: "Users", Permission: auth.PermUsersManage, Status: http.StatusCreated,
			Summary: "Create a user", Errors: grantErrs},
			func(c *Call, in *CreateUserInput) (CreatedUser, error) {
				u, pw, err := a.svc.Auth.CreateUser(c.Ctx, auth.NewUser{Username: in.Username, Name: in.Name, Email: in.Email, Roles: in.Roles, UnitIDs: in.UnitIDs, Password: in.Password})
				if err != nil {
					return CreatedUser{}, err
				}
				return CreatedUser{User: userOut(u), InitialPassword: pw}, nil
			}),
		Handle(Op{ID: "getUser", Method: http.MethodGet, Path: "/users/{id}", Tag: "Users", Permission: auth.PermUsersRead,
			Summary: "Get a user", Errors: userErrs},
			func(c *Call, in *IDPath) (User, error) {
				u, err := a.svc.Auth.GetUser(c.Ctx, in.ID)
				if err != nil {
					return User{}, err
				}
				return userOut(u), nil
			}),
		Handle(Op{ID: "updateUser", Method: http.MethodPatch, Path: "/users/{id}", Tag: "Users", Permission: auth.PermUsersManage,
			Summary: "Change a user", Description: "Only the fields sent change. Granting the admin role raises a security alarm.",
			Errors: append([]string{auth.CodeSelfLockout}, append(userErrs, grantErrs...)...)},
			func(c *Call, in *PatchUserInput) (User, error) {
				u, err := a.svc.Auth.UpdateUser(c.Ctx, in.ID, auth.UserPatch{Name: in.Name, Email: in.Email, Roles: in.Roles, UnitIDs: in.UnitIDs, Disabled: in.Disabled})
				if err != nil {
					return User{}, err
				}
				return userOut(u), nil
			}),
		Handle(Op{ID: "resetUserPassword", Method: http.MethodPost, Path: "/users/{id}/reset-password", Tag: "Users", Permission: auth.PermUsersManage,
			Summary: "Reset a user's password", Description: "Generates a temporary password, unlocks the account and ends its sessions.", Errors: userErrs},
			func(c *Call, in *IDPath) (PasswordOutput, error) {
				pw, err := a.svc.Auth.AdminResetPassword(c.Ctx, in.ID)
				return PasswordOutput{Password: pw}, err
			}),
		Handle(Op{ID: "resetUserMFA", Method: http.MethodPost, Path: "/users/{id}/reset-mfa", Tag: "Users", Permission: auth.PermUsersManage,
			Summary: "Turn off a user's second factor", Description: "For a lost phone: the user signs in with the password and enrols again.",
			Errors: append([]string{auth.CodeMFAState}, userErrs...)},
			func(c *Call, in *IDPath) (NoContent, error) {
				return NoContent{}, a.svc.Auth.AdminResetMFA(c.Ctx, in.ID)
			}),
		Handle(Op{ID: "listPermissions", Method: http.MethodGet, Path: "/permissions", Tag: "Roles", Permission: auth.PermSignedIn,
			Summary: "List the permission catalogue"},
			func(c *Call, _ *NoBody) (List[Permission], error) {
				out := make([]Permission, 0, len(auth.Catalogue))
				for _, p := range auth.Catalogue {
					out = append(out, Permission{ID: p.ID, Group: p.Group, Description: p.Description})
				}
				return List[Permission]{Items: out}, nil
			}),
		Handle(Op{ID: "listRoles", Method: http.MethodGet, Path: "/roles", Tag: "Roles", Permission: auth.PermUsersRead,
			Summary: "List roles"},
			func(c *Call, _ *NoBody) (List[RoleOut], error) {
				roles, err := a.svc.Auth.ListRoles(c.Ctx)
				if err != nil {
					return List[RoleOut]{}, err
				}
				out := make([]RoleOut, 0, len(roles))
				for _, r := range roles {
					out = append(out, roleOut(r))
				}
				return List[RoleOut]{Items: out}, nil
			}),
		Handle(Op{ID: "createRole", Method: http.MethodPost, Path: "/roles", Tag: "Roles", Permission: auth.PermRolesManage, Status: http.StatusCreated,
			Summary: "Create a custom role", Errors: []string{auth.CodeRoleExists, auth.CodeGrantExceeds}},
			func(c *Call, in *RoleInput) (RoleOut, error) {
				r, err := a.svc.Auth.CreateRole(c.Ctx, auth.RoleInput{ID: in.NewID, Name: in.Name, Description: in.Description, Permissions: in.Permissions, Require2FA: in.Require2FA})
				if err != nil {
					return RoleOut{}, err
				}
				return roleOut(r), nil
			}),
		Handle(Op{ID: "replaceRole", Method: http.MethodPut, Path: "/roles/{id}", Tag: "Roles", Permission: auth.PermRolesManage,
			Summary: "Replace a role", Description: "Custom roles: name, description, permissions and require_2fa. Built-in roles: require_2fa only.",
			Errors: []string{auth.CodeRoleNotFound, auth.CodeRoleBuiltin, auth.CodeGrantExceeds}},
			func(c *Call, in *RoleInput) (RoleOut, error) {
				r, err := a.svc.Auth.UpdateRole(c.Ctx, auth.RoleInput{ID: in.ID, Name: in.Name, Description: in.Description, Permissions: in.Permissions, Require2FA: in.Require2FA})
				if err != nil {
					return RoleOut{}, err
				}
				return roleOut(r), nil
			}),
		Handle(Op{ID: "deleteRole", Method: http.MethodDelete, Path: "/roles/{id}", Tag: "Roles", Permission: auth.PermRolesManage,
			Summary: "Delete a custom role", Errors: []string{auth.CodeRoleNotFound, auth.CodeRoleBuiltin, auth.CodeRoleInUse}},
			func(c *Call, in *IDPath) (NoContent, error) {
				return NoContent{}, a.svc.Auth.DeleteRole(c.Ctx, in.ID)
			}),
	}
}
