// Package survey is OpenCEM's survey engine: the definition model of a
// survey (pages, questions, options, logic), its JSON Schema, validation and
// static checks, and the evaluator that decides — for a set of answers —
// what a respondent sees, where they go next, which answers are valid and
// whether the response is complete (T/CCSA 559 clause 6.3.1).
//
// The package is pure: no storage, no HTTP, no clock. Every rule of a
// definition is written in the logic language of package logic
// (docs/logic.md); the definition format, the answer formats, the
// evaluation order and the conformance files are specified in
// docs/survey-format.md. The respondent runtime has a TypeScript twin of
// Evaluate; both run the cases in testdata/logic/*.json.
//
// Typical use by the storage and API layers:
//
//	def, err := survey.Parse(body)               // schema + semantic + static checks; cem.Invalid on errors
//	rep := survey.Check(def, survey.CheckOptions{MaxSeconds: 600}) // warnings and the length estimate
//	res := survey.Evaluate(def, survey.Input{Answers: a, Params: p, CurrentPage: "p2", Now: now})
//
// Subpackages: logic (the expression language), design (CBC and MaxDiff
// designs, the seeded random source) and region (GB/T 2260 divisions for
// the city question).
package survey
