package design

// CBCSpec describes a choice-based conjoint exercise.
type CBCSpec struct {
	Levels   []int // number of levels of each attribute: 1–12 attributes of 2–15 levels
	Concepts int   // concepts (product profiles) per task, 2–5
	Tasks    int   // tasks per respondent, 1–30
}

// Validate returns an error naming the first field out of range.
func (s CBCSpec) Validate() error {
	if len(s.Levels) < 1 || len(s.Levels) > MaxCBCAttributes {
		return specErr("cbc needs 1–%d attributes, got %d", MaxCBCAttributes, len(s.Levels))
	}
	combos := 1
	for i, l := range s.Levels {
		if l < 2 || l > MaxCBCLevels {
			return specErr("cbc attribute %d needs 2–%d levels, got %d", i, MaxCBCLevels, l)
		}
		if combos < 1000 {
			combos *= l
		}
	}
	switch {
	case s.Concepts < MinCBCConcepts || s.Concepts > MaxCBCConcepts:
		return specErr("cbc shows %d–%d concepts per task, got %d", MinCBCConcepts, MaxCBCConcepts, s.Concepts)
	case s.Concepts > combos:
		return specErr("cbc attributes allow only %d distinct concepts, fewer than %d per task", combos, s.Concepts)
	case s.Tasks < 1 || s.Tasks > MaxCBCTasks:
		return specErr("cbc needs 1–%d tasks, got %d", MaxCBCTasks, s.Tasks)
	}
	return nil
}

// CBC returns Tasks tasks of Concepts concepts; a concept holds one level
// index per attribute. Each level is chosen greedily: the level of the
// attribute shown least often so far, then among equals the one least used
// in this task (minimal overlap), then at random. A concept identical to one
// already in the task is replaced by the next distinct combination. Within
// one design the level counts of an attribute differ by at most one or two.
// It returns an error if the spec is out of range.
func CBC(spec CBCSpec, r *Rand) ([][][]int, error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	counts := make([][]int, len(spec.Levels))
	for a, l := range spec.Levels {
		counts[a] = make([]int, l)
	}
	tasks := make([][][]int, spec.Tasks)
	for t := range tasks {
		used := make([][]int, len(spec.Levels))
		for a, l := range spec.Levels {
			used[a] = make([]int, l)
		}
		task := make([][]int, 0, spec.Concepts)
		for len(task) < spec.Concepts {
			c := make([]int, len(spec.Levels))
			for a := range spec.Levels {
				c[a] = pickLevel(counts[a], used[a], r)
			}
			if containsConcept(task, c) {
				c = nextDistinct(task, c, spec.Levels)
			}
			for a, l := range c {
				counts[a][l]++
				used[a][l]++
			}
			task = append(task, c)
		}
		tasks[t] = task
	}
	return tasks, nil
}

func pickLevel(count, used []int, r *Rand) int {
	var best []int
	for l := range count {
		if best == nil {
			best = []int{l}
			continue
		}
		b := best[0]
		switch {
		case count[l] < count[b] || count[l] == count[b] && used[l] < used[b]:
			best = []int{l}
		case count[l] == count[b] && used[l] == used[b]:
			best = append(best, l)
		}
	}
	return best[r.Intn(len(best))]
}

func containsConcept(task [][]int, c []int) bool {
	for _, o := range task {
		same := true
		for a := range c {
			if o[a] != c[a] {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

// nextDistinct counts c up in mixed radix (last attribute fastest) until it
// differs from every concept of the task; Validate guarantees one exists.
func nextDistinct(task [][]int, c []int, levels []int) []int {
	for containsConcept(task, c) {
		for a := len(c) - 1; a >= 0; a-- {
			c[a]++
			if c[a] < levels[a] {
				break
			}
			c[a] = 0
		}
	}
	return c
}
