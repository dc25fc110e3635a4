// Package httpapi serves OpenCEM's open API under /api/v1. Every operation is
// registered as an Op that carries both its handler and its documentation, so
// the OpenAPI document is generated from the same values that route requests
// and cannot drift from them (standard §7.1, §7.3). Handlers only translate
// HTTP: they decode input, call a domain service and encode its result.
package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/opencem/opencem/internal/alarm"
	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/media"
	"github.com/opencem/opencem/internal/org"
	"github.com/opencem/opencem/internal/response"
	"github.com/opencem/opencem/internal/survey"
)

// Prefix is the base path of version 1 of the API (§7.2b).
const Prefix = "/api/v1"

// DefaultMaxBody caps request bodies unless an Op says otherwise.
const DefaultMaxBody = 1 << 20

// Op is one API operation: its route, its documentation and its handler.
type Op struct {
	ID          string // operationId, lowerCamelCase, unique
	Method      string // GET, POST, PUT, PATCH or DELETE (§7.2c)
	Path        string // below Prefix, with {name} wildcards
	Summary     string
	Description string
	Tag         string
	// Permission the caller needs: auth.PermPublic, auth.PermSignedIn or a
	// catalogue permission.
	Permission string
	// Errors lists the domain error codes the handler may return; the codes
	// every operation can return (validation, auth, limits, internal) are
	// added automatically.
	Errors []string
	// Status is the success status; 0 means 200, or 204 without output.
	Status int
	// MaxBody overrides DefaultMaxBody.
	MaxBody int64
	// PathParams documents each {name} in Path.
	PathParams map[string]string
	// Produces lists the media types of an operation whose output is a
	// Stream (e.g. "text/csv"); JSON operations leave it empty.
	Produces []string
	// FileField names the multipart/form-data field of an operation that
	// takes a file upload; its handler reads the body itself (the input
	// type has no body fields) and the document describes the form.
	FileField string

	in, out reflect.Type
	list    bool
	handle  func(c *Call) (any, error)
}

// NoBody is the input type of operations without a request body or parameters.
type NoBody struct{}

// NoContent is the output type of operations that answer 204.
type NoContent struct{}

// List is the output of a list operation: the items go to "data" and the
// cursor of the next page to "meta.next_cursor".
type List[T any] struct {
	Items      []T
	NextCursor string
}

func (l List[T]) listParts() (any, string) {
	if l.Items == nil {
		l.Items = []T{}
	}
	return l.Items, l.NextCursor
}

type lister interface{ listParts() (any, string) }

// Handle binds a typed handler to op: In is decoded from the body (fields
// with json tags), query (query tags) and path (path tags); Out is encoded as
// the envelope's data. The types also generate the OpenAPI schemas.
func Handle[In, Out any](op Op, fn func(c *Call, in *In) (Out, error)) Op {
	op.in = reflect.TypeFor[In]()
	op.out = reflect.TypeFor[Out]()
	_, op.list = reflect.New(op.out).Elem().Interface().(lister)
	op.handle = func(c *Call) (any, error) {
		in := new(In)
		if err := c.decode(in); err != nil {
			return nil, err
		}
		return fn(c, in)
	}
	return op
}

// Services are the domain services the handlers call.
type Services struct {
	Auth      *auth.Service
	Org       *org.Service
	Audit     *audit.Service
	Alarms    *alarm.Service
	Surveys   *survey.Service
	Responses *response.Service
	Media     *media.Service
	// Ready reports whether the database answers (for /readyz).
	Ready func(ctx context.Context) error
	// OpenIDs, when WeChat is configured, gives the verified openid of a
	// request (docs/wechat.md); nil keeps the openid the page sends.
	OpenIDs OpenIDSource
}

// API is the /api/v1 surface: operations, middleware and the OpenAPI document.
type API struct {
	svc     Services
	log     *slog.Logger
	ops     []Op
	byID    map[string]*Op
	metrics *Metrics
	// SecureCookies marks cookies Secure (set when serving TLS).
	SecureCookies bool
	// Version is reported in the OpenAPI document.
	Version string

	docOnce sync.Once
	docJSON []byte

	strictMu   sync.Mutex
	strict     bool
	violations []string
}

// New builds the API with every operation registered.
func New(svc Services, log *slog.Logger, metrics *Metrics, version string) *API {
	a := &API{svc: svc, log: log, byID: map[string]*Op{}, metrics: metrics, Version: version}
	for _, op := range a.operations() {
		a.register(op)
	}
	return a
}

