package postgres

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/store/sqldb"
)

// TestDSNEnv names the environment variable with the PostgreSQL DSN tests use.
const TestDSNEnv = "OPENCEM_TEST_PG_DSN"

// TestSchemaDSN creates an empty schema for one test and returns a DSN whose
// search_path points at it; the schema is dropped when the test ends. Without
// OPENCEM_TEST_PG_DSN the test is skipped locally but fails under CI=true:
// CI always runs the PostgreSQL suite.
func TestSchemaDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(TestDSNEnv)
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set; CI must run the PostgreSQL suite (make test starts a server)", TestDSNEnv)
		}
		t.Skipf("%s not set; run make test to start a PostgreSQL for these tests", TestDSNEnv)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := "t_" + strings.ToLower(cem.NewID())
	if _, err := admin.ExecContext(context.Background(), `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			_, _ = a.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", TestDSNEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// OpenTest opens a migrated database in a fresh schema for one test.
func OpenTest(t testing.TB) *sqldb.DB {
	t.Helper()
	db, err := Open(context.Background(), TestSchemaDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background(), Migrations()); err != nil {
		t.Fatal(err)
	}
	return db
}
