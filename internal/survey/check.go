package survey

import (
	"fmt"

	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/survey/logic"
)

// Severities of a finding.
const (
	SeverityError   = "error"   // blocks saving and publishing
	SeverityWarning = "warning" // shown to the designer, does not block
)

// Issue is one finding of Check: the element path (e.g.
// pages[0].questions[2].options[1].code), a stable code, the severity and
// a reason in plain English.
//
// Message and Args let a client show the reason in its user's language
// (issue #6): Message is the English template (a gettext-style msgid with
// fmt verbs) and Args its arguments as text (see logic.MessageArgs: %q
// arguments unquoted, %d as decimals). For a diagnostic of an expression or
// text, Message and Args are those of the logic message and At is its
// position ("line:col"); the Reason is then "<message> (at <At>)", a
// wrapper the client translates as the template "%s (at %s)". So Reason is
// always fmt.Sprintf(Message, Args...), wrapped that way when At is set.
type Issue struct {
	Path     string   `json:"path"`
	Code     string   `json:"code"`
	Severity string   `json:"severity"`
	Reason   string   `json:"reason"`
	Message  string   `json:"message"`
	Args     []string `json:"args,omitempty"`
	At       string   `json:"at,omitempty"`
}

// AtFormat is the template of the Reason of an issue with a position.
const AtFormat = "%s (at %s)"

// issueKey identifies an issue for removing duplicates (Issue holds a slice
// and is not comparable); equal reasons mean equal messages.
type issueKey struct{ path, code, severity, reason string }

// CheckOptions tunes Check.
type CheckOptions struct {
	// MaxSeconds, when positive, makes a length estimate above it a
	// warning (code long_survey).
	MaxSeconds int
}

// Report is the outcome of Check.
type Report struct {
	Errors   []Issue  `json:"errors"`
	Warnings []Issue  `json:"warnings"`
	Estimate Estimate `json:"estimate"`
}

// Err returns nil when the report has no errors, else a cem.Invalid error
// with one FieldError per error (Reason carries the code in brackets).
func (r Report) Err() error {
	if len(r.Errors) == 0 {
		return nil
	}
	fields := make([]cem.FieldError, len(r.Errors))
	for i, e := range r.Errors {
		fields[i] = cem.FieldError{Name: e.Path, Reason: e.Reason + " [" + e.Code + "]"}
	}
	return cem.Invalid("The survey definition has errors.", fields...)
}

// Check runs the semantic and static checks of a definition: identifiers,
// the settings of each question type, references in expressions and texts
// (unknown, not yet answered at that point, of the wrong type), jumps
// (unknown targets, backward jumps that could loop, unreachable
// questions), option sources (unknown, later, cyclic), assignments, and the
// length estimate. Parse calls it and refuses a definition with errors; call
// it again for the warnings and the estimate.
func Check(def *Definition, opts CheckOptions) Report {
	if def == nil {
		return Report{Errors: []Issue{{Path: "", Code: "schema", Severity: SeverityError, Reason: "no definition", Message: "no definition"}}}
	}
	c := def.compiled()
	k := &checker{c: c, types: buildTypes(c)}
	k.structure()
	k.expressions()
	k.flow()
	if def.cache != nil {
		k.issues = append(k.issues, def.cache.notes...)
	}
	rep := Report{Errors: []Issue{}, Warnings: []Issue{}, Estimate: LengthEstimate(def)}
	if opts.MaxSeconds > 0 && rep.Estimate.Seconds > opts.MaxSeconds {
		k.warn("", CodeLongSurvey, "the survey takes about %d seconds, more than the limit of %d", rep.Estimate.Seconds, opts.MaxSeconds)
	}
	seen := map[issueKey]bool{}
	for _, is := range k.issues {
		key := issueKey{is.Path, is.Code, is.Severity, is.Reason}
		if seen[key] {
			continue
		}
		seen[key] = true
		if is.Severity == SeverityError {
			rep.Errors = append(rep.Errors, is)
		} else {
			rep.Warnings = append(rep.Warnings, is)
		}
	}
	return rep
}

