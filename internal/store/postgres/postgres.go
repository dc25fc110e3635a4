// Package postgres opens OpenCEM on PostgreSQL through pgx. Several server
// processes may share one database: everything shared lives in it.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/opencem/opencem/internal/store/sqldb"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the embedded PostgreSQL migrations.
func Migrations() fs.FS {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return sub
}

// migrationLockID is an arbitrary constant naming OpenCEM's advisory lock.
const migrationLockID = 559_2024

// Open connects to PostgreSQL with a postgres:// DSN.
func Open(ctx context.Context, dsn string) (*sqldb.DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	return sqldb.New(sqldb.Config{
		Dialect:  sqldb.Postgres,
		Write:    pool,
		IsUnique: isUnique,
		MigrationLock: func(ctx context.Context, c *sql.Conn) (func(), error) {
			if _, err := c.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLockID); err != nil {
				return nil, err
			}
			return func() { _, _ = c.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, migrationLockID) }, nil
		},
	}), nil
}

func isUnique(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}
