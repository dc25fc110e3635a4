package survey

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

// allTypes is a survey with every question type and the validation the
// simulator aims at; every question is required so that a wrong
// generator shows up as a stuck run.
const allTypes = `{"format_version": 1, "title": "全题型", "pages": [
 {"id": "p1", "questions": [
  {"id": "single", "type": "single", "required": true, "title": "S", "options": [{"code": "a", "label": "A"}, {"code": "o", "label": "其他", "other": true}]},
  {"id": "multi", "type": "multiple", "required": true, "title": "M", "validation": {"min_select": 2, "max_select": 3},
   "options": [{"code": "a"}, {"code": "b"}, {"code": "c"}, {"code": "d"}, {"code": "n", "exclusive": true}, {"code": "o", "other": true}]},
  {"id": "email", "type": "text", "input": "email", "required": true, "title": "E"},
  {"id": "phone", "type": "text", "input": "phone", "required": true, "title": "P"},
  {"id": "num", "type": "text", "input": "number", "required": true, "title": "N", "validation": {"min": 18, "max": 60, "integer": true}},
  {"id": "code", "type": "text", "required": true, "title": "C", "validation": {"pattern": "^[A-Z][0-9]{5}$"}},
  {"id": "long", "type": "text", "input": "multiline", "required": true, "title": "L", "validation": {"min_length": 20, "max_length": 40}},
  {"id": "blanks", "type": "blanks", "required": true, "title": "我叫[[name]]，今年[[age]]岁", "blanks": [{"id": "name"}, {"id": "age", "input": "number", "validation": {"min": 1, "max": 120}}]}]},
 {"id": "p2", "questions": [
  {"id": "nps", "type": "rating", "scale": "nps", "required": true, "title": "NPS"},
  {"id": "stars", "type": "rating", "scale": "star", "points": 5, "required": true, "title": "R", "na": {"code": "na", "label": "不适用"}},
  {"id": "slider", "type": "slider", "min": 0, "max": 1, "step": 0.1, "required": true, "title": "SL"},
  {"id": "ms", "type": "matrix", "required": true, "title": "MS", "rows": [{"id": "r1"}, {"id": "r2"}], "columns": [{"code": "c1"}, {"code": "c2"}]},
  {"id": "mm", "type": "matrix", "matrix": "multiple", "required": true, "title": "MM", "rows": [{"id": "r1"}, {"id": "r2"}], "columns": [{"code": "c1"}, {"code": "c2"}, {"code": "none", "exclusive": true}]},
  {"id": "mr", "type": "matrix", "matrix": "rating", "points": 7, "required": true, "title": "MR", "rows": [{"id": "r1"}, {"id": "r2"}]},
  {"id": "md", "type": "matrix", "matrix": "dropdown", "required": true, "title": "MD", "rows": [{"id": "r1"}], "columns": [{"code": "c1"}, {"code": "c2"}], "options": [{"code": "x"}, {"code": "y"}]}]},
 {"id": "p3", "questions": [
  {"id": "city", "type": "city", "required": true, "title": "City"},
  {"id": "prov", "type": "city", "city_level": "province", "required": true, "title": "Prov"},
  {"id": "dd", "type": "dropdown", "required": true, "title": "DD", "options": [{"code": "x"}, {"code": "y"}]},
  {"id": "cascade", "type": "dropdown", "required": true, "title": "Car", "levels": [{"id": "brand"}, {"id": "model"}],
   "options": [{"code": "toyota", "children": [{"code": "corolla"}, {"code": "camry"}]}, {"code": "honda", "children": [{"code": "civic"}]}]},
  {"id": "hot", "type": "hotspot", "image": "https://img.example/a.png", "required": true, "title": "H",
   "options": [{"code": "h1", "region": {"shape": "rect", "coords": [0, 0, 0.5, 0.5]}}, {"code": "h2", "region": {"shape": "circle", "coords": [0.7, 0.7, 0.2]}}]},
  {"id": "hotm", "type": "hotspot", "multiple": true, "image": "https://img.example/a.png", "required": true, "title": "HM",
   "options": [{"code": "h1", "region": {"shape": "rect", "coords": [0, 0, 0.5, 0.5]}}, {"code": "h2", "region": {"shape": "circle", "coords": [0.7, 0.7, 0.2]}}]},
  {"id": "video", "type": "video", "video": "https://v.example/a.mp4", "min_watch_percent": 80, "required": true, "title": "V"},
  {"id": "day", "type": "date", "required": true, "title": "D", "validation": {"min_date": "2025-03-01", "max_date": "2025-03-31"}},
  {"id": "span", "type": "date", "range": true, "date_mode": "datetime", "required": true, "title": "DR"},
  {"id": "clock", "type": "date", "date_mode": "time", "required": true, "title": "T", "validation": {"min_date": "09:00", "max_date": "17:30"}},
  {"id": "cbc", "type": "cbc", "required": true, "title": "CBC", "concepts": 3, "tasks": 2, "none_label": "都不选",
   "attributes": [{"id": "brand", "levels": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}, {"id": "price", "levels": [{"id": "lo"}, {"id": "hi"}]}]},
  {"id": "maxdiff", "type": "maxdiff", "required": true, "title": "MD", "items_per_task": 3, "tasks": 3,
   "options": [{"code": "a"}, {"code": "b"}, {"code": "c"}, {"code": "d"}, {"code": "e"}]},
  {"id": "rank", "type": "ranking", "required": true, "title": "Rank", "options": [{"code": "a"}, {"code": "b"}, {"code": "c"}]},
  {"id": "note", "type": "description", "title": "Thanks"}]}]}`

