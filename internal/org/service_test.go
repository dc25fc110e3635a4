package org_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/org"
	"github.com/opencem/opencem/internal/store"
	"github.com/opencem/opencem/internal/store/sqldb"
)

// A store-level user reaches nothing of a sibling store through any
// operation; a region user sees its stores; an All user sees everything.
func TestScopeIsolation(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.tree()
		shop := e.as(manage, "N-S1")
		region := e.as(manage, "NORTH")
		sibling := e.unit("N-S2").ID
		mine := e.unit("N-S1").ID

		if got := e.listAll(shop, org.Query{}); !equal(got, []string{"N-S1"}) {
			t.Fatalf("store user lists %v", got)
		}
		if got := e.listAll(region, org.Query{}); !equal(got, []string{"NORTH", "N-S1", "N-S2"}) {
			t.Fatalf("region user lists %v", got)
		}
		if got := e.listAll(e.admin(), org.Query{}); len(got) != 6 || got[0] != "HQ" {
			t.Fatalf("admin lists %v", got)
		}
		if got := e.listAll(shop, org.Query{Q: "N-S"}); !equal(got, []string{"N-S1"}) {
			t.Fatalf("store user searching finds %v", got)
		}
		if got := e.listAll(shop, org.Query{ParentID: e.unit("NORTH").ID}); !equal(got, []string{"N-S1"}) {
			t.Fatalf("store user listing the region's children finds %v", got)
		}
		if got := e.listAll(region, org.Query{Roots: true}); !equal(got, []string{"NORTH"}) {
			t.Fatalf("region user's roots: %v", got)
		}
		if got := e.listAll(e.admin(), org.Query{Roots: true}); !equal(got, []string{"HQ"}) {
			t.Fatalf("admin's roots: %v", got)
		}
		if u, err := e.svc.Get(region, sibling); err != nil || u.Code != "N-S2" || u.ParentCode != "NORTH" {
			t.Fatalf("region user gets its shop: %+v %v", u, err)
		}
		if u, _ := e.svc.Get(shop, mine); u.ParentCode != "" {
			t.Fatalf("the store user sees its region's code: %+v", u)
		}

		notFound := map[string]func() error{
			"get":          func() error { _, err := e.svc.Get(shop, sibling); return err },
			"get ancestor": func() error { _, err := e.svc.Get(shop, e.unit("NORTH").ID); return err },
			"update":       func() error { n := "x"; _, err := e.svc.Update(shop, sibling, org.UpdateInput{Name: &n}); return err },
			"move it":      func() error { _, err := e.svc.Move(shop, sibling, mine); return err },
			"move into it": func() error { _, err := e.svc.Move(shop, mine, sibling); return err },
			"delete":       func() error { return e.svc.Delete(shop, sibling) },
			"create under it": func() error {
				_, err := e.svc.Create(shop, org.CreateInput{Code: "X", Name: "x", ParentID: sibling})
				return err
			},
			"region moves out": func() error {
				_, err := e.svc.Move(region, e.unit("N-S1").ID, e.unit("SOUTH").ID)
				return err
			},
		}
		for name, fn := range notFound {
			wantCode(t, name, fn(), org.CodeUnitNotFound)
		}
		_, err := e.svc.Create(region, org.CreateInput{Code: "TOP", Name: "top"})
		wantCode(t, "region user creates a root", err, cem.CodeForbidden)
		_, err = e.svc.Move(region, e.unit("N-S1").ID, "")
		wantCode(t, "region user moves to the top", err, cem.CodeForbidden)

		ex, err := e.svc.Export(shop, org.FormatCSV)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := ex.Write(&b); err != nil {
			t.Fatal(err)
		}
		if got := b.String(); got != "\ufeffcode,name,parent_code\nN-S1,名称 N-S1,\n" {
			t.Fatalf("store user's export:\n%q", got)
		}

		// The region user may work inside its subtree.
		if _, err := e.svc.Create(region, org.CreateInput{Code: "N-S3", Name: "三号店", ParentID: e.unit("NORTH").ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Move(region, e.unit("N-S3").ID, mine); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Delete(region, e.unit("N-S3").ID); err != nil {
			t.Fatal(err)
		}
	})
}

