package survey

import "github.com/opencem/opencem/internal/survey/logic"

// The evaluator runs for every submit (issue #5 item 10); these types keep
// its allocations few: a response's values without a map per question, and
// its small objects and lists carved out of shared slabs.

// valueSet holds the values of one question: its own (item "") and its
// items' (rows, blanks, ranks …). Most questions have only their own, so
// it is kept apart; items are a list, indexed once it is long.
type valueSet struct {
	own    logic.Value
	hasOwn bool
	items  []itemValue
	index  map[string]int // position in items, from valueIndexMin items on
}

type itemValue struct {
	item string
	v    logic.Value
}

const valueIndexMin = 16

func (s *valueSet) set(item string, v logic.Value) {
	if item == "" {
		s.own, s.hasOwn = v, true
		return
	}
	if i, ok := s.find(item); ok {
		s.items[i].v = v
		return
	}
	s.items = append(s.items, itemValue{item, v})
	switch {
	case s.index != nil:
		s.index[item] = len(s.items) - 1
	case len(s.items) >= valueIndexMin:
		s.index = make(map[string]int, 2*len(s.items))
		for i, iv := range s.items {
			s.index[iv.item] = i
		}
	}
}

func (s *valueSet) find(item string) (int, bool) {
	if s.index != nil {
		i, ok := s.index[item]
		return i, ok
	}
	for i := range s.items {
		if s.items[i].item == item {
			return i, true
		}
	}
	return 0, false
}

// get returns the value of an item ("" for the question's own), Null when
// it has none.
func (s *valueSet) get(item string) logic.Value {
	if item == "" {
		return s.own
	}
	if i, ok := s.find(item); ok {
		return s.items[i].v
	}
	return logic.Null
}

// len counts the values set, Null ones included.
func (s *valueSet) len() int {
	n := len(s.items)
	if s.hasOwn {
		n++
	}
	return n
}

// slab hands out pieces of a shared backing array: many small lists or
// objects of one response in one allocation. Pieces never move (a full
// slab is replaced, not grown), and each is capped at its size, so an
// append to one never writes into another.
type slab[T any] struct {
	buf []T
}

// take returns an empty list with room for n elements; hint is the size of
// a new backing array when the current one is full.
func (s *slab[T]) take(n, hint int) []T {
	if s.buf == nil || n > cap(s.buf)-len(s.buf) {
		s.buf = make([]T, 0, max(n, hint))
	}
	l := len(s.buf)
	s.buf = s.buf[:l+n]
	return s.buf[l : l : l+n]
}
