package sqlite

import (
	"sync/atomic"
	"testing"
	"time"
)

// TestCheckpointerRestsWhileNothingIsWritten: the checkpointer runs a
// checkpoint at its first tick and then only after ticks at which this
// process's write count has moved (issue #5 item 10: an idle server ran
// one ten times a second).
func TestCheckpointerRestsWhileNothingIsWritten(t *testing.T) {
	ticks := make(chan time.Time) // unbuffered: a send returns once the loop took the tick
	var writes atomic.Uint64
	ran := make(chan struct{}, 16)
	stop := startCheckpointer(ticks, writes.Load, func() { ran <- struct{}{} })
	defer stop()
	// tick sends one tick, then another that the loop can only take once
	// it has finished with the first, and reports the checkpoints run.
	tick := func() int {
		ticks <- time.Time{}
		ticks <- time.Time{}
		n := len(ran)
		for range n {
			<-ran
		}
		return n
	}
	if n := tick(); n != 1 {
		t.Fatalf("first ticks ran %d checkpoints, want 1 (the first)", n)
	}
	if n := tick() + tick(); n != 0 {
		t.Fatalf("idle ticks ran %d checkpoints", n)
	}
	writes.Add(1)
	if n := tick(); n != 1 {
		t.Fatalf("ticks after a write ran %d checkpoints, want 1", n)
	}
	if n := tick(); n != 0 {
		t.Fatalf("idle again: %d checkpoints", n)
	}
}
