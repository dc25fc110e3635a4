package response

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

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
