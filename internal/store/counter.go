package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/store/sqldb"
)

// Counter implements cem.Counter with one row per key and window.
type Counter struct{ db *sqldb.DB }

// NewCounter returns the counter store over db.
func NewCounter(db *sqldb.DB) *Counter { return &Counter{db: db} }

var _ cem.Counter = (*Counter)(nil)

// Add implements cem.Counter; one statement, atomic on both databases.
func (c *Counter) Add(ctx context.Context, key string, window time.Duration, now time.Time) (int, error) {
	start := cem.WindowStart(now, window)
	var n int
	err := c.db.QueryRowWrite(ctx, `INSERT INTO counters (key, window_start, n, expires_at) VALUES (?, ?, 1, ?)
		ON CONFLICT (key, window_start) DO UPDATE SET n = counters.n + 1 RETURNING n`,
		key, sqldb.Time{Time: start}, sqldb.Time{Time: start.Add(window)}).Scan(&n)
	return n, wrap("counter add", err)
}

// Get implements cem.Counter.
func (c *Counter) Get(ctx context.Context, key string, window time.Duration, now time.Time) (int, error) {
	var n int
	err := c.db.QueryRow(ctx, `SELECT n FROM counters WHERE key = ? AND window_start = ?`, key, sqldb.Time{Time: cem.WindowStart(now, window)}).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, wrap("counter get", err)
}

// DeleteExpired removes windows that ended before now.
func (c *Counter) DeleteExpired(ctx context.Context, now time.Time) error {
	_, err := c.db.Exec(ctx, `DELETE FROM counters WHERE expires_at < ?`, sqldb.Time{Time: now})
	return wrap("counter sweep", err)
}
