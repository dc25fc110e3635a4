// Package sqldb is the database plumbing shared by the SQLite and PostgreSQL
// adapters: one DB type over database/sql with a writer and a reader pool,
// transactions carried in the context, placeholder rebinding, time and JSON
// helpers, and forward-only migrations. SQL written against it uses '?'
// placeholders and the subset of SQL both databases understand; dialect
// differences stay in the adapter packages.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Dialect names the database behind a DB.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB wraps a writer and a reader pool. On SQLite the writer is one connection
// (SQLite allows one writer at a time; queuing in Go beats "database is
// locked") and readers are a pool; on PostgreSQL both are the same pool.
type DB struct {
	Dialect Dialect
	write   *sql.DB
	read    *sql.DB
	// isUnique reports whether err is a unique-constraint violation.
	isUnique func(error) bool
	// lock serialises migrations across processes (PostgreSQL advisory lock).
	lock    func(ctx context.Context, c *sql.Conn) (func(), error)
	rebinds sync.Map
	// Prepared statements per pool, so hot statements are parsed once
	// (SQL parsing was a fifth of the submit path's CPU).
	wstmts, rstmts stmtCache
	// direct: ExecValues may reach the writer's driver connection (direct.go).
	direct bool
	dstmts driverStmts
	gens   sync.Map      // table → *atomic.Uint64 (Changed)
	writes atomic.Uint64 // see Writes
	stop   func()
}

// stmtCache holds prepared statements of one pool, up to maxStmts.
type stmtCache struct {
	mu        sync.Mutex
	m         map[string]*sql.Stmt
	preparing map[string]bool
	closed    bool
}

const maxStmts = 512

// get returns the prepared statement for query on pool, or nil when it is
// not ready (the caller then runs the query unprepared). No lock is held
// while preparing, and inside a transaction preparation happens in the
// background: on SQLite the transaction holds the only writer connection,
// so preparing on the pool there and then would wait for itself.
func (c *stmtCache) get(pool *sql.DB, query string, inTx bool) *sql.Stmt {
	c.mu.Lock()
	if st, ok := c.m[query]; ok || c.closed || c.preparing[query] || len(c.m) >= maxStmts {
		c.mu.Unlock()
		return st
	}
	if c.preparing == nil {
		c.preparing, c.m = map[string]bool{}, map[string]*sql.Stmt{}
	}
	c.preparing[query] = true
	c.mu.Unlock()
	if inTx {
		go c.prepare(pool, query)
		return nil
	}
	return c.prepare(pool, query)
}

func (c *stmtCache) prepare(pool *sql.DB, query string) *sql.Stmt {
	st, err := pool.PrepareContext(context.Background(), query)
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.preparing, query)
	if err != nil {
		return nil
	}
	if c.closed {
		st.Close()
		return nil
	}
	c.m[query] = st
	return st
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}

// Config is what an adapter supplies to New.
type Config struct {
	Dialect       Dialect
	Write, Read   *sql.DB
	IsUnique      func(error) bool
	MigrationLock func(ctx context.Context, c *sql.Conn) (unlock func(), err error)
	// Stop, if set, is called first by Close (an adapter's background work).
	Stop func()
	// DirectWrites lets ExecValues use the writer's driver connection
	// (see direct.go); for a writer pool of one connection.
	DirectWrites bool
}

// New returns a DB over the adapter's pools.
func New(c Config) *DB {
	if c.Read == nil {
		c.Read = c.Write
	}
	return &DB{Dialect: c.Dialect, write: c.Write, read: c.Read, isUnique: c.IsUnique, lock: c.MigrationLock, stop: c.Stop,
		direct: c.DirectWrites}
}

// Close closes both pools.
func (db *DB) Close() error {
	if db.stop != nil {
		db.stop()
	}
	db.closeDirect()
	db.wstmts.close()
	db.rstmts.close()
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Ping checks that the database answers on both pools.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return err
	}
	return db.read.PingContext(ctx)
}

