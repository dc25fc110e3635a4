package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"testing"
	"time"
)

// envelopeOuts are outputs whose envelope writeData must write exactly as
// writeJSON(envelope{Data: out}) did before it had a fast path (§7.2e).
func envelopeOuts() []any {
	until := time.Date(2026, 12, 6, 8, 30, 0, 123456789, time.FixedZone("CST", 8*3600))
	far := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	odd := "a\"b\\c\x00\x1f\b\f\n\r\t<>&\x7f\u2028\u2029\xff\xe2\x80é中"
	return []any{
		SubmitOutput{ID: "r1", Status: "complete", Version: 1, Message: map[string]string{}},
		SubmitOutput{ID: odd, Status: "quota_full", Version: -3, Ending: odd, Message: map[string]string{"zh-CN": "名额已满", "en": odd, odd: "", "": "x", "b": "1", "a": "2", "c": "", "d": "", "e": "", "f": ""}, Redirect: "https://example.com/?a=1&b=<2>"},
		SubmitOutput{ID: "r2", Status: "partial", ResumeToken: "tok", ResumeUntil: &until},
		SubmitOutput{ID: "r3", ResumeUntil: &time.Time{}},
		SubmitOutput{ID: "r4", ResumeUntil: &far}, // encoding fails: empty body
		SubmitOutput{},
		nil,
		map[string]any{"b": 1, "a": []int{1}, "h": "<&>"},
		PublicSurveyOut{SurveyID: "s", Definition: json.RawMessage(`{"a": 1}`), Settings: json.RawMessage(`{}`), ServerTime: until},
		struct{ F func() }{}, // encoding fails
	}
}

func TestWriteDataMatchesEnvelopeEncoding(t *testing.T) {
	for i, out := range envelopeOuts() {
		for _, status := range []int{http.StatusOK, http.StatusCreated} {
			want := httptest.NewRecorder()
			writeJSON(want, status, envelope{Data: out})
			got := httptest.NewRecorder()
			writeData(got, status, out)
			if got.Code != want.Code || !reflect.DeepEqual(got.Header(), want.Header()) || got.Body.String() != want.Body.String() {
				t.Errorf("out %d: got %d %v %q\nwant %d %v %q", i, got.Code, got.Header(), got.Body, want.Code, want.Header(), want.Body)
			}
		}
	}
}

// FuzzSubmitOutputEncoding holds SubmitOutput.appendJSON to encoding/json.
func FuzzSubmitOutputEncoding(f *testing.F) {
	f.Add("r1", "complete", 1, "", "zh-CN", "名额已满", "", "", int64(0))
	f.Add("a\"\\\x00\u2028\xff", "<&>", -1, "\x7f", "\xe2\x80", "\t", "x", "tok", int64(1e18))
	f.Fuzz(func(t *testing.T, id, status string, version int, ending, mk, mv, redirect, token string, until int64) {
		o := SubmitOutput{ID: id, Status: status, Version: version, Ending: ending, Message: map[string]string{mk: mv, mv: mk}, Redirect: redirect, ResumeToken: token}
		if until != 0 {
			u := time.Unix(until%(1<<40), until%1e9).In(time.FixedZone("z", int(until%(26*3600))))
			o.ResumeUntil = &u
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		wantErr := enc.Encode(o)
		got, ok := o.appendJSON(nil)
		if ok != (wantErr == nil) || ok && string(got)+"\n" != want.String() {
			t.Fatalf("got %q (%v), want %q (%v)", got, ok, want.String(), wantErr)
		}
	})
}

// TestObserveAccessLog: one line per request with its fields, the request
// id in the header and the context, and nothing built with the level off.
func TestObserveAccessLog(t *testing.T) {
	var logged bytes.Buffer
	var seen string
	h := Observe(slog.New(slog.NewTextHandler(&logged, nil)), NewMetrics(nil), "/things/{id}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = requestIDOf(r)
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, "hello")
	}), nil)
	r := httptest.NewRequest(http.MethodPost, "/api/v1/things/7", nil)
	r.RemoteAddr = "203.0.113.9:4711"
	r.Header.Set(RequestHeader, "client-id.1")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Header().Get(RequestHeader) != "client-id.1" || seen != "client-id.1" || w.Code != http.StatusCreated {
		t.Fatalf("header %q, context %q, status %d", w.Header().Get(RequestHeader), seen, w.Code)
	}
	re := regexp.MustCompile(`^time=\S+ level=INFO msg=request request_id=client-id.1 method=POST path=/api/v1/things/7 route=/things/\{id\} status=201 bytes=5 duration_ms=[0-9.e-]+ ip=203.0.113.9\n$`)
	if !re.Match(logged.Bytes()) {
		t.Fatalf("log line %q", logged.String())
	}

	// A malformed client id is replaced; the level off logs nothing.
	logged.Reset()
	h = Observe(slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelWarn})), nil, "/x", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), nil)
	r.Header.Set(RequestHeader, "bad id!")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if id := w.Header().Get(RequestHeader); id == "" || id == "bad id!" || !validRequestID(id) || logged.Len() != 0 {
		t.Fatalf("id %q, logged %q", id, logged.String())
	}
}
