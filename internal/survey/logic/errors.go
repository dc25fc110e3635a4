package logic

import "fmt"

// Stable error and diagnostic codes. They are part of the contract with the
// TypeScript twin and the conformance files, so they never change meaning;
// messages may be reworded freely.
const (
	// CodeSyntax: the source is not a well-formed expression or template.
	CodeSyntax = "syntax"
	// CodeTooLong: the source exceeds MaxSourceLen (or MaxTemplateLen).
	CodeTooLong = "too_long"
	// CodeTooDeep: parentheses, brackets, calls and prefix operators nest
	// deeper than MaxDepth.
	CodeTooDeep = "too_deep"
	// CodeTooManyItems: a list literal or call has more than MaxListLen items.
	CodeTooManyItems = "too_many_items"
	// CodeUnknownRef: a reference the TypeEnv does not know (checker only).
	CodeUnknownRef = "unknown_ref"
	// CodeUnknownFunction: a call to a function the language does not define.
	CodeUnknownFunction = "unknown_function"
	// CodeArity: a function called with the wrong number of arguments.
	CodeArity = "arity"
	// CodeTypeMismatch: an operand or argument of a kind the operator or
	// function can never accept (e.g. arithmetic on a list).
	CodeTypeMismatch = "type_mismatch"
	// CodeBadArgument: an argument of the right kind but an invalid value
	// (unknown datediff unit, round digits out of range, invalid date literal).
	CodeBadArgument = "bad_argument"
	// CodeBadRegex: a matches() pattern that does not compile as RE2 or is
	// longer than MaxPatternLen.
	CodeBadRegex = "bad_regex"
)

// Pos is a position in source text. Offset counts bytes from 0; Line and Col
// count from 1, and Col counts Unicode code points, which is what an editor
// shows a designer.
type Pos struct {
	Offset int `json:"offset"`
	Line   int `json:"line"`
	Col    int `json:"col"`
}

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Error is returned by Parse, ParseTemplate, Eval and EvalBool. Code is one
// of the Code* constants; Msg is a readable English sentence safe to show a
// survey designer (it quotes only the expression, never internal state).
//
// Format and Args are Msg as a template and its arguments (see MessageArgs),
// so that a caller can show the message in another language.
type Error struct {
	Code   string
	Msg    string
	Pos    Pos
	Format string
	Args   []string
}

func (e *Error) Error() string {
	return fmt.Sprintf("logic: %s: %s (%s)", e.Pos, e.Msg, e.Code)
}

func errorf(code string, pos Pos, format string, args ...any) *Error {
	return &Error{Code: code, Pos: pos, Msg: fmt.Sprintf(format, args...), Format: format, Args: MessageArgs(format, args...)}
}

// Diag is one finding of the static checker. Code is one of the Code*
// constants (unknown_ref, unknown_function, arity, type_mismatch,
// bad_argument, bad_regex). Format and Args are Msg as a template and its
// arguments (see MessageArgs); they stay out of the JSON form, which the
// conformance files share with the TypeScript twin.
type Diag struct {
	Pos    Pos      `json:"pos"`
	Code   string   `json:"code"`
	Msg    string   `json:"message"`
	Format string   `json:"-"`
	Args   []string `json:"-"`
}

func diagf(pos Pos, code, format string, args ...any) Diag {
	return Diag{Pos: pos, Code: code, Msg: fmt.Sprintf(format, args...), Format: format, Args: MessageArgs(format, args...)}
}

func (d Diag) String() string { return fmt.Sprintf("%s: %s (%s)", d.Pos, d.Msg, d.Code) }
