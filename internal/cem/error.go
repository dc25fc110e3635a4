// Package cem is the shared kernel of OpenCEM: the error type with stable
// codes, identifiers, the acting principal carried in a context, and paging.
// Every other package may import it; it imports nothing of ours.
package cem

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies an error for transport mapping. The HTTP layer turns a Kind
// into a status; domain code never mentions HTTP.
type Kind string

// The kinds of error a domain operation may return.
const (
	KindInvalid         Kind = "invalid"          // the caller sent something wrong
	KindUnauthenticated Kind = "unauthenticated"  // no or bad credentials
	KindForbidden       Kind = "forbidden"        // authenticated but not allowed
	KindNotFound        Kind = "not_found"        // no such thing (or not visible)
	KindConflict        Kind = "conflict"         // state does not allow it
	KindTooLarge        Kind = "too_large"        // body or payload over a limit
	KindRateLimited     Kind = "rate_limited"     // slow down
	KindUnavailable     Kind = "unavailable"      // a dependency is down
	KindInternal        Kind = "internal"         // a bug or an unexpected failure
	KindUnsupportedType Kind = "unsupported_type" // wrong media type
	KindMethod          Kind = "method"           // the route exists, not with this method
)

// FieldError names one input field and why it was refused.
type FieldError struct {
	Name   string `json:"name" doc:"Path of the offending field, e.g. pages[0].questions[2].title."`
	Reason string `json:"reason" doc:"Why the field was refused, in plain words."`
}

// Error is the one error type of OpenCEM. Code is a stable snake_case string
// that clients may switch on; Message is safe to show to a user. Internal
// causes are wrapped but never shown.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Fields  []FieldError
	// RetryAfter, when set on a rate-limit error, tells the client how long
	// to wait (the HTTP layer sends it as Retry-After).
	RetryAfter time.Duration
	Err        error // cause, for logs only
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an Error of the given kind and code with a formatted message.
func Errorf(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid reports input that failed validation, one FieldError per problem.
func Invalid(message string, fields ...FieldError) *Error {
	return &Error{Kind: KindInvalid, Code: CodeValidationFailed, Message: message, Fields: fields}
}

// NotFound reports that a thing of the given noun does not exist or is not
// visible to the caller; the code is "<noun>_not_found".
func NotFound(noun string) *Error {
	return &Error{Kind: KindNotFound, Code: noun + "_not_found", Message: fmt.Sprintf("The %s was not found.", noun)}
}

// Internal wraps an unexpected failure; its message is a plain apology.
func Internal(err error) *Error {
	return &Error{Kind: KindInternal, Code: CodeInternal, Message: "Something went wrong on our side. Please try again; if it persists, quote the request id.", Err: err}
}

// AsError returns err as *Error, wrapping unknown errors as internal.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal(err)
}

// CodeOf returns the stable code of err, or "" for nil.
func CodeOf(err error) string {
	if err == nil {
		return ""
	}
	return AsError(err).Code
}

// Stable error codes shared by many operations. Domain packages define their
// own codes beside their code; all are listed in the API reference.
const (
	CodeValidationFailed   = "validation_failed"
	CodeInvalidJSON        = "invalid_json"
	CodeBodyTooLarge       = "body_too_large"
	CodeUnsupportedMedia   = "unsupported_media_type"
	CodeRouteNotFound      = "route_not_found"
	CodeMethodNotAllowed   = "method_not_allowed"
	CodeUnauthenticated    = "unauthenticated"
	CodeForbidden          = "forbidden"
	CodeCSRFFailed         = "csrf_failed"
	CodeRateLimited        = "rate_limited"
	CodeInternal           = "internal_error"
	CodeUnavailable        = "service_unavailable"
	CodeInvalidCursor      = "invalid_cursor"
	CodeInvalidQueryParam  = "invalid_query_parameter"
	CodeInvalidCredentials = "invalid_credentials"
)