// Check codes (docs/survey-format.md, "Static checks"). Logic diagnostics
// keep the codes of docs/logic.md (syntax, unknown_ref, type_mismatch, …).
const (
	CodeSchema        = "schema"              // the JSON Schema refuses the document
	CodeDuplicateID   = "duplicate_id"        // an id used twice where it must be unique
	CodeBadSetting    = "bad_setting"         // a type-specific setting that cannot work
	CodeMissing       = "missing"             // something the question type needs is absent
	CodeForwardRef    = "forward_ref"         // a reference to a question not yet answered at that point
	CodeUnknownTarget = "unknown_target"      // a jump or assignment target that does not exist
	CodeJumpLoop      = "jump_loop"           // a jump backwards or to itself, which could loop
	CodeSourceCycle   = "option_source_cycle" // option sources that lead back to themselves
	CodeSourceInvalid = "option_source"       // an option source that cannot work
	CodeAssignTarget  = "assign_target"       // an assignment to something it cannot set
	CodeUnreachable   = "unreachable"         // warning: a question or page no path reaches
	CodeEmptyPage     = "empty_page"          // warning: a page without questions
	CodeShuffledJump  = "shuffled_jump"       // warning: a jump inside a page whose questions are shuffled
	CodeLongSurvey    = "long_survey"         // warning: the length estimate exceeds the limit
	CodeTextSanitised = "text_sanitised"      // warning: markup outside the rich-text subset was removed
	CodeUnusedOther   = "other_text"          // warning: .other read from a question without an other option
)

type checker struct {
	c      *compiled
	types  typeEnv
	issues []Issue
}

func (k *checker) err(path, code, format string, args ...any) {
	k.issues = append(k.issues, newIssue(path, code, SeverityError, format, args...))
}

func (k *checker) warn(path, code, format string, args ...any) {
	k.issues = append(k.issues, newIssue(path, code, SeverityWarning, format, args...))
}

func newIssue(path, code, severity, format string, args ...any) Issue {
	return Issue{Path: path, Code: code, Severity: severity, Reason: fmt.Sprintf(format, args...),
		Message: format, Args: logic.MessageArgs(format, args...)}
}

// logicIssue reports a logic diagnostic at its position in the source; it
// keeps the logic message's template and arguments (see Issue).
func (k *checker) logicIssue(path, code, msg, format string, args []string, pos logic.Pos) {
	if format == "" { // a message built without a template: shown untranslated
		format, args = "%s", []string{msg}
	}
	k.issues = append(k.issues, Issue{Path: path, Code: code, Severity: SeverityError,
		Reason: fmt.Sprintf(AtFormat, msg, pos), Message: format, Args: args, At: pos.String()})
}

// typeEnv is the static type of every reference a definition allows.
// Contact attributes are unknown in advance and typed any.
type typeEnv struct{ m logic.TypeMap }

func (t typeEnv) TypeOf(r logic.Ref) (logic.Type, bool) {
	if r.Scope == logic.ScopeContact {
		return logic.TypeAny, true
	}
	return t.m.TypeOf(r)
}

// Types returns the static type of every reference the definition allows,
// keyed as references without braces ("q1", "q5.r1.text", "$param.ch",
// "$var.score"); contact attributes ({$contact.x}) are not listed and are
// always of type any. The designer can use it for completion.
func Types(def *Definition) logic.TypeMap { return buildTypes(def.compiled()).m }

func buildTypes(c *compiled) typeEnv {
	m := logic.TypeMap{}
	for _, p := range c.def.Params {
		if p == nil {
			continue
		}
		t := logic.TypeString
		switch p.Type {
		case "number":
			t = logic.TypeNumber
		case "bool":
			t = logic.TypeBool
		case "date":
			t = logic.TypeDate
		}
		m["$param."+p.ID] = t
	}
	for _, v := range c.def.Variables {
		if v != nil {
			m["$var."+v.ID] = varType(v.Type)
		}
	}
	for _, qf := range c.qs {
		for k, t := range questionTypes(qf.q) {
			if k == "" {
				m[qf.q.ID] = t
			} else {
				m[qf.q.ID+"."+k] = t
			}
		}
	}
	return typeEnv{m: m}
}