// PoolStats returns database/sql statistics per pool ("write", "read").
func (db *DB) PoolStats() map[string]sql.DBStats {
	m := map[string]sql.DBStats{"write": db.write.Stats()}
	if db.read != db.write {
		m["read"] = db.read.Stats()
	}
	return m
}

// IsUniqueViolation reports whether err came from a unique constraint.
func (db *DB) IsUniqueViolation(err error) bool {
	return err != nil && db.isUnique != nil && db.isUnique(err)
}

type txKey struct{}

type txState struct {
	tx    *sql.Tx
	conn  *sql.Conn // the transaction's connection, when ExecValues may use it
	depth int       // savepoints open (InSavepoint)
	after []func()  // run once the transaction has committed (afterCommit)
}

// afterCommit runs fn once the transaction in ctx has committed (never if
// it rolls back), or at once outside a transaction, so that in-process
// caches hear of a change only when others can read it.
func (db *DB) afterCommit(ctx context.Context, fn func()) {
	if ts, ok := ctx.Value(txKey{}).(*txState); ok {
		ts.after = append(ts.after, fn)
		return
	}
	fn()
}

// Changed records, once ctx's transaction commits, that this process
// wrote to table; Generation reads the count. A cache of rows of table
// that notes the generation before it reads and finds it unchanged later
// has missed no committed write of this process (other processes' writes
// it must bound by age).
func (db *DB) Changed(ctx context.Context, table string) {
	db.afterCommit(ctx, func() { db.generation(table).Add(1) })
}

// Generation is the number of committed writes to table recorded by Changed.
func (db *DB) Generation(table string) uint64 { return db.generation(table).Load() }

func (db *DB) generation(table string) *atomic.Uint64 {
	if g, ok := db.gens.Load(table); ok {
		return g.(*atomic.Uint64)
	}
	g, _ := db.gens.LoadOrStore(table, new(atomic.Uint64))
	return g.(*atomic.Uint64)
}

// InTx runs fn inside a transaction on the writer pool; see cem.Transactor.
// A transaction already in ctx is joined instead of nesting.
func (db *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if _, ok := ctx.Value(txKey{}).(*txState); ok {
		return fn(ctx)
	}
	tx, conn, err := db.beginTx(ctx)
	if err != nil {
		return fmt.Errorf("sqldb: begin: %w", err)
	}
	if conn != nil {
		defer conn.Close()
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	ts := &txState{tx: tx, conn: conn}
	if err := fn(context.WithValue(ctx, txKey{}, ts)); err != nil {
		_ = tx.Rollback()
		return err
	}
	err = tx.Commit()
	db.writes.Add(1)
	if err != nil {
		return fmt.Errorf("sqldb: commit: %w", err)
	}
	for _, f := range ts.after {
		f()
	}
	return nil
}

// InSavepoint runs fn inside a savepoint of the transaction in ctx, so that
// when fn fails only its own writes are undone and the transaction stays
// usable (on PostgreSQL a failed statement otherwise aborts the whole
// transaction). fnErr is fn's error, returned after the rollback to the
// savepoint; err reports that the savepoint itself could not be set, rolled
// back or released, after which the caller must abandon the transaction.
// The response service's group commit uses it to isolate the submits of
// one batch from each other.
func (db *DB) InSavepoint(ctx context.Context, fn func(ctx context.Context) error) (fnErr, err error) {
	ts, ok := ctx.Value(txKey{}).(*txState)
	if !ok {
		return nil, fmt.Errorf("sqldb: InSavepoint outside a transaction")
	}
	ts.depth++
	defer func() { ts.depth-- }()
	name := "sp" + strconv.Itoa(ts.depth)
	if _, err := ts.tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return nil, fmt.Errorf("sqldb: savepoint: %w", err)
	}
	if fnErr = fn(ctx); fnErr != nil {
		if _, err := ts.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+name); err != nil {
			return fnErr, fmt.Errorf("sqldb: rollback to savepoint: %w", err)
		}
	}
	if _, err := ts.tx.ExecContext(ctx, "RELEASE SAVEPOINT "+name); err != nil {
		return fnErr, fmt.Errorf("sqldb: release savepoint: %w", err)
	}
	return fnErr, nil
}

