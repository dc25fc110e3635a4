package survey

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
)

// Logic test (issue #6 item 5, clauses 6.3.1c–d): simulated respondents
// answer a survey at random, page by page along next_page, through
// Evaluate as the respondent page does, and the report counts how many
// reach each page, question and ending.

// Simulation limits.
const (
	SimDefaultRuns = 200
	SimMaxRuns     = 1000
	simRetries     = 4  // random answers a question gets before the simulator gives up on it
	simSkipOneIn   = 10 // an optional question is left blank one time in simSkipOneIn
)

// Problem codes of the report besides the answer error codes.
const (
	SimRuleError = "rule_error" // a rule failed at run time (question is its path)
)

// SimulateOptions configures Simulate.
type SimulateOptions struct {
	Runs int       // 1–1000; 0 means SimDefaultRuns
	Seed int64     // the same seed gives the same report
	Now  time.Time // what today() reads; zero is 2026-01-01 12:00 UTC
	// OnRun, if set, is called after each run with the answers drawn
	// (questions never shown included: the engine ignores them) and the
	// last evaluation; calls are serialised, in no particular order.
	OnRun func(run int, answers map[string]json.RawMessage, last *Result)
}

// SimReport is the outcome of a logic test. Stuck runs met a required
// question the simulator could not answer validly (see Problems).
type SimReport struct {
	Runs               int           `json:"runs"`
	Seed               int64         `json:"seed"`
	Completed          int           `json:"completed"`
	ScreenedOut        int           `json:"screened_out"`
	Stuck              int           `json:"stuck"`
	Pages              []SimPage     `json:"pages"`
	Questions          []SimQuestion `json:"questions"`
	Endings            []SimEnding   `json:"endings"`
	UnreachedQuestions []string      `json:"unreached_questions"`
	UnreachedEndings   []string      `json:"unreached_endings"`
	Problems           []SimProblem  `json:"problems"`
}

// SimPage counts the runs that were on a page.
type SimPage struct {
	ID      string `json:"id"`
	Reached int    `json:"reached"`
}

// SimQuestion counts the runs that saw a question and that answered it.
type SimQuestion struct {
	ID       string `json:"id"`
	Page     string `json:"page"`
	Reached  int    `json:"reached"`
	Answered int    `json:"answered"`
}

// SimEnding counts the runs that ended at an ending; ID "" is the default
// ending of its kind when the survey defines none.
type SimEnding struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Reached int    `json:"reached"`
}

// SimProblem counts the runs in which a question kept an answer error
// after the retries (or a rule failed: Code rule_error).
type SimProblem struct {
	Question string `json:"question"`
	Code     string `json:"code"`
	Count    int    `json:"count"`
}

// Simulate answers def opts.Runs times at random and reports the paths
// taken. def must come from Parse. Pure and deterministic for a seed:
// every answer is drawn from its own random source (seed, run, question,
// draw), so the report does not depend on how runs are spread over the
// CPUs. Any caller may use it.
func Simulate(def *Definition, opts SimulateOptions) *SimReport {
	if opts.Runs <= 0 {
		opts.Runs = SimDefaultRuns
	}
	opts.Runs = min(opts.Runs, SimMaxRuns)
	if opts.Now.IsZero() {
		opts.Now = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	}
	s := newSimulator(def, opts)
	workers := max(1, min(runtime.GOMAXPROCS(0), opts.Runs/50))
	tallies := make([]*tally, workers)
	var wg sync.WaitGroup
	for w := range workers {
		t := newTally()
		tallies[w] = t
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := s.newGen()
			for i := w; i < opts.Runs; i += workers {
				s.run(i, g, t)
			}
		}()
	}
	wg.Wait()
	total := newTally()
	for _, t := range tallies {
		total.add(t)
	}
	return s.report(total)
}

type simulator struct {
	def    *Definition
	opts   SimulateOptions
	c      *compiled   // the engine's indexes, shared read-only by all workers
	static []*Question // the questions static(q) holds for, in document order
	rounds int         // evaluations a run may make after the first
	hook   sync.Mutex  // serialises OnRun
}