func TestSimulateAnswersEveryType(t *testing.T) {
	def := MustParse([]byte(allTypes))
	rep := Simulate(def, SimulateOptions{Runs: 150, Seed: 7})
	if rep.Stuck != 0 || rep.Completed != 150 || len(rep.Problems) != 0 {
		t.Fatalf("stuck %d completed %d problems %+v", rep.Stuck, rep.Completed, rep.Problems)
	}
	for _, q := range rep.Questions {
		want := 150
		if q.ID == "note" {
			want = 0 // a description takes no answer
		}
		if q.Reached != 150 || q.Answered != want {
			t.Errorf("%s reached %d answered %d", q.ID, q.Reached, q.Answered)
		}
	}
	if !reflect.DeepEqual(rep.Endings, []SimEnding{{ID: "", Kind: EndComplete, Reached: 150}}) || len(rep.UnreachedEndings) != 0 {
		t.Errorf("endings %+v unreached %v", rep.Endings, rep.UnreachedEndings)
	}
}

const problemSurvey = `{"format_version": 1, "title": "t", "pages": [{"id": "p1", "questions": [
	 {"id": "opt", "type": "text", "title": "o"},
	 {"id": "never", "type": "text", "input": "number", "title": "n", "validation": {"rules": [{"valid": "{never} > 1000"}]}},
	 {"id": "must", "type": "text", "input": "number", "required": true, "title": "m", "validation": {"rules": [{"valid": "{must} > 1000"}]}}]},
	 {"id": "p2", "questions": [{"id": "after", "type": "text", "title": "a"}]}]}`

// Optional questions are sometimes left blank, and answers the generator
// cannot aim at (a custom rule) are dropped for an optional question but
// make a required one stuck.
func TestSimulateProblems(t *testing.T) {
	def := MustParse([]byte(problemSurvey))
	rep := Simulate(def, SimulateOptions{Runs: 100, Seed: 3})
	if rep.Stuck != 100 || rep.Completed != 0 || rep.Pages[1].Reached != 0 {
		t.Fatalf("%+v", rep)
	}
	q := map[string]SimQuestion{}
	for _, x := range rep.Questions {
		q[x.ID] = x
	}
	if q["opt"].Reached != 100 || q["opt"].Answered >= 100 || q["opt"].Answered < 70 {
		t.Errorf("optional question answered %d of 100", q["opt"].Answered)
	}
	if q["never"].Answered != 0 || q["must"].Answered != 100 {
		t.Errorf("%+v", rep.Questions)
	}
	if !reflect.DeepEqual(rep.UnreachedQuestions, []string{"after"}) {
		t.Errorf("unreached %v", rep.UnreachedQuestions)
	}
	var never, must int
	for _, p := range rep.Problems {
		if p.Code != ErrCustom {
			t.Errorf("problem %+v", p)
		}
		if p.Question == "never" {
			never = p.Count
		}
		if p.Question == "must" {
			must = p.Count
		}
	}
	if must != 100 || never < 70 || never > q["never"].Reached {
		t.Errorf("problems %+v", rep.Problems)
	}
}

