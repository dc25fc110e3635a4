package org_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/org"
	"github.com/opencem/opencem/internal/store"
	"github.com/opencem/opencem/internal/store/postgres"
	"github.com/opencem/opencem/internal/store/sqldb"
	"github.com/opencem/opencem/internal/store/sqlite"
)

// recorder is an audit.Recorder that keeps events in memory.
type recorder struct {
	mu     sync.Mutex
	events []audit.Event
}

func (r *recorder) Record(_ context.Context, e audit.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
	return nil
}

func (r *recorder) actions() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, len(r.events))
	for i, e := range r.events {
		out[i] = e.Action
	}
	return out
}

func (r *recorder) last() audit.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.events[len(r.events)-1]
}

// env is one service over a fresh database.
type env struct {
	t   *testing.T
	db  *sqldb.DB
	svc *org.Service
	rec *recorder
}

// openers open a fresh, migrated database per dialect.
var openers = map[sqldb.Dialect]func(t *testing.T) *sqldb.DB{
	sqldb.SQLite: func(t *testing.T) *sqldb.DB {
		db, err := sqlite.Open(filepath.Join(t.TempDir(), "test.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(context.Background(), sqlite.Migrations()); err != nil {
			t.Fatal(err)
		}
		return db
	},
	sqldb.Postgres: func(t *testing.T) *sqldb.DB { return postgres.OpenTest(t) },
}

// eachDB runs fn on SQLite, and on PostgreSQL when OPENCEM_TEST_PG_DSN is set.
func eachDB(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, newEnv(t, openers[d](t)))
		})
	}
}

// freshDB opens another empty database of e's dialect.
func freshDB(t *testing.T, e *env) *sqldb.DB { return openers[e.db.Dialect](t) }

var clock = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

func newEnv(t *testing.T, db *sqldb.DB) *env {
	rec := &recorder{}
	return &env{t: t, db: db, rec: rec, svc: org.NewService(store.NewOrg(db), db, rec, func() time.Time { return clock })}
}

var manage = map[string]bool{auth.PermOrgRead: true, auth.PermOrgManage: true}

// as returns a context whose actor has perms and sees the units with the
// given codes (every unit when none are given).
func (e *env) as(perms map[string]bool, codes ...string) context.Context {
	e.t.Helper()
	a := &cem.Actor{Kind: "user", ID: cem.NewID(), Name: "tester", Permissions: perms, Scope: cem.Scope{All: len(codes) == 0}}
	for _, c := range codes {
		a.Scope.UnitIDs = append(a.Scope.UnitIDs, e.unit(c).ID)
	}
	return cem.WithActor(context.Background(), a)
}

func (e *env) admin() context.Context { return e.as(manage) }

// unit reads a unit by code, unscoped.
func (e *env) unit(code string) *org.Unit {
	e.t.Helper()
	u, err := store.NewOrg(e.db).UnitByCode(context.Background(), cem.Scope{All: true}, code)
	if err != nil {
		e.t.Fatalf("unit %s: %v", code, err)
	}
	return u
}

// create makes a unit as an admin; parent is a code or "".
func (e *env) create(code, parent string) *org.Unit {
	e.t.Helper()
	in := org.CreateInput{Code: code, Name: "名称 " + code}
	if parent != "" {
		in.ParentID = e.unit(parent).ID
	}
	u, err := e.svc.Create(e.admin(), in)
	if err != nil {
		e.t.Fatalf("create %s: %v", code, err)
	}
	return u
}

// tree builds HQ → NORTH → {N-S1, N-S2}, HQ → SOUTH → S-S1.
func (e *env) tree() {
	e.create("HQ", "")
	e.create("NORTH", "HQ")
	e.create("SOUTH", "HQ")
	e.create("N-S1", "NORTH")
	e.create("N-S2", "NORTH")
	e.create("S-S1", "SOUTH")
}

// listAll pages through List and returns the codes in order.
func (e *env) listAll(ctx context.Context, q org.Query) []string {
	e.t.Helper()
	var out []string
	p := cem.PageRequest{Limit: 2}
	for {
		page, err := e.svc.List(ctx, q, p)
		if err != nil {
			e.t.Fatalf("list: %v", err)
		}
		for _, u := range page.Items {
			out = append(out, u.Code)
		}
		if page.NextCursor == "" {
			return out
		}
		p.Cursor = page.NextCursor
	}
}

// shape lists every unit as "code<parent_code:name", ordered by path.
func (e *env) shape() []string {
	e.t.Helper()
	units, err := store.NewOrg(e.db).Units(context.Background(), cem.Scope{All: true}, org.Filter{})
	if err != nil {
		e.t.Fatal(err)
	}
	out := make([]string, len(units))
	for i, u := range units {
		out[i] = u.Code + "<" + u.ParentCode + ":" + u.Name
	}
	return out
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := cem.CodeOf(err); got != code {
		t.Fatalf("%s: got %q (%v), want %q", what, got, err, code)
	}
}

func equal(a, b []string) bool {
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