func varType(s string) logic.Type {
	switch s {
	case "number":
		return logic.TypeNumber
	case "string":
		return logic.TypeString
	case "bool":
		return logic.TypeBool
	case "date":
		return logic.TypeDate
	case "list":
		return logic.TypeList
	}
	return logic.TypeAny
}

// questionTypes lists the references a question provides, by the part
// after the question id ("" for the question itself, "text", "r1",
// "r1.text", "other").
func questionTypes(q *Question) map[string]logic.Type {
	m := map[string]logic.Type{}
	hasOther := false
	for _, o := range q.Options {
		if o != nil && o.Other {
			hasOther = true
		}
	}
	switch q.Type {
	case TypeSingle, TypeDropdown, TypeHotspot:
		if q.Type == TypeDropdown && len(q.Levels) > 0 {
			m[""], m["text"] = logic.TypeCodes, logic.TypeString
			for _, l := range q.Levels {
				if l != nil {
					m[l.ID], m[l.ID+".text"] = logic.TypeCode, logic.TypeString
				}
			}
			break
		}
		if q.Type == TypeHotspot && q.Multiple {
			m[""], m["text"] = logic.TypeCodes, logic.TypeList
			break
		}
		m[""], m["text"] = logic.TypeCode, logic.TypeString
	case TypeMultiple:
		m[""], m["text"] = logic.TypeCodes, logic.TypeList
	case TypeRanking:
		m[""], m["text"] = logic.TypeCodes, logic.TypeList
		for _, o := range q.Options {
			if o != nil {
				m[o.Code] = logic.TypeNumber
			}
		}
	case TypeText:
		m[""] = logic.TypeString
		if q.Input == "number" {
			m[""] = logic.TypeNumber
		}
	case TypeBlanks:
		m[""] = logic.TypeList
		for _, b := range q.Blanks {
			if b != nil {
				m[b.ID] = logic.TypeString
				if b.Input == "number" {
					m[b.ID] = logic.TypeNumber
				}
			}
		}
	case TypeRating, TypeSlider:
		m[""] = logic.TypeNumber
		if q.NA != nil {
			m[""], m["text"] = logic.TypeAny, logic.TypeString
		}
	case TypeMatrix:
		m[""] = logic.TypeCodes
		rowT, textT := logic.TypeCode, logic.TypeString
		switch matrixKind(q) {
		case "multiple":
			rowT, textT = logic.TypeCodes, logic.TypeList
		case "rating":
			rowT, textT = logic.TypeNumber, 0
			if q.NA != nil {
				rowT = logic.TypeAny
			}
		case "dropdown":
			rowT, textT = logic.TypeCodes, 0
		}
		for _, r := range q.Rows {
			if r == nil {
				continue
			}
			m[r.ID] = rowT
			if textT != 0 {
				m[r.ID+".text"] = textT
			}
			if matrixKind(q) == "dropdown" {
				for _, col := range q.Columns {
					if col != nil {
						m[r.ID+CellSep+col.Code], m[r.ID+CellSep+col.Code+".text"] = logic.TypeCode, logic.TypeString
					}
				}
			}
		}
	case TypeCity:
		m[""], m["text"] = logic.TypeCodes, logic.TypeString
		for _, l := range cityLevels[:cityDepth(q)] {
			m[l], m[l+".text"] = logic.TypeCode, logic.TypeString
		}
	case TypeVideo:
		m[""], m["percent"], m["seconds"] = logic.TypeNumber, logic.TypeNumber, logic.TypeNumber
	case TypeDate:
		t := logic.TypeDate
		if q.DateMode == "time" {
			t = logic.TypeString
		}
		if q.Range {
			m[""], m["from"], m["to"] = logic.TypeList, t, t
		} else {
			m[""] = t
		}
	case TypeCBC:
		m[""] = logic.TypeList
	case TypeMaxDiff:
		m[""], m["best"], m["worst"] = logic.TypeCodes, logic.TypeCodes, logic.TypeCodes
	}
	if hasOther && (q.Type == TypeSingle || q.Type == TypeMultiple || q.Type == TypeDropdown) {
		m["other"] = logic.TypeString
	}
	return m
}

