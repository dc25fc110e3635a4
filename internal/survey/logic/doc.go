// Package logic implements the survey logic language of OpenCEM: the one
// small expression language behind display (show/hide) conditions,
// skip/jump conditions, piping, option-source filters, assignments, quotas
// and validation rules (T/CCSA 559 clauses 6.3.1c and 6.3.1d).
//
// The grammar and semantics are specified in docs/logic.md; this package
// follows that document, and the conformance cases in testdata/logic/expr
// are shared with the TypeScript twin that runs in the respondent's
// browser. When the two disagree, the document decides.
//
// The package is pure: no I/O, no clock, no knowledge of the survey model.
// References such as {q1}, {q5.r1.text} or {$param.ch} are parsed into Ref
// values, and an Env supplied by the caller resolves them at evaluation
// time and provides the current time. Typical use:
//
//	e, err := logic.Parse("{q1} anyof ['A', 'B'] and {$param.ch} = 'store'")
//	diags := logic.CheckCondition(e, types) // on save and publish
//	show, err := logic.EvalBool(e, env)     // for each response
//
// Evaluation is deterministic and never panics. Every node is evaluated at
// most once, set operators are at worst quadratic in their inputs, and
// limits on source length, nesting and list size (MaxSourceLen, MaxDepth,
// MaxListLen, MaxPatternLen) bound the work for any input.
package logic
