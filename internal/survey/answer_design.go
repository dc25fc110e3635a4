package survey

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/opencem/opencem/internal/survey/design"
	"github.com/opencem/opencem/internal/survey/logic"
)

// CBCDesign is the design a CBC question shows one respondent: for each
// task, its concepts, each mapping attribute id → level id.
type CBCDesign [][]map[string]string

// MaxDiffDesign is the design a MaxDiff question shows one respondent: for
// each task, the item codes in display order.
type MaxDiffDesign [][]string

// DesignCBC generates the CBC design of question q for a seed (the
// evaluator uses Input.Seed + "/" + q.ID). It returns an error when the
// question is not a valid CBC question.
func DesignCBC(q *Question, seed string) (CBCDesign, error) {
	if q == nil || q.Type != TypeCBC {
		return nil, fmt.Errorf("survey: design: not a cbc question")
	}
	spec := design.CBCSpec{Concepts: q.Concepts, Tasks: q.Tasks}
	for _, a := range q.Attributes {
		if a == nil {
			return nil, fmt.Errorf("survey: design: empty attribute")
		}
		spec.Levels = append(spec.Levels, len(a.Levels))
	}
	tasks, err := design.CBC(spec, design.NewRand(seed))
	if err != nil {
		return nil, fmt.Errorf("survey: design %s: %w", q.ID, err)
	}
	out := make(CBCDesign, len(tasks))
	for t, task := range tasks {
		out[t] = make([]map[string]string, len(task))
		for c, concept := range task {
			m := map[string]string{}
			for a, l := range concept {
				if lv := q.Attributes[a].Levels[l]; lv != nil {
					m[q.Attributes[a].ID] = lv.ID
				}
			}
			out[t][c] = m
		}
	}
	return out, nil
}

// DesignMaxDiff generates the MaxDiff design of question q for a seed. It
// returns an error when the question is not a valid MaxDiff question.
func DesignMaxDiff(q *Question, seed string) (MaxDiffDesign, error) {
	if q == nil || q.Type != TypeMaxDiff {
		return nil, fmt.Errorf("survey: design: not a maxdiff question")
	}
	tasks, err := design.MaxDiff(design.MaxDiffSpec{Items: len(q.Options), PerTask: q.ItemsPerTask, Tasks: q.Tasks}, design.NewRand(seed))
	if err != nil {
		return nil, fmt.Errorf("survey: design %s: %w", q.ID, err)
	}
	out := make(MaxDiffDesign, len(tasks))
	for t, task := range tasks {
		out[t] = make([]string, len(task))
		for i, idx := range task {
			if o := q.Options[idx]; o != nil {
				out[t][i] = o.Code
			}
		}
	}
	return out, nil
}

func taskItem(t int) string { return fmt.Sprintf("t%d", t+1) }

// cbcAnswer: {"tasks": CBCDesign, "choices": [0, 2, "none", …]}.
type cbcAnswer struct {
	tasks   CBCDesign
	choices []logic.Value
}

func (a *cbcAnswer) decode(ev *evaluator, st *qstate, raw json.RawMessage) {
	q := st.qf.q
	var gen CBCDesign
	if ev.in.Seed != "" && st.visible {
		if d, err := DesignCBC(q, ev.in.Seed+"/"+q.ID); err == nil {
			gen = d
			if b, err := json.Marshal(d); err == nil {
				if ev.res.Designs == nil {
					ev.res.Designs = map[string]json.RawMessage{}
				}
				ev.res.Designs[q.ID] = b
			}
		}
	}
	if raw == nil {
		return
	}
	var in struct {
		Tasks   CBCDesign `json:"tasks"`
		Choices []any     `json:"choices"`
	}
	if !strictDecode(raw, &in) {
		st.fail(ErrInvalid, "", "a CBC answer is {\"tasks\": …, \"choices\": […]}")
		return
	}
	switch {
	case in.Tasks == nil && gen == nil && len(in.Choices) == 0:
		// null (or {}) stores no design and no choice: unanswered, with or
		// without a seed (docs/survey-format.md §6); finish applies required.
		return
	case in.Tasks == nil && gen == nil:
		st.fail(ErrInvalid, "", "the answer must store the design shown (tasks)")
		return
	case in.Tasks == nil:
		in.Tasks = gen
	case gen != nil && !reflect.DeepEqual(in.Tasks, gen):
		st.fail(ErrDesign, "", "the stored design is not the one generated for this response")
		return
	}
	if !validCBC(q, in.Tasks) {
		st.fail(ErrInvalid, "", "the stored design does not fit the question's attributes, concepts and tasks")
		return
	}
	a.tasks = in.Tasks
	if len(in.Choices) > len(in.Tasks) {
		st.fail(ErrInvalid, "", "more choices than tasks")
		return
	}
	for t, c := range in.Choices {
		switch x := c.(type) {
		case nil:
			a.choices = append(a.choices, logic.Null)
		case string:
			if x != "none" || q.NoneLabel.IsZero() {
				st.fail(ErrInvalid, taskItem(t), "a choice is a concept index or \"none\" when offered")
				return
			}
			a.choices = append(a.choices, logic.String(x))
		default:
			f, ok := numberOf(x)
			if !ok || f != float64(int(f)) || f < 0 || int(f) >= len(in.Tasks[t]) {
				st.fail(ErrInvalid, taskItem(t), "a choice is a concept index from 0 to %d", len(in.Tasks[t])-1)
				return
			}
			a.choices = append(a.choices, logic.Number(f))
		}
	}
}

