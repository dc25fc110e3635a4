package logic

import (
	"fmt"
	"strings"
)

// Scope says what a reference names.
type Scope uint8

// The scopes of a reference.
const (
	// ScopeAnswer: the answer of a question, {q1}, {q5.r1}, {q1.text}.
	ScopeAnswer Scope = iota
	// ScopeParam: a URL parameter or hidden field, {$param.ch}.
	ScopeParam
	// ScopeContact: an attribute of the contact answering, {$contact.city}.
	ScopeContact
	// ScopeVar: a hidden variable set by assignment logic, {$var.score}.
	ScopeVar
)

var scopeNames = map[string]Scope{"param": ScopeParam, "contact": ScopeContact, "var": ScopeVar}

func (s Scope) String() string {
	switch s {
	case ScopeParam:
		return "$param"
	case ScopeContact:
		return "$contact"
	case ScopeVar:
		return "$var"
	}
	return "answer"
}

// Attr selects what of an answer a reference means.
type Attr uint8

// The attributes of an answer reference.
const (
	// AttrValue: the answer itself (option code(s), number, text, date).
	AttrValue Attr = iota
	// AttrText: the label(s) of the chosen option(s), {q1.text}.
	AttrText
	// AttrOther: the free text of the "other, please specify" option, {q1.other}.
	AttrOther
)

// Ref is a parsed reference. For ScopeAnswer, Name is the question id, Item
// an optional sub-element id (matrix row, blank of a multi-blank fill-in,
// cascading level) and Attr what of the answer is meant. For the other
// scopes only Name is set. Ref is comparable and usable as a map key.
type Ref struct {
	Scope Scope
	Name  string
	Item  string
	Attr  Attr
}

// MaxSegmentLen bounds each dot-separated part of a reference.
const MaxSegmentLen = 64

// Key is the reference without braces, e.g. "q5.r1.text" or "$param.ch";
// MapEnv and TypeMap index by it.
func (r Ref) Key() string {
	var b strings.Builder
	if r.Scope != ScopeAnswer {
		b.WriteString(r.Scope.String())
		b.WriteByte('.')
	}
	b.WriteString(r.Name)
	if r.Item != "" {
		b.WriteByte('.')
		b.WriteString(r.Item)
	}
	switch r.Attr {
	case AttrText:
		b.WriteString(".text")
	case AttrOther:
		b.WriteString(".other")
	}
	return b.String()
}

// String is the canonical source form, e.g. "{q5.r1.text}".
func (r Ref) String() string { return "{" + r.Key() + "}" }

// ParseRef parses a reference in its source form, with braces: "{q1}",
// "{q5.r1.text}", "{$param.ch}". It returns a *Error with CodeSyntax if s is
// not exactly one reference.
func ParseRef(s string) (Ref, error) {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return Ref{}, errorf(CodeSyntax, Pos{0, 1, 1}, "a reference is written in braces, e.g. {q1}")
	}
	r, msg := parseRefPath(s[1 : len(s)-1])
	if msg != "" {
		return Ref{}, errorf(CodeSyntax, Pos{0, 1, 1}, "%s", msg)
	}
	return r, nil
}

func isSegmentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_' || c == '-'
}

// scanRef scans a reference starting at src[i] == '{'. It returns the
// reference and the offset just past '}', or an error message and the
// offset it refers to.
func scanRef(src string, i int) (r Ref, end int, msg string, at int) {
	j := i + 1
	for j < len(src) && (isSegmentByte(src[j]) || src[j] == '.' || src[j] == '$') {
		j++
	}
	if j >= len(src) {
		return Ref{}, 0, "unterminated reference: missing }", i
	}
	if src[j] != '}' {
		return Ref{}, 0, fmt.Sprintf("unexpected %s in reference; a reference looks like {q1}, {q5.r1}, {q1.text} or {$param.ch}", describeChar(src, j)), j
	}
	r, msg = parseRefPath(src[i+1 : j])
	if msg != "" {
		return Ref{}, 0, msg, i
	}
	return r, j + 1, "", 0
}

// parseRefPath interprets the text between the braces.
func parseRefPath(path string) (Ref, string) {
	segs := strings.Split(path, ".")
	for _, s := range segs {
		if s == "" {
			return Ref{}, fmt.Sprintf("empty part in reference {%s}", path)
		}
		if len(s) > MaxSegmentLen {
			return Ref{}, fmt.Sprintf("reference part longer than %d characters", MaxSegmentLen)
		}
		for i := 0; i < len(s); i++ {
			if !isSegmentByte(s[i]) && !(i == 0 && s[i] == '$') {
				return Ref{}, fmt.Sprintf("unexpected %s in reference {%s}", describeChar(s, i), abbreviate(path))
			}
		}
	}
	if strings.HasPrefix(segs[0], "$") {
		scope, ok := scopeNames[segs[0][1:]]
		if !ok {
			return Ref{}, fmt.Sprintf("unknown scope %s; use $param, $contact or $var", segs[0])
		}
		if len(segs) != 2 {
			return Ref{}, fmt.Sprintf("reference {%s} must be %s.name", path, segs[0])
		}
		if strings.Contains(segs[1], "$") {
			return Ref{}, fmt.Sprintf("unexpected $ in reference {%s}", path)
		}
		return Ref{Scope: scope, Name: segs[1]}, ""
	}
	if strings.Contains(path, "$") {
		return Ref{}, fmt.Sprintf("unexpected $ in reference {%s}; $ only starts a scope such as $param", path)
	}
	r := Ref{Scope: ScopeAnswer, Name: segs[0]}
	rest := segs[1:]
	if n := len(rest); n > 0 {
		switch rest[n-1] {
		case "text":
			r.Attr, rest = AttrText, rest[:n-1]
		case "other":
			r.Attr, rest = AttrOther, rest[:n-1]
		}
	}
	switch len(rest) {
	case 0:
	case 1:
		r.Item = rest[0]
	default:
		return Ref{}, fmt.Sprintf("reference {%s} has too many parts; use {question}, {question.item} and optionally .text or .other", path)
	}
	if r.Name == "text" || r.Name == "other" || r.Item == "text" || r.Item == "other" {
		return Ref{}, fmt.Sprintf("reference {%s}: text and other are reserved and cannot name a question or item", path)
	}
	return r, ""
}
