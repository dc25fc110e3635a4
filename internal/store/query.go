package store

import (
	"context"

	"github.com/opencem/opencem/internal/store/sqldb"
)

// scanner is a row being read: *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// queryAll runs a read and scans every row with scan; op names the read in
// errors. It closes the rows and reports iteration errors.
func queryAll[T any](ctx context.Context, db *sqldb.DB, op, q string, args []any, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return nil, wrap(op, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, wrap(op, err)
		}
		out = append(out, v)
	}
	return out, wrap(op, rows.Err())
}
