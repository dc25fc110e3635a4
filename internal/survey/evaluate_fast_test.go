package survey

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/survey/logic"
)

// The submit path's shortcuts (issue #5 item 10) must not change a
// result: each is checked here against the general code it bypasses.

// fastAnswersSurvey has a question of each type with a fast answer path;
// "x" and "o2" are duplicate codes, "h" and "o4" hidden options.
const fastAnswersSurvey = `{"format_version":1,"title":"t","pages":[{"id":"p","questions":[
 {"id":"s","type":"single","options":[{"code":"a"},{"code":"b"},{"code":"x"},{"code":"h","display":"1 = 2"},{"code":"x"}]},
 {"id":"m","type":"multiple","options":[{"code":"a"},{"code":"b"},{"code":"c"},{"code":"h","display":"1 = 2"}]},
 {"id":"r","type":"ranking","options":[{"code":"a"},{"code":"b"},{"code":"c"}]},
 {"id":"big","type":"multiple","options":[{"code":"o1"},{"code":"o2"},{"code":"o3"},{"code":"o4","display":"1 = 2"},{"code":"o5"},{"code":"o6"},{"code":"o7"},{"code":"o8"},{"code":"o9"},{"code":"o10"},{"code":"o11"},{"code":"o12"},{"code":"o2"}]},
 {"id":"d","type":"dropdown","options":[{"code":"a"},{"code":"b"}]},
 {"id":"n","type":"rating","scale":"nps"},
 {"id":"f","type":"rating","points":5,"na":{"code":"na","label":"N/A"}},
 {"id":"sl","type":"slider","min":0,"max":10,"step":0.5},
 {"id":"t","type":"text"},
 {"id":"tn","type":"text","input":"number"}]}]}`

var fastAnswerSeeds = []string{`"a"`, `"b"`, `"x"`, `"h"`, `"zz"`, `""`, ` "a" `, `["a","b"]`, `["b","a"]`, `["a","a"]`, `["a","h"]`, `[]`, ` [ "c" , "a" ] `,
	`["a",]`, `["a" "b"]`, `[1]`, `"a\u0062"`, `null`, `{"value":"a"}`, `9`, `-0`, `0`, `11`, `1e1`, `1.5`, `7.25`, `1e400`, `-1`, `"5"`, `"na"`,
	`"很好"`, `"  x "`, "\"\xff\"", `01`, `5 5`, `true`, `["o9","o1","o2","o3","o4","o5","o6","o7","o8","o10"]`, `["o12","o1","o2","o3","o4","o5","o6","o7"]`,
	`["o12","o1","o2","o3","o5","o6","o7","o8","o12"]`}

// FuzzAnswerFastPaths: the fast decoding of choice, scale and text answers
// leaves the handler and the question state exactly as decoding the
// general way does.
func FuzzAnswerFastPaths(f *testing.F) {
	for _, s := range fastAnswerSeeds {
		f.Add([]byte(s))
	}
	def, _, err := Load([]byte(fastAnswersSurvey), CheckOptions{})
	if err != nil {
		f.Fatal(err)
	}
	c := def.compiled()
	f.Fuzz(func(t *testing.T, raw []byte) {
		ev := newEvaluator(c, Input{})
		for _, qf := range c.qs {
			fast := ev.newState(qf)
			fast.visible = true
			ev.buildOptions(fast)
			general := *fast
			var got, want any
			switch h := ev.answerFor(qf.q).(type) {
			case *choiceAnswer:
				g := *h
				h.decode(ev, fast, raw)
				g.decodeGeneral(&general, raw)
				got, want = *h, g
			case *scaleAnswer:
				h.decode(ev, fast, raw)
				var g scaleAnswer
				g.decodeGeneral(&general, raw)
				got, want = *h, g
			case *textAnswer:
				h.decode(ev, fast, raw)
				var g textAnswer
				g.decodeGeneral(&general, raw)
				got, want = *h, g
			default:
				t.Fatalf("%s: no fast path", qf.q.ID)
			}
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(fast.err, general.err) {
				t.Fatalf("%s %q: fast %+v %+v, general %+v %+v", qf.q.ID, raw, got, fast.err, want, general.err)
			}
		}
	})
}

