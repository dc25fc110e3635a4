package httpapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Schema is a JSON Schema (draft 2020-12, as OpenAPI 3.1 uses) node.
type Schema map[string]any

// schemaGen turns Go types into schemas, naming each struct once under
// components/schemas. Every field must carry a doc tag: §7.2d asks that each
// field have a description, and a missing one fails at start-up, in tests.
type schemaGen struct {
	components map[string]Schema
	seen       map[string]reflect.Type
}

func newSchemaGen() *schemaGen {
	return &schemaGen{components: map[string]Schema{}, seen: map[string]reflect.Type{}}
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// schemaOf returns the schema for t (a $ref for named structs).
func (g *schemaGen) schemaOf(t reflect.Type) Schema {
	switch {
	case t == timeType:
		return Schema{"type": "string", "format": "date-time"}
	case t == rawType || t.Kind() == reflect.Interface:
		return Schema{}
	}
	switch t.Kind() {
	case reflect.Pointer:
		s := g.schemaOf(t.Elem())
		if ty, ok := s["type"].(string); ok {
			s["type"] = []string{ty, "null"}
			return s
		}
		return Schema{"anyOf": []Schema{s, {"type": "null"}}}
	case reflect.String:
		return Schema{"type": "string"}
	case reflect.Bool:
		return Schema{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return Schema{"type": "integer", "format": "int32"}
	case reflect.Int64, reflect.Uint, reflect.Uint64:
		return Schema{"type": "integer", "format": "int64"}
	case reflect.Float32, reflect.Float64:
		return Schema{"type": "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return Schema{"type": "string", "contentEncoding": "base64"}
		}
		return Schema{"type": "array", "items": g.schemaOf(t.Elem())}
	case reflect.Map:
		return Schema{"type": "object", "additionalProperties": g.schemaOf(t.Elem())}
	case reflect.Struct:
		if t.Name() == "" {
			return g.structSchema(t)
		}
		name := componentName(t)
		if prev, ok := g.seen[name]; ok {
			if prev != t {
				panic(fmt.Sprintf("httpapi: two types share the schema name %s: %v and %v", name, prev, t))
			}
		} else {
			g.seen[name] = t
			g.components[name] = nil // reserve, for recursive types
			g.components[name] = g.structSchema(t)
		}
		return Schema{"$ref": "#/components/schemas/" + name}
	}
	panic(fmt.Sprintf("httpapi: no schema for type %v", t))
}

// componentName is the Go type name without package or type arguments.
func componentName(t reflect.Type) string {
	n := t.Name()
	if i := strings.IndexByte(n, '['); i >= 0 {
		n = n[:i]
	}
	return n
}

// structSchema describes the JSON body fields of a struct.
func (g *schemaGen) structSchema(t reflect.Type) Schema {
	props := map[string]any{}
	var required []string
	g.addFields(t, props, &required)
	s := Schema{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func (g *schemaGen) addFields(t reflect.Type, props map[string]any, required *[]string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct && f.Tag.Get("json") == "" {
			g.addFields(f.Type, props, required)
			continue
		}
		name, req, ok := jsonField(f)
		if !ok {
			continue
		}
		fs := g.schemaOf(f.Type)
		doc := f.Tag.Get("doc")
		if doc == "" {
			panic(fmt.Sprintf("httpapi: field %s.%s has no doc tag (§7.2d: every field needs a description)", t.Name(), f.Name))
		}
		fs = decorate(fs, f, doc)
		props[name] = fs
		if req {
			*required = append(*required, name)
		}
	}
}

// decorate adds description, enum, format and example from struct tags. A
// $ref cannot carry siblings usefully in every tool, so it is wrapped.
func decorate(s Schema, f reflect.StructField, doc string) Schema {
	if _, isRef := s["$ref"]; isRef {
		return Schema{"allOf": []Schema{s}, "description": doc}
	}
	out := Schema{}
	for k, v := range s {
		out[k] = v
	}
	out["description"] = doc
	if e := f.Tag.Get("enum"); e != "" {
		out["enum"] = strings.Split(e, ",")
	}
	if ex := f.Tag.Get("example"); ex != "" {
		out["examples"] = []string{ex}
	}
	if fm := f.Tag.Get("format"); fm != "" {
		out["format"] = fm
	}
	return out
}

// paramsOf lists the path and query parameters declared by an input type.
func (g *schemaGen) paramsOf(t reflect.Type, op *Op) []map[string]any {
	var out []map[string]any
	if t.Kind() != reflect.Struct {
		return nil
	}
	for _, f := range reflect.VisibleFields(t) {
		if f.Anonymous {
			continue
		}
		in, name := "", ""
		if n := f.Tag.Get("path"); n != "" {
			if !strings.Contains(op.Path, "{"+n+"}") {
				continue // an input type shared with an operation that has this parameter
			}
			in, name = "path", n
		} else if n := f.Tag.Get("query"); n != "" {
			in, name = "query", n
		} else {
			continue
		}
		doc := f.Tag.Get("doc")
		if doc == "" && in == "path" {
			doc = op.PathParams[name]
		}
		if doc == "" {
			panic(fmt.Sprintf("httpapi: parameter %s of %s has no doc", name, op.ID))
		}
		s := g.schemaOf(f.Type)
		if e := f.Tag.Get("enum"); e != "" {
			s["enum"] = strings.Split(e, ",")
		}
		out = append(out, map[string]any{"name": name, "in": in, "description": doc, "required": in == "path", "schema": s})
	}
	for _, seg := range strings.Split(op.Path, "/") {
		if strings.HasPrefix(seg, "{") {
			name := strings.Trim(seg, "{}")
			found := false
			for _, p := range out {
				found = found || (p["in"] == "path" && p["name"] == name)
			}
			if !found {
				panic(fmt.Sprintf("httpapi: operation %s has path parameter {%s} without a path-tagged input field", op.ID, name))
			}
		}
	}
	return out
}
