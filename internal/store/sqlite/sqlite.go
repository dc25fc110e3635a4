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
	"sync"
	"time"

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
	dsn := func(more ...string) string {
		q := url.Values{}
		for _, p := range append([]string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(ON)", "synchronous(NORMAL)", "temp_store(MEMORY)"}, more...) {
			q.Add("_pragma", p)
		}
		q.Set("_txlock", "immediate")
		return "file:" + path + "?" + q.Encode()
	}
	// The writer leaves checkpoints to the checkpointer (below) and only
	// falls back to doing one itself when the log has grown far past
	// SQLite's default of 1 000 pages.
	write, err := sql.Open("sqlite", dsn(fmt.Sprintf("wal_autocheckpoint(%d)", backstopPages)))
	if err != nil {
		return nil, err
	}
	// One writer: SQLite serialises writers anyway; queueing in database/sql
	// is cheaper and never returns SQLITE_BUSY.
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	read, err := sql.Open("sqlite", dsn())
	if err != nil {
		write.Close()
		return nil, err
	}
	n := max(4, runtime.NumCPU()*2)
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	ticker := time.NewTicker(checkpointEvery)
	var stopCheckpoints func()
	db := sqldb.New(sqldb.Config{Dialect: sqldb.SQLite, Write: write, Read: read, IsUnique: isUnique, DirectWrites: true,
		Stop: func() { stopCheckpoints(); ticker.Stop() }})
	stopCheckpoints = startCheckpointer(ticker.C, db.Writes, func() {
		// Errors (a busy lock, a closed pool at shutdown) only delay the
		// copy to the next tick or to the writer's backstop.
		_, _ = read.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
	})
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

// Checkpoints (issue #5 item 10). In WAL mode a commit appends the pages
// it changed to the log, and every 1 000 pages by default the committing
// connection copies the log into the database file and syncs it. On the
// submit path that connection is the one writer every submit waits for,
// so that copy (about half of what a commit wrote, plus two fsyncs) sat in
// every submit's latency. A PASSIVE checkpoint on a reader connection
// does the same work beside the writer without blocking it; the writer
// keeps its own automatic checkpoint only as a backstop.
const (
	checkpointEvery = 100 * time.Millisecond
	backstopPages   = 10000
)

// startCheckpointer runs checkpoint at each tick after which writes()
// has moved (and at the first), until the returned stop is called (it
// waits for a running one to end). On an idle server a tick costs a
// counter read instead of a checkpoint's locks and system calls. writes is
// read before each checkpoint, so a commit that lands during one is caught
// by the next tick.
func startCheckpointer(ticks <-chan time.Time, writes func() uint64, checkpoint func()) (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		seen, first := uint64(0), true
		for {
			select {
			case <-quit:
				return
			case <-ticks:
				if n := writes(); first || n != seen {
					seen, first = n, false
					checkpoint()
				}
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() { close(quit); <-done })
	}
}