// TestAnswerFastPathsTaken: the shapes pages send take the fast paths
// (else they save nothing).
func TestAnswerFastPathsTaken(t *testing.T) {
	def := MustParse([]byte(benchSurvey))
	c := def.compiled()
	ev := newEvaluator(c, Input{})
	for _, tc := range []struct{ q, raw string }{{"visit", `"buy"`}, {"items", `["a","c"]`}, {"items", `[]`}} {
		st := ev.newState(c.byID[tc.q])
		st.visible = true
		ev.buildOptions(st)
		a := ev.answerFor(st.qf.q).(*choiceAnswer)
		if !a.decodeCodes(ev, st, []byte(tc.raw)) {
			t.Errorf("%s %s: not decoded fast", tc.q, tc.raw)
		}
	}
	grid := ev.newState(c.byID["grid"])
	grid.visible = true
	ev.buildOptions(grid)
	if m := ev.answerFor(grid.qf.q).(*matrixAnswer); !m.decodePicks(grid, []byte(`{"r1":"g","r2":"b"}`)) {
		t.Error("grid: not decoded fast")
	}
	if _, ok := fastNumber([]byte(`9`)); !ok {
		t.Error("9: not a fast number")
	}
	if _, ok := fastString([]byte(`"很好"`)); !ok {
		t.Error(`"很好": not a fast string`)
	}
}

var appendJSONSeeds = []string{"", "a", "很好", "a<b", "x&y", `q"q`, `b\s`, "tab\t", "\x00", "\x7f", "\u2028", "\u2029", "\xff", "é\xc3", "😀", "</script>"}

// FuzzAppendJSON: the encoder of cleaned answers writes what json.Marshal
// writes, or declines.
func FuzzAppendJSON(f *testing.F) {
	for _, s := range appendJSONSeeds {
		f.Add(s, 1.5)
	}
	f.Fuzz(func(t *testing.T, s string, x float64) {
		for _, v := range []any{s, []string{s, "a"}, logic.String(s), logic.Number(x), map[string]any{s: s, "n": logic.Number(x), "l": []string{s}},
			map[string]string{"k": s, s: "v"}} {
			checkAppendJSON(t, v)
		}
	})
}

func checkAppendJSON(t *testing.T, v any) {
	t.Helper()
	want, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := appendJSON([]byte("prefix"), v)
	if ok && string(got) != "prefix"+string(want) {
		t.Fatalf("%#v: appendJSON %s, json.Marshal %s", v, got[len("prefix"):], want)
	}
}

// TestAppendJSONMatchesMarshal covers the shapes of cleaned answers,
// including those the encoder must leave to json.Marshal.
func TestAppendJSONMatchesMarshal(t *testing.T) {
	for _, v := range []any{nil, "a", []string(nil), []string{}, []string{"a", "b"}, logic.Null, logic.Number(-2.5), logic.Number(1e21), logic.Number(1e-7),
		logic.Bool(true), logic.String("x"), logic.Strings("a"), logic.Date(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)),
		map[string]any(nil), map[string]any{}, map[string]any{"b": "1", "a": []string{"x"}, "c": map[string]string{"z": "1", "y": "2"}, "d": logic.Number(3)},
		map[string]any{"value": "a", "other": "很好"}, map[string]any{"x": 1.5}} {
		checkAppendJSON(t, v)
	}
	for _, s := range appendJSONSeeds {
		checkAppendJSON(t, s)
	}
	if _, ok := appendJSON(nil, map[string]any{"value": []string{"a"}, "other": "很好"}); !ok {
		t.Error("the other-answer shape is left to json.Marshal")
	}
}

// TestResultListsApart: the lists and answers of a Result share backing
// arrays (slabs) but not space: appending to one changes no other.
func TestResultListsApart(t *testing.T) {
	def := MustParse([]byte(benchSurvey))
	in := Input{Answers: map[string]json.RawMessage{"nps": json.RawMessage(`9`), "visit": json.RawMessage(`"buy"`), "items": json.RawMessage(`["a","b"]`),
		"grid": json.RawMessage(`{"r1":"g"}`)}, OmitTexts: true}
	res := Evaluate(def, in)
	before, _ := json.Marshal(res)
	for k := range res.VisibleOptions {
		_ = append(res.VisibleOptions[k], "!")
	}
	for k := range res.PageQuestions {
		_ = append(res.PageQuestions[k], "!")
	}
	for k := range res.Answers {
		_ = append(res.Answers[k], '!')
	}
	if after, _ := json.Marshal(res); string(after) != string(before) {
		t.Fatalf("an append changed the result:\n%s\n%s", before, after)
	}
}

