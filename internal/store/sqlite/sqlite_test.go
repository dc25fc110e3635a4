package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/opencem/opencem/internal/store/sqldb"
	"github.com/opencem/opencem/internal/store/sqlite"
	"github.com/opencem/opencem/internal/store/storetest"
)

// OpenTest opens a migrated database in the test's temp dir.
func openTest(t *testing.T) *sqldb.DB {
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background(), sqlite.Migrations()); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestConformance(t *testing.T) { storetest.Run(t, openTest) }

func TestMigrateIsIdempotent(t *testing.T) {
	db := openTest(t)
	again, err := db.Migrate(context.Background(), sqlite.Migrations())
	if err != nil || len(again) != 0 {
		t.Fatalf("second migrate applied %d (%v)", len(again), err)
	}
	st, err := db.MigrationStatus(context.Background(), sqlite.Migrations())
	if err != nil || len(st) == 0 || !st[0].Applied {
		t.Fatalf("status: %+v %v", st, err)
	}
}

func TestMigrateFactsByResponse(t *testing.T) {
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	storetest.MigrateFactsByResponse(t, db, sqlite.Migrations())
}
