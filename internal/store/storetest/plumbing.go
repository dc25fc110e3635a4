package storetest

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
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
	t.Run("ExecValues", func(t *testing.T) { testExecValues(t, db) })
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

// testExecValues: statements with driver-form arguments (the group
// commit's bulk inserts, issue #5 item 10) behave like Exec in and out of
// transactions, savepoints and rollbacks, whichever path the adapter takes.
// The group commit's context cannot be canceled, which on SQLite sends
// them straight to the driver; so does this test's.
func testExecValues(t *testing.T, db *sqldb.DB) {
	bg := context.Background()
	mustExec(t, db, `CREATE TABLE st_values (id TEXT PRIMARY KEY, n INTEGER NOT NULL, doc TEXT NOT NULL)`)
	args := func(vs ...any) []driver.NamedValue {
		out := make([]driver.NamedValue, len(vs))
		for i, v := range vs {
			out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
		}
		return out
	}
	count := func(id string) (n int) {
		t.Helper()
		if err := db.QueryRow(bg, `SELECT COUNT(*) FROM st_values WHERE id = ?`, id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	const insert = `INSERT INTO st_values (id, n, doc) VALUES (?, ?, ?)`
	// Outside a transaction; an int and a driver.Valuer are converted.
	if _, err := db.ExecValues(bg, insert, args("out", 7, sqldb.JSON([]string{"a"}))); err != nil {
		t.Fatal(err)
	}
	var n int
	var doc string
	if err := db.QueryRow(bg, `SELECT n, doc FROM st_values WHERE id = ?`, "out").Scan(&n, &doc); err != nil || n != 7 || doc != `["a"]` {
		t.Fatalf("converted values: %d %q %v", n, doc, err)
	}
	// In a transaction, reusing one argument slice: committed together.
	err := db.InTx(bg, func(c context.Context) error {
		a := args("in1", int64(1), "x")
		if res, err := db.ExecValues(c, insert, a); err != nil {
			return err
		} else if k, err := res.RowsAffected(); err != nil || k != 1 {
			return fmt.Errorf("rows affected %d, %v", k, err)
		}
		a[0].Value, a[1].Value = "in2", int64(2)
		_, err := db.ExecValues(c, insert, a)
		return err
	})
	if err != nil || count("in1") != 1 || count("in2") != 1 {
		t.Fatalf("in a transaction: %v, %d, %d", err, count("in1"), count("in2"))
	}
	// A duplicate key is a unique violation; a failed transaction and a
	// failed savepoint undo their statements.
	boom := errors.New("boom")
	err = db.InTx(bg, func(c context.Context) error {
		// (In a savepoint: on PostgreSQL a failed statement aborts the
		// transaction.)
		fnErr, err := db.InSavepoint(c, func(c context.Context) error {
			_, err := db.ExecValues(c, insert, args("in1", int64(9), "dup"))
			return err
		})
		if !db.IsUniqueViolation(fnErr) || err != nil {
			return fmt.Errorf("duplicate key: %v, %v", fnErr, err)
		}
		fnErr, err = db.InSavepoint(c, func(c context.Context) error {
			if _, err := db.ExecValues(c, insert, args("sp", int64(3), "x")); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(fnErr, boom) || err != nil {
			return fmt.Errorf("savepoint: %v, %v", fnErr, err)
		}
		if _, err := db.ExecValues(c, insert, args("kept", int64(4), "x")); err != nil {
			return err
		}
		return nil
	})
	if err != nil || count("sp") != 0 || count("kept") != 1 {
		t.Fatalf("savepoint rolled back: %v, %d, %d", err, count("sp"), count("kept"))
	}
	err = db.InTx(bg, func(c context.Context) error {
		if _, err := db.ExecValues(c, insert, args("gone", int64(5), "x")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) || count("gone") != 0 {
		t.Fatalf("rolled back: %v, %d", err, count("gone"))
	}
	// A transaction whose context can be canceled takes Exec's path.
	cc, cancel := context.WithCancel(bg)
	defer cancel()
	if err := db.InTx(cc, func(c context.Context) error {
		_, err := db.ExecValues(c, insert, args("cancelable", int64(6), "x"))
		return err
	}); err != nil || count("cancelable") != 1 {
		t.Fatalf("cancelable context: %v", err)
	}
	// A value no driver takes is an error, not a panic.
	if err := db.InTx(bg, func(c context.Context) error {
		_, err := db.ExecValues(c, insert, args("bad", struct{}{}, "x"))
		return err
	}); err == nil || count("bad") != 0 {
		t.Fatalf("unsupported value: %v", err)
	}
}
