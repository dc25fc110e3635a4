package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

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

// TestCheckpointerCopiesTheLog: the writer leaves checkpoints to the
// background checkpointer (issue #5 item 10), so after ~2 000 pages of
// commits — past SQLite's default automatic checkpoint, short of the
// writer's backstop — the database file itself grows without any
// checkpoint by the writer.
func TestCheckpointerCopiesTheLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	if _, err := db.Exec(ctx, `CREATE TABLE blobs (b BLOB)`); err != nil {
		t.Fatal(err)
	}
	start, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	page := make([]byte, 4000)
	for i := 0; i < 20; i++ { // 20 commits of 100 pages
		if err := db.InTx(ctx, func(ctx context.Context) error {
			for j := 0; j < 100; j++ {
				if _, err := db.Exec(ctx, `INSERT INTO blobs (b) VALUES (?)`, page); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() > start.Size()+4<<20 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("database file %d bytes after 2 000 pages of commits: the log was not checkpointed", st.Size())
		}
		<-time.After(5 * time.Millisecond) // poll the condition
	}
}
