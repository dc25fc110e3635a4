package survey

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/survey/logic"
)

// reproduce rebuilds an issue's Reason from its Message, Args and At, as a
// client translating the message does (issue #6): %d arguments are parsed
// back to integers and %c ones to runes.
func reproduce(t *testing.T, is Issue) string {
	t.Helper()
	verbs := logic.Verbs(is.Message)
	if len(verbs) != len(is.Args) {
		t.Errorf("%s: %d args for the %d verbs of %q", is.Path, len(is.Args), len(verbs), is.Message)
		return ""
	}
	args := make([]any, len(is.Args))
	for i, a := range is.Args {
		switch verbs[i] {
		case 'd':
			n, err := strconv.Atoi(a)
			if err != nil {
				t.Errorf("%s: arg %d %q of %%d is not an integer", is.Path, i, a)
			}
			args[i] = n
		case 'c':
			args[i] = []rune(a)[0]
		default:
			args[i] = a
		}
	}
	msg := fmt.Sprintf(is.Message, args...)
	if is.At != "" {
		msg = fmt.Sprintf(AtFormat, msg, is.At)
	}
	return msg
}

func assertReproducible(t *testing.T, name string, rep Report, reached map[string]bool) {
	t.Helper()
	for _, is := range append(append([]Issue{}, rep.Errors...), rep.Warnings...) {
		if is.Message == "" {
			t.Errorf("%s: %s %s has no message template", name, is.Path, is.Code)
			continue
		}
		if got := reproduce(t, is); got != is.Reason {
			t.Errorf("%s: %s: Sprintf(%q, %q) at %q = %q, reason %q", name, is.Path, is.Message, is.Args, is.At, got, is.Reason)
		}
		reached[is.Message] = true
	}
}

// checkDoc checks a definition the way the API does (Load); a document the
// schema refuses is decoded without it, so that checks the schema also
// covers are reached too.
func checkDoc(t *testing.T, src string) Report {
	t.Helper()
	_, rep, err := Load([]byte(src), CheckOptions{MaxSeconds: 1})
	if err == nil {
		return rep
	}
	var def Definition
	if err := json.Unmarshal([]byte(src), &def); err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	return Check(&def, CheckOptions{MaxSeconds: 1})
}

func page(id, questions string) string {
	return `{"id":"` + id + `","questions":[` + questions + `]}`
}

func doc(pages ...string) string {
	return `{"format_version":1,"title":"t","pages":[` + strings.Join(pages, ",") + `]}`
}

