package httpapi

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"html/template"
	"net/http"
	"sort"
	"strings"
	"sync"

	opendocs "github.com/opencem/opencem/docs"
	"github.com/opencem/opencem/internal/cem"
)

//go:embed docs.html
var docsTemplate string

// docField is one row of a fields table.
type docField struct {
	Name, Type, Description string
	Required                bool
}

type docOp struct {
	ID, Method, Path, Summary, Description, Permission string
	Params                                             []docField
	Body                                               []docField
	BodyRef                                            string
	BodyForm                                           string // a multipart/form-data upload: its fields
	Responses                                          []docResponse
}

type docResponse struct{ Status, Description, Schema string }

type docTag struct {
	Name, Description string
	Ops               []docOp
}

type docSchema struct {
	Name   string
	Fields []docField
}

type docPage struct {
	Title, Version, Description string
	Tags                        []docTag
	Schemas                     []docSchema
	Codes                       []ErrorCode
	Signing                     string
}

var (
	docsOnce sync.Once
	docsTmpl *template.Template
)

// ServeDocs renders the human-readable API reference (§7.3) from the same
// OpenAPI document the API serves, so the two always agree. No scripts and
// no CDN: it is one self-contained HTML page.
func (a *API) ServeDocs(w http.ResponseWriter, r *http.Request) {
	docsOnce.Do(func() {
		docsTmpl = template.Must(template.New("docs").Funcs(template.FuncMap{"lower": strings.ToLower}).Parse(docsTemplate))
	})
	var doc map[string]any
	if err := json.Unmarshal(a.OpenAPI(), &doc); err != nil {
		a.writeError(w, r, cem.Internal(err))
		return
	}
	page := buildDocPage(doc)
	page.Signing = opendocs.Signing
	for _, s := range cem.Codes() {
		page.Codes = append(page.Codes, ErrorCode{Code: s.Code, Status: statusOf(s.Kind), Doc: s.Doc})
	}
	var buf bytes.Buffer
	if err := docsTmpl.Execute(&buf, page); err != nil {
		a.writeError(w, r, cem.Internal(err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	_, _ = w.Write(buf.Bytes())
}

func buildDocPage(doc map[string]any) docPage {
	info := doc["info"].(map[string]any)
	p := docPage{Title: str(info["title"]), Version: str(info["version"]), Description: str(info["description"])}
	tagIndex := map[string]int{}
	for _, t := range doc["tags"].([]any) {
		tm := t.(map[string]any)
		tagIndex[str(tm["name"])] = len(p.Tags)
		p.Tags = append(p.Tags, docTag{Name: str(tm["name"]), Description: str(tm["description"])})
	}
	paths := doc["paths"].(map[string]any)
	keys := sortedKeys(paths)
	for _, path := range keys {
		methods := paths[path].(map[string]any)
		for _, m := range sortedKeys(methods) {
			o := methods[m].(map[string]any)
			op := docOp{ID: str(o["operationId"]), Method: strings.ToUpper(m), Path: path, Summary: str(o["summary"]),
				Description: str(o["description"]), Permission: str(o["x-permission"])}
			if ps, ok := o["parameters"].([]any); ok {
				for _, pa := range ps {
					pm := pa.(map[string]any)
					req, _ := pm["required"].(bool)
					op.Params = append(op.Params, docField{Name: str(pm["name"]) + " (" + str(pm["in"]) + ")", Type: typeName(pm["schema"]),
						Description: str(pm["description"]), Required: req})
				}
			}
			if rb, ok := o["requestBody"].(map[string]any); ok {
				content := rb["content"].(map[string]any)
				if js, ok := content["application/json"].(map[string]any); ok {
					op.BodyRef = typeName(js["schema"])
				} else if form, ok := content["multipart/form-data"].(map[string]any); ok {
					props, _ := form["schema"].(map[string]any)["properties"].(map[string]any)
					op.BodyForm = strings.Join(sortedKeys(props), ", ")
				}
			}
			resp := o["responses"].(map[string]any)
			for _, st := range sortedKeys(resp) {
				rm := resp[st].(map[string]any)
				schema := ""
				if c, ok := rm["content"].(map[string]any); ok {
					if js, ok := c["application/json"].(map[string]any); ok {
						sch, _ := js["schema"].(map[string]any)
						if props, ok := sch["properties"].(map[string]any); ok {
							schema = "data: " + typeName(props["data"])
						} else {
							schema = typeName(sch)
						}
					} else { // a Stream: a file in one of these media types
						schema = "file: " + strings.Join(sortedKeys(c), " or ")
					}
				}
				op.Responses = append(op.Responses, docResponse{Status: st, Description: str(rm["description"]), Schema: schema})
			}
			tags := o["tags"].([]any)
			i := tagIndex[str(tags[0])]
			p.Tags[i].Ops = append(p.Tags[i].Ops, op)
		}
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, name := range sortedKeys(schemas) {
		s := schemas[name].(map[string]any)
		p.Schemas = append(p.Schemas, docSchema{Name: name, Fields: fieldsOf(s)})
	}
	return p
}

func fieldsOf(s map[string]any) []docField {
	props, _ := s["properties"].(map[string]any)
	req := map[string]bool{}
	if r, ok := s["required"].([]any); ok {
		for _, n := range r {
			req[str(n)] = true
		}
	}
	var out []docField
	for _, name := range sortedKeys(props) {
		pm := props[name].(map[string]any)
		out = append(out, docField{Name: name, Type: typeName(pm), Description: str(pm["description"]), Required: req[name]})
	}
	return out
}

// typeName renders a schema's type compactly: string, integer, User, array of User.
func typeName(v any) string {
	s, ok := v.(map[string]any)
	if !ok {
		return "any"
	}
	if ref, ok := s["$ref"].(string); ok {
		return ref[strings.LastIndexByte(ref, '/')+1:]
	}
	if all, ok := s["allOf"].([]any); ok && len(all) == 1 {
		return typeName(all[0])
	}
	switch t := s["type"].(type) {
	case string:
		switch t {
		case "array":
			return "array of " + typeName(s["items"])
		case "object":
			if ap, ok := s["additionalProperties"]; ok {
				return "map of " + typeName(ap)
			}
		}
		if f, ok := s["format"].(string); ok {
			return t + " (" + f + ")"
		}
		return t
	case []any:
		parts := make([]string, len(t))
		for i, x := range t {
			parts[i] = str(x)
		}
		return strings.Join(parts, " or ")
	}
	return "any"
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
