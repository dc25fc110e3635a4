// Package design generates the experimental designs of the survey engine's
// choice-modelling questions — MaxDiff (best–worst scaling) and CBC
// (choice-based conjoint) — and provides the seeded random source that the
// engine also uses to shuffle options, rows and questions.
//
// Designs are deterministic: the same specification and seed always give
// the same design, so the server can re-create exactly what a respondent
// was shown from the seed it stored (conventionally the response id plus
// the question id). The methods follow shared/reference/methods.md:
//
//   - MaxDiff: tasks of 2–7 items (3–5 recommended) drawn so that every
//     item is shown about equally often and every pair of items appears
//     together about equally often, with item positions shuffled.
//   - CBC: tasks of 2–5 concepts, each concept one level of every
//     attribute, with level frequencies balanced within each attribute,
//     minimal level overlap within a task, and no duplicate concept within
//     a task ("balanced overlap").
//
// The random source is specified exactly (docs/survey-format.md) so that a
// TypeScript twin can reproduce shuffles bit for bit: FNV-1a (32-bit) of
// the seed text initialises a mulberry32 generator.
package design

// Rand is the seeded pseudo-random source: mulberry32, a 32-bit generator
// that is easy to reproduce in JavaScript with Math.imul. It is not safe for
// concurrent use and not cryptographically secure.
type Rand struct{ state uint32 }

// NewRand returns a source seeded with the FNV-1a 32-bit hash of the UTF-8
// bytes of seed.
func NewRand(seed string) *Rand {
	h := uint32(2166136261)
	for i := 0; i < len(seed); i++ {
		h ^= uint32(seed[i])
		h *= 16777619
	}
	return &Rand{state: h}
}

// Uint32 returns the next 32 random bits (one mulberry32 step).
func (r *Rand) Uint32() uint32 {
	r.state += 0x6D2B79F5
	t := r.state
	t = (t ^ t>>15) * (t | 1)
	t ^= t + (t^t>>7)*(t|61)
	return t ^ t>>14
}

// Intn returns a number in [0, n) as floor(Uint32()·n / 2³²), which equals
// JavaScript's Math.floor(next() * n) for n < 2²¹. It returns 0 for n <= 1.
func (r *Rand) Intn(n int) int {
	if n <= 1 {
		return 0
	}
	return int(uint64(r.Uint32()) * uint64(n) >> 32)
}

// Shuffle permutes the positions of a slice of length n whose pinned
// positions stay where they are: the unpinned positions, in order, are
// shuffled by Fisher–Yates from the last down (j = Intn(i+1)). swap
// exchanges two positions; pinned may be nil.
func (r *Rand) Shuffle(n int, pinned func(i int) bool, swap func(i, j int)) {
	free := make([]int, 0, n)
	for i := 0; i < n; i++ {
		if pinned == nil || !pinned(i) {
			free = append(free, i)
		}
	}
	for i := len(free) - 1; i > 0; i-- {
		j := r.Intn(i + 1)
		if i != j {
			swap(free[i], free[j])
		}
	}
}