func TestPermissions(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.tree()
		id := e.unit("N-S1").ID
		reader := e.as(map[string]bool{auth.PermOrgRead: true})
		nobody := e.as(map[string]bool{auth.PermUsersRead: true})
		if _, err := e.svc.Get(reader, id); err != nil {
			t.Fatal(err)
		}
		_, err := e.svc.List(nobody, org.Query{}, cem.PageRequest{})
		wantCode(t, "list without org.read", err, cem.CodeForbidden)
		_, err = e.svc.Get(context.Background(), id)
		wantCode(t, "get without an actor", err, cem.CodeUnauthenticated)
		name := "x"
		writes := map[string]func() error{
			"create": func() error { _, err := e.svc.Create(reader, org.CreateInput{Code: "X", Name: "x"}); return err },
			"update": func() error { _, err := e.svc.Update(reader, id, org.UpdateInput{Name: &name}); return err },
			"move":   func() error { _, err := e.svc.Move(reader, id, ""); return err },
			"delete": func() error { return e.svc.Delete(reader, id) },
			"import": func() error {
				_, err := e.svc.Import(reader, org.FormatCSV, []byte("code,name,parent_code\nX,x,\n"), false)
				return err
			},
			"export": func() error { _, err := e.svc.Export(reader, org.FormatCSV); return err },
		}
		for name, fn := range writes {
			wantCode(t, name+" with org.read only", fn(), cem.CodeForbidden)
		}
	})
}

func TestCreateUpdateValidation(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.tree()
		admin := e.admin()
		_, err := e.svc.Create(admin, org.CreateInput{Code: "bad code!", Name: strings.Repeat("名", 101)})
		wantCode(t, "invalid unit", err, cem.CodeValidationFailed)
		if f := cem.AsError(err).Fields; len(f) != 2 || f[0].Name != "code" || f[1].Name != "name" {
			t.Fatalf("fields: %+v", f)
		}
		_, err = e.svc.Create(admin, org.CreateInput{Code: "HQ", Name: "again"})
		wantCode(t, "duplicate code", err, org.CodeCodeTaken)
		_, err = e.svc.Create(admin, org.CreateInput{Code: "X", Name: "x", ParentID: "missing"})
		wantCode(t, "missing parent", err, org.CodeUnitNotFound)

		u, err := e.svc.Create(admin, org.CreateInput{Code: " A.b_c-1 ", Name: " 朝阳店 ", ParentID: e.unit("NORTH").ID})
		if err != nil || u.Code != "A.b_c-1" || u.Name != "朝阳店" || u.Depth != 2 || u.ParentCode != "NORTH" {
			t.Fatalf("create: %+v %v", u, err)
		}
		code, name := "CY-01", "朝阳门店"
		got, err := e.svc.Update(admin, u.ID, org.UpdateInput{Code: &code, Name: &name})
		if err != nil || got.Code != code || got.Name != name || got.Path != u.Path {
			t.Fatalf("update: %+v %v", got, err)
		}
		taken := "SOUTH"
		_, err = e.svc.Update(admin, u.ID, org.UpdateInput{Code: &taken})
		wantCode(t, "update to a taken code", err, org.CodeCodeTaken)
		if acts := e.rec.actions(); acts[len(acts)-1] != "org_unit.update" || acts[len(acts)-2] != "org_unit.create" {
			t.Fatalf("audit: %v", acts)
		}
		ev := e.rec.last()
		if ev.TargetType != "org_unit" || ev.TargetID != u.ID || ev.Before.(map[string]any)["code"] != "A.b_c-1" || ev.After.(map[string]any)["code"] != code {
			t.Fatalf("update event: %+v", ev)
		}
	})
}

func TestMove(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.tree()
		admin := e.admin()
		north := e.unit("NORTH")
		_, err := e.svc.Move(admin, north.ID, e.unit("N-S1").ID)
		wantCode(t, "move under a descendant", err, org.CodeCycle)
		_, err = e.svc.Move(admin, north.ID, north.ID)
		wantCode(t, "move under itself", err, org.CodeCycle)

		// Data keeps pointing at the unit id: a member stays a member.
		s1 := e.unit("N-S1")
		member := addMember(t, e.db, s1.ID)
		moved, err := e.svc.Move(admin, north.ID, e.unit("SOUTH").ID)
		if err != nil || moved.Depth != 2 || moved.ParentCode != "SOUTH" {
			t.Fatalf("move: %+v %v", moved, err)
		}
		after := e.unit("N-S1")
		if after.ID != s1.ID || after.Depth != 3 || !strings.HasPrefix(after.Path, e.unit("SOUTH").Path) || after.MemberCount != 1 {
			t.Fatalf("subtree after the move: %+v", after)
		}
		var unit string
		if err := e.db.QueryRow(context.Background(), `SELECT unit_id FROM user_units WHERE user_id = ?`, member).Scan(&unit); err != nil || unit != s1.ID {
			t.Fatalf("membership after the move: %q %v", unit, err)
		}
		ev := e.rec.last()
		if ev.Action != "org_unit.move" || ev.Before.(map[string]any)["parent_id"] != e.unit("HQ").ID || ev.After.(map[string]any)["parent_id"] != e.unit("SOUTH").ID {
			t.Fatalf("move event: %+v", ev)
		}
		// Moving to the same parent changes and records nothing.
		n := len(e.rec.actions())
		if _, err := e.svc.Move(admin, north.ID, e.unit("SOUTH").ID); err != nil || len(e.rec.actions()) != n {
			t.Fatalf("no-op move: %v, %d events", err, len(e.rec.actions())-n)
		}
		// A store user's region is now under SOUTH: a SOUTH user sees it.
		if got := e.listAll(e.as(manage, "SOUTH"), org.Query{}); len(got) != 5 {
			t.Fatalf("south user after the move: %v", got)
		}
		top, err := e.svc.Move(admin, north.ID, "")
		if err != nil || top.Depth != 0 || top.ParentID != "" || e.unit("N-S2").Depth != 1 {
			t.Fatalf("move to the top: %+v %v", top, err)
		}
	})
}

