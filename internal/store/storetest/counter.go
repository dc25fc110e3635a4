package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/store"
)

func testCounter(t *testing.T, open Opener) {
	db := open(t)
	c := store.NewCounter(db)
	cx := ctx(t)
	w := time.Minute
	t.Run("CountsPerWindow", func(t *testing.T) {
		for i := 1; i <= 3; i++ {
			if n, err := c.Add(cx, "k", w, ts); err != nil || n != i {
				t.Fatalf("add %d: got %d, %v", i, n, err)
			}
		}
		if n, _ := c.Get(cx, "k", w, ts.Add(10*time.Second)); n != 3 {
			t.Fatalf("same window: %d", n)
		}
		if n, _ := c.Add(cx, "k", w, ts.Add(w)); n != 1 {
			t.Fatalf("next window starts at 1, got %d", n)
		}
		if n, _ := c.Get(cx, "other", w, ts); n != 0 {
			t.Fatalf("unknown key: %d", n)
		}
	})
	t.Run("ConcurrentAddsAreAtomic", func(t *testing.T) {
		var wg sync.WaitGroup
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.Add(cx, "race", w, ts); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if n, _ := c.Get(cx, "race", w, ts); n != 20 {
			t.Fatalf("20 concurrent adds counted %d", n)
		}
	})
	t.Run("Sweep", func(t *testing.T) {
		if err := c.DeleteExpired(cx, ts.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if n, _ := c.Get(cx, "k", w, ts); n != 0 {
			t.Fatalf("expired window survived: %d", n)
		}
	})
}
