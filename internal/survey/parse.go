package survey

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/opencem/opencem/internal/cem"
)

// maxFieldErrors bounds the problems one Parse reports.
const maxFieldErrors = 200

var compiledSchema = sync.OnceValue(func() *jsonschema.Schema {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema()))
	if err != nil {
		panic(fmt.Sprintf("survey: schema: %v", err))
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaID, doc); err != nil {
		panic(fmt.Sprintf("survey: schema: %v", err))
	}
	return c.MustCompile(SchemaID)
})

// Parse reads a definition from JSON, validates it against the JSON Schema
// and runs the semantic and static checks of Check, and sanitises its rich
// texts. It returns a *cem.Error of kind invalid (code validation_failed)
// whose Fields name every problem by element path, e.g.
// pages[0].questions[2].options[1].code — the schema's problems if the
// document does not fit the schema, else Check's errors. Warnings do not
// fail Parse; Check reports them.
func Parse(data []byte) (*Definition, error) {
	def, rep, err := Load(data, CheckOptions{})
	if err != nil {
		return nil, err
	}
	if len(rep.Errors) > maxFieldErrors {
		rep.Errors = rep.Errors[:maxFieldErrors]
	}
	if err := rep.Err(); err != nil {
		return nil, err
	}
	return def, nil
}

// MustParse is Parse for definitions known to be valid, such as templates
// and tests; it panics on error.
func MustParse(data []byte) *Definition {
	d, err := Parse(data)
	if err != nil {
		panic(fmt.Sprintf("survey: MustParse: %v", cem.AsError(err).Fields))
	}
	return d
}

// schemaFields turns a schema validation error into field errors, one per
// leaf problem, sorted by path.
func schemaFields(err error) []cem.FieldError {
	verr, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return []cem.FieldError{{Name: "", Reason: err.Error()}}
	}
	p := message.NewPrinter(language.English)
	var out []cem.FieldError
	seen := map[cem.FieldError]bool{}
	add := func(f cem.FieldError) {
		if !seen[f] && len(out) < maxFieldErrors {
			seen[f] = true
			out = append(out, f)
		}
	}
	var visit func(e *jsonschema.ValidationError)
	visit = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				visit(c)
			}
			return
		}
		base := elementPath(e.InstanceLocation)
		switch k := e.ErrorKind.(type) {
		case *kind.Required:
			for _, m := range k.Missing {
				add(cem.FieldError{Name: joinPath(base, m), Reason: "is required"})
			}
		case *kind.AdditionalProperties:
			for _, m := range k.Properties {
				add(cem.FieldError{Name: joinPath(base, m), Reason: "is not a field here"})
			}
		case *kind.FalseSchema: // unevaluatedProperties: a field of another question type
			add(cem.FieldError{Name: base, Reason: "is not a field of this question type"})
		default:
			add(cem.FieldError{Name: base, Reason: e.ErrorKind.LocalizedString(p)})
		}
	}
	visit(verr)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// elementPath writes a JSON pointer's tokens as pages[0].questions[2].id.
func elementPath(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		if _, err := strconv.Atoi(t); err == nil {
			b.WriteString("[" + t + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(t)
	}
	return b.String()
}

func joinPath(base, field string) string {
	if base == "" {
		return field
	}
	return base + "." + field
}

// sanitise reduces every rich text to the allowed subset and returns a
// warning for each text it changed.
func sanitise(d *Definition) []Issue {
	var notes []Issue
	fix := func(path string, t Text) {
		for loc, s := range t {
			clean := SanitizeRichText(s)
			if clean != s {
				t[loc] = clean
				p := path
				if loc != "" {
					p += "." + loc
				}
				notes = append(notes, newIssue(p, CodeTextSanitised, SeverityWarning,
					"markup outside the allowed rich-text subset was removed or escaped"))
			}
		}
	}
	fix("description", d.Description)
	for pi, p := range d.Pages {
		if p == nil {
			continue
		}
		pp := fmt.Sprintf("pages[%d]", pi)
		fix(pp+".description", p.Description)
		for qi, q := range p.Questions {
			if q == nil {
				continue
			}
			qp := fmt.Sprintf("%s.questions[%d]", pp, qi)
			fix(qp+".title", q.Title)
			fix(qp+".description", q.Description)
		}
	}
	for i, e := range d.Endings {
		if e != nil {
			fix(fmt.Sprintf("endings[%d].text", i), e.Text)
		}
	}
	sort.Slice(notes, func(i, j int) bool { return notes[i].Path < notes[j].Path })
	return notes
}
