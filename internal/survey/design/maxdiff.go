package design

// MaxDiff limits.
const (
	MaxDiffMinItems   = 3
	MaxDiffMaxItems   = 100
	MaxDiffMinPerTask = 2
	MaxDiffMaxPerTask = 7
	MaxDiffMaxTasks   = 30
	MaxCBCAttributes  = 12
	MaxCBCLevels      = 15
	MinCBCConcepts    = 2
	MaxCBCConcepts    = 5
	MaxCBCTasks       = 30
)

// MaxDiffSpec describes a MaxDiff exercise.
type MaxDiffSpec struct {
	Items   int // number of items, 3–100
	PerTask int // items shown in each task, 2–7 and fewer than Items
	Tasks   int // tasks per respondent, 1–30
}

// Validate returns an error naming the first field out of range.
func (s MaxDiffSpec) Validate() error {
	switch {
	case s.Items < MaxDiffMinItems || s.Items > MaxDiffMaxItems:
		return specErr("maxdiff needs %d–%d items, got %d", MaxDiffMinItems, MaxDiffMaxItems, s.Items)
	case s.PerTask < MaxDiffMinPerTask || s.PerTask > MaxDiffMaxPerTask || s.PerTask >= s.Items:
		return specErr("maxdiff shows %d–%d items per task and fewer than the %d items, got %d", MaxDiffMinPerTask, MaxDiffMaxPerTask, s.Items, s.PerTask)
	case s.Tasks < 1 || s.Tasks > MaxDiffMaxTasks:
		return specErr("maxdiff needs 1–%d tasks, got %d", MaxDiffMaxTasks, s.Tasks)
	}
	return nil
}

// MaxDiff returns Tasks tasks, each a list of PerTask distinct item indexes
// in display order. Items are chosen greedily: the least-shown item first,
// then among equals the one that has appeared least often with the items
// already in the task, then at random; the order within a task is shuffled.
// Within one design every item is shown ⌊T·K/N⌋ or ⌈T·K/N⌉ times. It
// returns an error if the spec is out of range.
func MaxDiff(spec MaxDiffSpec, r *Rand) ([][]int, error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	n := spec.Items
	shown := make([]int, n)
	pairs := make([][]int, n)
	for i := range pairs {
		pairs[i] = make([]int, n)
	}
	tasks := make([][]int, spec.Tasks)
	inTask := make([]bool, n)
	for t := range tasks {
		task := make([]int, 0, spec.PerTask)
		for i := range inTask {
			inTask[i] = false
		}
		for len(task) < spec.PerTask {
			var best []int
			bestShown, bestPair := 0, 0
			for i := 0; i < n; i++ {
				if inTask[i] {
					continue
				}
				p := 0
				for _, j := range task {
					p += pairs[i][j]
				}
				switch {
				case best == nil || shown[i] < bestShown || shown[i] == bestShown && p < bestPair:
					best, bestShown, bestPair = []int{i}, shown[i], p
				case shown[i] == bestShown && p == bestPair:
					best = append(best, i)
				}
			}
			pick := best[r.Intn(len(best))]
			inTask[pick] = true
			task = append(task, pick)
		}
		for _, i := range task {
			shown[i]++
			for _, j := range task {
				if i != j {
					pairs[i][j]++
				}
			}
		}
		r.Shuffle(len(task), nil, func(i, j int) { task[i], task[j] = task[j], task[i] })
		tasks[t] = task
	}
	return tasks, nil
}
