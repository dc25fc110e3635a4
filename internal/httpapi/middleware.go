package httpapi

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/auth/signature"
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
		// One allocation holds the status writer and the header's value
		// (Header().Set would allocate the slice); RequestHeader is in
		// canonical form already.
		sw := &observed{statusWriter: statusWriter{ResponseWriter: w}}
		sw.ridHeader[0] = rid
		w.Header()[RequestHeader] = sw.ridHeader[:1:1]
		ctx := cem.WithRequestID(r.Context(), rid)
		r = r.WithContext(ctx)
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.LogAttrs(ctx, slog.LevelError, "panic", slog.String("request_id", rid), slog.Any("panic", p), slog.String("path", r.URL.Path))
				if sw.status == 0 {
					onPanic(&sw.statusWriter, r)
				}
			}
			end := time.Now()
			d := end.Sub(start)
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			if m != nil {
				m.observe(route, r.Method, sw.status, d)
			}
			accessLog(ctx, log, end, rid, r, route, sw.status, sw.bytes, d)
		}()
		h.ServeHTTP(&sw.statusWriter, r)
	})
}

// observed is Observe's per-request state.
type observed struct {
	statusWriter
	ridHeader [1]string
}

// accessLog writes the line Observe logs per request. It goes to the
// handler directly: nothing is built when the level is off, and the
// record has no caller (Logger.LogAttrs asks the runtime for one on every
// call; a handler with AddSource would only ever name this function).
func accessLog(ctx context.Context, log *slog.Logger, at time.Time, rid string, r *http.Request, route string, status, bytes int, d time.Duration) {
	h := log.Handler()
	if !h.Enabled(ctx, slog.LevelInfo) {
		return
	}
	rec := slog.NewRecord(at, slog.LevelInfo, "request", 0)
	rec.AddAttrs(slog.String("request_id", rid), slog.String("method", r.Method),
		slog.String("path", r.URL.Path), slog.String("route", route), slog.Int("status", status), slog.Int("bytes", bytes),
		slog.Float64("duration_ms", float64(d.Microseconds())/1000), slog.String("ip", clientIP(r)))
	_ = h.Handle(ctx, rec)
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
		actor := c.Actor()
		if !actor.Can(op.Permission) {
			if actor.MFASetupRequired {
				fail(cem.E(auth.CodeMFARequired, "Your role requires two-factor authentication. Set it up under My profile to continue."))
				return
			}
			a.svc.Auth.RecordDenied(c.Ctx, op.Permission, op.ID)
			fail(cem.E(cem.CodeForbidden, "You do not have permission to do this (%s).", op.Permission))
			return
		}
	}
	out, err := op.handle(c)
	if err != nil {
		fail(err)
		return
	}
	if st, ok := out.(Stream); ok {
		a.writeStream(w, r, st)
		return
	}
	writeData(w, op.Status, out)
}

// authenticate resolves the caller: an API key (Authorization: Bearer
// ocm_… or signature headers) or the session cookie. Cookie-authenticated
// writes must carry the CSRF token (double submit: the header must equal the
// session's token); key-authenticated ones need not, as browsers never send
// those credentials on their own.
func (a *API) authenticate(c *Call) error {
	client := auth.Client{IP: clientIP(c.R), UserAgent: c.R.UserAgent(), RequestID: c.RequestID}
	bearer, hasBearer := strings.CutPrefix(c.R.Header.Get("Authorization"), "Bearer ")
	if hasBearer || c.R.Header.Get(signature.HeaderKeyID) != "" {
		req := auth.KeyRequest{Bearer: strings.TrimSpace(bearer), Client: client, CertSubject: certSubject(c.R)}
		if c.R.Header.Get(signature.HeaderKeyID) != "" {
			in, err := a.signedInput(c)
			if err != nil {
				return err
			}
			req.Signed = in
		}
		actor, err := a.svc.Auth.AuthenticateKey(c.Ctx, req)
		if err != nil {
			return err
		}
		c.Ctx = cem.WithActor(c.Ctx, actor)
		return nil
	}
	ck, err := c.R.Cookie(SessionCookie)
	if err != nil || ck.Value == "" {
		return cem.E(cem.CodeUnauthenticated, "Please sign in, or send an API key.")
	}
	actor, sess, err := a.svc.Auth.Authenticate(c.Ctx, ck.Value, client)
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
	c.Ctx = cem.WithActor(c.Ctx, actor)
	return nil
}

// signedInput reads the body (within the operation's limit) for the
// signature digest and puts it back for the handler.
func (a *API) signedInput(c *Call) (*signature.Input, error) {
	limit := c.Op.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.W, c.R.Body, limit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, cem.E(cem.CodeBodyTooLarge, "The request body is larger than %d bytes.", limit)
	}
	if err != nil {
		return nil, cem.E(cem.CodeInvalidJSON, "The request body could not be read.")
	}
	c.R.Body = io.NopCloser(bytes.NewReader(body))
	path, query, _ := strings.Cut(c.R.RequestURI, "?")
	h := c.R.Header
	return &signature.Input{Method: c.R.Method, EscapedPath: path, RawQuery: query, Body: body,
		KeyID: h.Get(signature.HeaderKeyID), Timestamp: h.Get(signature.HeaderTimestamp), Nonce: h.Get(signature.HeaderNonce),
		Alg: h.Get(signature.HeaderAlg), Signature: h.Get(signature.HeaderSignature)}, nil
}

// certSubject is the verified client certificate's subject under mutual TLS.
func certSubject(r *http.Request) string {
	if r.TLS == nil || len(r.TLS.VerifiedChains) == 0 || len(r.TLS.PeerCertificates) == 0 {
		return ""
	}
	return r.TLS.PeerCertificates[0].Subject.String()
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
