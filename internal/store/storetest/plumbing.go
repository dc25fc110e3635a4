package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/opencem/opencem/internal/store/sqldb"
)

func testPlumbing(t *testing.T, open Opener) {
	db := open(t)
	c := ctx(t)
	mustExec(t, db, `CREATE TABLE st_plumb (id TEXT PRIMARY KEY, note TEXT NOT NULL)`)

	t.Run("RebindKeepsQuotedQuestionMarks", func(t *testing.T) {
		mustExec(t, db, `INSERT INTO st_plumb (id, note) VALUES (?, 'why?')`, "a")
		var note string
		if err := db.QueryRow(c, `SELECT note FROM st_plumb WHERE id = ?`, "a").Scan(&note); err != nil || note != "why?" {
			t.Fatalf("got %q, %v", note, err)
		}
	})
	t.Run("UniqueViolationDetected", func(t *testing.T) {
		_, err := db.Exec(c, `INSERT INTO st_plumb (id, note) VALUES (?, ?)`, "a", "dup")
		if !db.IsUniqueViolation(err) {
			t.Fatalf("duplicate primary key not reported as unique violation: %v", err)
		}
		if db.IsUniqueViolation(errors.New("other")) {
			t.Fatal("plain error reported as unique violation")
		}
	})
	t.Run("TxRollbackOnError", func(t *testing.T) {
		boom := errors.New("boom")
		err := db.InTx(c, func(c context.Context) error {
			if _, err := db.Exec(c, `INSERT INTO st_plumb (id, note) VALUES (?, ?)`, "rolled", "x"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx returned %v, want boom", err)
		}
		var n int
		_ = db.QueryRow(c, `SELECT COUNT(*) FROM st_plumb WHERE id = ?`, "rolled").Scan(&n)
		if n != 0 {
			t.Fatal("rolled back insert is visible")
		}
	})
	t.Run("NestedTxJoins", func(t *testing.T) {
		err := db.InTx(c, func(c context.Context) error {
			return db.InTx(c, func(c context.Context) error {
				if !sqldb.InTransaction(c) {
					t.Error("inner context has no transaction")
				}
				_, err := db.Exec(c, `INSERT INTO st_plumb (id, note) VALUES (?, ?)`, "nested", "x")
				return err
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		var n int
		_ = db.QueryRow(c, `SELECT COUNT(*) FROM st_plumb WHERE id = ?`, "nested").Scan(&n)
		if n != 1 {
			t.Fatal("nested insert not committed")
		}
	})
	t.Run("PingAndStats", func(t *testing.T) {
		if err := db.Ping(c); err != nil {
			t.Fatal(err)
		}
		if _, ok := db.PoolStats()["write"]; !ok {
			t.Fatal("no write pool stats")
		}
	})
}

func mustExec(t *testing.T, db *sqldb.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
