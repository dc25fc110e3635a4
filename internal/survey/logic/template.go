package logic

import (
	"strings"
	"unicode/utf8"
)

// MaxTemplateLen is the longest display text ParseTemplate accepts, in bytes.
const MaxTemplateLen = 64 << 10

// Template is display text with references to pipe in, e.g.
// "You chose {q1.text}. Why?". In a template "{" always starts a reference
// written exactly as in expressions (no spaces inside), "{{" is a literal
// "{", "}}" is a literal "}" and a lone "}" is itself.
type Template struct {
	src   string
	parts []tmplPart
}

type tmplPart struct {
	text  string // literal text, already unescaped
	ref   Ref
	isRef bool
	pos   Pos
}

// ParseTemplate parses display text. It returns a *Error with CodeTooLong
// or CodeSyntax (with the position of the bad reference) when a "{" does
// not start a valid reference — write "{{" for a literal brace.
func ParseTemplate(text string) (*Template, error) {
	if len(text) > MaxTemplateLen {
		return nil, errorf(CodeTooLong, Pos{0, 1, 1}, "text is %d bytes long; the limit is %d", len(text), MaxTemplateLen)
	}
	if !utf8.ValidString(text) {
		return nil, errorf(CodeSyntax, Pos{0, 1, 1}, "text is not valid UTF-8")
	}
	t := &Template{src: text}
	pt := newPosTracker(text)
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			t.parts = append(t.parts, tmplPart{text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case (c == '{' || c == '}') && i+1 < len(text) && text[i+1] == c:
			lit.WriteByte(c)
			i += 2
		case c == '{':
			r, end, msg, at := scanRef(text, i)
			if msg != "" {
				return nil, errorf(CodeSyntax, pt.at(at), "%s (write {{ for a literal brace)", msg)
			}
			flush()
			t.parts = append(t.parts, tmplPart{ref: r, isRef: true, pos: pt.at(i)})
			i = end
		default:
			lit.WriteByte(c)
			i++
		}
	}
	flush()
	return t, nil
}

// Source returns the text the template was parsed from.
func (t *Template) Source() string { return t.src }

// Refs returns the distinct references in order of first appearance.
func (t *Template) Refs() []Ref {
	var refs []Ref
	seen := map[Ref]bool{}
	for _, p := range t.parts {
		if p.isRef && !seen[p.ref] {
			seen[p.ref] = true
			refs = append(refs, p.ref)
		}
	}
	return refs
}

// Render replaces each reference by the Text() of its value: Null becomes
// "", lists are joined with ", " (an Env wanting another separator returns
// a string instead). Nothing is escaped: the caller escapes for HTML.
func (t *Template) Render(env Env) string {
	if env == nil {
		env = emptyEnv{}
	}
	var b strings.Builder
	for _, p := range t.parts {
		if p.isRef {
			b.WriteString(env.Lookup(p.ref).Text())
		} else {
			b.WriteString(p.text)
		}
	}
	return b.String()
}

// String prints the template in canonical form: braces in literal text
// doubled, references canonical. ParseTemplate of the result gives the
// same template.
func (t *Template) String() string {
	var b strings.Builder
	for _, p := range t.parts {
		if p.isRef {
			b.WriteString(p.ref.String())
			continue
		}
		for i := 0; i < len(p.text); i++ {
			if p.text[i] == '{' || p.text[i] == '}' {
				b.WriteByte(p.text[i])
			}
			b.WriteByte(p.text[i])
		}
	}
	return b.String()
}

// CheckTemplate reports references in t that types does not know.
func CheckTemplate(t *Template, types TypeEnv) []Diag {
	var diags []Diag
	for _, p := range t.parts {
		if !p.isRef || types == nil {
			continue
		}
		if _, ok := types.TypeOf(p.ref); !ok {
			diags = append(diags, diagf(p.pos, CodeUnknownRef, "unknown reference %s", p.ref))
		}
	}
	return diags
}

// Interpolate parses text as a template and renders it against env; the
// errors are those of ParseTemplate. Parse once with ParseTemplate when the
// same text is rendered many times.
func Interpolate(text string, env Env) (string, error) {
	t, err := ParseTemplate(text)
	if err != nil {
		return "", err
	}
	return t.Render(env), nil
}
