package httpapi

import (
	"io"
	"mime"
	"net/http"
	"reflect"
)

// Stream is the output of operations that answer a file (CSV, XLSX, …)
// instead of a JSON envelope. Write is called once with the response body;
// it should write rows as it reads them, never building the whole file in
// memory. Declare the media types in Op.Produces for the OpenAPI document.
type Stream struct {
	ContentType string
	Filename    string // suggested download name; empty for inline
	Write       func(w io.Writer) error
}

var streamType = reflect.TypeFor[Stream]()

// writeStream sends a Stream. Once the first byte is out the status line
// has gone, so a failure aborts the connection: the client sees a broken
// transfer, never a shorter file that looks complete.
func (a *API) writeStream(w http.ResponseWriter, r *http.Request, s Stream) {
	h := w.Header()
	h.Set("Content-Type", s.ContentType)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if s.Filename != "" {
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": s.Filename}))
	}
	w.WriteHeader(http.StatusOK)
	if err := s.Write(w); err != nil {
		a.log.ErrorContext(r.Context(), "stream failed", "request_id", requestIDOf(r), "err", err)
		panic(http.ErrAbortHandler)
	}
}