// operations lists every operation of the API; each domain adds its own file.
func (a *API) operations() []Op {
	var ops []Op
	ops = append(ops, a.sessionOps()...)
	ops = append(ops, a.profileOps()...)
	ops = append(ops, a.identityOps()...)
	ops = append(ops, a.keyOps()...)
	ops = append(ops, a.orgOps()...)
	ops = append(ops, a.auditOps()...)
	ops = append(ops, a.alarmOps()...)
	ops = append(ops, a.surveyOps()...)
	ops = append(ops, a.surveyEvalOps()...)
	ops = append(ops, a.surveyDesignOps()...)
	ops = append(ops, a.surveySettingsOps()...)
	ops = append(ops, a.respondentOps()...)
	ops = append(ops, a.regionOps()...)
	ops = append(ops, a.responseOps()...)
	ops = append(ops, a.mediaOps()...)
	ops = append(ops, a.metaOps()...)
	return ops
}

func (a *API) register(op Op) {
	if op.out == streamType && len(op.Produces) == 0 {
		panic("httpapi: stream operation " + op.ID + " must declare Produces")
	}
	if op.ID == "" || op.Summary == "" || op.Tag == "" || op.Permission == "" || op.handle == nil {
		panic(fmt.Sprintf("httpapi: operation %s %s lacks id, summary, tag, permission or handler", op.Method, op.Path))
	}
	if _, dup := a.byID[op.ID]; dup {
		panic("httpapi: duplicate operation id " + op.ID)
	}
	for _, code := range op.Errors {
		if _, ok := cem.LookupCode(code); !ok {
			panic(fmt.Sprintf("httpapi: operation %s declares unregistered error code %q", op.ID, code))
		}
	}
	if op.Status == 0 {
		op.Status = http.StatusOK
		if op.out == reflect.TypeFor[NoContent]() {
			op.Status = http.StatusNoContent
		}
	}
	a.ops = append(a.ops, op)
	a.byID[op.ID] = &a.ops[len(a.ops)-1]
}

// Ops returns the registered operations, sorted by path then method.
func (a *API) Ops() []Op {
	out := append([]Op(nil), a.ops...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// Mount registers the API on mux: one handler per path that dispatches by
// method (so a wrong method answers 405 in the error envelope), and a
// catch-all that answers unknown /api/ paths with 404 in the envelope.
func (a *API) Mount(mux *http.ServeMux) {
	byPath := map[string]map[string]*Op{}
	var paths []string
	for i := range a.ops {
		op := &a.ops[i]
		if byPath[op.Path] == nil {
			byPath[op.Path] = map[string]*Op{}
			paths = append(paths, op.Path)
		}
		byPath[op.Path][op.Method] = op
	}
	for _, p := range paths {
		methods := byPath[p]
		allow := make([]string, 0, len(methods))
		for m := range methods {
			allow = append(allow, m)
		}
		sort.Strings(allow)
		mux.Handle(Prefix+p, a.wrap(p, func(w http.ResponseWriter, r *http.Request) {
			op := methods[r.Method]
			if op == nil && r.Method == http.MethodHead {
				op = methods[http.MethodGet]
			}
			if op == nil {
				w.Header().Set("Allow", strings.Join(allow, ", "))
				a.writeError(w, r, cem.E(cem.CodeMethodNotAllowed, "%s is not allowed here; use %s.", r.Method, strings.Join(allow, " or ")))
				return
			}
			a.serveOp(w, r, op)
		}))
	}
	notFound := func(w http.ResponseWriter, r *http.Request) {
		a.writeError(w, r, cem.E(cem.CodeRouteNotFound, "No API operation exists at %s.", r.URL.Path))
	}
	mux.Handle("/api/", a.wrap("unmatched", notFound))
	mux.Handle(Prefix+"/openapi.json", a.wrap("/openapi.json", a.serveOpenAPI))
}

// Strict makes the API record every response that its operation did not
// declare (an undeclared error code). Tests turn it on and assert that
// Violations is empty, which keeps the documented errors honest.
func (a *API) Strict() {
	a.strictMu.Lock()
	a.strict = true
	a.strictMu.Unlock()
}

// Violations returns the undeclared responses seen in strict mode.
func (a *API) Violations() []string {
	a.strictMu.Lock()
	defer a.strictMu.Unlock()
	return append([]string(nil), a.violations...)
}

func (a *API) checkDeclared(op *Op, code string) {
	a.strictMu.Lock()
	defer a.strictMu.Unlock()
	if !a.strict {
		return
	}
	for _, c := range declaredErrors(op) {
		if c == code {
			return
		}
	}
	a.violations = append(a.violations, fmt.Sprintf("%s returned undeclared error code %q", op.ID, code))
}
