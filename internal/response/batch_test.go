package response

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/cem"
)

// fakeTx is a transactor over a list of committed writes, with savepoints
// and commits that can be made to fail.
type fakeTx struct {
	mu          sync.Mutex
	committed   []string
	failCommits int // the next n commits fail
	txs         int
}

type fakeState struct{ pending []string }

type fakeKey struct{}

func (f *fakeTx) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	st := &fakeState{}
	if err := fn(context.WithValue(ctx, fakeKey{}, st)); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.txs++
	if f.failCommits > 0 {
		f.failCommits--
		return errors.New("commit failed")
	}
	f.committed = append(f.committed, st.pending...)
	return nil
}

func (f *fakeTx) InSavepoint(ctx context.Context, fn func(ctx context.Context) error) (error, error) {
	st := ctx.Value(fakeKey{}).(*fakeState)
	mark := len(st.pending)
	err := fn(ctx)
	if err != nil {
		st.pending = st.pending[:mark]
	}
	return err, nil
}

// item writes name twice (so a half-done item would show) and then returns
// what fail says for this run.
func item(name string, fail func(run int) error) (*batchItem, *int) {
	runs := 0
	return &batchItem{done: make(chan error, 1), run: func(ctx context.Context) error {
		runs++
		st := ctx.Value(fakeKey{}).(*fakeState)
		st.pending = append(st.pending, name)
		if err := fail(runs); err != nil {
			return err
		}
		st.pending = append(st.pending, name)
		return nil
	}}, &runs
}

func ok(int) error { return nil }

func TestBatchCommitsTogether(t *testing.T) {
	f := &fakeTx{}
	b := &batcher{tx: f}
	a, _ := item("a", ok)
	c, _ := item("c", ok)
	b.commit([]*batchItem{a, c})
	if <-a.done != nil || <-c.done != nil || f.txs != 1 || !slices.Equal(f.committed, []string{"a", "a", "c", "c"}) {
		t.Fatalf("one transaction for both: %d txs, %v", f.txs, f.committed)
	}
}

func TestBatchItemFailureStaysItsOwn(t *testing.T) {
	f := &fakeTx{}
	b := &batcher{tx: f}
	a, _ := item("a", ok)
	taken := cem.E(CodeResponseExists, "taken")
	bad, badRuns := item("bad", func(int) error { return taken })
	c, _ := item("c", ok)
	b.commit([]*batchItem{a, bad, c})
	if err := <-bad.done; !errors.Is(err, taken) {
		t.Fatalf("bad item: %v", err)
	}
	if <-a.done != nil || <-c.done != nil || !slices.Equal(f.committed, []string{"a", "a", "c", "c"}) {
		t.Fatalf("the others must commit without the bad item's writes: %v", f.committed)
	}
	if *badRuns != 2 {
		t.Fatalf("a domain error is not retried alone: %d runs", *badRuns)
	}
}

func TestBatchRetriesAloneOnDatabaseErrors(t *testing.T) {
	f := &fakeTx{}
	b := &batcher{tx: f}
	a, _ := item("a", ok)
	// A database error (say a deadlock) in the batch, gone when run alone.
	flaky, _ := item("flaky", func(run int) error {
		if run < 3 {
			return errors.New("deadlock detected")
		}
		return nil
	})
	b.commit([]*batchItem{a, flaky})
	if <-a.done != nil || <-flaky.done != nil || !slices.Equal(f.committed, []string{"a", "a", "flaky", "flaky"}) {
		t.Fatalf("committed %v", f.committed)
	}

	// A failed commit: every item again, alone.
	f = &fakeTx{failCommits: 2}
	b = &batcher{tx: f}
	a, _ = item("a", ok)
	c, _ := item("c", ok)
	b.commit([]*batchItem{a, c})
	if <-a.done != nil || <-c.done != nil || !slices.Equal(f.committed, []string{"a", "a", "c", "c"}) || f.txs != 4 {
		t.Fatalf("after failed commits: %d txs, %v", f.txs, f.committed)
	}
}

