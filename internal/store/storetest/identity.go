package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/store"
	"github.com/opencem/opencem/internal/store/sqldb"
)

// insertUnit writes an org unit row directly, so this suite does not depend
// on the org store.
func insertUnit(t *testing.T, db *sqldb.DB, id, code, parentPath string) string {
	t.Helper()
	path := parentPath + id + "/"
	depth := 0
	var parent any
	if parentPath != "/" {
		for _, c := range parentPath {
			if c == '/' {
				depth++
			}
		}
		depth--
		p := parentPath[:len(parentPath)-1]
		parent = p[lastSlash(p)+1:]
	}
	mustExec(t, db, `INSERT INTO org_units (id, code, name, parent_id, path, depth, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		id, code, code, parent, path, depth, sqldb.Time{Time: ts}, sqldb.Time{Time: ts})
	return path
}

func lastSlash(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return i
		}
	}
	return -1
}

func testIdentity(t *testing.T, open Opener) {
	db := open(t)
	s := store.NewAuth(db)
	c := ctx(t)
	if err := s.EnsureBuiltinRoles(c, []auth.Role{{ID: "admin", Name: "Administrator", Builtin: true, CreatedAt: ts, UpdatedAt: ts},
		{ID: "analyst", Name: "Analyst", Builtin: true, CreatedAt: ts, UpdatedAt: ts}}); err != nil {
		t.Fatal(err)
	}
	// HQ → East → {Store A, Store B}
	hq := insertUnit(t, db, "U-HQ", "HQ", "/")
	east := insertUnit(t, db, "U-EAST", "EAST", hq)
	insertUnit(t, db, "U-A", "A", east)
	insertUnit(t, db, "U-B", "B", east)
	mk := func(name string, units ...string) *auth.User {
		u := &auth.User{ID: cem.NewID(), Username: name, Name: name, PasswordHash: "h", Roles: []string{"analyst"}, UnitIDs: units, CreatedAt: ts, UpdatedAt: ts}
		if err := db.InTx(c, func(c context.Context) error { return s.CreateUser(c, u) }); err != nil {
			t.Fatal(err)
		}
		return u
	}
	ua, ub, ue, nobody := mk("alice", "U-A"), mk("bob", "U-B"), mk("eve", "U-EAST"), mk("nobody")

	t.Run("ScopeOfUsers", func(t *testing.T) {
		storeA := cem.Scope{UnitIDs: []string{"U-A"}}
		region := cem.Scope{UnitIDs: []string{"U-EAST"}}
		for _, tc := range []struct {
			scope cem.Scope
			user  *auth.User
			want  bool
		}{
			{storeA, ua, true}, {storeA, ub, false}, {storeA, ue, false}, {storeA, nobody, false},
			{region, ua, true}, {region, ub, true}, {region, ue, true}, {region, nobody, false},
			{cem.Scope{All: true}, nobody, true}, {cem.Scope{}, ua, false},
		} {
			got, err := s.UserInScope(c, tc.user.ID, tc.scope)
			if err != nil || got != tc.want {
				t.Errorf("UserInScope(%s, %v) = %v, %v; want %v", tc.user.Username, tc.scope, got, err, tc.want)
			}
		}
		page, err := s.ListUsers(c, auth.UserFilter{Scope: storeA}, cem.PageRequest{Limit: 50})
		if err != nil || len(page.Items) != 1 || page.Items[0].Username != "alice" {
			t.Fatalf("store A sees %v (%v)", names(page.Items), err)
		}
		page, _ = s.ListUsers(c, auth.UserFilter{Scope: region}, cem.PageRequest{Limit: 50})
		if got := names(page.Items); len(got) != 3 {
			t.Fatalf("region sees %v, want alice bob eve", got)
		}
		if ok, _ := s.UnitsInScope(c, []string{"U-A", "U-B"}, region); !ok {
			t.Fatal("region's stores not in region scope")
		}
		if ok, _ := s.UnitsInScope(c, []string{"U-B"}, storeA); ok {
			t.Fatal("sibling store in store A's scope")
		}
		if ok, _ := s.UnitsInScope(c, []string{"U-MISSING"}, cem.Scope{All: true}); ok {
			t.Fatal("missing unit reported in scope")
		}
	})
	t.Run("ListUsersPagesAndFilters", func(t *testing.T) {
		all := cem.Scope{All: true}
		p1, err := s.ListUsers(c, auth.UserFilter{Scope: all}, cem.PageRequest{Limit: 3})
		if err != nil || len(p1.Items) != 3 || p1.NextCursor == "" {
			t.Fatalf("first page: %v %q %v", names(p1.Items), p1.NextCursor, err)
		}
		p2, _ := s.ListUsers(c, auth.UserFilter{Scope: all}, cem.PageRequest{Limit: 3, Cursor: p1.NextCursor})
		if len(p2.Items) != 1 || p2.NextCursor != "" || p2.Items[0].Username != "nobody" {
			t.Fatalf("second page: %v %q", names(p2.Items), p2.NextCursor)
		}
		q, _ := s.ListUsers(c, auth.UserFilter{Scope: all, Query: "BOB"}, cem.PageRequest{Limit: 10})
		if len(q.Items) != 1 || q.Items[0].Username != "bob" {
			t.Fatalf("query: %v", names(q.Items))
		}
		byUnit, _ := s.ListUsers(c, auth.UserFilter{Scope: all, UnitID: "U-EAST"}, cem.PageRequest{Limit: 10})
		if len(byUnit.Items) != 1 || byUnit.Items[0].UnitIDs[0] != "U-EAST" {
			t.Fatalf("unit filter: %v", names(byUnit.Items))
		}
	})
	t.Run("Roles", func(t *testing.T) {
		r := &auth.Role{ID: "store_manager", Name: "Store manager", Permissions: []string{"surveys.read", "responses.read"}, Require2FA: true, CreatedAt: ts, UpdatedAt: ts}
		if err := s.CreateRole(c, r); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateRole(c, r); cem.CodeOf(err) != auth.CodeRoleExists {
			t.Fatalf("duplicate role: %v", err)
		}
		got, err := s.RoleByID(c, "store_manager")
		if err != nil || len(got.Permissions) != 2 || !got.Require2FA || got.Builtin {
			t.Fatalf("role round trip: %+v %v", got, err)
		}
		ua.Roles = []string{"store_manager"}
		if err := s.UpdateUser(c, ua); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteRole(c, "store_manager"); cem.CodeOf(err) != auth.CodeRoleInUse {
			t.Fatalf("delete held role: %v", err)
		}
		ua.Roles = []string{"analyst"}
		_ = s.UpdateUser(c, ua)
		if err := s.DeleteRole(c, "store_manager"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteRole(c, "admin"); cem.CodeOf(err) != auth.CodeRoleNotFound {
			t.Fatalf("built-in role deleted by the store: %v", err)
		}
		roles, _ := s.ListRoles(c)
		if len(roles) != 2 || !roles[0].Builtin {
			t.Fatalf("roles: %d", len(roles))
		}
	})
	t.Run("KeysAndNonces", func(t *testing.T) {
		k := &auth.APIKey{ID: cem.NewID(), Name: "crm", SecretHash: "s1", Permissions: []string{"responses.read"}, UnitID: "U-A",
			CIDRs: []string{"10.0.0.0/8", "2001:db8::/32"}, ExpiresAt: ts.Add(24 * time.Hour), RateLimit: 60, CreatedBy: ua.ID, CreatedAt: ts, UpdatedAt: ts}
		if err := s.CreateKey(c, k); err != nil {
			t.Fatal(err)
		}
		got, err := s.KeyByID(c, k.ID)
		if err != nil || got.UnitID != "U-A" || len(got.CIDRs) != 2 || !got.ExpiresAt.Equal(k.ExpiresAt) || !got.RevokedAt.IsZero() {
			t.Fatalf("key round trip: %+v %v", got, err)
		}
		got.RevokedAt, got.PrevSecretHash, got.PrevExpiresAt = ts, "s0", ts.Add(time.Hour)
		if err := s.UpdateKey(c, got); err != nil {
			t.Fatal(err)
		}
		if err := s.TouchKey(c, k.ID, ts, "2001:db8::1"); err != nil {
			t.Fatal(err)
		}
		again, _ := s.KeyByID(c, k.ID)
		if !again.RevokedAt.Equal(ts) || again.PrevSecretHash != "s0" || again.LastUsedIP != "2001:db8::1" {
			t.Fatalf("key update: %+v", again)
		}
		if _, err := s.KeyByID(c, "nope"); cem.CodeOf(err) != auth.CodeKeyNotFound {
			t.Fatalf("missing key: %v", err)
		}
		fresh, err := s.InsertNonce(c, k.ID, "nonce-0123456789", ts.Add(time.Minute))
		if err != nil || !fresh {
			t.Fatalf("first nonce: %v %v", fresh, err)
		}
		if fresh, _ := s.InsertNonce(c, k.ID, "nonce-0123456789", ts.Add(time.Minute)); fresh {
			t.Fatal("replayed nonce reported fresh")
		}
		_ = s.DeleteExpiredNonces(c, ts.Add(time.Hour))
		if fresh, _ := s.InsertNonce(c, k.ID, "nonce-0123456789", ts.Add(2*time.Hour)); !fresh {
			t.Fatal("expired nonce not swept")
		}
	})
	t.Run("ChallengesAndRecoveryCodes", func(t *testing.T) {
		if err := s.CreateChallenge(c, "ch1", ub.ID, ts.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 2; i++ {
			uid, n, err := s.UseChallenge(c, "ch1", ts)
			if err != nil || uid != ub.ID || n != i {
				t.Fatalf("use %d: %s %d %v", i, uid, n, err)
			}
		}
		if _, _, err := s.UseChallenge(c, "ch1", ts.Add(2*time.Minute)); cem.CodeOf(err) != auth.CodeMFAChallenge {
			t.Fatalf("expired challenge: %v", err)
		}
		if err := s.ReplaceRecoveryCodes(c, ub.ID, []string{"h1", "h2"}); err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.UseRecoveryCode(c, ub.ID, "h1", ts); !ok {
			t.Fatal("code not accepted")
		}
		if ok, _ := s.UseRecoveryCode(c, ub.ID, "h1", ts); ok {
			t.Fatal("code accepted twice")
		}
		if n, _ := s.CountRecoveryCodes(c, ub.ID); n != 1 {
			t.Fatalf("codes left %d", n)
		}
	})
	t.Run("Settings", func(t *testing.T) {
		v, err := s.PutSettingIfAbsent(c, "k", "first", ts)
		if err != nil || v != "first" {
			t.Fatal(v, err)
		}
		if v, _ := s.PutSettingIfAbsent(c, "k", "second", ts); v != "first" {
			t.Fatalf("setting overwritten: %s", v)
		}
	})
}

func names(us []*auth.User) []string {
	var out []string
	for _, u := range us {
		out = append(out, u.Username)
	}
	return out
}
