package cem

import (
	"context"
	"testing"
	"time"
)

func TestMemCounterWindows(t *testing.T) {
	c := NewMemCounter()
	now := time.Date(2026, 1, 1, 10, 0, 30, 0, time.UTC)
	for i := 1; i <= 3; i++ {
		if n, _ := c.Add(context.Background(), "k", time.Minute, now); n != i {
			t.Fatalf("add %d gave %d", i, n)
		}
	}
	if n, _ := c.Get(context.Background(), "k", time.Minute, now.Add(20*time.Second)); n != 3 {
		t.Fatalf("same window: %d", n)
	}
	if n, _ := c.Add(context.Background(), "k", time.Minute, now.Add(time.Minute)); n != 1 {
		t.Fatalf("next window: %d", n)
	}
	c.Add(context.Background(), "old", time.Minute, now)
	c.Add(context.Background(), "k", time.Minute, now.Add(48*time.Hour))
	if _, ok := c.counts[memKey{"old", WindowStart(now, time.Minute).UnixNano()}]; ok {
		t.Fatal("day-old window not swept")
	}
}