func newSimulator(def *Definition, opts SimulateOptions) *simulator {
	s := &simulator{def: def, opts: opts, c: def.compiled(), rounds: 2 + (simRetries+1)*len(def.Pages)}
	for _, qf := range s.c.qs {
		if static(qf.q) {
			s.static = append(s.static, qf.q)
		}
	}
	return s
}

// question is the question with the id, nil if there is none.
func (s *simulator) question(id string) *Question {
	if qf := s.c.byID[id]; qf != nil {
		return qf.q
	}
	return nil
}

// newGen returns an answer generator for one worker.
func (s *simulator) newGen() *simGen { return &simGen{now: s.opts.Now, c: s.c} }

// tally is what runs count; each worker has its own.
type tally struct {
	completed, screenedOut, stuck int
	pages                         map[string]int
	reached, answered             map[string]int
	endings                       map[[2]string]int // kind, id
	problems                      map[[2]string]int // question, code
}

func newTally() *tally {
	return &tally{pages: map[string]int{}, reached: map[string]int{}, answered: map[string]int{},
		endings: map[[2]string]int{}, problems: map[[2]string]int{}}
}

func (t *tally) add(o *tally) {
	t.completed += o.completed
	t.screenedOut += o.screenedOut
	t.stuck += o.stuck
	for _, m := range [][2]map[string]int{{t.pages, o.pages}, {t.reached, o.reached}, {t.answered, o.answered}} {
		for k, v := range m[1] {
			m[0][k] += v
		}
	}
	for _, m := range [][2]map[[2]string]int{{t.endings, o.endings}, {t.problems, o.problems}} {
		for k, v := range m[1] {
			m[0][k] += v
		}
	}
}

// walker is the state of one run: the answers given, how many draws each
// question had and which optional questions were left blank.
type walker struct {
	s       *simulator
	g       *simGen
	run     int
	in      Input
	tries   map[string]int
	drawn   map[string]bool
	blank   map[string]bool
	problem func(q, code string)
}

// source is the random source of a question's draw-th answer in run: each
// draw has its own, so what a question gets does not depend on the order
// or number of evaluations (TestSimulateMatchesPageByPage relies on it).
func (w *walker) source(q string, draw int) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(q))
	return rand.New(rand.NewPCG(uint64(w.s.opts.Seed)^uint64(w.run)*0x9e3779b97f4a7c15, h.Sum64()+uint64(draw)))
}

// decide gives q its first answer, or leaves it blank (optional questions,
// one time in simSkipOneIn). It reports whether an answer was set.
func (w *walker) decide(q *Question, res *Result) bool {
	w.drawn[q.ID] = true
	if !q.Required && w.source(q.ID, -1).IntN(simSkipOneIn) == 0 {
		w.blank[q.ID] = true
		return false
	}
	return w.draw(q, res)
}

// draw gives q a new random answer shaped by what res shows of it.
func (w *walker) draw(q *Question, res *Result) bool {
	w.g.r = w.source(q.ID, w.tries[q.ID])
	w.tries[q.ID]++
	v, ok := w.g.answer(q, res)
	if ok {
		w.in.Answers[q.ID] = v
		delete(w.blank, q.ID)
	}
	return ok
}

// fix looks at one visible question of the page being walked: it answers
// it if it has not been answered yet, draws again if the engine refuses
// the answer, and gives up on an optional question after simRetries
// draws. It reports whether the answers changed and whether the question
// still blocks the page.
func (w *walker) fix(q *Question, res *Result) (changed, blocks bool) {
	e, bad := res.Errors[q.ID]
	switch {
	case !w.drawn[q.ID]:
		return w.decide(q, res), false
	case !bad:
		return false, false
	case w.tries[q.ID] < simRetries:
		return w.draw(q, res), false
	case !q.Required && e.Code != ErrWatch && !w.blank[q.ID]:
		w.problem(q.ID, e.Code)
		delete(w.in.Answers, q.ID)
		w.blank[q.ID] = true
		return true, false
	}
	return false, true
}

