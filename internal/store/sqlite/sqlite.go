// Package sqlite opens OpenCEM's embedded database: SQLite through the
// pure-Go modernc driver (no cgo), WAL mode, one writer connection and a
// read pool.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"github.com/opencem/opencem/internal/store/sqldb"
	sqlite3 "modernc.org/sqlite"
	sqlite3lib "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the embedded SQLite migrations.
func Migrations() fs.FS {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return sub
}

// Open opens (creating if needed) the SQLite database file at path. The
// pragmas are set on every connection in this order: busy_timeout first (so
// the next ones wait rather than fail), then WAL, foreign keys and
// synchronous=NORMAL, which is durable in WAL mode across process crashes,
// and temp_store=MEMORY: statement and savepoint journals of a long write
// transaction (the response service's group commit) otherwise spill to
// temporary files, a write system call per page.
func Open(path string) (*sqldb.DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("sqlite: create %s: %w", dir, err)
		}
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(ON)", "synchronous(NORMAL)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	write, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	// One writer: SQLite serialises writers anyway; queueing in database/sql
	// is cheaper and never returns SQLITE_BUSY.
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	read, err := sql.Open("sqlite", dsn)
	if err != nil {
		write.Close()
		return nil, err
	}
	n := max(4, runtime.NumCPU()*2)
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	db := sqldb.New(sqldb.Config{Dialect: sqldb.SQLite, Write: write, Read: read, IsUnique: isUnique})
	if err := write.PingContext(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return db, nil
}

func isUnique(err error) bool {
	var e *sqlite3.Error
	if errors.As(err, &e) {
		c := e.Code()
		return c == sqlite3lib.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3lib.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}
