package store

import (
	"context"
	"time"

	"github.com/opencem/opencem/internal/cem"

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

// newestCursor pages a list ordered newest first by (updated_at, id).
type newestCursor struct {
	At string `json:"t"`
	ID string `json:"i"`
}

// newestAfter adds the condition for the page after cursor to where/args.
// Errors: invalid_cursor.
func newestAfter(cursor string, where []string, args []any) ([]string, []any, error) {
	if cursor == "" {
		return where, args, nil
	}
	var c newestCursor
	if err := cem.DecodeCursor(cursor, &c); err != nil {
		return nil, nil, err
	}
	var at sqldb.Time
	if err := at.Scan(c.At); err != nil {
		return nil, nil, cem.DecodeCursor("!", &c)
	}
	return append(where, "(updated_at < ? OR (updated_at = ? AND id < ?))"), append(args, at, at, c.ID), nil
}

// newestPage trims the limit+1 rows read to a page and makes the cursor of
// the next one from the last row's updated_at and id.
func newestPage[T any](items []T, limit int, key func(T) (time.Time, string)) cem.Page[T] {
	page := cem.Page[T]{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		at, id := key(page.Items[limit-1])
		t, _ := sqldb.Time{Time: at}.Value()
		page.NextCursor = cem.EncodeCursor(newestCursor{At: t.(string), ID: id})
	}
	return page
}
