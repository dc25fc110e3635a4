package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/org"
	"github.com/opencem/opencem/internal/store"
	"github.com/opencem/opencem/internal/store/sqldb"
)

// orgTree builds HQ → {North, South}; North → {N-City → {N-S1, N-S2}}; South → S-S1.
type orgTree struct {
	s     *store.Org
	units map[string]*org.Unit // by code
}

func (tr *orgTree) add(t *testing.T, c context.Context, code, parent string) *org.Unit {
	t.Helper()
	id := cem.NewID()
	u := &org.Unit{ID: id, Code: code, Name: "单位 " + code, Path: "/" + id + "/", CreatedAt: ts, UpdatedAt: ts}
	if p := tr.units[parent]; p != nil {
		u.ParentID, u.Path, u.Depth = p.ID, p.Path+id+"/", p.Depth+1
	}
	if err := tr.s.CreateUnit(c, u); err != nil {
		t.Fatalf("create %s: %v", code, err)
	}
	tr.units[code] = u
	return u
}

func (tr *orgTree) codes(units []*org.Unit) []string {
	out := make([]string, len(units))
	for i, u := range units {
		out[i] = u.Code
	}
	return out
}

func testOrg(t *testing.T, open Opener) {
	db := open(t)
	c := ctx(t)
	tr := &orgTree{s: store.NewOrg(db), units: map[string]*org.Unit{}}
	s := tr.s
	all := cem.Scope{All: true}
	tr.add(t, c, "HQ", "")
	tr.add(t, c, "NORTH", "HQ")
	tr.add(t, c, "SOUTH", "HQ")
	tr.add(t, c, "N-CITY", "NORTH")
	tr.add(t, c, "N-S1", "N-CITY")
	tr.add(t, c, "N-S2", "N-CITY")
	tr.add(t, c, "S-S1", "SOUTH")
	north := cem.Scope{UnitIDs: []string{tr.units["NORTH"].ID}}

	t.Run("CreateAndGet", func(t *testing.T) {
		got, err := s.Unit(c, all, tr.units["N-S1"].ID)
		if err != nil {
			t.Fatal(err)
		}
		want := tr.units["N-S1"]
		if got.Code != "N-S1" || got.Name != "单位 N-S1" || got.ParentID != tr.units["N-CITY"].ID || got.ParentCode != "N-CITY" ||
			got.Path != want.Path || got.Depth != 3 || !got.CreatedAt.Equal(ts) || !got.UpdatedAt.Equal(ts) {
			t.Fatalf("round trip changed the unit: %+v", got)
		}
		root, _ := s.UnitByCode(c, all, "HQ")
		if root.ParentID != "" || root.Depth != 0 || root.ChildCount != 2 || root.Path != "/"+root.ID+"/" {
			t.Fatalf("root: %+v", root)
		}
		if _, err := s.Unit(c, all, "nope"); cem.CodeOf(err) != org.CodeUnitNotFound {
			t.Fatalf("missing unit: %v", err)
		}
	})
	t.Run("CodeTaken", func(t *testing.T) {
		dup := &org.Unit{ID: cem.NewID(), Code: "HQ", Name: "x", CreatedAt: ts, UpdatedAt: ts}
		dup.Path = "/" + dup.ID + "/"
		err := db.InTx(c, func(c context.Context) error { return s.CreateUnit(c, dup) })
		if cem.CodeOf(err) != org.CodeCodeTaken {
			t.Fatalf("duplicate code: %v", err)
		}
		u := *tr.units["SOUTH"]
		u.Code = "NORTH"
		err = db.InTx(c, func(c context.Context) error { return s.UpdateUnit(c, &u) })
		if cem.CodeOf(err) != org.CodeCodeTaken {
			t.Fatalf("update to a taken code: %v", err)
		}
	})
	t.Run("ScopedReads", func(t *testing.T) {
		got, err := s.Units(c, north, org.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"NORTH", "N-CITY", "N-S1", "N-S2"}; !equalStrings(tr.codes(got), want) {
			t.Fatalf("north scope sees %v, want %v", tr.codes(got), want)
		}
		if got[0].ParentID != tr.units["HQ"].ID || got[0].ParentCode != "" {
			t.Fatalf("the parent outside the scope must not show its code: %+v", got[0])
		}
		if _, err := s.Unit(c, north, tr.units["S-S1"].ID); cem.CodeOf(err) != org.CodeUnitNotFound {
			t.Fatalf("a unit outside the scope: %v", err)
		}
		if _, err := s.UnitByCode(c, north, "HQ"); cem.CodeOf(err) != org.CodeUnitNotFound {
			t.Fatalf("an ancestor outside the scope: %v", err)
		}
		if got, _ := s.Units(c, cem.Scope{}, org.Filter{}); len(got) != 0 {
			t.Fatalf("an empty scope sees %v", tr.codes(got))
		}
		everything, _ := s.Units(c, all, org.Filter{})
		if len(everything) != 7 || everything[0].Code != "HQ" {
			t.Fatalf("all scope: %v", tr.codes(everything))
		}
		// Two units of which one contains the other: no duplicates.
		both := cem.Scope{UnitIDs: []string{tr.units["NORTH"].ID, tr.units["N-CITY"].ID, tr.units["S-S1"].ID}}
		if got, _ := s.Units(c, both, org.Filter{}); len(got) != 5 {
			t.Fatalf("overlapping scope: %v", tr.codes(got))
		}
	})
	t.Run("Filters", func(t *testing.T) {
		cases := []struct {
			name  string
			scope cem.Scope
			f     org.Filter
			want  []string
		}{
			{"roots of all", all, org.Filter{Roots: true}, []string{"HQ"}},
			{"roots of a scope", north, org.Filter{Roots: true}, []string{"NORTH"}},
			{"children", all, org.Filter{ParentID: tr.units["N-CITY"].ID}, []string{"N-S1", "N-S2"}},
			{"q on code, any case", all, org.Filter{Q: "n-s"}, []string{"N-S1", "N-S2"}},
			{"q on name", all, org.Filter{Q: "单位 S-"}, []string{"S-S1"}},
			{"q wildcards are literal", all, org.Filter{Q: "%"}, nil},
			{"q in scope", north, org.Filter{Q: "S1"}, []string{"N-S1"}},
			{"paged", all, org.Filter{After: tr.units["N-CITY"].Path, Limit: 2}, []string{"N-S1", "N-S2"}},
		}
		for _, tc := range cases {
			got, err := s.Units(c, tc.scope, tc.f)
			if err != nil || !equalStrings(tr.codes(got), tc.want) {
				t.Errorf("%s: got %v (%v), want %v", tc.name, tr.codes(got), err, tc.want)
			}
		}
	})
	t.Run("MoveSubtree", func(t *testing.T) {
		city, south := tr.units["N-CITY"], tr.units["SOUTH"]
		at := ts.Add(time.Hour)
		err := db.InTx(c, func(c context.Context) error {
			if err := s.LockTree(c); err != nil {
				return err
			}
			return s.MoveUnit(c, city, south.ID, south.Path+city.ID+"/", at)
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{"N-CITY", "N-S1", "N-S2"} {
			u, _ := s.UnitByCode(c, all, code)
			if u.Path[:len(south.Path)] != south.Path || u.Depth != depthOfPath(u.Path) {
				t.Errorf("%s not moved: path %s depth %d", code, u.Path, u.Depth)
			}
		}
		moved, _ := s.UnitByCode(c, all, "N-CITY")
		if moved.ParentID != south.ID || moved.ParentCode != "SOUTH" || moved.Depth != 2 || !moved.UpdatedAt.Equal(at) {
			t.Fatalf("moved unit: %+v", moved)
		}
		if got, _ := s.Units(c, north, org.Filter{}); !equalStrings(tr.codes(got), []string{"NORTH"}) {
			t.Fatalf("north still sees %v", tr.codes(got))
		}
		southScope := cem.Scope{UnitIDs: []string{south.ID}}
		if got, _ := s.Units(c, southScope, org.Filter{}); len(got) != 5 {
			t.Fatalf("south sees %v", tr.codes(got))
		}
		// To the top level and back.
		err = db.InTx(c, func(c context.Context) error {
			return s.MoveUnit(c, moved, "", "/"+moved.ID+"/", at)
		})
		if err != nil {
			t.Fatal(err)
		}
		top, _ := s.UnitByCode(c, all, "N-S1")
		if top.Depth != 1 || top.Path != "/"+moved.ID+"/"+tr.units["N-S1"].ID+"/" {
			t.Fatalf("after moving to the top: %+v", top)
		}
		if roots, _ := s.Units(c, all, org.Filter{Roots: true}); len(roots) != 2 {
			t.Fatalf("roots: %v", tr.codes(roots))
		}
	})
	t.Run("UsageAndDelete", func(t *testing.T) {
		s1 := tr.units["S-S1"]
		userID := cem.NewID()
		mustExec(t, db, `INSERT INTO users (id, username, name, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			userID, "org.member", "Member", "h", sqldb.Time{Time: ts}, sqldb.Time{Time: ts})
		mustExec(t, db, `INSERT INTO user_units (user_id, unit_id) VALUES (?, ?)`, userID, s1.ID)
		use, err := s.Usage(c, s1.ID)
		if err != nil || use.Members != 1 || use.Children != 0 || use.APIKeys != 0 {
			t.Fatalf("usage of S-S1: %+v %v", use, err)
		}
		if use, _ := s.Usage(c, tr.units["HQ"].ID); use.Children != 2 {
			t.Fatalf("usage of HQ: %+v", use)
		}
		if u, _ := s.UnitByCode(c, all, "S-S1"); u.MemberCount != 1 {
			t.Fatalf("member count: %+v", u)
		}
		n2 := tr.units["N-S2"]
		if err := s.DeleteUnit(c, n2.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Unit(c, all, n2.ID); cem.CodeOf(err) != org.CodeUnitNotFound {
			t.Fatalf("deleted unit still there: %v", err)
		}
		if err := s.DeleteUnit(c, n2.ID); cem.CodeOf(err) != org.CodeUnitNotFound {
			t.Fatalf("deleting twice: %v", err)
		}
	})
	t.Run("ExistingCodes", func(t *testing.T) {
		got, err := s.ExistingCodes(c, []string{"HQ", "nope", "S-S1"})
		if err != nil || len(got) != 2 || !got["HQ"] || !got["S-S1"] {
			t.Fatalf("existing codes: %v %v", got, err)
		}
	})
}

func depthOfPath(p string) int {
	n := 0
	for i := 0; i < len(p); i++ {
		if p[i] == '/' {
			n++
		}
	}
	return n - 2
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