func TestBatcherDoUnderConcurrency(t *testing.T) {
	f := &fakeTx{}
	b := &batcher{tx: f}
	var wg sync.WaitGroup
	for i := 0; i < 300; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := b.do(context.Background(), func(ctx context.Context) error {
				st := ctx.Value(fakeKey{}).(*fakeState)
				st.pending = append(st.pending, "x")
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	f.mu.Lock()
	if len(f.committed) != 300 {
		t.Errorf("%d committed, want 300", len(f.committed))
	}
	f.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.do(ctx, func(context.Context) error { t.Error("ran for a gone client"); return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}

// A batch's first try defers new responses; an invitation's owner among
// them must still be found (claimKeys' forwarded check).
func TestPendingOwnerIsFound(t *testing.T) {
	if deferInsert(context.Background(), NewResponse{R: &Response{ID: "x"}}) {
		t.Fatal("deferred outside a batch")
	}
	p := &pending{}
	ctx := context.WithValue(context.Background(), pendingKey{}, p)
	owner := &Response{ID: "first", SurveyID: "s1", InviteToken: "inv"}
	if !deferInsert(ctx, NewResponse{R: owner, Facts: []Fact{{QuestionID: "q"}}}) || len(p.news) != 1 || len(p.news[0].Facts) != 1 {
		t.Fatalf("not deferred: %+v", p.news)
	}
	if got := pendingOwner(ctx, "s1", "inv"); got != owner {
		t.Fatalf("owner: %+v", got)
	}
	if pendingOwner(ctx, "s2", "inv") != nil || pendingOwner(ctx, "s1", "other") != nil || pendingOwner(context.Background(), "s1", "inv") != nil {
		t.Fatal("found an owner that is not one")
	}
}

func TestBatchSurvivesAPanickingItem(t *testing.T) {
	b := &batcher{tx: &fakeTx{}}
	err := b.do(context.Background(), func(context.Context) error { panic("bug") })
	if cem.CodeOf(err) != cem.CodeOf(cem.Internal(errors.New("x"))) {
		t.Fatalf("panicking item: %v", err)
	}
	if err := b.do(context.Background(), func(context.Context) error { return nil }); err != nil {
		t.Fatalf("the next submit: %v", err)
	}
}

// stepClock returns a clock that moves on by step at every reading.
func stepClock(step time.Duration) func() time.Time {
	var mu sync.Mutex
	t := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(step)
		return t
	}
}

// queue runs b.do for name in a goroutine and returns its result channel.
func queue(b *batcher, name string) chan error {
	done := make(chan error, 1)
	go func() {
		done <- b.do(context.Background(), func(ctx context.Context) error {
			st := ctx.Value(fakeKey{}).(*fakeState)
			st.pending = append(st.pending, name)
			return nil
		})
	}()
	return done
}

// waitFor waits, with a generous bound, until cond (called with b.mu held)
// holds.
func waitFor(t *testing.T, b *batcher, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		b.mu.Lock()
		ok := cond()
		b.mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		runtime.Gosched()
	}
}

func TestBatchWaitsForACrowd(t *testing.T) {
	f := &fakeTx{}
	// Items queue 10 µs apart and have for a while: a crowd.
	b := &batcher{tx: f, now: stepClock(10 * time.Microsecond), lingerBatch: 3, lingerMax: time.Hour}
	b.last, b.gap = b.now(), 10*time.Microsecond
	a := queue(b, "a")
	waitFor(t, b, "the committer waits for more", func() bool { return b.lingering })
	select {
	case err := <-a:
		t.Fatalf("a small batch of a crowd committed without waiting: %v", err)
	default:
	}
	c, d := queue(b, "c"), queue(b, "d")
	for _, ch := range []chan error{a, c, d} {
		if err := <-ch; err != nil {
			t.Fatal(err)
		}
	}
	if f.txs != 1 || len(f.committed) != 3 {
		t.Fatalf("the crowd shares one commit: %d txs, %v", f.txs, f.committed)
	}
}

func TestBatchDoesNotWaitAlone(t *testing.T) {
	for name, b := range map[string]*batcher{
		// The first submit a service sees.
		"first": {now: stepClock(10 * time.Microsecond)},
		// A submit a second after a crowd.
		"after a pause": {now: stepClock(time.Second), last: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC), gap: 10 * time.Microsecond},
	} {
		f := &fakeTx{}
		b.tx, b.lingerBatch, b.lingerMax = f, 3, time.Hour
		select {
		case err := <-queue(b, "a"):
			if err != nil || f.txs != 1 {
				t.Fatalf("%s: %v, %d txs", name, err, f.txs)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: a lone submit waited for a crowd", name)
		}
	}
}

func TestBatchWaitsNoLongerThanLingerMax(t *testing.T) {
	f := &fakeTx{}
	b := &batcher{tx: f, now: stepClock(10 * time.Microsecond), lingerBatch: 3, lingerMax: time.Millisecond}
	b.last, b.gap = b.now(), 10*time.Microsecond
	if err := <-queue(b, "a"); err != nil || f.txs != 1 {
		t.Fatalf("a crowd that does not come: %v, %d txs", err, f.txs)
	}
}
