package auth

// Permissions are named capabilities; every API operation declares the one it
// needs. The full catalogue, custom roles and data scopes arrive with the
// identity issue (#3); this is the part the platform shell needs.
const (
	// PermPublic marks operations anyone may call, signed in or not.
	PermPublic = "public"
	// PermSignedIn marks operations any signed-in principal may call.
	PermSignedIn = "signed_in"
	// PermSystemAdmin covers system settings, users and keys.
	PermSystemAdmin = "system.admin"
)

// Built-in role ids.
const (
	RoleAdmin = "admin"
)

// rolePermissions maps built-in roles to their permissions.
var rolePermissions = map[string][]string{
	RoleAdmin: {PermSystemAdmin},
}

// PermissionsOf returns the union of the permissions of roles.
func PermissionsOf(roles []string) map[string]bool {
	m := map[string]bool{PermSignedIn: true, PermPublic: true}
	for _, r := range roles {
		for _, p := range rolePermissions[r] {
			m[p] = true
		}
	}
	return m
}
