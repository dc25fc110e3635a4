package survey

import (
	"encoding/json"
	"strings"
	"testing"
)

// A hidden field may prefill a question (issue #5 item 3, clause 6.3.2a):
// the definition keeps the link, and the check refuses links to nothing or
// to question types whose answer cannot come from one URL value.
func TestParamPrefill(t *testing.T) {
	t.Parallel()
	ok := `{"format_version":1,"title":"t","params":[{"id":"store","prefill":"shop"},{"id":"n","type":"number","prefill":"nps"}],
	 "pages":[{"id":"p1","questions":[{"id":"shop","type":"text"},{"id":"nps","type":"rating","scale":"nps"}]}]}`
	def, err := Parse([]byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	if def.Params[0].Prefill != "shop" || def.Params[1].Prefill != "nps" {
		t.Fatalf("prefill not kept: %+v %+v", def.Params[0], def.Params[1])
	}
	res := Evaluate(def, Input{Params: map[string]string{"store": "S001", "n": "9"}, Answers: map[string]json.RawMessage{"shop": []byte(`"S001"`), "nps": []byte("9")}})
	if len(res.Errors) != 0 || string(res.Answers["nps"]) != "9" {
		t.Fatalf("evaluate: %v %s", res.Errors, res.Answers["nps"])
	}

	bad := `{"format_version":1,"title":"t","params":[{"id":"a","prefill":"nope"},{"id":"b","prefill":"grid"},{"id":"c","prefill":"p1"}],
	 "pages":[{"id":"p1","questions":[{"id":"grid","type":"matrix","rows":[{"id":"r","label":"r"}],"columns":[{"code":"c","label":"c"}]}]}]}`
	_, err = Parse([]byte(bad))
	f := fieldsOf(t, err)
	want := map[string]string{"params[0].prefill": "unknown_target", "params[1].prefill": "bad_setting", "params[2].prefill": "unknown_target"}
	for path, code := range want {
		if r, ok := f[path]; !ok || !strings.Contains(r, "["+code+"]") {
			t.Errorf("%s: want %s, got %q", path, code, r)
		}
	}
	// The prefill is a question id: the schema refuses anything else.
	f = fieldsOf(t, func() error {
		_, err := Parse([]byte(`{"format_version":1,"title":"t","params":[{"id":"d","prefill":"bad id!"}],"pages":[{"id":"p1","questions":[{"id":"q","type":"text"}]}]}`))
		return err
	}())
	if _, ok := f["params[0].prefill"]; !ok {
		t.Errorf("schema: no error at params[0].prefill: %v", f)
	}
}