const jumpSurvey = `{"format_version": 1, "title": "t", "pages": [
	 {"id": "p1", "questions": [{"id": "q1", "type": "single", "required": true, "title": "1",
	   "options": [{"code": "A"}, {"code": "B", "jump": {"to": "screen_out", "target": "out"}}, {"code": "C"}],
	   "jumps": [{"to": "page", "target": "p3"}]}]},
	 {"id": "p2", "questions": [{"id": "q2", "type": "text", "title": "2"}]},
	 {"id": "p3", "questions": [{"id": "q3", "type": "rating", "required": true, "title": "3",
	   "jumps": [{"if": "{q3} >= 4", "to": "end", "target": "happy"}]}]}],
	 "endings": [{"id": "thanks"}, {"id": "happy"}, {"id": "never"}, {"id": "out", "kind": "screen_out"}]}`

// A jump that makes a question unreachable and an ending nobody gets are
// flagged; endings and screen-outs are counted against the answers given.
func TestSimulateFlagsUnreached(t *testing.T) {
	def := MustParse([]byte(jumpSurvey))
	var outs, happy int
	rep := Simulate(def, SimulateOptions{Runs: 300, Seed: 11, OnRun: func(_ int, a map[string]json.RawMessage, last *Result) {
		if string(a["q1"]) == `"B"` {
			outs++
		} else if string(a["q3"]) == "4" || string(a["q3"]) == "5" {
			happy++
		}
	}})
	if !reflect.DeepEqual(rep.UnreachedQuestions, []string{"q2"}) || !reflect.DeepEqual(rep.UnreachedEndings, []string{"never"}) {
		t.Errorf("unreached %v %v", rep.UnreachedQuestions, rep.UnreachedEndings)
	}
	want := []SimEnding{{"thanks", EndComplete, 300 - outs - happy}, {"happy", EndComplete, happy}, {"never", EndComplete, 0}, {"out", EndScreenOut, outs}}
	if !reflect.DeepEqual(rep.Endings, want) || rep.ScreenedOut != outs || rep.Completed != 300-outs {
		t.Errorf("endings %+v, want %+v", rep.Endings, want)
	}
	if rep.Pages[1].Reached != 0 || rep.Pages[2].Reached != 300-outs || rep.Questions[2].Reached != 300-outs {
		t.Errorf("pages %+v questions %+v", rep.Pages, rep.Questions)
	}
	near(t, "screen-outs", outs, 300, 1.0/3)
	near(t, "happy", happy, 300-outs, 2.0/5)
}

const displaySurvey = `{"format_version": 1, "title": "t", "pages": [
	 {"id": "p1", "questions": [
	  {"id": "q1", "type": "single", "required": true, "title": "1", "options": [{"code": "1"}, {"code": "2"}, {"code": "3"}]},
	  {"id": "q2", "type": "multiple", "required": true, "title": "2", "display": "{q1} == '1'",
	   "options": [{"code": "a"}, {"code": "b"}, {"code": "c"}, {"code": "d", "display": "{q1} != '1'"}]}]},
	 {"id": "p2", "display": "{q1} != '3'", "questions": [
	  {"id": "q3", "type": "text", "title": "3", "display": "contains({q2}, 'a')"},
	  {"id": "q4", "type": "text", "title": "4"}]}]}`

