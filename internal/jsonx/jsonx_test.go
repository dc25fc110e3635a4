package jsonx

import (
	"bytes"
	"encoding/json"
	"testing"
)

func encodingJSON(s string, escapeHTML bool) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	_ = enc.Encode(s)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "很好", "a\"b\\c", "<b>&amp;</b>", "\x00\x1f\b\f\n\r\t", "\xff\xfe", "\u2028\u2029", "e\u0301", "\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, html := range []bool{true, false} {
			if got, want := AppendString([]byte("x"), s, html), append([]byte("x"), encodingJSON(s, html)...); !bytes.Equal(got, want) {
				t.Fatalf("%q (html %v): got %s, want %s", s, html, got, want)
			}
		}
	})
}

func FuzzAppendStringMap(f *testing.F) {
	f.Add("a", "<x>", "b", "很好")
	f.Add("", "", "\xff", "\u2028")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		m := map[string]string{k1: v1, k2: v2}
		for _, html := range []bool{true, false} {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(html)
			_ = enc.Encode(m)
			if got, want := AppendStringMap(nil, m, html), bytes.TrimSuffix(buf.Bytes(), []byte("\n")); !bytes.Equal(got, want) {
				t.Fatalf("%q (html %v): got %s, want %s", m, html, got, want)
			}
		}
		if got := AppendStringMap(nil, nil, true); string(got) != "null" {
			t.Fatalf("nil map: %s", got)
		}
	})
}