func validCBC(q *Question, d CBCDesign) bool {
	if len(d) != q.Tasks {
		return false
	}
	for _, task := range d {
		if len(task) != q.Concepts {
			return false
		}
		for _, concept := range task {
			if len(concept) != len(q.Attributes) {
				return false
			}
			for _, at := range q.Attributes {
				if at == nil || !hasItem(at.Levels, concept[at.ID]) {
					return false
				}
			}
		}
	}
	return true
}

func hasItem(items []*Item, id string) bool {
	for _, it := range items {
		if it != nil && it.ID == id {
			return true
		}
	}
	return false
}

// strictDecode decodes JSON into v refusing unknown fields.
func strictDecode(raw json.RawMessage, v any) bool {
	dec := json.NewDecoder(bytesReader(raw))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	return dec.Decode(v) == nil && !dec.More()
}

func (a *cbcAnswer) assign(*evaluator, *qstate, []pendingAssign) {}

func (a *cbcAnswer) finish(ev *evaluator, st *qstate) {
	q := st.qf.q
	n := 0
	for _, c := range a.choices {
		if c.Kind() != logic.KindNull {
			n++
		}
	}
	if n == 0 {
		if q.Required {
			st.fail(ErrRequired, "", "please answer the choice tasks")
		}
		return
	}
	for t := range a.tasks {
		if t >= len(a.choices) || a.choices[t].Kind() == logic.KindNull {
			st.fail(ErrIncomplete, taskItem(t), "please answer every task")
			break
		}
	}
	st.values.set("", logic.List(a.choices...))
	ev.setClean(st, map[string]any{"tasks": a.tasks, "choices": a.choices})
}

// maxdiffAnswer: {"tasks": MaxDiffDesign, "best": [codes], "worst": [codes]}.
type maxdiffAnswer struct {
	tasks       MaxDiffDesign
	best, worst []logic.Value
}

func (a *maxdiffAnswer) decode(ev *evaluator, st *qstate, raw json.RawMessage) {
	q := st.qf.q
	var gen MaxDiffDesign
	if ev.in.Seed != "" && st.visible {
		if d, err := DesignMaxDiff(q, ev.in.Seed+"/"+q.ID); err == nil {
			gen = d
			if b, err := json.Marshal(d); err == nil {
				if ev.res.Designs == nil {
					ev.res.Designs = map[string]json.RawMessage{}
				}
				ev.res.Designs[q.ID] = b
			}
		}
	}
	if raw == nil {
		return
	}
	var in struct {
		Tasks MaxDiffDesign `json:"tasks"`
		Best  []*string     `json:"best"`
		Worst []*string     `json:"worst"`
	}
	if !strictDecode(raw, &in) {
		st.fail(ErrInvalid, "", "a MaxDiff answer is {\"tasks\": …, \"best\": […], \"worst\": […]}")
		return
	}
	switch {
	case in.Tasks == nil && gen == nil && len(in.Best) == 0 && len(in.Worst) == 0:
		return // unanswered, as for CBC
	case in.Tasks == nil && gen == nil:
		st.fail(ErrInvalid, "", "the answer must store the design shown (tasks)")
		return
	case in.Tasks == nil:
		in.Tasks = gen
	case gen != nil && !reflect.DeepEqual(in.Tasks, gen):
		st.fail(ErrDesign, "", "the stored design is not the one generated for this response")
		return
	}
	if !a.validDesign(st, in.Tasks) {
		st.fail(ErrInvalid, "", "the stored design does not fit the question's items, items per task and tasks")
		return
	}
	if len(in.Best) > len(in.Tasks) || len(in.Worst) > len(in.Tasks) {
		st.fail(ErrInvalid, "", "more answers than tasks")
		return
	}
	// Set only once the answer is known to fit: finish indexes best and
	// worst by task.
	a.tasks = in.Tasks
	pick := func(l []*string) []logic.Value {
		out := make([]logic.Value, len(in.Tasks))
		for t, p := range l {
			if p != nil && *p != "" {
				out[t] = logic.String(*p)
			}
		}
		return out
	}
	a.best, a.worst = pick(in.Best), pick(in.Worst)
}

func (a *maxdiffAnswer) validDesign(st *qstate, d MaxDiffDesign) bool {
	q := st.qf.q
	if len(d) != q.Tasks {
		return false
	}
	for _, task := range d {
		if len(task) != q.ItemsPerTask {
			return false
		}
		seen := map[string]bool{}
		for _, c := range task {
			if st.opt(c) == nil || seen[c] {
				return false
			}
			seen[c] = true
		}
	}
	return true
}

func (a *maxdiffAnswer) assign(*evaluator, *qstate, []pendingAssign) {}

func (a *maxdiffAnswer) finish(ev *evaluator, st *qstate) {
	q := st.qf.q
	var best, worst []string
	for t := range a.tasks {
		if b := a.best[t].Text(); b != "" {
			best = append(best, b)
		}
		if w := a.worst[t].Text(); w != "" {
			worst = append(worst, w)
		}
	}
	if len(best) == 0 && len(worst) == 0 {
		if q.Required {
			st.fail(ErrRequired, "", "please answer the tasks")
		}
		return
	}
	for t, task := range a.tasks {
		b, w := a.best[t].Text(), a.worst[t].Text()
		switch {
		case b == "" || w == "":
			st.fail(ErrIncomplete, taskItem(t), "choose the best and the worst in every task")
		case b == w || !contains(task, b) || !contains(task, w):
			st.fail(ErrBestWorst, taskItem(t), "best and worst must be two different items of the task")
		}
	}
	st.values.set("", logic.Strings(best...))
	st.values.set("best", logic.Strings(best...))
	st.values.set("worst", logic.Strings(worst...))
	ev.setClean(st, map[string]any{"tasks": a.tasks, "best": a.best, "worst": a.worst})
}
