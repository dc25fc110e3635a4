package survey

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/opencem/opencem/internal/survey/logic"
)

const nps = `{"format_version":1,"title":"NPS","pages":[
 {"id":"p1","questions":[{"id":"n","type":"rating","scale":"nps","required":true,
   "jumps":[{"if":"{n} <= 6","to":"page","target":"p3"}]}]},
 {"id":"p2","questions":[{"id":"why","type":"text","title":"What do you like?"}]},
 {"id":"p3","questions":[{"id":"fix","type":"text","title":"What should we fix, given {n}?"},
   {"id":"md","type":"maxdiff","options":[{"code":"a"},{"code":"b"},{"code":"c"},{"code":"d"}],"items_per_task":3,"tasks":2},
   {"id":"cbc","type":"cbc","concepts":2,"tasks":3,"attributes":[{"id":"x","levels":[{"id":"x1"},{"id":"x2"}]},{"id":"y","levels":[{"id":"y1"},{"id":"y2"},{"id":"y3"}]}]}]}]}`

func answers(t *testing.T, s string) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestEvaluateConcurrent(t *testing.T) {
	t.Parallel()
	def := MustParse([]byte(nps))
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			res := Evaluate(def, Input{Answers: map[string]json.RawMessage{"n": json.RawMessage([]byte{byte('0' + i)})}, CurrentPage: "p1"})
			if want := map[bool]string{true: "p3", false: "p2"}[i <= 6]; res.NextPage != want {
				t.Errorf("n=%d: next %q, want %q", i, res.NextPage, want)
			}
		}(i)
	}
	wg.Wait()
}

func TestEvaluateWithoutParse(t *testing.T) {
	t.Parallel()
	if res := Evaluate(nil, Input{}); res == nil || !res.Complete {
		t.Fatalf("nil definition: %+v", res)
	}
	// A hand-built definition with defects still evaluates.
	def := &Definition{Pages: []*Page{nil, {ID: "p", Questions: []*Question{nil, {ID: "q", Type: TypeSingle, Display: "((", Options: []*Option{nil}}}}}}
	res := Evaluate(def, Input{Answers: map[string]json.RawMessage{"q": json.RawMessage(`"x"`)}})
	if len(res.RuleErrors) == 0 {
		t.Fatalf("expected rule errors: %+v", res)
	}
}

func TestDesignsForSeed(t *testing.T) {
	t.Parallel()
	def := MustParse([]byte(nps))
	res := Evaluate(def, Input{Answers: answers(t, `{"n": 3}`), Seed: "r-42"})
	var md MaxDiffDesign
	var cbc CBCDesign
	if err := json.Unmarshal(res.Designs["md"], &md); err != nil || len(md) != 2 || len(md[0]) != 3 {
		t.Fatalf("maxdiff design %s: %v", res.Designs["md"], err)
	}
	if err := json.Unmarshal(res.Designs["cbc"], &cbc); err != nil || len(cbc) != 3 || len(cbc[0]) != 2 {
		t.Fatalf("cbc design %s: %v", res.Designs["cbc"], err)
	}
	again, _ := DesignMaxDiff(def.Question("md"), "r-42/md")
	if b, _ := json.Marshal(again); string(b) != string(res.Designs["md"]) {
		t.Fatal("DesignMaxDiff differs from the evaluator's design")
	}
	// The stored design round-trips; choosing best and worst completes it.
	best := []string{md[0][0], md[1][0]}
	worst := []string{md[0][1], md[1][1]}
	a, _ := json.Marshal(map[string]any{"tasks": md, "best": best, "worst": worst})
	c, _ := json.Marshal(map[string]any{"tasks": cbc, "choices": []int{0, 1, 0}})
	res = Evaluate(def, Input{Answers: map[string]json.RawMessage{"n": json.RawMessage("3"), "md": a, "cbc": c}, Seed: "r-42"})
	if len(res.Errors) != 0 || !res.Complete {
		t.Fatalf("errors %+v", res.Errors)
	}
	if v := res.Values["md.worst"]; !logic.Identical(v, logic.Strings(worst...)) {
		t.Fatalf("md.worst = %s", v)
	}
	if _, err := DesignCBC(def.Question("n"), "x"); err == nil {
		t.Fatal("DesignCBC accepted a rating question")
	}
}

func TestUnknownKeysReportedInOrder(t *testing.T) {
	t.Parallel()
	def := MustParse([]byte(`{"format_version":1,"title":"t","pages":[{"id":"p","questions":[
		{"id":"m","type":"matrix","rows":[{"id":"r1"}],"columns":[{"code":"c1"}]}]}]}`))
	for i := 0; i < 20; i++ {
		res := Evaluate(def, Input{Answers: answers(t, `{"m": {"zz": "c1", "best": "c1", "tasks": "c1"}}`)})
		if e := res.Errors["m"]; e.Code != ErrInvalidOption || e.Item != "best" {
			t.Fatalf("first error %+v", e)
		}
	}
}

func TestTypes(t *testing.T) {
	t.Parallel()
	def := MustParse([]byte(nps))
	ty := Types(def)
	for key, want := range map[string]logic.Type{"n": logic.TypeNumber, "why": logic.TypeString, "md.best": logic.TypeCodes, "cbc": logic.TypeList} {
		if ty[key] != want {
			t.Errorf("Types[%s] = %s, want %s", key, ty[key], want)
		}
	}
}

func TestLengthEstimate(t *testing.T) {
	t.Parallel()
	def := MustParse([]byte(`{"format_version":1,"title":"t","pages":[{"id":"p","questions":[
		{"id":"a","type":"text","title":"十六个汉字十六个汉字十六个汉字十六"},
		{"id":"b","type":"single","title":"abcdefghijklmnop","options":[{"code":"A","label":"yes"}]}]}]}`))
	est := LengthEstimate(def)
	// a: 16 CJK / 8 + 12 (line) = 14; b: 16 letters / 16 + 3 + "yes" 3/16 ≈ 4.19; page 2.
	if est.Questions["a"] != 14 || est.Questions["b"] != 4 || est.Seconds != 20 {
		t.Fatalf("estimate %+v", est)
	}
}
