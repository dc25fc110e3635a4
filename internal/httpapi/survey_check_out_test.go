package httpapi

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/survey"
)

// TestCheckOutMessage: the check output carries each issue's template, its
// arguments and the position of a problem inside an expression, so the admin
// app can translate the reason (issue #6).
func TestCheckOutMessage(t *testing.T) {
	t.Parallel()
	src := `{"format_version":1,"title":"t","pages":[{"id":"p1","questions":[
		{"id":"q1","type":"single","display":"{q2} = 'A'","options":[{"code":"A"},{"code":"A"}]},
		{"id":"q2","type":"single","options":[{"code":"A"}],"jumps":[{"if":"1 +","to":"end"}]}]}]}`
	_, rep, err := survey.Load([]byte(src), survey.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(checkOut(rep))
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Errors []map[string]any `json:"errors"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	byPath := map[string]map[string]any{}
	for _, e := range out.Errors {
		byPath[e["path"].(string)] = e
	}
	dup := byPath["pages[0].questions[0].options[1].code"]
	if dup["message"] != "%q is already used in this question at %s" || len(dup["args"].([]any)) != 2 || dup["args"].([]any)[0] != "A" {
		t.Fatalf("duplicate code issue = %v", dup)
	}
	if _, ok := dup["at"]; ok {
		t.Fatalf("at on a structural issue: %v", dup)
	}
	syn := byPath["pages[0].questions[1].jumps[0].if"]
	if syn["message"] == "" || syn["at"] != "1:4" || !strings.HasSuffix(syn["reason"].(string), " (at 1:4)") {
		t.Fatalf("expression issue = %v", syn)
	}
}
