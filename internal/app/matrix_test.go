package app

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/config"
)

// TestRoleOperationMatrix calls every operation of the API as each built-in
// role and checks the permission rule both ways: a role whose permissions
// include the operation's is never refused with "forbidden", and a role
// without it always is (clause 8.1c). New operations join automatically.
func TestRoleOperationMatrix(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	srv := StartTest(t, cfg)
	adm := admin(t, srv)
	perms := map[string][]string{}
	for _, r := range auth.BuiltinRoles {
		perms[r.ID] = r.Permissions
	}
	ops := srv.API.Ops()
	// Signing out last keeps each role's session for the other operations.
	slices.SortStableFunc(ops, func(a, b httpapiOp) int {
		return boolInt(a.ID == "logout") - boolInt(b.ID == "logout")
	})
	for _, role := range auth.BuiltinRoles {
		createUser(t, adm, "m-"+role.ID, []string{role.ID}, nil)
		c := loginAs(t, srv, "m-"+role.ID, "m-"+role.ID+"-password")
		denied := 0
		for _, op := range ops {
			if op.Permission == auth.PermPublic {
				continue
			}
			path := "/api/v1" + strings.NewReplacer("{id}", "01HZZZZZZZZZZZZZZZZZZZZZZZ").Replace(op.Path)
			body := ""
			if op.Method != http.MethodGet && op.Method != http.MethodDelete {
				body = "{}"
			}
			r := c.do(op.Method, path, body, nil)
			allowed := op.Permission == auth.PermSignedIn || slices.Contains(perms[role.ID], op.Permission)
			code := errCode(r)
			if allowed && (code == "forbidden" || r.Status == 401) {
				t.Errorf("%s %s (%s) as %s: refused with %d %s, but the role holds %s", op.Method, op.Path, op.ID, role.ID, r.Status, code, op.Permission)
			}
			if !allowed {
				denied++
			}
			if !allowed && (r.Status != 403 || code != "forbidden") {
				t.Errorf("%s %s (%s) as %s: got %d %q, want 403 forbidden (role lacks %s)", op.Method, op.Path, op.ID, role.ID, r.Status, code, op.Permission)
			}
		}
		t.Logf("%s: %d operations, %d refused", role.ID, len(ops), denied)
		if role.ID == auth.RoleGuest && denied == 0 {
			t.Error("the guest was refused nothing: the matrix is not exercising permissions")
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
