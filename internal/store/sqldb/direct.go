package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sync"
	"time"
)

// Bulk statements below database/sql (issue #5 item 10). The group commit
// inserts a batch's responses and their answer facts in a few multi-row
// statements of hundreds of arguments. Through database/sql every argument
// is checked and converted again and copied into a new []driver.NamedValue
// per statement: a fifth of the group commit's insert time on SQLite and
// most of its garbage (BenchmarkInsertResponses in internal/store/sqlite). ExecValues hands arguments
// already in driver form to a statement prepared on the transaction's own
// driver connection.
//
// It is used only where nothing can interrupt the transaction: on a DB
// whose adapter allows it (SQLite, whose writer is a single connection),
// inside a transaction begun with a context that cannot be canceled. A
// canceled context makes database/sql roll a transaction back on its own,
// after which a statement sent straight to the connection would run
// outside any transaction.

// driverStmts caches statements prepared on the writer's driver
// connection.
type driverStmts struct {
	mu   sync.Mutex
	conn any // the driver connection the statements belong to
	m    map[string]driver.Stmt
}

// stmt returns query prepared on dc, and whether the caller must close it
// (the cache is full).
func (c *driverStmts) stmt(ctx context.Context, dc any, query string) (driver.Stmt, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn != dc {
		// The pool replaced a broken connection. Its statements cannot be
		// finalized any more and are dropped with it (a leak, but only
		// after a connection broke).
		c.conn, c.m = dc, map[string]driver.Stmt{}
	}
	if st, ok := c.m[query]; ok {
		return st, false, nil
	}
	p, ok := dc.(driver.ConnPrepareContext)
	if !ok {
		return nil, false, fmt.Errorf("sqldb: driver connection %T cannot prepare", dc)
	}
	st, err := p.PrepareContext(ctx, query)
	if err != nil || len(c.m) >= maxStmts {
		return st, err == nil, err
	}
	c.m[query] = st
	return st, false, nil
}

// closeOn closes the cached statements if they belong to dc.
func (c *driverStmts) closeOn(dc any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn == dc {
		for _, st := range c.m {
			_ = st.Close()
		}
	}
	c.conn, c.m = nil, nil
}

// ExecValues runs a statement that changes data with args[i].Ordinal = i+1.
// Values that are not already nil, int64, float64, bool, []byte, string or
// time.Time are converted in place as database/sql would (an int becomes an
// int64, a driver.Valuer its value). Within a transaction that allows it
// (see above) the statement goes straight to the driver; otherwise it takes
// Exec's path. The driver keeps nothing of args, so the caller may reuse
// the slice. Errors are the conversion's or the driver's, as from Exec.
func (db *DB) ExecValues(ctx context.Context, query string, args []driver.NamedValue) (sql.Result, error) {
	for i := range args {
		switch args[i].Value.(type) {
		case nil, string, int64, float64, bool, []byte, time.Time:
		default:
			v, err := driver.DefaultParameterConverter.ConvertValue(args[i].Value)
			if err != nil {
				return nil, fmt.Errorf("sqldb: argument %d: %w", i+1, err)
			}
			args[i].Value = v
		}
	}
	ts, ok := ctx.Value(txKey{}).(*txState)
	if !ok || ts.conn == nil {
		vals := make([]any, len(args))
		for i := range args {
			vals[i] = args[i].Value
		}
		return db.Exec(ctx, query, vals...)
	}
	q := db.Rebind(query)
	var res sql.Result
	err := ts.conn.Raw(func(dc any) error {
		st, temporary, err := db.dstmts.stmt(ctx, dc, q)
		if err != nil {
			return err
		}
		if temporary {
			defer st.Close()
		}
		ex, ok := st.(driver.StmtExecContext)
		if !ok {
			return fmt.Errorf("sqldb: driver statement %T cannot execute with a context", st)
		}
		res, err = ex.ExecContext(ctx, args)
		return err
	})
	return res, err
}

// beginTx begins a transaction on the writer, on a connection of its own
// (returned, to be closed after the transaction) when ExecValues may use
// it directly.
func (db *DB) beginTx(ctx context.Context) (*sql.Tx, *sql.Conn, error) {
	if !db.direct || ctx.Done() != nil {
		tx, err := db.write.BeginTx(ctx, nil)
		return tx, nil, err
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	return tx, conn, nil
}

// closeDirect closes the statements ExecValues prepared.
func (db *DB) closeDirect() {
	if !db.direct {
		return
	}
	conn, err := db.write.Conn(context.Background())
	if err != nil {
		return
	}
	defer conn.Close()
	_ = conn.Raw(func(dc any) error {
		db.dstmts.closeOn(dc)
		return nil
	})
}
