package cem

import (
	"context"
	"sync"
	"time"
)

// MemCounter is a Counter in process memory, for the single-process SQLite
// mode, where a database write per counted event would queue behind the
// one SQLite writer. Counts start again after a restart. PostgreSQL
// deployments, which may run several processes, use the database counter.
type MemCounter struct {
	mu     sync.Mutex
	counts map[memKey]int
	sweep  time.Time
}

type memKey struct {
	key   string
	start int64
}

// NewMemCounter returns an empty in-memory counter.
func NewMemCounter() *MemCounter { return &MemCounter{counts: map[memKey]int{}} }

// Add implements Counter.
func (m *MemCounter) Add(_ context.Context, key string, window time.Duration, now time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.expire(now)
	k := memKey{key, WindowStart(now, window).UnixNano()}
	m.counts[k]++
	return m.counts[k], nil
}

// Get implements Counter.
func (m *MemCounter) Get(_ context.Context, key string, window time.Duration, now time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.counts[memKey{key, WindowStart(now, window).UnixNano()}], nil
}

// expire drops windows older than a day, at most once a minute, so the map
// stays small.
func (m *MemCounter) expire(now time.Time) {
	if now.Sub(m.sweep) < time.Minute {
		return
	}
	m.sweep = now
	cut := now.Add(-24 * time.Hour).UnixNano()
	for k := range m.counts {
		if k.start < cut {
			delete(m.counts, k)
		}
	}
}
