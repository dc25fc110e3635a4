package app

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/config"
	"github.com/opencem/opencem/internal/store/postgres"
)

// TestDatabases lists the databases the API tests run on: SQLite always, and
// PostgreSQL when OPENCEM_TEST_PG_DSN is set (make test and CI set it).
func TestDatabases(t *testing.T, fn func(t *testing.T, cfg config.Config)) {
	t.Run("sqlite", func(t *testing.T) {
		cfg := config.Default()
		cfg.DataDir = t.TempDir()
		fn(t, cfg)
	})
	t.Run("postgres", func(t *testing.T) {
		cfg := config.Default()
		cfg.DataDir = filepath.Join(t.TempDir(), "data")
		cfg.DB = postgres.TestSchemaDSN(t)
		fn(t, cfg)
	})
}

// StartTest boots a full server on a loopback port for one test, with the
// API in strict mode (undeclared error codes fail the test), and stops it
// when the test ends. The first admin's password is TestAdminPassword unless
// cfg.AdminPassword is set; set it to "-" for a generated one.
func StartTest(t testing.TB, cfg config.Config) *Server {
	t.Helper()
	if len(cfg.Listen) == 0 || cfg.Listen[0] == ":8080" {
		cfg.Listen = []string{"127.0.0.1:0"}
	}
	switch cfg.AdminPassword {
	case "":
		cfg.AdminPassword = TestAdminPassword
	case "-":
		cfg.AdminPassword = ""
	}
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 10 * time.Second
	}
	var w io.Writer = io.Discard
	if os.Getenv("OPENCEM_TEST_LOG") != "" {
		w = os.Stderr // server logs for debugging a failing test
	}
	log := slog.New(slog.NewTextHandler(w, nil))
	srv, err := Start(context.Background(), cfg, log)
	if err != nil {
		t.Fatalf("start server: %v", err)
	}
	srv.API.Strict()
	t.Cleanup(func() {
		if v := srv.API.Violations(); len(v) > 0 {
			t.Errorf("responses not declared in the OpenAPI document:\n%v", v)
		}
		if err := srv.Shutdown(); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return srv
}

// TestAdminPassword is the first admin's password in servers from StartTest.
const TestAdminPassword = "admin-password-1"

// postgresDSN is a fresh PostgreSQL schema for one test (see TestSchemaDSN).
func postgresDSN(t *testing.T) string { return postgres.TestSchemaDSN(t) }
