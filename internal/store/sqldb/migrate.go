package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migration is one forward-only schema step, from a file named
// NNNN_name.sql in the adapter's embedded migrations folder.
type Migration struct {
	Version   int
	Name      string
	SQL       string
	Applied   bool
	AppliedAt time.Time
}

// LoadMigrations reads NNNN_name.sql files from fsys, sorted by version.
func LoadMigrations(fsys fs.FS) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var out []Migration
	seen := map[int]string{}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".sql" {
			continue
		}
		base := strings.TrimSuffix(e.Name(), ".sql")
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("sqldb: migration file %q is not named NNNN_name.sql", e.Name())
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("sqldb: migrations %q and %q share version %d", prev, e.Name(), v)
		}
		seen[v] = e.Name()
		b, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

// MigrationStatus returns every known migration with whether it is applied.
func (db *DB) MigrationStatus(ctx context.Context, fsys fs.FS) ([]Migration, error) {
	all, err := LoadMigrations(fsys)
	if err != nil {
		return nil, err
	}
	if _, err := db.write.ExecContext(ctx, createMigrationsTable); err != nil {
		return nil, fmt.Errorf("sqldb: create schema_migrations: %w", err)
	}
	applied, err := db.appliedVersions(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if at, ok := applied[all[i].Version]; ok {
			all[i].Applied, all[i].AppliedAt = true, at
		}
	}
	return all, nil
}

func (db *DB) appliedVersions(ctx context.Context) (map[int]time.Time, error) {
	rows, err := db.write.QueryContext(ctx, `SELECT version, applied_at FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("sqldb: read schema_migrations: %w", err)
	}
	defer rows.Close()
	m := map[int]time.Time{}
	for rows.Next() {
		var v int
		var at Time
		if err := rows.Scan(&v, &at); err != nil {
			return nil, err
		}
		m[v] = at.Time
	}
	return m, rows.Err()
}

// Migrate applies every pending migration in order, each in its own
// transaction, and returns the ones it applied. Concurrent processes are
// serialised by the adapter's lock, so several servers may start at once.
func (db *DB) Migrate(ctx context.Context, fsys fs.FS) ([]Migration, error) {
	all, err := LoadMigrations(fsys)
	if err != nil {
		return nil, err
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if db.lock != nil {
		unlock, err := db.lock(ctx, conn)
		if err != nil {
			return nil, fmt.Errorf("sqldb: migration lock: %w", err)
		}
		defer unlock()
	}
	if _, err := conn.ExecContext(ctx, createMigrationsTable); err != nil {
		return nil, fmt.Errorf("sqldb: create schema_migrations: %w", err)
	}
	applied := map[int]bool{}
	rows, err := conn.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return nil, err
		}
		applied[v] = true
	}
	rows.Close()
	var done []Migration
	for _, m := range all {
		if applied[m.Version] {
			continue
		}
		if err := applyOne(ctx, db, conn, m); err != nil {
			return done, err
		}
		done = append(done, m)
	}
	return done, nil
}

func applyOne(ctx context.Context, db *DB, conn *sql.Conn, m Migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("sqldb: migration %04d_%s: %w", m.Version, m.Name, err)
	}
	now, _ := Time{time.Now()}.Value()
	if _, err := tx.ExecContext(ctx, db.Rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`), m.Version, m.Name, now); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("sqldb: record migration %d: %w", m.Version, err)
	}
	return tx.Commit()
}