func TestDelete(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.tree()
		admin := e.admin()
		wantCode(t, "delete with children", e.svc.Delete(admin, e.unit("NORTH").ID), org.CodeHasChildren)
		addMember(t, e.db, e.unit("N-S1").ID)
		wantCode(t, "delete with members", e.svc.Delete(admin, e.unit("N-S1").ID), org.CodeHasMembers)
		s2 := e.unit("N-S2")
		if err := e.svc.Delete(admin, s2.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "deleted", e.svc.Delete(admin, s2.ID), org.CodeUnitNotFound)
		if ev := e.rec.last(); ev.Action != "org_unit.delete" || ev.TargetID != s2.ID || ev.After != nil {
			t.Fatalf("delete event: %+v", ev)
		}
	})
}

func TestListPaging(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.tree()
		admin := e.admin()
		page, err := e.svc.List(admin, org.Query{}, cem.PageRequest{Limit: 4})
		if err != nil || len(page.Items) != 4 || page.NextCursor == "" {
			t.Fatalf("first page: %d items, cursor %q, %v", len(page.Items), page.NextCursor, err)
		}
		// Parents precede children.
		seen := map[string]bool{}
		for _, code := range e.listAll(admin, org.Query{}) {
			u := e.unit(code)
			if u.ParentCode != "" && !seen[u.ParentCode] {
				t.Fatalf("%s listed before its parent %s", code, u.ParentCode)
			}
			seen[code] = true
		}
		_, err = e.svc.List(admin, org.Query{}, cem.PageRequest{Cursor: "not a cursor"})
		wantCode(t, "bad cursor", err, cem.CodeInvalidCursor)
	})
}

// addMember inserts a user belonging to unit and returns its id.
func addMember(t *testing.T, db *sqldb.DB, unit string) string {
	t.Helper()
	id := cem.NewID()
	ctx := context.Background()
	if _, err := db.Exec(ctx, `INSERT INTO users (id, username, name, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		id, "u"+strings.ToLower(id), "Member", "h", sqldb.Time{Time: clock}, sqldb.Time{Time: clock}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO user_units (user_id, unit_id) VALUES (?, ?)`, id, unit); err != nil {
		t.Fatal(err)
	}
	return id
}

// The events are accepted by the real, hash-chained audit trail.
func TestRealAuditTrail(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		trail := audit.NewService(store.NewAudit(e.db), e.db, nil)
		e.svc = org.NewService(store.NewOrg(e.db), e.db, trail, nil)
		e.tree()
		admin := e.admin()
		code, parent := "NORTH-2", e.unit("SOUTH").ID
		if _, err := e.svc.Update(admin, e.unit("NORTH").ID, org.UpdateInput{Code: &code, ParentID: &parent}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Import(admin, org.FormatCSV, csvOf(threeLevels), false); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Export(admin, org.FormatXLSX); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Delete(admin, e.unit("S-S1").ID); err != nil {
			t.Fatal(err)
		}
		rep, err := trail.Verify(context.Background())
		if err != nil || rep.Problem != nil || rep.Entries != 6+2+1+1+1 {
			t.Fatalf("audit trail: %+v %v", rep, err)
		}
	})
}

// Two opposite moves at once: the tree lock lets one win and the other
// see the result and refuse the cycle.
func TestConcurrentMovesCannotCycle(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.tree()
		admin := e.admin()
		north, south := e.unit("NORTH").ID, e.unit("SOUTH").ID
		errs := make(chan error, 2)
		go func() { _, err := e.svc.Move(admin, north, south); errs <- err }()
		go func() { _, err := e.svc.Move(admin, south, north); errs <- err }()
		a, b := <-errs, <-errs
		if (a == nil) == (b == nil) || cem.CodeOf(a)+cem.CodeOf(b) != org.CodeCycle {
			t.Fatalf("opposite moves: %v, %v", a, b)
		}
		for _, code := range []string{"NORTH", "SOUTH", "N-S1", "S-S1"} {
			if u := e.unit(code); !strings.HasPrefix(u.Path, e.unit("HQ").Path) || strings.Count(u.Path, "/")-2 != u.Depth {
				t.Fatalf("%s after the race: %+v", code, u)
			}
		}
	})
}
