package survey

import (
	"encoding/json"
	"reflect"
	"testing"
)

var fastDecodeSeeds = []string{`9`, `-0.5e+3`, `"buy"`, `["a","b"]`, `{"r1":"g","r2":"b"}`, `{"other":"很好","code":"x"}`, ` [ 1 , "x" , true , null ] `,
	`[]`, `{}`, `[[["deep"]]]`, `[[[[["deeper"]]]]]`, `"a\"b"`, `"\u00e9"`, "\"\xff\"", `01`, `1.`, `-`, `1e`, `[1,]`, `{"a":1,}`, `{"a" 1}`,
	`1 ]`, `"x"}`, ``, `nul`, `truex`, `{"a":1,"a":2}`, "\"tab\there\"", `1 2`}

// FuzzFastDecode: fastDecode, where it answers, answers exactly what the
// json.Decoder path does.
func FuzzFastDecode(f *testing.F) {
	for _, s := range fastDecodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, handled := fastDecode(raw)
		if !handled {
			return
		}
		want, ok := decodeAnySlow(json.RawMessage(raw))
		if !ok || !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: fast %#v, decoder %#v (ok %v)", raw, got, want, ok)
		}
	})
}

// TestFastDecodeHandlesTheUsualShapes: the fast path is taken for answers
// as pages send them (else it saves nothing).
func TestFastDecodeHandlesTheUsualShapes(t *testing.T) {
	for _, s := range []string{`9`, `"buy"`, `["a","b"]`, `{"r1":"g","r2":"b"}`, `{"code":"o","other":"很好"}`, `null`, `[]`} {
		if _, handled := fastDecode([]byte(s)); !handled {
			t.Errorf("%s: not handled", s)
		}
	}
}
