package httpapi

import (
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
)

// Cookie names shared with the admin app.
const (
	SessionCookie = "opencem_session"
	CSRFCookie    = "opencem_csrf"
	CSRFHeader    = "X-CSRF-Token"
	RequestHeader = "X-Request-Id"
)

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// wrap is the API's middleware for one route: see Observe, plus the error
// envelope for panics.
func (a *API) wrap(route string, h http.HandlerFunc) http.Handler {
	return Observe(a.log, a.metrics, route, h, func(w http.ResponseWriter, r *http.Request) {
		a.writeError(w, r, cem.Internal(nil))
	})
}

// Observe gives every request an id (X-Request-Id, kept from the client when
// well-formed), recovers panics through onPanic, records metrics under route
// (a template, never the raw path, to bound label cardinality) and logs one
// line per request.
func Observe(log *slog.Logger, m *Metrics, route string, h http.Handler, onPanic http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rid := r.Header.Get(RequestHeader)
		if !validRequestID(rid) {
			rid = cem.NewID()
		}
		w.Header().Set(RequestHeader, rid)
		ctx := cem.WithRequestID(r.Context(), rid)
		r = r.WithContext(ctx)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.LogAttrs(ctx, slog.LevelError, "panic", slog.String("request_id", rid), slog.Any("panic", p), slog.String("path", r.URL.Path))
				if sw.status == 0 {
					onPanic(sw, r)
				}
			}
			d := time.Since(start)
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			if m != nil {
				m.observe(route, r.Method, sw.status, d)
			}
			log.LogAttrs(ctx, slog.LevelInfo, "request", slog.String("request_id", rid), slog.String("method", r.Method),
				slog.String("path", r.URL.Path), slog.String("route", route), slog.Int("status", sw.status), slog.Int("bytes", sw.bytes),
				slog.Float64("duration_ms", float64(d.Microseconds())/1000), slog.String("ip", clientIP(r)))
		}()
		h.ServeHTTP(sw, r)
	})
}

func validRequestID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func requestIDOf(r *http.Request) string { return cem.RequestIDFrom(r.Context()) }

// clientIP is the peer address. Proxy headers are not trusted here: a
// trusted-proxy setting comes with deployment guidance.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// serveOp authenticates, authorises and runs one operation.
func (a *API) serveOp(w http.ResponseWriter, r *http.Request, op *Op) {
	c := &Call{W: w, R: r, Ctx: r.Context(), Op: op, RequestID: requestIDOf(r), api: a}
	fail := func(err error) {
		a.checkDeclared(op, cem.AsError(err).Code)
		a.writeError(w, r, err)
	}
	if op.Permission != auth.PermPublic {
		if err := a.authenticate(c); err != nil {
			fail(err)
			return
		}
		if !c.Actor().Can(op.Permission) {
			fail(cem.E(cem.CodeForbidden, "You do not have permission to do this (%s).", op.Permission))
			return
		}
	}
	out, err := op.handle(c)
	if err != nil {
		fail(err)
		return
	}
	writeData(w, op.Status, out)
}

// authenticate resolves the session cookie to an actor and, for writes,
// checks the CSRF token (double submit: header must equal the session's token).
func (a *API) authenticate(c *Call) error {
	ck, err := c.R.Cookie(SessionCookie)
	if err != nil || ck.Value == "" {
		return cem.E(cem.CodeUnauthenticated, "Please sign in.")
	}
	u, sess, err := a.svc.Auth.Authenticate(c.Ctx, ck.Value)
	if err != nil {
		return err
	}
	switch c.R.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
	default:
		if h := c.R.Header.Get(CSRFHeader); h == "" || !constantTimeEqual(h, sess.CSRFToken) {
			return cem.E(cem.CodeCSRFFailed, "The request lacks a valid %s header; reload the page and try again.", CSRFHeader)
		}
	}
	c.sessionToken = ck.Value
	c.Ctx = cem.WithActor(c.Ctx, auth.Actor(u, clientIP(c.R), c.R.UserAgent(), c.RequestID))
	return nil
}

func constantTimeEqual(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	var v byte
	for i := 0; i < len(a); i++ {
		v |= a[i] ^ b[i]
	}
	return v == 0
}

// isTLS reports whether the request came over TLS (for Secure cookies).
func isTLS(r *http.Request) bool { return r.TLS != nil || strings.EqualFold(r.URL.Scheme, "https") }
