package response

import "sync"

// seenIDs remembers the ids of responses this process has stored, so that
// a final submit of any other id can be taken as new without reading the
// database first (see Service.submit). It is only a hint: an id it has
// forgotten or never saw (a restart, another process, the set being full)
// costs that submit a failed insert and a read, never a wrong answer.
type seenIDs struct {
	mu sync.Mutex
	m  map[string]struct{}
}

// maxSeen bounds the set (≈ 6 MB); when full it starts again.
const maxSeen = 100_000

func (s *seenIDs) add(id string) {
	s.mu.Lock()
	if s.m == nil || len(s.m) >= maxSeen {
		s.m = make(map[string]struct{}, 1024)
	}
	s.m[id] = struct{}{}
	s.mu.Unlock()
}

func (s *seenIDs) has(id string) bool {
	s.mu.Lock()
	_, ok := s.m[id]
	s.mu.Unlock()
	return ok
}
