package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"testing"

	"github.com/opencem/opencem/internal/cem"
)

// submitSeeds are bodies around the fast path's edges: each either takes
// the fast path or must fall back to encoding/json with the same result.
var submitSeeds = []string{
	submitBody,
	`{}`, ` { } `, "{}\n", `null`, `[]`, `"x"`, `{"id":"a"}}`, `{"id":"a"} {}`, `{"id":"a"}x`, `{"id":"a"}]`,
	`{"id":"0123456789abcdef","survey_code":"c","final":false,"version":3}`,
	`{"id":null,"answers":null,"params":null,"timing":null,"final":null,"version":null,"consent":null,"started_at":null}`,
	`{"ID":"a"}`, `{"Id":"a","id":"b"}`, `{"id":"a","id":"b"}`, `{"\u0069d":"a"}`, `{"extra":1,"id":"a"}`, `{"ſurvey_code":"k"}`,
	`{"id":"a\"b\\c\/d\u00e9\ud83d\ude00\ud800x"}`, "{\"id\":\"\xff\xfe\"}", "{\"id\":\"a\x01\"}", `{"id":"a\x"}`, `{"id":"a`,
	`{"version":1.0}`, `{"version":1e2}`, `{"version":-0}`, `{"version":01}`, `{"version":"1"}`, `{"version":99999999999999999999}`,
	`{"version":-9223372036854775808}`, `{"version":9223372036854775807}`, `{"version":-}`, `{"version":1.}`, `{"version":1e}`,
	`{"final":true}`, `{"final":1}`, `{"final":tru}`, `{"final":"true"}`,
	`{"answers":{"a":1,"b":"x","c":[1,2,{"d":null}],"e":{"f":[]},"g":true,"h":null,"i":-1.5e-3}}`,
	`{"answers":{"a":1,"a":2}}`, `{"answers":{"a" : [ 1 , 2 ] , "b":{ "x" : 1 }}}`, `{"answers":{"\u0061":1,"a\n":2}}`,
	`{"answers":{"a":[1,]}}`, `{"answers":{"a":{"b":1,}}}`, `{"answers":{"a":01}}`, `{"answers":[]}`, `{"answers":{"a":"\q"}}`,
	`{"answers":{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}`,
	`{"params":{"ch":"h5","x":null,"y":"\u00e9"}}`, `{"params":{"ch":5}}`, `{"params":{"ch":"a","ch":"b"}}`,
	`{"timing":{"p1":1200,"p2":null}}`, `{"timing":{"p1":1.5}}`, `{"timing":{"p1":"1"}}`, `{"timing":{"p1":-3}}`,
	`{"started_at":"2026-11-29T13:00:00Z"}`, `{"started_at":"2026-11-29T21:00:00.123+08:00"}`, `{"started_at":"yesterday"}`,
	`{"started_at":5}`, `{"started_at":"2026-11-29T13:00:00\u005a"}`,
	`{"consent":{"given":true}}`, `{"consent":{"Given":true,"at":"2026-11-29T13:00:00Z"}}`, `{"consent":{"given":"yes"}}`, `{"consent":true}`,
	`{"website":"","token":"12","openid":"o","invite_token":"t","contact_id":"c","current_page":"p2","device_id":"d"}`,
	"\t{\"id\" :\r\n\"a\" }", "\ufeff{}", `{"id":"a",}`, `{,}`, `{"id" "a"}`,
}

// TestSubmitDecodeMatchesEncodingJSON: the fast path must give exactly
// what encoding/json gives (value and error envelope) for every seed.
func TestSubmitDecodeMatchesEncodingJSON(t *testing.T) {
	fast := 0
	for _, s := range submitSeeds {
		if checkSubmitDecode(t, []byte(s)) {
			fast++
		}
	}
	// The common shapes must really take the fast path, or it is dead code.
	var in SubmitInput
	if !in.decodeFast([]byte(submitBody)) || fast < 20 {
		t.Errorf("fast path taken for %d seeds, not for the load test's body: %v", fast, !in.decodeFast([]byte(submitBody)))
	}
}

func FuzzSubmitDecode(f *testing.F) {
	for _, s := range submitSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) { checkSubmitDecode(t, body) })
}

// checkSubmitDecode compares decodeJSON (fast path first) with encoding/json
// alone on body and reports whether the fast path took it.
func checkSubmitDecode(t *testing.T, body []byte) bool {
	t.Helper()
	var want, got, fast SubmitInput
	wantErr := decodeJSONStd(bytes.Clone(body), &want)
	gotErr := decodeJSON(bytes.Clone(body), &got)
	if !reflect.DeepEqual(wantErr, gotErr) {
		t.Fatalf("%q: error %v, encoding/json says %v", body, gotErr, wantErr)
	}
	if wantErr == nil && !reflect.DeepEqual(want, got) {
		t.Fatalf("%q:\n got %#v\nwant %#v", body, got, want)
	}
	took := fast.decodeFast(bytes.Clone(body))
	if took && wantErr != nil {
		t.Fatalf("%q: fast path took a body encoding/json refuses (%v)", body, wantErr)
	}
	if !took && !reflect.DeepEqual(fast, SubmitInput{}) {
		t.Fatalf("%q: fast path refused but changed the input: %#v", body, fast)
	}
	return took
}

// TestSubmitDecodeRawAnswersDoNotOverlap: raw answers share the body, so
// growing one must not write into the next.
func TestSubmitDecodeRawAnswersDoNotOverlap(t *testing.T) {
	var in SubmitInput
	if !in.decodeFast([]byte(`{"answers":{"a":1,"b":2}}`)) {
		t.Fatal("fast path refused")
	}
	_ = append(in.Answers["a"], "999"...)
	if string(in.Answers["b"]) != "2" {
		t.Fatalf("b = %s after appending to a", in.Answers["b"])
	}
}

// TestDecodeSubmitThroughCall runs the load test's body through Call.decode
// with the declared length and the limit (readBody), and a body longer
// than declared, which the reader, not the header, ends.
func TestDecodeSubmitThroughCall(t *testing.T) {
	for _, tc := range []struct {
		body    string
		length  int64
		limit   int64
		wantErr string
	}{
		{submitBody, int64(len(submitBody)), 2 << 20, ""},
		{submitBody, -1, 2 << 20, ""},
		{submitBody, 10, 2 << 20, ""},
		{submitBody, int64(len(submitBody)), 64, "body_too_large"},
		{`{"id":"a","survey_code":"b"}`, 29, 64, ""},
		{`{"id":"a"}`, 10, 64, "validation_failed"},
	} {
		r, _ := http.NewRequest(http.MethodPost, "/api/v1/responses", io.NopCloser(bytes.NewReader([]byte(tc.body))))
		r.Header.Set("Content-Type", "application/json; charset=utf-8")
		r.ContentLength = tc.length
		c := &Call{W: &discardWriter{h: http.Header{}}, R: r, Op: &Op{MaxBody: tc.limit}}
		var in SubmitInput
		err := c.decode(&in)
		if got := cem.CodeOf(err); err != nil && got != tc.wantErr || err == nil && tc.wantErr != "" {
			t.Errorf("length %d limit %d: error %v, want %q", tc.length, tc.limit, err, tc.wantErr)
			continue
		}
		if err == nil && tc.body == submitBody {
			var want SubmitInput
			_ = json.Unmarshal([]byte(submitBody), &want)
			if !reflect.DeepEqual(in, want) {
				t.Errorf("length %d: decoded %#v, want %#v", tc.length, in, want)
			}
		}
	}
}
