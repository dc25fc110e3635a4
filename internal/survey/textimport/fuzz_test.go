package textimport

import (
	"encoding/json"
	"testing"

	"github.com/opencem/opencem/internal/survey"
)

// FuzzParse: Parse never panics and whatever it returns, survey.Parse
// accepts; a text with a non-blank line always gives a definition.
func FuzzParse(f *testing.F) {
	for _, s := range []string{tenQuestions, "", "a", "1. x [matrix]\n---\n", "*\n[]\n【】", "1.5倍 [量表题]\n1\n2\n3",
		"其他____ [其他] [互斥]\n\n===page===\n{{}}<script>", "1. [矩阵量表题]\n---\n1\n2", "Q1 [nps]\na\nb\nc\n\n(2) [description]\n<p>"} {
		f.Add(s, "zh-CN")
	}
	f.Add("x\ny", "en-US")
	f.Fuzz(func(t *testing.T, text, locale string) {
		d, w := Parse(text, locale)
		for _, x := range w {
			if x.Line < 0 || x.Reason == "" {
				t.Fatalf("bad warning %+v", x)
			}
		}
		if d == nil {
			for _, x := range w {
				if x.Line == 0 && len(x.Reason) > 14 && x.Reason[:14] == "internal error" {
					t.Fatalf("%v", x)
				}
			}
			return
		}
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := survey.Parse(b); err != nil {
			t.Fatalf("survey.Parse: %v\n%s", err, b)
		}
	})
}
