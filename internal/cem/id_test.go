package cem

import (
	"sort"
	"testing"
	"time"
)

func TestNewIDOrderedAndValid(t *testing.T) {
	t.Parallel()
	ids := make([]string, 2000)
	for i := range ids {
		ids[i] = NewID()
	}
	if !sort.StringsAreSorted(ids) {
		t.Fatal("ids made one after another are not in order")
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if !ValidID(id) {
			t.Fatalf("NewID made an id ValidID refuses: %q", id)
		}
		if seen[id] {
			t.Fatalf("duplicate id %q", id)
		}
		seen[id] = true
	}
}

func TestIDTimeOrder(t *testing.T) {
	t.Parallel()
	a := newIDAt(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	b := newIDAt(time.Date(2030, 1, 1, 0, 0, 1, 0, time.UTC))
	if !(a < b) {
		t.Fatalf("later id sorts first: %s >= %s", a, b)
	}
}

func TestValidIDRejects(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "abc", "01ARZ3NDEKTSV4RRFFQ69G5FAI", "81ARZ3NDEKTSV4RRFFQ69G5FAV", "01arz3ndektsv4rrffq69g5fav"} {
		if ValidID(s) {
			t.Errorf("ValidID(%q) = true", s)
		}
	}
}

func TestCursorRoundTrip(t *testing.T) {
	t.Parallel()
	type key struct{ ID string }
	c := EncodeCursor(key{ID: "x"})
	var k key
	if err := DecodeCursor(c, &k); err != nil || k.ID != "x" {
		t.Fatalf("round trip: %v %+v", err, k)
	}
	if err := DecodeCursor("!!", &k); CodeOf(err) != CodeInvalidCursor {
		t.Fatalf("bad cursor: got %v", err)
	}
}

func TestRandomTokenLength(t *testing.T) {
	t.Parallel()
	if got := len(RandomToken(32)); got != 52 {
		t.Fatalf("RandomToken(32) has %d chars, want 52", got)
	}
	if RandomToken(16) == RandomToken(16) {
		t.Fatal("two tokens equal")
	}
}
