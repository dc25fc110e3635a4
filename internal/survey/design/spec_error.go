package design

import "fmt"

// SpecError is the error of MaxDiffSpec.Validate and CBCSpec.Validate. Its
// text is "design: " and the message; Format and Args are the message's
// template and arguments, so that the survey checks can report it in the
// designer's language (issue #6).
type SpecError struct {
	Format string
	Args   []any
}

func (e *SpecError) Error() string { return "design: " + fmt.Sprintf(e.Format, e.Args...) }

func specErr(format string, args ...any) error { return &SpecError{Format: format, Args: args} }
