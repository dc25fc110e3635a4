package response

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/opencem/opencem/internal/cem"
)

// Group commit (issue #5 item 10).
//
// Every final submit must be durably committed before it is acknowledged,
// and a commit is the expensive part: SQLite has one writer and writes the
// pages a transaction touched to its log at each commit; PostgreSQL pays a
// round trip and a log flush. So concurrent final submits queue here and one
// goroutine writes whatever has queued in a single transaction, then wakes
// each waiter with its own result. A batch is whatever arrived while the
// previous one was committing, so a lone submit commits at once and a
// crowd shares commits.
//
// Under a steady crowd the committer also waits a little for more, like
// PostgreSQL's commit_delay or MySQL's binlog_group_commit_sync_delay:
// when submits have been queuing less than crowdGap apart on average, a
// small batch waits until it holds lingerBatch items or lingerMax has
// passed. On a busy machine the committer otherwise starts whenever it is
// scheduled, with whatever a handful of requests queued meanwhile, and
// pays a commit, the batch's reads and its statements for each handful;
// in the submit benchmark waiting raised the submits per commit from 7 to
// 16 and cut the CPU per submit by about a tenth (bench/RESULTS.md). A
// submit that is not part of a crowd never waits.
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

// A batch smaller than lingerBatch waits up to lingerMax for more items
// when the average gap between items queuing is under crowdGap (over
// 4 000 a second: at least four more are due within lingerMax).
const (
	lingerBatch = 32
	lingerMax   = time.Millisecond
	crowdGap    = lingerMax / 4
)

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
	// last is when the latest item queued, and gap the moving average of
	// the time between items queuing; lingering is set while the drainer
	// waits for more, and wake tells it the queue grew.
	last      time.Time
	gap       time.Duration
	lingering bool
	wake      chan struct{}
	// now, lingerBatch and lingerMax are time.Now and the constants of the
	// same names unless a test sets them.
	now         func() time.Time
	lingerBatch int
	lingerMax   time.Duration
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
	b.arrivedLocked()
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
		if b.crowded() {
			b.linger()
		}
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

// arrivedLocked updates the average gap between items queuing (b.mu
// held) and wakes a lingering drainer.
func (b *batcher) arrivedLocked() {
	now := time.Now
	if b.now != nil {
		now = b.now
	}
	t := now()
	if b.last.IsZero() {
		// No crowd at first: it takes a few quick items to form one.
		b.gap = crowdGap
	} else {
		// An exponential moving average over about the last eight gaps:
		// one long pause (a lone submit after a quiet spell) ends the crowd.
		b.gap += (t.Sub(b.last) - b.gap) / 8
	}
	b.last = t
	if b.lingering {
		select {
		case b.wake <- struct{}{}:
		default:
		}
	}
}

// limits are the linger batch and time: the constants, or a test's.
func (b *batcher) limits() (batch int, wait time.Duration) {
	batch, wait = lingerBatch, lingerMax
	if b.lingerBatch > 0 {
		batch = b.lingerBatch
	}
	if b.lingerMax > 0 {
		wait = b.lingerMax
	}
	return batch, wait
}

// crowded reports, b.mu held, whether the queue is small but items have
// been queuing fast enough that more will come within the linger time.
func (b *batcher) crowded() bool {
	batch, _ := b.limits()
	n := len(b.queue)
	return n > 0 && n < batch && b.gap < crowdGap
}

// linger waits, b.mu held on entry and on return, until the queue holds
// the linger batch or the linger time is over.
func (b *batcher) linger() {
	batch, wait := b.limits()
	if b.wake == nil {
		b.wake = make(chan struct{}, 1)
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	for len(b.queue) < batch {
		b.lingering = true
		b.mu.Unlock()
		timeout := false
		select {
		case <-b.wake:
		case <-t.C:
			timeout = true
		}
		b.mu.Lock()
		b.lingering = false
		if timeout {
			return
		}
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