// TestValueSetIndexed: values of many items (past valueIndexMin) read back
// as set, the last write of an item winning.
func TestValueSetIndexed(t *testing.T) {
	var s valueSet
	n := 3 * valueIndexMin
	for i := range n {
		s.set("r"+strconv.Itoa(i), logic.Number(float64(i)))
		if i%5 == 0 {
			s.set("r0", logic.Number(float64(-i)))
		}
	}
	s.set("", logic.String("own"))
	if s.len() != n+1 {
		t.Fatalf("len %d, want %d", s.len(), n+1)
	}
	for i := 1; i < n; i++ {
		if v := s.get("r" + strconv.Itoa(i)); !logic.Identical(v, logic.Number(float64(i))) {
			t.Fatalf("r%d = %v", i, v)
		}
	}
	if v := s.get("r0"); !logic.Identical(v, logic.Number(float64(-45))) {
		t.Fatalf("r0 = %v", v)
	}
	if v := s.get("own"); v.Kind() != logic.KindNull || !slices.ContainsFunc(s.items, func(iv itemValue) bool { return iv.item == "r7" }) {
		t.Fatalf("get of an unknown item: %v", v)
	}
	if v, _ := s.get("").AsString(); v != "own" {
		t.Fatalf("own value %q", v)
	}
}

// matrixFastSurvey has single-choice matrices with a duplicate row id
// ("r1"), a duplicate column code ("g"), hidden rows and columns, and one
// too many rows for the fast path; FuzzMatrixFastPath gives its first
// matrix ids that JSON escapes, which the schema refuses but a hand-built
// definition may have.
var matrixFastSurvey = `{"format_version":1,"title":"t","locales":["zh-CN","en"],"pages":[{"id":"p","questions":[
 {"id":"m","type":"matrix","required":true,"rows":[{"id":"r1","label":"一"},{"id":"r2"},{"id":"r3","display":"1 = 2"},{"id":"r1","display":"1 = 2"},{"id":"r4"}],
  "columns":[{"code":"g","label":{"zh-CN":"好","en":"good"}},{"code":"b"},{"code":"h","display":"1 = 2"},{"code":"g","label":"dup"},{"code":"c5"}]},
 {"id":"o","type":"matrix","rows":[{"id":"r3","display":"1 = 2"},{"id":"r1"},{"id":"r2"}],"columns":[{"code":"g"},{"code":"b"}]},
 {"id":"many","type":"matrix","rows":[` + manyRows + `],"columns":[{"code":"g"}]}]}]}`

var manyRows = func() string {
	var b []byte
	for i := range matrixFastRows + 1 {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":"r`+strconv.Itoa(i)+`"}`...)
	}
	return string(b)
}()

// FuzzMatrixFastPath: decodePicks and finishPicks leave the question state
// (values, texts, cleaned answer, error) exactly as the general way does.
func FuzzMatrixFastPath(f *testing.F) {
	for _, s := range []string{`{"r1":"g","r2":"b"}`, `{"r2":"b","r1":"g"}`, `{}`, ` { "r1" : "b" } `, `{"r1":"g","r1":"b"}`, `{"r3":"g"}`, `{"r1":"h"}`,
		`{"r1":"zz"}`, `{"zz":"g"}`, `{"r1":null}`, `{"r1":1}`, `{"r1":["g"]}`, `{"a<b":"x&"}`, `{"r1":"g",}`, `{"r1":"g"`, `{"r1":"g"} x`, `[]`, `null`,
		`{"r1":"\u0067"}`, `{"r0":"g","r16":"g"}`} {
		f.Add([]byte(s))
	}
	def, _, err := Load([]byte(matrixFastSurvey), CheckOptions{})
	if err != nil {
		f.Fatal(err)
	}
	m := def.Pages[0].Questions[0]
	m.Rows[4].ID, m.Columns[4].Code = "a<b", "x&"
	c := def.compiled()
	f.Fuzz(func(t *testing.T, raw []byte) {
		ev := newEvaluator(c, Input{})
		for _, qf := range c.qs {
			fast := ev.newState(qf)
			fast.visible, fast.readsText = true, true
			ev.buildOptions(fast)
			general := *fast
			h := ev.answerFor(qf.q).(*matrixAnswer)
			h.decode(ev, fast, raw)
			h.finish(ev, fast)
			var g matrixAnswer
			g.decodeGeneral(&general, raw)
			g.finish(ev, &general)
			if !reflect.DeepEqual(fast.values, general.values) || !reflect.DeepEqual(fast.texts, general.texts) ||
				string(fast.clean) != string(general.clean) || (fast.clean == nil) != (general.clean == nil) || !reflect.DeepEqual(fast.err, general.err) {
				t.Fatalf("%s %q:\nfast    %+v %+v %s %+v\ngeneral %+v %+v %s %+v", qf.q.ID, raw, fast.values, fast.texts, fast.clean, fast.err,
					general.values, general.texts, general.clean, general.err)
			}
		}
	})
}
