package response

import (
	"bytes"
	"encoding/json"
	"testing"
)

func FuzzMarshalAnswers(f *testing.F) {
	for _, s := range []string{`1`, `"很好"`, `["a","b"]`, `{"r1":"g","r2":"b"}`, ` 1`, `{"a": 1}`, `"<b>"`, "\"\u2028\"", `nul`, `01`, `"\u003c"`, "\"\xff\"", `[1,]`, `{"a":[{"b":null}]}`, `-0.5e+3`, ``} {
		f.Add("nps", []byte(s), "k<&>", []byte(`9`))
	}
	f.Fuzz(func(t *testing.T, k1 string, v1 []byte, k2 string, v2 []byte) {
		m := map[string]json.RawMessage{k1: v1, k2: v2}
		if len(v2) == 0 {
			m[k2] = nil
		}
		want, wantErr := json.Marshal(m)
		got, err := marshalAnswers(m)
		if (err == nil) != (wantErr == nil) || !bytes.Equal(got, want) {
			t.Fatalf("%q: got %q %v, want %q %v", m, got, err, want, wantErr)
		}
	})
}

func BenchmarkMarshalAnswers(b *testing.B) {
	var m map[string]json.RawMessage
	_ = json.Unmarshal([]byte(`{"nps":9,"visit":"buy","items":["a","b"],"fav":"a","staff":5,"clean":4,"grid":{"r1":"g","r2":"b"},"gender":"f","comment":"很好"}`), &m)
	b.Run("encoding/json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = json.Marshal(m)
		}
	})
	b.Run("marshalAnswers", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = marshalAnswers(m)
		}
	})
}

func TestSameAnswers(t *testing.T) {
	a := map[string]json.RawMessage{"q1": json.RawMessage(`"A"`), "q2": json.RawMessage(`[1,2]`)}
	for _, c := range []struct {
		b    map[string]json.RawMessage
		want bool
	}{
		{map[string]json.RawMessage{"q1": json.RawMessage(`"A"`), "q2": json.RawMessage(`[1,2]`)}, true},
		{map[string]json.RawMessage{"q1": json.RawMessage(`"A"`)}, false},
		{map[string]json.RawMessage{"q1": json.RawMessage(`"A"`), "q3": json.RawMessage(`[1,2]`)}, false},
		{map[string]json.RawMessage{"q1": json.RawMessage(`"A"`), "q2": json.RawMessage(`[1, 2]`)}, false},
		{nil, false},
	} {
		if got := sameAnswers(a, c.b); got != c.want {
			t.Errorf("sameAnswers(a, %v) = %v", c.b, got)
		}
	}
	if !sameAnswers(nil, nil) || sameAnswers(map[string]json.RawMessage{}, nil) {
		t.Error("nil and empty maps encode differently (null, {})")
	}
}
