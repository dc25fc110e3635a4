package response

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/opencem/opencem/internal/cem"
)

// Group commit (issue #5 item 10).
//
// Every final submit must be durably committed before it is acknowledged,
// and a commit is the expensive part: SQLite has one writer and writes the
// pages a transaction touched to its log at each commit; PostgreSQL pays a
// round trip and a log flush. So concurrent final submits queue here and one
// goroutine writes whatever has queued in a single transaction, then wakes
// each waiter with its own result. Nothing waits on purpose: a batch is
// whatever arrived while the previous one was committing, so a lone submit
// commits at once and a crowd shares commits.
//
// One submit must never fail another. When any item of a batch fails, the
// batch is rolled back and run again with each item in its own savepoint,
// so an item's error undoes only its own writes. If that fails as a whole
// (its commit, a broken savepoint, a PostgreSQL deadlock), every item is run
// again in a transaction of its own. An item that failed with an error that
// is not a cem.Error (a database error such as a lost serialisation race) is
// also given one transaction of its own before its error is reported.
// Items must therefore be re-runnable: they reset what they change in
// memory before they write (see Service.finalise).
//
// On the first try, new responses and their facts are not inserted one by
// one: items hand them to the batch (deferInsert), which writes them all in
// a few multi-row statements before the commit. Claims and quota counts,
// whose answers an item needs at once, are settled in memory against
// counts and owners read at the start of the batch and written at its end
// (batchstate.go).

// Transactor is what the response service needs of the database: whole
// transactions, and savepoints inside one (sqldb.DB provides both).
type Transactor interface {
	cem.Transactor
	// InSavepoint runs fn in a savepoint of the transaction in ctx: fn's
	// error (fnErr) undoes only fn's writes; err means the transaction is
	// unusable.
	InSavepoint(ctx context.Context, fn func(ctx context.Context) error) (fnErr, err error)
}

// maxBatch bounds a batch so that one commit stays short and a waiter's
// latency stays bounded.
const maxBatch = 128

// pending collects the new responses of a batch's first try.
type pending struct{ news []NewResponse }

type pendingKey struct{}

// deferInsert hands a new response (Store.PrepareNew) to the batch when
// the transaction in ctx is a batch's first try, and reports whether it
// did; otherwise the caller inserts it itself.
func deferInsert(ctx context.Context, n NewResponse) bool {
	p, ok := ctx.Value(pendingKey{}).(*pending)
	if ok {
		p.news = append(p.news, n)
	}
	return ok
}

// pendingOwner is the response of this batch's first try that holds an
// invitation token, if any (it is not in the table yet).
func pendingOwner(ctx context.Context, surveyID, invite string) *Response {
	if p, ok := ctx.Value(pendingKey{}).(*pending); ok {
		for _, n := range p.news {
			if n.R.SurveyID == surveyID && n.R.InviteToken == invite {
				return n.R
			}
		}
	}
	return nil
}

type batchItem struct {
	run  func(ctx context.Context) error
	prep *itemPrep // what it will claim and count (batchstate.go), or nil
	done chan error
}

// batcher queues write transactions and commits them in groups.
type batcher struct {
	tx      Transactor
	store   Store
	mu      sync.Mutex
	queue   []*batchItem
	running bool // a goroutine is draining the queue
	// batches and items count what drain committed (BatchStats).
	batches, items atomic.Int64
}

// BatchStats reports how many group commits the submit path has made and
// how many submits and page saves they carried, for load tests.
func (s *Service) BatchStats() (batches, items int64) {
	return s.batch.batches.Load(), s.batch.items.Load()
}

// do runs fn in a transaction shared with other concurrent calls and
// returns fn's result once that transaction has committed (or fn's error,
// its writes undone). ctx's values are not passed to fn: it runs in the
// committer's context, so a client going away cannot abort a batch that
// holds other clients' submits.
func (b *batcher) do(ctx context.Context, fn func(ctx context.Context) error) error {
	return b.doPrepared(ctx, nil, fn)
}

