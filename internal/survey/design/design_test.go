package design

import (
	"fmt"
	"math"
	"reflect"
	"testing"
)

func TestRandReference(t *testing.T) {
	t.Parallel()
	// Values a JavaScript mulberry32 seeded with FNV-1a("opencem") gives;
	// the TypeScript twin asserts the same numbers.
	r := NewRand("opencem")
	got := []uint32{r.Uint32(), r.Uint32(), r.Uint32()}
	r2 := NewRand("opencem")
	again := []uint32{r2.Uint32(), r2.Uint32(), r2.Uint32()}
	if !reflect.DeepEqual(got, again) {
		t.Fatal("not deterministic")
	}
	if want := []uint32{2620365251, 1816283090, 2079793384}; !reflect.DeepEqual(got, want) {
		t.Fatalf("mulberry32(fnv1a(opencem)) = %v, want %v", got, want)
	}
	if v := NewRand("种子").Uint32(); v != 1972578565 {
		t.Fatalf("UTF-8 seed: %d", v)
	}
	if NewRand("a").Uint32() == NewRand("b").Uint32() {
		t.Fatal("seeds a and b collide")
	}
	for n := 1; n < 50; n++ {
		if v := r.Intn(n); v < 0 || v >= n && n > 1 {
			t.Fatalf("Intn(%d) = %d", n, v)
		}
	}
}

func TestShufflePinned(t *testing.T) {
	t.Parallel()
	s := []int{0, 1, 2, 3, 4, 5}
	pinned := map[int]bool{0: true, 5: true}
	moved := false
	for k := 0; k < 20; k++ {
		x := append([]int{}, s...)
		NewRand(fmt.Sprint(k)).Shuffle(len(x), func(i int) bool { return pinned[i] }, func(i, j int) { x[i], x[j] = x[j], x[i] })
		if x[0] != 0 || x[5] != 5 {
			t.Fatalf("pinned moved: %v", x)
		}
		if !reflect.DeepEqual(x, s) {
			moved = true
		}
	}
	if !moved {
		t.Fatal("never shuffled")
	}
}

func TestMaxDiffBalance(t *testing.T) {
	t.Parallel()
	spec := MaxDiffSpec{Items: 12, PerTask: 4, Tasks: 12}
	pairs := make([][]int, spec.Items)
	for i := range pairs {
		pairs[i] = make([]int, spec.Items)
	}
	for resp := 0; resp < 200; resp++ {
		d, err := MaxDiff(spec, NewRand(fmt.Sprintf("r%d/q", resp)))
		if err != nil {
			t.Fatal(err)
		}
		shown := make([]int, spec.Items)
		for _, task := range d {
			if len(task) != spec.PerTask {
				t.Fatalf("task size %d", len(task))
			}
			seen := map[int]bool{}
			for _, i := range task {
				if seen[i] {
					t.Fatalf("item %d twice in a task: %v", i, task)
				}
				seen[i] = true
				shown[i]++
				for _, j := range task {
					if i < j {
						pairs[i][j]++
					}
				}
			}
		}
		lo, hi := minMax(shown)
		if hi-lo > 1 {
			t.Fatalf("respondent %d: item frequencies %v", resp, shown)
		}
	}
	var all []int
	for i := range pairs {
		for j := i + 1; j < spec.Items; j++ {
			all = append(all, pairs[i][j])
		}
	}
	if cv := coefVar(all); cv > 0.15 {
		t.Fatalf("pair co-occurrence varies too much: cv=%.3f %v", cv, all)
	}
}

func TestMaxDiffDeterministic(t *testing.T) {
	t.Parallel()
	spec := MaxDiffSpec{Items: 8, PerTask: 4, Tasks: 6}
	a, _ := MaxDiff(spec, NewRand("x"))
	b, _ := MaxDiff(spec, NewRand("x"))
	c, _ := MaxDiff(spec, NewRand("y"))
	if !reflect.DeepEqual(a, b) || reflect.DeepEqual(a, c) {
		t.Fatal("designs not deterministic per seed")
	}
}

func TestMaxDiffSpecErrors(t *testing.T) {
	t.Parallel()
	for _, s := range []MaxDiffSpec{{2, 2, 5}, {5, 5, 5}, {5, 1, 5}, {5, 3, 0}, {5, 3, 31}} {
		if _, err := MaxDiff(s, NewRand("")); err == nil {
			t.Errorf("%+v accepted", s)
		}
	}
}

func TestCBCBalance(t *testing.T) {
	t.Parallel()
	spec := CBCSpec{Levels: []int{3, 4, 2, 5}, Concepts: 3, Tasks: 12}
	agg := make([][]int, len(spec.Levels))
	for a, l := range spec.Levels {
		agg[a] = make([]int, l)
	}
	for resp := 0; resp < 200; resp++ {
		d, err := CBC(spec, NewRand(fmt.Sprintf("r%d/cbc", resp)))
		if err != nil {
			t.Fatal(err)
		}
		counts := make([][]int, len(spec.Levels))
		for a, l := range spec.Levels {
			counts[a] = make([]int, l)
		}
		for _, task := range d {
			if len(task) != spec.Concepts {
				t.Fatalf("task has %d concepts", len(task))
			}
			for i, c := range task {
				for j := 0; j < i; j++ {
					if reflect.DeepEqual(c, task[j]) {
						t.Fatalf("duplicate concept in task %v", task)
					}
				}
				for a, l := range c {
					counts[a][l]++
					agg[a][l]++
				}
			}
		}
		for a := range counts {
			if lo, hi := minMax(counts[a]); hi-lo > 2 {
				t.Fatalf("respondent %d attribute %d: level counts %v", resp, a, counts[a])
			}
		}
	}
	for a := range agg {
		if cv := coefVar(agg[a]); cv > 0.05 {
			t.Fatalf("attribute %d: aggregate level counts %v", a, agg[a])
		}
	}
}

func TestCBCSmallSpace(t *testing.T) {
	t.Parallel()
	// 2×2 attributes allow 4 concepts; 4 per task must all differ.
	d, err := CBC(CBCSpec{Levels: []int{2, 2}, Concepts: 4, Tasks: 5}, NewRand("s"))
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range d {
		seen := map[[2]int]bool{}
		for _, c := range task {
			k := [2]int{c[0], c[1]}
			if seen[k] {
				t.Fatalf("duplicate in %v", task)
			}
			seen[k] = true
		}
	}
	if _, err := CBC(CBCSpec{Levels: []int{2, 2}, Concepts: 5, Tasks: 5}, NewRand("s")); err == nil {
		t.Fatal("5 concepts from 4 combinations accepted")
	}
	for _, s := range []CBCSpec{{Levels: nil, Concepts: 2, Tasks: 1}, {Levels: []int{1, 3}, Concepts: 2, Tasks: 1}, {Levels: []int{3}, Concepts: 6, Tasks: 1}, {Levels: []int{3}, Concepts: 2, Tasks: 0}} {
		if _, err := CBC(s, NewRand("")); err == nil {
			t.Errorf("%+v accepted", s)
		}
	}
}

func minMax(xs []int) (lo, hi int) {
	lo, hi = math.MaxInt, math.MinInt
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	return
}

func coefVar(xs []int) float64 {
	var sum, sq float64
	for _, x := range xs {
		sum += float64(x)
	}
	mean := sum / float64(len(xs))
	for _, x := range xs {
		sq += (float64(x) - mean) * (float64(x) - mean)
	}
	return math.Sqrt(sq/float64(len(xs))) / mean
}
