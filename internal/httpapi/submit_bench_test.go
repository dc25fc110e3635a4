package httpapi

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"
)

// submitBody is the body bench/submitload posts (issue #5 item 10): the
// shape of a final submit from the respondent page.
const submitBody = `{"answers":{"clean":4,"comment":"很好","fav":"a","gender":"f","grid":{"r1":"g","r2":"b"},"items":["a","b"],"nps":9,"staff":5,"visit":"buy"},` +
	`"device_id":"bench-01jf0v6k4n2m3p4q5r6s7t8v9w","final":true,"id":"bench-01jf0v6k4n2m3p4q5r6s7t8v9w","params":{"ch":"h5","store":"S001"},` +
	`"started_at":"2026-11-29T13:00:00Z","survey_code":"k3m9x2","token":"1234"}`

// discardWriter is a ResponseWriter that keeps nothing but its header map,
// so benchmarks count the allocations of the code under test, not of a
// recorder.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}

// BenchmarkDecodeSubmit decodes the load test's submit body into the
// submit input, as Call.decode does for every submit.
func BenchmarkDecodeSubmit(b *testing.B) {
	body := []byte(submitBody)
	rd := bytes.NewReader(body)
	r, _ := http.NewRequest(http.MethodPost, "/api/v1/responses", io.NopCloser(rd))
	r.Header.Set("Content-Type", "application/json")
	r.ContentLength = int64(len(body))
	w := &discardWriter{h: http.Header{}}
	op := &Op{MaxBody: 2 << 20}
	b.ReportAllocs()
	for b.Loop() {
		rd.Reset(body)
		c := Call{W: w, R: r, Op: op}
		var in SubmitInput
		if err := c.decode(&in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkObserveSubmitEnvelope is the request path around the service:
// the middleware (request id, status writer, metrics, the access log to a
// text handler as the load test has it) and the envelope of a submit's answer.
func BenchmarkObserveSubmitEnvelope(b *testing.B) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	until := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	out := SubmitOutput{ID: "bench-01jf0v6k4n2m3p4q5r6s7t8v9w", Status: "complete", Version: 1, Message: map[string]string{}, ResumeUntil: &until}
	h := Observe(log, NewMetrics(nil), "/responses", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeData(w, http.StatusOK, out)
	}), func(http.ResponseWriter, *http.Request) {})
	r, _ := http.NewRequest(http.MethodPost, "/api/v1/responses", nil)
	r.RemoteAddr = "127.0.0.1:51234"
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, r)
	}
}
