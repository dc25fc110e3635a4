package survey

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
)

//go:embed templates/*.json
var templateFiles embed.FS

// Template is a starter survey in Chinese and English with sensible logic.
type Template struct {
	ID          string
	Title       Text
	Description Text
	Questions   int
	definition  json.RawMessage
}

// Definition returns the template's definition document.
func (t Template) Definition() json.RawMessage { return t.definition }

var templates = func() []Template {
	entries, err := templateFiles.ReadDir("templates")
	if err != nil {
		panic(err)
	}
	var out []Template
	for _, e := range entries {
		b, err := templateFiles.ReadFile("templates/" + e.Name())
		if err != nil {
			panic(err)
		}
		def := MustParse(b) // templates are part of the code: a broken one fails every test
		n := 0
		for _, p := range def.Pages {
			n += len(p.Questions)
		}
		out = append(out, Template{ID: strings.TrimSuffix(e.Name(), path.Ext(e.Name())), Title: def.Title, Description: def.Description,
			Questions: n, definition: b})
	}
	sort.Slice(out, func(i, j int) bool { return templateOrder(out[i].ID) < templateOrder(out[j].ID) })
	return out
}()

func templateOrder(id string) string {
	for i, want := range []string{"nps", "csat", "ces", "product_feedback", "store_visit"} {
		if id == want {
			return fmt.Sprint(i)
		}
	}
	return "9" + id
}

// Templates lists the starter templates: NPS, CSAT, CES, product feedback
// and store visit. Anyone who may create surveys may use them.
func Templates() []Template { return templates }

func templateByID(id string) (Template, bool) {
	for _, t := range templates {
		if t.ID == id {
			return t, true
		}
	}
	return Template{}, false
}

// blankDefinition is a new survey: one page, no questions yet.
func blankDefinition(title, locale string) json.RawMessage {
	if locale == "" {
		locale = DefaultLocale
	}
	b, _ := json.Marshal(map[string]any{"format_version": FormatVersion, "default_locale": locale, "title": map[string]string{locale: title},
		"pages": []any{map[string]any{"id": "p1", "questions": []any{}}}})
	return b
}