// run is one respondent. The walk follows next_page from the first page
// as the respondent page does and answers each page's visible questions;
// answers the engine refuses are drawn again. Since Evaluate is one
// forward pass — what a page shows depends only on answers before it and
// on it, and answers of questions not shown are ignored — one evaluation
// serves every page up to the first one whose answers change: questions
// whose options, rows and columns cannot depend on answers are answered
// before the first evaluation, the others when an evaluation shows them.
func (s *simulator) run(i int, g *simGen, t *tally) {
	w := &walker{s: s, g: g, run: i, tries: map[string]int{}, drawn: map[string]bool{}, blank: map[string]bool{},
		in: Input{Answers: map[string]json.RawMessage{}, Now: s.opts.Now, Seed: fmt.Sprintf("sim-%d-%d", s.opts.Seed, i)}}
	seen := map[[2]string]bool{}
	w.problem = func(q, code string) {
		if k := [2]string{q, code}; !seen[k] {
			seen[k] = true
			t.problems[k]++
		}
	}
	for _, q := range s.static {
		w.decide(q, &Result{})
	}
	res := Evaluate(s.def, w.in)
	for round := 0; round < s.rounds; round++ {
		changed := false
	walk:
		for _, page := range res.VisiblePages {
			blocked := false
			for _, id := range res.PageQuestions[page] {
				if q := s.question(id); q != nil {
					c, b := w.fix(q, res)
					changed, blocked = changed || c, blocked || b
				}
			}
			if changed || blocked {
				break walk // later pages depend on this one
			}
		}
		if !changed {
			break
		}
		res = Evaluate(s.def, w.in)
	}
	s.count(t, res, w.problem)
	for _, e := range res.RuleErrors {
		w.problem(e.Name, SimRuleError)
	}
	if s.opts.OnRun != nil {
		s.hook.Lock()
		s.opts.OnRun(i, w.in.Answers, res)
		s.hook.Unlock()
	}
}

// count tallies a finished run from its last evaluation: the pages along
// the path up to the first page with an answer error (where the run is
// stuck), or the outcome and ending.
func (s *simulator) count(t *tally, res *Result, problem func(q, code string)) {
	for _, page := range res.VisiblePages {
		t.pages[page]++
		stuck := false
		for _, id := range res.PageQuestions[page] {
			t.reached[id]++
			if _, ok := res.Answers[id]; ok {
				t.answered[id]++
			}
			if e, bad := res.Errors[id]; bad {
				problem(id, e.Code)
				stuck = true
			}
		}
		if stuck {
			t.stuck++
			return
		}
	}
	if !res.Complete {
		t.stuck++ // not expected: every error is on a shown page
		return
	}
	if res.Outcome == EndScreenOut {
		t.screenedOut++
	} else {
		t.completed++
	}
	t.endings[[2]string{res.Outcome, res.Ending}]++
}

// static tells whether what q offers (options, rows, columns, design)
// cannot depend on answers, so it can be answered before any evaluation.
func static(q *Question) bool {
	if q.OptionsFrom != nil || q.RowsFrom != nil || q.Type == TypeCBC || q.Type == TypeMaxDiff {
		return false
	}
	var hidden func(os []*Option) bool
	hidden = func(os []*Option) bool {
		for _, o := range os {
			if o != nil && (o.Display != "" || hidden(o.Children)) {
				return true
			}
		}
		return false
	}
	if hidden(q.Options) || hidden(q.Columns) {
		return false
	}
	for _, r := range q.Rows {
		if r != nil && r.Display != "" {
			return false
		}
	}
	return true
}