// brokenDefinitions reach the checker's err and warn calls (and the logic
// diagnostics they wrap); TestCheckMessages lists any call it misses.
var brokenDefinitions = map[string]string{
	"ids": `{"format_version":1,"title":"t","params":[{"id":"ch"},{"id":"ch"},{"id":"p2","prefill":"nope"},{"id":"p3","prefill":"v"}],
		"variables":[{"id":"v"},{"id":"v"}],
		"pages":[` + page("p1", `{"id":"q1","type":"single","options":[{"code":"A"},{"code":"A"},{"code":"bad id"},{"code":"text"}]},
			{"id":"p1","type":"text"},
			{"id":"v","type":"video"}`) + `,` + page("p2", "") + `],
		"endings":[{"id":"e1"}]}`,
	"options": doc(page("p1", `
		{"id":"q1","type":"single","options":[{"code":"a","other":true},{"code":"b","other":true},{"code":"c","exclusive":true,"children":[{"code":"x"}],"region":{"shape":"rect","coords":[1,2]}}]},
		{"id":"q2","type":"text","options":[{"code":"a","jump":{"to":"end"},"other":true}]},
		{"id":"q3","type":"hotspot","options":[{"code":"a"},{"code":"b","region":{"shape":"circle","coords":[1,2]}}]},
		{"id":"q4","type":"maxdiff","items_per_task":2,"tasks":1,"options":[{"code":"a","other":true},{"code":"b"},{"code":"c"}]},
		{"id":"q5","type":"dropdown","levels":[{"id":"l1","display":"false"},{"id":"l1"}],"options_from":{"question":"q1"},
		 "options":[{"code":"a","children":[{"code":"x","children":[{"code":"y"}]},{"code":"x"}]}]},
		{"id":"q6","type":"multiple"},
		{"id":"q7","type":"maxdiff","items_per_task":9,"tasks":1,"options":[{"code":"a"},{"code":"b"},{"code":"c"}]},
		{"id":"q8","type":"cbc","concepts":9,"tasks":1,"attributes":[{"id":"a1","levels":[{"id":"x"},{"id":"x"}]}]}`)),
	"types": doc(page("p1", `
		{"id":"q1","type":"blanks","title":"no marker"},
		{"id":"q2","type":"blanks","title":"[[b1]] [[b1]]","blanks":[{"id":"b1"}]},
		{"id":"q3","type":"rating","scale":"nps","points":5,"na":{"code":"na","other":true}},
		{"id":"q4","type":"slider","min":5,"max":1},
		{"id":"q5","type":"slider","min":0,"max":1,"step":5},
		{"id":"q6","type":"matrix","matrix":"multiple","scale":"star","options":[{"code":"o"}]},
		{"id":"q7","type":"matrix","matrix":"rating","rows":[{"id":"r"}],"columns":[{"code":"c","other":true,"exclusive":true}]},
		{"id":"q8","type":"matrix","matrix":"dropdown","rows":[{"id":"r__x"}],"columns":[{"code":"c__x"}]},
		{"id":"q9","type":"video"},
		{"id":"q10","type":"hotspot","options":[{"code":"a","region":{"shape":"rect","coords":[1,2,3,4]}}]},
		{"id":"q11","type":"text","validation":{"min_select":3,"max_select":1,"min_length":3,"max_length":1,"min":3,"max":1,"pattern":"(","min_date":"2020-01-01"}},
		{"id":"q12","type":"date","validation":{"min_date":"not a date"}}`)),
	"flow": `{"format_version":1,"title":"t","variables":[{"id":"n","type":"number"}],
		"assign":[{"target":"$var.n","value":"1","tick":"A"},{"target":"$var.nope","value":"1"},{"target":"$var.n","tick":"A"},
			{"target":"nope","value":"1"},{"target":"q2","value":"'x'"}],
		"pages":[` + page("p1", `
		{"id":"q1","type":"single","options":[{"code":"A","jump":{"to":"page","target":"p1"}}],
		 "jumps":[{"to":"question","target":"q9"},{"to":"question","target":"nope"},{"to":"end","target":"nope"},{"to":"screen_out","target":"e1"}],
		 "assign":[{"target":"q0","value":"1"},{"target":"q2","tick":"A"},{"target":"q4","tick":"x"},{"target":"q5","tick":"x"},
			{"target":"q6","value":"1"},{"target":"q7","value":"1"},{"target":"q3","tick":"Z"},{"target":"$var.n","value":"{q1.text} = 'a'"}]},
		{"id":"q2","type":"text"},
		{"id":"q3","type":"single","options":[{"code":"A"}]},
		{"id":"q4","type":"dropdown","levels":[{"id":"l1"}],"options":[{"code":"a"}]},
		{"id":"q5","type":"text"},
		{"id":"q6","type":"date","range":true},
		{"id":"q7","type":"video","video":"v.mp4"}`) + `,
		{"id":"p2","shuffle_questions":true,"assign":[{"target":"q2","value":"'x'"}],"questions":[{"id":"q8","type":"text","jumps":[{"to":"question","target":"q9"}]},{"id":"q9","type":"text"}]},
		{"id":"p3","questions":[{"id":"q10","type":"text","jumps":[{"to":"end"}]}]},
		{"id":"p4","questions":[{"id":"q11","type":"text"}]}],
		"endings":[{"id":"e1"}]}`,
	"sources": doc(page("p1", `
		{"id":"q0","type":"single","options_from":{"question":"q0"}},
		{"id":"q1","type":"single","options_from":{"question":"q2"}},
		{"id":"q2","type":"single","options_from":{"question":"q1"}},
		{"id":"q3","type":"single","options_from":{"question":"nope"}},
		{"id":"q4","type":"dropdown","levels":[{"id":"l1"}],"options":[{"code":"a"}]},
		{"id":"q5","type":"single","options_from":{"question":"q4"}},
		{"id":"q6","type":"text"},
		{"id":"q7","type":"single","options_from":{"question":"q6"}},
		{"id":"q8","type":"single","options":[{"code":"A"}]},
		{"id":"q9","type":"single","options_from":{"question":"q8"},"options":[{"code":"A"}]},
		{"id":"q10","type":"matrix","rows_from":{"question":"q8"},"rows":[{"id":"A"}],"columns":[{"code":"c"}]},
		{"id":"q11","type":"single","options_from":{"question":"q12"}},
		{"id":"q12","type":"single","options":[{"code":"A"}]}`)),
	"logic": `{"format_version":1,"title":"t","params":[{"id":"ch","type":"number","prefill":"q3"}],"variables":[{"id":"n","type":"number"},{"id":"l","type":"list"}],
		"pages":[` + page("p1", `
		{"id":"q1","type":"multiple","options":[{"code":"A"}],"display":"{q2} = 'a'"},
		{"id":"q2","type":"single","options":[{"code":"A"}],"title":"{q9} {q2.nope} {bad",
		 "jumps":[{"if":"{q1} + 1","to":"end"},{"if":"{q1} = 'A'","to":"end"},{"if":"nosuch(1)","to":"end"},{"if":"len()","to":"end"},
			{"if":"1 < 2 < 3","to":"end"},{"if":"1 +","to":"end"},{"if":"'abc","to":"end"},{"if":"{q2}","to":"end"},{"if":"1 2","to":"end"},
			{"if":"{q2} contains 'A'","to":"end"},{"if":"matches('a', '(')","to":"end"},{"if":"round(1, 99) = 1","to":"end"},
			{"if":"datediff('2020-01-01', '2020-01-02', 'week') > 1","to":"end"},{"if":"{$var.n} = 'abc'","to":"end"},
			{"if":"{$var.n} = null","to":"end"},{"if":"{$bad.x} = 1","to":"end"},{"if":"1.","to":"end"},{"if":"x = 1","to":"end"},
			{"if":"sum({q1}) > 1","to":"end"},{"if":"{$var.l} < 2","to":"end"},{"if":"'2020-13-45' < today()","to":"end"}],
		 "assign":[{"target":"$var.n","value":"[1]"}]},
		{"id":"q3","type":"blanks","title":"[[b]]","blanks":[{"id":"b"}]}`) + `]}`,
}

