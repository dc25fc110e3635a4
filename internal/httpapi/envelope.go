package httpapi

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"sync"

	"github.com/opencem/opencem/internal/cem"
)

// Envelope is the one success structure (§7.2e).
type envelope struct {
	Data any       `json:"data"`
	Meta *listMeta `json:"meta,omitempty"`
}

type listMeta struct {
	NextCursor *string `json:"next_cursor"`
}

// ErrorBody is the one failure structure (§7.2e).
type ErrorBody struct {
	Error ErrorDetail `json:"error" doc:"What went wrong."`
}

// ErrorDetail describes a failed request.
type ErrorDetail struct {
	Code      string           `json:"code" doc:"Stable machine-readable error code; see the error code list in the API reference."`
	Message   string           `json:"message" doc:"Human-readable explanation, safe to show to a user."`
	Fields    []cem.FieldError `json:"fields,omitempty" doc:"Per-field problems, present for validation errors."`
	RequestID string           `json:"request_id" doc:"Identifier of this request, also in the X-Request-Id header; quote it when reporting a problem."`
}

// statusOf maps an error kind to its HTTP status.
func statusOf(k cem.Kind) int {
	switch k {
	case cem.KindInvalid:
		return http.StatusBadRequest
	case cem.KindUnauthenticated:
		return http.StatusUnauthorized
	case cem.KindForbidden:
		return http.StatusForbidden
	case cem.KindNotFound:
		return http.StatusNotFound
	case cem.KindMethod:
		return http.StatusMethodNotAllowed
	case cem.KindConflict:
		return http.StatusConflict
	case cem.KindTooLarge:
		return http.StatusRequestEntityTooLarge
	case cem.KindUnsupportedType:
		return http.StatusUnsupportedMediaType
	case cem.KindRateLimited:
		return http.StatusTooManyRequests
	case cem.KindUnavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	setJSONHeaders(w)
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// The values of the JSON headers, shared by every response: setting the
// map entries to these (capacity 1, so an Add copies) saves Header().Set
// its slice per header per request.
var (
	jsonContentType = []string{"application/json; charset=utf-8"}
	noStore         = []string{"no-store"}
)

func setJSONHeaders(w http.ResponseWriter) {
	h := w.Header()
	h["Content-Type"] = jsonContentType[:1:1]
	h["Cache-Control"] = noStore[:1:1]
}

// dataWriter encodes one success envelope into a reused buffer.
type dataWriter struct {
	buf bytes.Buffer
	enc *json.Encoder
}

var dataWriters = sync.Pool{New: func() any {
	d := &dataWriter{}
	d.enc = json.NewEncoder(&d.buf)
	d.enc.SetEscapeHTML(false)
	return d
}}

// writeEnvelope answers with {"data":out}: the bytes writeJSON writes for
// envelope{Data: out}, without boxing the envelope or making an encoder
// per request. As with writeJSON, a value that does not encode leaves the
// body empty.
func writeEnvelope(w http.ResponseWriter, status int, out any) {
	setJSONHeaders(w)
	w.WriteHeader(status)
	d := dataWriters.Get().(*dataWriter)
	d.buf.Reset()
	d.buf.WriteString(`{"data":`)
	var err error
	if b, ok := appendOut(d.buf.AvailableBuffer(), out); ok {
		d.buf.Write(b)
	} else if err = d.enc.Encode(out); err == nil {
		d.buf.Truncate(d.buf.Len() - 1) // Encode ends with a newline
	}
	if err == nil {
		d.buf.WriteString("}\n")
		_, _ = w.Write(d.buf.Bytes())
	}
	if d.buf.Cap() <= 64<<10 { // a large list's buffer is not kept
		dataWriters.Put(d)
	}
}

// jsonAppender is an output with a hand-written encoding, byte for byte
// what encoding/json (HTML escaping off) makes of it; false means "let
// encoding/json do it" (and fail as it fails).
type jsonAppender interface {
	appendJSON(dst []byte) ([]byte, bool)
}

func appendOut(dst []byte, out any) ([]byte, bool) {
	if a, ok := out.(jsonAppender); ok {
		return a.appendJSON(dst)
	}
	return nil, false
}

// writeError answers with the error envelope. Internal errors are logged with
// the request id and shown as a plain apology; their cause never leaks.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := cem.AsError(err)
	rid := requestIDOf(r)
	status := statusOf(e.Kind)
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(e.RetryAfter.Seconds()))))
	}
	if status >= 500 {
		a.log.ErrorContext(r.Context(), "request failed", "request_id", rid, "code", e.Code, "err", err)
		if e.Kind == cem.KindInternal {
			e = cem.Internal(nil)
		}
	}
	writeJSON(w, status, ErrorBody{Error: ErrorDetail{Code: e.Code, Message: e.Message, Fields: e.Fields, RequestID: rid}})
}

// writeData answers with the success envelope.
func writeData(w http.ResponseWriter, status int, out any) {
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	if l, ok := out.(lister); ok {
		items, next := l.listParts()
		m := &listMeta{}
		if next != "" {
			m.NextCursor = &next
		}
		writeJSON(w, status, envelope{Data: items, Meta: m})
		return
	}
	writeEnvelope(w, status, out)
}