func (s *simulator) report(t *tally) *SimReport {
	r := &SimReport{Completed: t.completed, ScreenedOut: t.screenedOut, Stuck: t.stuck}
	r.Runs, r.Seed = s.opts.Runs, s.opts.Seed
	r.Pages, r.Questions, r.Endings = []SimPage{}, []SimQuestion{}, []SimEnding{}
	r.UnreachedQuestions, r.UnreachedEndings, r.Problems = []string{}, []string{}, []SimProblem{}
	order := map[string]int{}
	for _, p := range s.def.Pages {
		r.Pages = append(r.Pages, SimPage{ID: p.ID, Reached: t.pages[p.ID]})
		for _, q := range p.Questions {
			c := SimQuestion{ID: q.ID, Page: p.ID, Reached: t.reached[q.ID], Answered: t.answered[q.ID]}
			order[q.ID] = len(r.Questions)
			r.Questions = append(r.Questions, c)
			if c.Reached == 0 {
				r.UnreachedQuestions = append(r.UnreachedQuestions, q.ID)
			}
		}
	}
	has := map[string]bool{}
	addEnding := func(id, kind string) {
		n := t.endings[[2]string{kind, id}]
		r.Endings = append(r.Endings, SimEnding{ID: id, Kind: kind, Reached: n})
		if n == 0 {
			r.UnreachedEndings = append(r.UnreachedEndings, id)
		}
	}
	for _, e := range s.def.Endings {
		if e != nil {
			has[endingKind(e)] = true
			addEnding(e.ID, endingKind(e))
		}
	}
	if !has[EndComplete] {
		addEnding("", EndComplete)
	}
	if !has[EndScreenOut] && (t.endings[[2]string{EndScreenOut, ""}] > 0 || screensOut(s.def)) {
		addEnding("", EndScreenOut)
	}
	for k, n := range t.problems {
		r.Problems = append(r.Problems, SimProblem{Question: k[0], Code: k[1], Count: n})
	}
	sortProblems(r.Problems, order)
	return r
}

// screensOut tells whether any jump of def ends in a screen-out.
func screensOut(def *Definition) bool {
	for _, p := range def.Pages {
		for _, j := range p.Jumps {
			if j.To == ToScreenOut {
				return true
			}
		}
		for _, q := range p.Questions {
			for _, j := range q.Jumps {
				if j.To == ToScreenOut {
					return true
				}
			}
			for _, o := range q.Options {
				if o != nil && o.Jump != nil && o.Jump.To == ToScreenOut {
					return true
				}
			}
		}
	}
	return false
}

// sortProblems orders problems by question position (rule paths last),
// then code.
func sortProblems(ps []SimProblem, order map[string]int) {
	key := func(p SimProblem) (int, string, string) {
		if i, ok := order[p.Question]; ok {
			return i, "", p.Code
		}
		return len(order), p.Question, p.Code
	}
	slices.SortStableFunc(ps, func(a, b SimProblem) int {
		ai, aq, ac := key(a)
		bi, bq, bc := key(b)
		return cmp.Or(cmp.Compare(ai, bi), strings.Compare(aq, bq), strings.Compare(ac, bc))
	})
}

// Simulate runs the logic test on a stored survey: its draft (version 0)
// or a published version. Needs surveys.read and the survey in the
// caller's data scope, like Evaluate. Errors: forbidden, survey_not_found,
// survey_version_not_found, validation_failed (a definition with errors,
// or runs outside 1–1000).
func (s *Service) Simulate(ctx context.Context, id string, version int, opts SimulateOptions) (*SimReport, error) {
	if _, err := allow(ctx, auth.PermSurveysRead); err != nil {
		return nil, err
	}
	if opts.Runs < 0 || opts.Runs > SimMaxRuns {
		return nil, cem.Invalid("Choose between 1 and 1000 runs.", cem.FieldError{Name: "runs", Reason: "must be between 1 and 1000"})
	}
	data, err := s.readableDefinition(ctx, id, version)
	if err != nil {
		return nil, err
	}
	def, err := Parse(data)
	if err != nil {
		return nil, err
	}
	if opts.Now.IsZero() {
		opts.Now = s.now()
	}
	return Simulate(def, opts), nil
}
