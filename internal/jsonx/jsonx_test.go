package jsonx

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func encodingJSON(s string, escapeHTML bool) []byte { return encodeAs(s, escapeHTML) }

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
			if got, want := AppendStringMap(nil, m, html), encodeAs(m, html); !bytes.Equal(got, want) {
				t.Fatalf("%q (html %v): got %s, want %s", m, html, got, want)
			}
		}
		if got := AppendStringMap(nil, nil, true); string(got) != "null" {
			t.Fatalf("nil map: %s", got)
		}
	})
}

// encodeAs is encoding/json's encoding of v, without the newline.
func encodeAs(v any, html bool) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(html)
	_ = enc.Encode(v)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func FuzzAppendStringsAndIntMap(f *testing.F) {
	f.Add("a", "<x>", 0, -7)
	f.Add("", "\xff", 1<<40, 3)
	f.Fuzz(func(t *testing.T, s1, s2 string, n1, n2 int) {
		for _, html := range []bool{true, false} {
			for _, l := range [][]string{nil, {}, {s1}, {s1, s2}} {
				if got, want := AppendStrings(nil, l, html), encodeAs(l, html); !bytes.Equal(got, want) {
					t.Fatalf("%q (html %v): got %s, want %s", l, html, got, want)
				}
			}
			for _, m := range []map[string]int{nil, {}, {s1: n1}, {s1: n1, s2: n2}} {
				if got, want := AppendIntMap(nil, m, html), encodeAs(m, html); !bytes.Equal(got, want) {
					t.Fatalf("%v (html %v): got %s, want %s", m, html, got, want)
				}
			}
		}
	})
}

// FuzzScanNumber: what ScanNumber takes is a JSON number, and a whole
// input that is one JSON number is taken whole.
func FuzzScanNumber(f *testing.F) {
	for _, s := range []string{"0", "-0", "12", "1.5e-3", "01", "1.", "-", "1e", "2E+7x", " 3", "1.0e10", "-12.34E5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		end, ok := ScanNumber(b, 0)
		if ok {
			var n json.Number
			if end == 0 || json.Unmarshal(b[:end], &n) != nil {
				t.Fatalf("%q: took %q, not a number", s, b[:end])
			}
		}
		var n json.Number
		whole := len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9') && len(strings.TrimRight(s, " \t\n\r")) == len(s)
		if whole && json.Unmarshal(b, &n) == nil && (!ok || end != len(b)) {
			t.Fatalf("%q is a number: got %d, %v", s, end, ok)
		}
		if got := SkipSpace(b, 0); got > len(b) || got < len(b) && strings.ContainsRune(" \t\n\r", rune(b[got])) {
			t.Fatalf("%q: SkipSpace stopped at %d", s, got)
		}
	})
}
