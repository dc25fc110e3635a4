package cem

import (
	"fmt"
	"sort"
	"sync"
)

// CodeSpec documents one stable error code: its kind (which decides the HTTP
// status) and what it means. The API reference lists every registered code.
type CodeSpec struct {
	Code string
	Kind Kind
	Doc  string
}

var (
	codesMu sync.RWMutex
	codes   = map[string]CodeSpec{}
)

// Define registers an error code and returns it, so packages declare their
// codes as package variables: var CodeFoo = cem.Define(KindConflict, "foo", "…").
// Defining one code twice with different kinds panics at start-up: codes are
// a public contract and must mean one thing.
func Define(kind Kind, code, doc string) string {
	codesMu.Lock()
	defer codesMu.Unlock()
	if old, ok := codes[code]; ok && old.Kind != kind {
		panic(fmt.Sprintf("cem: error code %q defined twice with kinds %s and %s", code, old.Kind, kind))
	}
	codes[code] = CodeSpec{Code: code, Kind: kind, Doc: doc}
	return code
}

// LookupCode returns the spec of a registered code.
func LookupCode(code string) (CodeSpec, bool) {
	codesMu.RLock()
	defer codesMu.RUnlock()
	s, ok := codes[code]
	return s, ok
}

// Codes returns every registered code, sorted.
func Codes() []CodeSpec {
	codesMu.RLock()
	defer codesMu.RUnlock()
	out := make([]CodeSpec, 0, len(codes))
	for _, s := range codes {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// E builds an Error with a registered code; its kind comes from the registry.
// An unregistered code is a programming error and yields an internal error,
// which the API tests catch.
func E(code, format string, args ...any) *Error {
	spec, ok := LookupCode(code)
	if !ok {
		return &Error{Kind: KindInternal, Code: CodeInternal, Message: "Something went wrong on our side.", Err: fmt.Errorf("unregistered error code %q", code)}
	}
	return &Error{Kind: spec.Kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

func init() {
	Define(KindInvalid, CodeValidationFailed, "The request was understood but some fields are invalid; see error.fields.")
	Define(KindInvalid, CodeInvalidJSON, "The request body is not well-formed JSON or does not match the expected types.")
	Define(KindTooLarge, CodeBodyTooLarge, "The request body is larger than the limit for this operation.")
	Define(KindUnsupportedType, CodeUnsupportedMedia, "The request body must be sent as application/json.")
	Define(KindNotFound, CodeRouteNotFound, "No operation exists at this path.")
	Define(KindMethod, CodeMethodNotAllowed, "The path exists but does not accept this HTTP method; see the Allow header.")
	Define(KindUnauthenticated, CodeUnauthenticated, "Sign in or send valid API credentials.")
	Define(KindForbidden, CodeForbidden, "The caller lacks the permission this operation needs.")
	Define(KindForbidden, CodeCSRFFailed, "Cookie-authenticated writes need the X-CSRF-Token header matching the session.")
	Define(KindRateLimited, CodeRateLimited, "Too many requests; retry after the number of seconds in Retry-After.")
	Define(KindInternal, CodeInternal, "An unexpected server error; quote the request_id when reporting it.")
	Define(KindUnavailable, CodeUnavailable, "A dependency such as the database is unavailable; retry later.")
	Define(KindInvalid, CodeInvalidCursor, "The pagination cursor was not issued by this API.")
	Define(KindInvalid, CodeInvalidQueryParam, "A query or path parameter has the wrong type or value.")
	Define(KindUnauthenticated, CodeInvalidCredentials, "The username or password is wrong, or the account is disabled.")
}
