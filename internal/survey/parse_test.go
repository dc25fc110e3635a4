package survey

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/cem"
)

func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	e := cem.AsError(err)
	if e.Code != cem.CodeValidationFailed {
		t.Fatalf("code = %s (%v)", e.Code, err)
	}
	m := map[string]string{}
	for _, f := range e.Fields {
		m[f.Name] += f.Reason + "; "
	}
	return m
}

func TestSchemaIsValidJSON(t *testing.T) {
	t.Parallel()
	var v map[string]any
	if err := json.Unmarshal(JSONSchema(), &v); err != nil {
		t.Fatal(err)
	}
	if v["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Fatalf("$schema = %v", v["$schema"])
	}
	compiledSchema() // compiles with a conforming validator
}

func TestParseSchemaErrors(t *testing.T) {
	t.Parallel()
	src := `{"format_version":1,"title":"t","pages":[{"id":"p1","questions":[
		{"id":"q1","type":"single","options":[{"code":"A","label":"a"},{"label":"b"}]},
		{"id":"q2","type":"text","points":5},
		{"id":"text","type":"nope"}]}],"extra":1}`
	f := fieldsOf(t, func() error { _, err := Parse([]byte(src)); return err }())
	for _, want := range []string{"pages[0].questions[0].options[1].code", "pages[0].questions[1].points", "extra", "pages[0].questions[2].id", "pages[0].questions[2].type"} {
		if _, ok := f[want]; !ok {
			t.Errorf("missing field error %s; got %v", want, f)
		}
	}
}

func TestParseSemanticErrors(t *testing.T) {
	t.Parallel()
	src := `{"format_version":1,"title":"t","pages":[
	 {"id":"p1","questions":[
		{"id":"q1","type":"single","display":"{q2} = 'A'","options":[{"code":"A","label":"a","jump":{"to":"page","target":"p1"}},{"code":"A","label":"b"}]},
		{"id":"q2","type":"single","options_from":{"question":"q3"},"options":[{"code":"X","label":"x"}],
		 "jumps":[{"if":"{q2} + 1","to":"question","target":"nope"}]},
		{"id":"q3","type":"multiple","options_from":{"question":"q2"},"title":"{q9.text}"}]},
	 {"id":"p1","questions":[{"id":"q4","type":"rating","scale":"nps","points":5}]}]}`
	_, err := Parse([]byte(src))
	f := fieldsOf(t, err)
	want := map[string]string{
		"pages[0].questions[0].display":                "forward_ref",
		"pages[0].questions[0].options[0].jump.target": "jump_loop",
		"pages[0].questions[0].options[1].code":        "duplicate_id",
		"pages[0].questions[1].options_from.question":  "forward_ref",
		"pages[0].questions[1].jumps[0].if":            "type_mismatch",
		"pages[0].questions[1].jumps[0].target":        "unknown_target",
		"pages[0].questions[2].title":                  "unknown_ref",
		"pages[1].id":                                  "duplicate_id",
		"pages[1].questions[0].points":                 "bad_setting",
	}
	for path, code := range want {
		if r, ok := f[path]; !ok || !strings.Contains(r, "["+code+"]") {
			t.Errorf("%s: want %s, got %q", path, code, r)
		}
	}
}

func TestCheckWarnings(t *testing.T) {
	t.Parallel()
	src := `{"format_version":1,"title":"t","pages":[
	 {"id":"p1","questions":[{"id":"q1","type":"text","title":"<b onclick=x>Hi</b><script>x</script>","jumps":[{"to":"page","target":"p3"}]}]},
	 {"id":"p2","questions":[{"id":"q2","type":"text","title":"skipped"}]},
	 {"id":"p3","questions":[{"id":"q3","type":"text","title":"last"}]}]}`
	def, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := def.Pages[0].Questions[0].Title[""]; got != "<b>Hi</b>" {
		t.Fatalf("sanitised title = %q", got)
	}
	rep := Check(def, CheckOptions{MaxSeconds: 1})
	codes := map[string]string{}
	for _, w := range rep.Warnings {
		codes[w.Path] = w.Code
	}
	if codes["pages[1]"] != CodeUnreachable || codes["pages[0].questions[0].title"] != CodeTextSanitised || codes[""] != CodeLongSurvey {
		t.Fatalf("warnings = %+v", rep.Warnings)
	}
	if len(rep.Errors) != 0 || rep.Estimate.Seconds <= 0 {
		t.Fatalf("report = %+v", rep)
	}
}

// TestCheckBlankConditions: a blank condition is an absent one
// (docs/survey-format.md §5) for the static checks too — no error, and a
// jump with a blank if is unconditional for reachability.
func TestCheckBlankConditions(t *testing.T) {
	t.Parallel()
	src := `{"format_version":1,"title":"t","pages":[
	 {"id":"p1","display":" ","questions":[{"id":"q1","type":"text","display":"\t",
	   "validation":{"rules":[{"valid":"","message":"m"},{"valid":"  ","message":"m"}]},
	   "assign":[{"if":" ","target":"q2","value":"'x'"}],
	   "jumps":[{"if":"  ","to":"page","target":"p3"}]}]},
	 {"id":"p2","questions":[{"id":"q2","type":"text"}]},
	 {"id":"p3","questions":[{"id":"m","type":"maxdiff","items_per_task":2,"tasks":1,
	   "options":[{"code":"a","display":" "},{"code":"b"},{"code":"c"}]},
	   {"id":"r","type":"rating","na":{"code":"na","display":" "}},
	   {"id":"d","type":"dropdown","levels":[{"id":"l1","display":" "},{"id":"l2"}],
	   "options":[{"code":"x","children":[{"code":"y"}]}]}]}]}`
	def, err := Parse([]byte(src))
	if err != nil {
		t.Fatalf("%v %v", err, cem.AsError(err).Fields)
	}
	rep := Check(def, CheckOptions{})
	codes := map[string]string{}
	for _, w := range rep.Warnings {
		codes[w.Path] = w.Code
	}
	if codes["pages[1]"] != CodeUnreachable {
		t.Fatalf("warnings = %+v; want p2 unreachable behind the blank jump", rep.Warnings)
	}
}
