package signature

import "errors"

// Code is a stable, machine-readable reason a signed request was refused.
// Codes are part of the public API contract: clients match on them.
type Code string

// The error codes. Each maps to HTTP 401 in the API error envelope.
const (
	// CodeMissing: a required signature header is absent or empty.
	CodeMissing Code = "signature_missing"
	// CodeAlgorithmUnsupported: the algorithm is unknown, or not usable
	// with the registered key.
	CodeAlgorithmUnsupported Code = "signature_algorithm_unsupported"
	// CodeInvalid: the signature is not standard base64, does not verify
	// (tampered method, path, query or body, wrong key), the key id is not
	// registered, or the request cannot be canonicalised.
	CodeInvalid Code = "signature_invalid"
	// CodeTimestampSkew: the timestamp is malformed or more than the allowed
	// skew (5 minutes) away from the server clock, in either direction.
	CodeTimestampSkew Code = "signature_timestamp_skew"
	// CodeNonceReused: the nonce was already used with this key.
	CodeNonceReused Code = "signature_nonce_reused"
	// CodeNonceInvalid: the nonce is not 16–64 characters of [A-Za-z0-9_-].
	CodeNonceInvalid Code = "signature_nonce_invalid"
)

// Error is a refusal of a signed request. Code and Message are safe to send
// to the client; the wrapped cause (if any) is for logs only.
type Error struct {
	Code    Code
	Message string
	cause   error
}

func newError(code Code, msg string, cause error) *Error {
	return &Error{Code: code, Message: msg, cause: cause}
}

// Error returns the code, message and cause, for logs.
func (e *Error) Error() string {
	s := "signature: " + string(e.Code) + ": " + e.Message
	if e.cause != nil {
		s += ": " + e.cause.Error()
	}
	return s
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.cause }

// CodeOf returns the code of the *Error in err's chain, or "" when err is nil
// or not a refusal (an internal failure, to be answered with HTTP 500).
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