// Display logic on the same page and on a later page: a question is
// reached exactly in the runs whose answer satisfies its condition, and
// about as often as chance says.
func TestSimulateDisplayProbability(t *testing.T) {
	def := MustParse([]byte(displaySurvey))
	const runs = 600
	var q1is1, q2a, q1not3 int
	rep := Simulate(def, SimulateOptions{Runs: runs, Seed: 5, OnRun: func(_ int, a map[string]json.RawMessage, _ *Result) {
		if string(a["q1"]) != `"3"` {
			q1not3++
		}
		if string(a["q1"]) == `"1"` {
			q1is1++
			var codes []string
			_ = json.Unmarshal(a["q2"], &codes)
			if strings.Contains(strings.Join(codes, ","), "a") {
				q2a++
			}
		}
	}})
	got := map[string]int{}
	for _, q := range rep.Questions {
		got[q.ID] = q.Reached
	}
	if got["q1"] != runs || got["q2"] != q1is1 || got["q3"] != q2a || got["q4"] != q1not3 || rep.Pages[1].Reached != q1not3 {
		t.Errorf("reached %v; independently q1=1 %d, q2∋a %d, q1≠3 %d", got, q1is1, q2a, q1not3)
	}
	near(t, "q1 = 1", q1is1, runs, 1.0/3)
	near(t, "q2 contains a", q2a, q1is1, 4.0/7) // 7 equally likely non-empty subsets of 3, 4 contain a
	if len(rep.UnreachedQuestions) != 0 || rep.Completed != runs {
		t.Errorf("%+v", rep)
	}
}

// near asserts that k of n runs is within 4.5 standard deviations of p·n.
func near(t *testing.T, what string, k, n int, p float64) {
	t.Helper()
	mean, sd := p*float64(n), math.Sqrt(float64(n)*p*(1-p))
	if math.Abs(float64(k)-mean) > 4.5*sd {
		t.Errorf("%s: %d of %d, expected about %.0f", what, k, n, mean)
	}
}

func TestSimulateDeterministic(t *testing.T) {
	def := MustParse([]byte(allTypes))
	a, b := make([]string, 20), make([]string, 20)
	rec := func(out *[]string) func(int, map[string]json.RawMessage, *Result) {
		return func(i int, ans map[string]json.RawMessage, _ *Result) {
			x, _ := json.Marshal(ans)
			(*out)[i] = string(x)
		}
	}
	r1 := Simulate(def, SimulateOptions{Runs: 20, Seed: 42, OnRun: rec(&a)})
	r2 := Simulate(def, SimulateOptions{Runs: 20, Seed: 42, OnRun: rec(&b)})
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(r1, r2) {
		t.Fatal("the same seed gave different runs")
	}
	c := make([]string, 20)
	Simulate(def, SimulateOptions{Runs: 20, Seed: 43, OnRun: rec(&c)})
	if reflect.DeepEqual(a, c) {
		t.Error("different seeds gave the same runs")
	}
}

// literalRun is a run done literally page by page, as the respondent page
// does: evaluate with no answers, answer the visible questions of
// next_page, evaluate with it as the current page (again while answers
// change), go on to its next_page.
func literalRun(s *simulator, i int, t *tally) {
	w := &walker{s: s, g: s.newGen(),
		run: i, tries: map[string]int{}, drawn: map[string]bool{}, blank: map[string]bool{},
		in: Input{Answers: map[string]json.RawMessage{}, Now: s.opts.Now, Seed: fmt.Sprintf("sim-%d-%d", s.opts.Seed, i)}}
	seen := map[[2]string]bool{}
	w.problem = func(q, code string) {
		if k := [2]string{q, code}; !seen[k] {
			seen[k] = true
			t.problems[k]++
		}
	}
	res := Evaluate(s.def, w.in)
	for page := res.NextPage; page != ""; page = res.NextPage {
		w.in.CurrentPage = page
		blocked := false
		for round := 0; round < s.rounds; round++ {
			changed := false
			blocked = false
			for _, id := range res.PageQuestions[page] {
				c, b := w.fix(s.question(id), res)
				changed, blocked = changed || c, blocked || b
			}
			if !changed && round > 0 {
				break
			}
			res = Evaluate(s.def, w.in)
		}
		if blocked || len(res.Errors) > 0 {
			break
		}
	}
	s.count(t, res, w.problem)
	for _, e := range res.RuleErrors {
		w.problem(e.Name, SimRuleError)
	}
}