// TestCheckMessages: every issue's Reason can be rebuilt from its Message
// template and Args (issue #6: the admin app translates the template), for
// the conformance definitions, the templates and brokenDefinitions.
func TestCheckMessages(t *testing.T) {
	t.Parallel()
	reached := map[string]bool{}
	files, _ := filepath.Glob("../../testdata/logic/*.json")
	tmpl, _ := filepath.Glob("templates/*.json")
	if len(files) == 0 || len(tmpl) == 0 {
		t.Fatal("no conformance files or templates found")
	}
	for _, f := range files {
		var cases []struct {
			Name       string          `json:"name"`
			Definition json.RawMessage `json:"definition"`
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &cases); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, c := range cases {
			assertReproducible(t, c.Name, checkDoc(t, string(c.Definition)), reached)
		}
	}
	for _, f := range tmpl {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		assertReproducible(t, f, checkDoc(t, string(data)), reached)
	}
	for name, src := range brokenDefinitions {
		rep := checkDoc(t, src)
		if len(rep.Errors) == 0 {
			t.Errorf("%s: no errors", name)
		}
		assertReproducible(t, name, rep, reached)
	}
	rep := Check(nil, CheckOptions{})
	assertReproducible(t, "nil", rep, reached)

	// Which literal templates of the checker were not reached: listed, so a
	// new check gets a case here; the count is bounded so the table keeps up.
	var missed []string
	for _, f := range checkerFormats(t) {
		if !reached[f] {
			missed = append(missed, f)
		}
	}
	sort.Strings(missed)
	for _, m := range missed {
		t.Logf("not reached: %q", m)
	}
	if len(missed) > maxUnreached {
		t.Errorf("%d checker messages are not reached by brokenDefinitions (at most %d)", len(missed), maxUnreached)
	}
}

// maxUnreached is how many checker messages the table may leave unreached
// ("%v": Parse and ParseTemplate return only *logic.Error).
const maxUnreached = 1

var checkerCallRE = regexp.MustCompile(`k\.(?:err|warn)\(.*?,\s*(?:Code\w+|"\w+"|logic\.Code\w+),\s*("(?:[^"\\]|\\.)*")`)

// checkerFormats returns the literal templates the checker passes to err
// and warn in this package's sources.
func checkerFormats(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("*.go")
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range checkerCallRE.FindAllStringSubmatch(string(data), -1) {
			if m[1] == "" {
				continue
			}
			s, err := strconv.Unquote(m[1])
			if err != nil {
				t.Fatalf("%s: %v", m[1], err)
			}
			out = append(out, s)
		}
	}
	if len(out) < 50 {
		t.Fatalf("found only %d checker messages; is checkerCallRE out of date?", len(out))
	}
	return out
}
