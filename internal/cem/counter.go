package cem

import (
	"context"
	"time"
)

// Counter counts events per key in fixed time windows. It is backed by the
// database, so every server process shares the same counts: rate limits,
// login throttling and alarm bursts stay correct behind a load balancer.
type Counter interface {
	// Add adds one to key in the window of the given length that contains
	// now, and returns the count in that window after adding.
	Add(ctx context.Context, key string, window time.Duration, now time.Time) (int, error)
	// Get returns key's count in the window containing now, without adding.
	Get(ctx context.Context, key string, window time.Duration, now time.Time) (int, error)
}

// WindowStart is the start of the window of length w containing t.
func WindowStart(t time.Time, w time.Duration) time.Time {
	return t.UTC().Truncate(w)
}