// The shared evaluations of Simulate give exactly the report of a literal
// page-by-page walk with the same draws.
func TestSimulateMatchesPageByPage(t *testing.T) {
	for name, def := range map[string]*Definition{"all types": MustParse([]byte(allTypes)), "thirty": thirtyQuestions(),
		"display": MustParse([]byte(displaySurvey)), "jumps": MustParse([]byte(jumpSurvey)), "problems": MustParse([]byte(problemSurvey))} {
		opts := SimulateOptions{Runs: 120, Seed: 99, Now: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
		fast := Simulate(def, opts)
		s := newSimulator(def, opts)
		tl := newTally()
		for i := 0; i < opts.Runs; i++ {
			literalRun(s, i, tl)
		}
		slow := s.report(tl)
		slow.Runs, slow.Seed = fast.Runs, fast.Seed
		if !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s: shared evaluations\n%+v\npage by page\n%+v", name, fast, slow)
		}
	}
}

// thirtyQuestions is a 30-question survey over 6 pages with display logic,
// jumps and most question types: the size the logic test must handle.
func thirtyQuestions() *Definition {
	var pages []string
	n := 0
	for p := 1; p <= 6; p++ {
		var qs []string
		for i := 0; i < 5; i++ {
			n++
			id := fmt.Sprintf("q%d", n)
			switch i {
			case 0:
				jump := ""
				if p < 5 {
					jump = fmt.Sprintf(`, "jump": {"to": "page", "target": "p%d"}`, p+2)
				}
				qs = append(qs, fmt.Sprintf(`{"id": %q, "type": "single", "required": true, "title": "单选", "options": [{"code": "1"}, {"code": "2"}, {"code": "3"%s}]}`, id, jump))
			case 1:
				qs = append(qs, fmt.Sprintf(`{"id": %q, "type": "multiple", "required": true, "title": "多选", "display": "{q%d} != '1'", "options": [{"code": "a"}, {"code": "b"}, {"code": "c"}, {"code": "n", "exclusive": true}]}`, id, n-1))
			case 2:
				qs = append(qs, fmt.Sprintf(`{"id": %q, "type": "rating", "required": true, "title": "打分", "points": 5}`, id))
			case 3:
				qs = append(qs, fmt.Sprintf(`{"id": %q, "type": "matrix", "required": true, "title": "矩阵", "rows": [{"id": "r1"}, {"id": "r2"}, {"id": "r3"}], "columns": [{"code": "1"}, {"code": "2"}, {"code": "3"}]}`, id))
			default:
				qs = append(qs, fmt.Sprintf(`{"id": %q, "type": "text", "title": "填空"}`, id))
			}
		}
		pages = append(pages, fmt.Sprintf(`{"id": "p%d", "questions": [%s]}`, p, strings.Join(qs, ",")))
	}
	return MustParse([]byte(`{"format_version": 1, "title": "30", "pages": [` + strings.Join(pages, ",") + `]}`))
}

func TestSimulateThirtyQuestions(t *testing.T) {
	rep := Simulate(thirtyQuestions(), SimulateOptions{Runs: 200, Seed: 1})
	if rep.Completed != 200 || rep.Stuck != 0 || len(rep.UnreachedQuestions) != 0 {
		t.Errorf("%+v", rep)
	}
}

// BenchmarkSimulate1000x30: 1000 simulated respondents of a 30-question
// survey (recorded in bench/RESULTS.md).
func BenchmarkSimulate1000x30(b *testing.B) {
	def := thirtyQuestions()
	for b.Loop() {
		Simulate(def, SimulateOptions{Runs: 1000, Seed: 1})
	}
}