// InTransaction reports whether ctx carries a transaction.
func InTransaction(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{}).(*txState)
	return ok
}

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (db *DB) writer(ctx context.Context) querier {
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		return st.tx
	}
	return db.write
}

func (db *DB) reader(ctx context.Context) querier {
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		return st.tx
	}
	return db.read
}

// Writes counts the transactions, and the statements outside one, that
// this process has run on the writer: a transaction once it has ended, a
// statement once it has run (a QueryRowWrite's row may be read later). An
// unchanged count means this process wrote nothing in between; the SQLite
// checkpointer rests while it is unchanged.
func (db *DB) Writes() uint64 { return db.writes.Load() }

// Exec runs a statement that changes data (in ctx's transaction if any).
func (db *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	q := db.Rebind(query)
	ts, inTx := ctx.Value(txKey{}).(*txState)
	if !inTx {
		defer db.writes.Add(1)
	}
	if st := db.wstmts.get(db.write, q, inTx); st != nil {
		if inTx {
			return ts.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
		}
		return st.ExecContext(ctx, args...)
	}
	return db.writer(ctx).ExecContext(ctx, q, args...)
}

// Query runs a read (in ctx's transaction if any, else on the reader pool).
func (db *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q := db.Rebind(query)
	if ts, ok := ctx.Value(txKey{}).(*txState); ok {
		if st := db.wstmts.get(db.write, q, true); st != nil {
			return ts.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
		}
		return ts.tx.QueryContext(ctx, q, args...)
	}
	if st := db.rstmts.get(db.read, q, false); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return db.read.QueryContext(ctx, q, args...)
}

// QueryRow runs a read returning at most one row.
func (db *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	q := db.Rebind(query)
	if ts, ok := ctx.Value(txKey{}).(*txState); ok {
		if st := db.wstmts.get(db.write, q, true); st != nil {
			return ts.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
		}
		return ts.tx.QueryRowContext(ctx, q, args...)
	}
	if st := db.rstmts.get(db.read, q, false); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.read.QueryRowContext(ctx, q, args...)
}

// QueryRowWrite runs a statement returning a row (INSERT … RETURNING) on the writer.
func (db *DB) QueryRowWrite(ctx context.Context, query string, args ...any) *sql.Row {
	q := db.Rebind(query)
	ts, inTx := ctx.Value(txKey{}).(*txState)
	if !inTx {
		defer db.writes.Add(1)
	}
	if st := db.wstmts.get(db.write, q, inTx); st != nil {
		if inTx {
			return ts.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
		}
		return st.QueryRowContext(ctx, args...)
	}
	return db.writer(ctx).QueryRowContext(ctx, q, args...)
}

// Rebind turns '?' placeholders into the dialect's form ($1, $2 … on
// PostgreSQL), leaving question marks inside quoted strings alone.
func (db *DB) Rebind(query string) string {
	if db.Dialect != Postgres || !strings.Contains(query, "?") {
		return query
	}
	if v, ok := db.rebinds.Load(query); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	out := b.String()
	db.rebinds.Store(query, out)
	return out
}

// LockTx serialises the transaction in ctx against every other transaction
// taking the same key, in any process, until it commits or rolls back. On
// PostgreSQL it is a transaction-scoped advisory lock; on SQLite the single
// writer connection already makes write transactions exclusive.
func (db *DB) LockTx(ctx context.Context, key int64) error {
	if !InTransaction(ctx) {
		return fmt.Errorf("sqldb: LockTx outside a transaction")
	}
	if db.Dialect != Postgres {
		return nil
	}
	_, err := db.Exec(ctx, `SELECT pg_advisory_xact_lock(?)`, key)
	return err
}