// expressions checks every condition, value expression and text.
func (k *checker) expressions() {
	walk(k.c, func(s site) {
		switch s.kind {
		case siteCond, siteExpr:
			e, err := logic.Parse(s.src)
			if err != nil {
				k.logicErr(s.path, err)
				return
			}
			var diags []logic.Diag
			if s.kind == siteCond {
				diags = logic.CheckCondition(e, k.types)
			} else {
				var t logic.Type
				t, diags = logic.Infer(e, k.types)
				k.assignType(s, t)
			}
			for _, d := range diags {
				k.logicIssue(s.path, d.Code, d.Msg, d.Format, d.Args, d.Pos)
			}
			k.refs(s, e.Refs())
		default:
			t, err := logic.ParseTemplate(s.src)
			if err != nil {
				k.logicErr(s.path, err)
				return
			}
			for _, d := range logic.CheckTemplate(t, k.types) {
				k.logicIssue(s.path, d.Code, d.Msg, d.Format, d.Args, d.Pos)
			}
			k.refs(s, t.Refs())
		}
	})
}

func (k *checker) logicErr(path string, err error) {
	if le, ok := err.(*logic.Error); ok {
		k.logicIssue(path, le.Code, le.Msg, le.Format, le.Args, le.Pos)
		return
	}
	k.err(path, "syntax", "%v", err)
}

// refs reports answer references that cannot have been answered at the
// site's point in the survey.
func (k *checker) refs(s site, refs []logic.Ref) {
	for _, r := range refs {
		if r.Scope != logic.ScopeAnswer {
			continue
		}
		qf := k.c.byID[r.Name]
		if qf == nil {
			continue // unknown_ref already reported
		}
		if slotAfter(qf.index) > s.slot {
			where := "later"
			if s.q == qf {
				where = "itself"
			}
			k.err(s.path, CodeForwardRef, "%s refers to question %s, which comes %s and cannot have been answered here", r, r.Name, where)
		}
	}
}

// assignType reports an assignment whose value can never fit its target.
func (k *checker) assignType(s site, t logic.Type) {
	var target logic.Type
	if name, ok := varTarget(s.target); ok {
		target = varType(k.c.vars[name].typeOrAny())
	} else if qf := k.c.byID[s.target]; qf != nil {
		target = questionTypes(qf.q)[""]
	} else {
		return
	}
	if !assignable(t, target) {
		k.err(s.path, logic.CodeTypeMismatch, "the value is a %s, which cannot be assigned to a %s", t, target)
	}
}

func (v *Variable) typeOrAny() string {
	if v == nil {
		return "any"
	}
	return v.Type
}

func assignable(from, to logic.Type) bool {
	if from == logic.TypeAny || from == logic.TypeNull || to == logic.TypeAny {
		return true
	}
	switch to {
	case logic.TypeNumber:
		return from == logic.TypeNumber || from == logic.TypeString || from == logic.TypeCode
	case logic.TypeString:
		return true
	case logic.TypeCode:
		return from == logic.TypeString || from == logic.TypeCode || from == logic.TypeNumber
	case logic.TypeCodes, logic.TypeList:
		return from != logic.TypeBool && from != logic.TypeDate && from != logic.TypeNumber
	case logic.TypeDate:
		return from == logic.TypeDate || from == logic.TypeString
	case logic.TypeBool:
		return from == logic.TypeBool
	}
	return true
}
