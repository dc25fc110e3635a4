package httpapi

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"

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
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
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
	writeJSON(w, status, envelope{Data: out})
}