// doPrepared is do for an item that declares the keys it may claim and the
// surveys whose quotas it may count, so that a batch's first try can
// settle them in memory (batchstate.go).
func (b *batcher) doPrepared(ctx context.Context, prep *itemPrep, fn func(ctx context.Context) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	it := &batchItem{run: fn, prep: prep, done: make(chan error, 1)}
	b.mu.Lock()
	b.queue = append(b.queue, it)
	start := !b.running
	b.running = true
	b.mu.Unlock()
	if start {
		go b.drain()
	}
	return <-it.done
}

// drain commits batches until the queue is empty, then exits (so an idle
// service holds no goroutine).
func (b *batcher) drain() {
	for {
		b.mu.Lock()
		n := min(len(b.queue), maxBatch)
		if n == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		batch := b.queue[:n:n]
		b.queue = b.queue[n:]
		if len(b.queue) == 0 {
			b.queue = nil // let the backing array go
		}
		b.mu.Unlock()
		b.commitSafely(batch)
		b.batches.Add(1)
		b.items.Add(int64(len(batch)))
	}
}

// commitSafely is commit, but a bug panicking in an item fails that batch's
// waiters (each gets an internal error, as the HTTP layer would give for a
// panicking handler) instead of killing the process and stranding the queue.
func (b *batcher) commitSafely(batch []*batchItem) {
	defer func() {
		if p := recover(); p != nil {
			err := cem.Internal(fmt.Errorf("response: batch: %v", p))
			for _, it := range batch {
				select { // a waiter woken already has its answer; the buffer takes the extra one
				case it.done <- err:
				default:
				}
			}
		}
	}()
	b.commit(batch)
}

// commit writes one batch and wakes its waiters. The first try runs every
// item straight in one transaction: items rarely fail, and savepoints cost
// (SQLite copies each page a savepoint changes to a sub-journal; PostgreSQL
// pays two round trips). Only when that try fails does the batch run again
// with a savepoint per item, and items that still fail for a reason other
// than a decision of the service are run alone. A waiter is woken as soon
// as its item is settled.
func (b *batcher) commit(batch []*batchItem) {
	ctx := context.Background()
	err := b.tx.InTx(ctx, func(ctx context.Context) error {
		p := &pending{}
		ctx = context.WithValue(ctx, pendingKey{}, p)
		var preps []*itemPrep
		for _, it := range batch {
			if it.prep != nil {
				preps = append(preps, it.prep)
			}
		}
		var bs *batchState
		if len(preps) > 0 {
			var err error
			if bs, err = loadBatchState(ctx, b.store, preps); err != nil {
				return err
			}
			ctx = context.WithValue(ctx, batchStateKey{}, bs)
		}
		for _, it := range batch {
			if err := it.run(ctx); err != nil {
				return err
			}
		}
		if bs != nil {
			if err := bs.flush(ctx, b.store); err != nil {
				return err
			}
		}
		if len(p.news) == 0 {
			return nil
		}
		return b.store.InsertResponses(ctx, p.news)
	})
	if err == nil {
		for _, it := range batch {
			it.done <- nil
		}
		return
	}
	errs := make([]error, len(batch))
	err = b.tx.InTx(ctx, func(ctx context.Context) error {
		for i, it := range batch {
			fnErr, err := b.tx.InSavepoint(ctx, it.run)
			if err != nil {
				return err
			}
			errs[i] = fnErr
		}
		return nil
	})
	var again []int
	for i, it := range batch {
		if err != nil || (errs[i] != nil && !isDomain(errs[i])) {
			again = append(again, i)
			continue
		}
		it.done <- errs[i]
	}
	for _, i := range again {
		// Alone, so that nothing else in the batch can be the cause.
		batch[i].done <- b.tx.InTx(ctx, batch[i].run)
	}
}

// isDomain reports whether err is a decision of the service (a cem.Error),
// which running again would only repeat.
func isDomain(err error) bool {
	var e *cem.Error
	return errors.As(err, &e)
}
