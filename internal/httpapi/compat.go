package httpapi

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// BreakingChanges compares two OpenAPI documents of the same API version and
// lists the changes that would break an existing client (§7.4): a removed
// path or operation, a changed success status, a removed or retyped response
// field, a retyped request field, a request field or parameter that became
// required. Additions are never breaking.
func BreakingChanges(oldDoc, newDoc []byte) ([]string, error) {
	var o, n map[string]any
	if err := json.Unmarshal(oldDoc, &o); err != nil {
		return nil, fmt.Errorf("old document: %w", err)
	}
	if err := json.Unmarshal(newDoc, &n); err != nil {
		return nil, fmt.Errorf("new document: %w", err)
	}
	c := &compat{old: o, new: n}
	oPaths, _ := o["paths"].(map[string]any)
	nPaths, _ := n["paths"].(map[string]any)
	for _, p := range sortedKeys(oPaths) {
		np, ok := nPaths[p].(map[string]any)
		if !ok {
			c.add("path %s was removed", p)
			continue
		}
		op := oPaths[p].(map[string]any)
		for _, m := range sortedKeys(op) {
			no, ok := np[m].(map[string]any)
			if !ok {
				c.add("operation %s %s was removed", strings.ToUpper(m), p)
				continue
			}
			c.operation(strings.ToUpper(m)+" "+p, op[m].(map[string]any), no)
		}
	}
	sort.Strings(c.out)
	return c.out, nil
}

type compat struct {
	old, new map[string]any
	out      []string
}

func (c *compat) add(format string, args ...any) { c.out = append(c.out, fmt.Sprintf(format, args...)) }

func (c *compat) operation(where string, o, n map[string]any) {
	// Parameters: a new required one, or an optional one made required.
	oldReq := map[string]bool{}
	for _, p := range asList(o["parameters"]) {
		pm := p.(map[string]any)
		if r, _ := pm["required"].(bool); r {
			oldReq[str(pm["in"])+":"+str(pm["name"])] = true
		}
	}
	for _, p := range asList(n["parameters"]) {
		pm := p.(map[string]any)
		key := str(pm["in"]) + ":" + str(pm["name"])
		if r, _ := pm["required"].(bool); r && !oldReq[key] {
			c.add("%s: parameter %s is newly required", where, pm["name"])
		}
	}
	// Request body.
	ob, nb := bodySchema(o["requestBody"]), bodySchema(n["requestBody"])
	if ob == nil && nb != nil {
		if req, _ := n["requestBody"].(map[string]any)["required"].(bool); req {
			c.add("%s: a request body is newly required", where)
		}
	}
	if ob != nil && nb != nil {
		c.schema(where+" request", ob, nb, true, map[string]bool{})
	}
	// Success responses.
	oResp, _ := o["responses"].(map[string]any)
	nResp, _ := n["responses"].(map[string]any)
	for _, st := range sortedKeys(oResp) {
		if !strings.HasPrefix(st, "2") {
			continue
		}
		nr, ok := nResp[st].(map[string]any)
		if !ok {
			c.add("%s: success status %s is no longer returned", where, st)
			continue
		}
		os, ns := bodySchema(oResp[st]), bodySchema(nr)
		if os != nil && ns == nil {
			c.add("%s: response %s lost its body", where, st)
		}
		if os != nil && ns != nil {
			c.schema(where+" response", os, ns, false, map[string]bool{})
		}
	}
}

// schema compares two schemas at one position. request tells the direction:
// in a request, a newly required field breaks; in a response, a removed
// field breaks. A type change breaks both.
func (c *compat) schema(where string, o, n map[string]any, request bool, seen map[string]bool) {
	o, oref := c.resolve(c.old, o)
	n, _ = c.resolve(c.new, n)
	if oref != "" {
		if seen[oref] {
			return
		}
		seen[oref] = true
	}
	if ot, nt := typeKey(o["type"]), typeKey(n["type"]); ot != nt && ot != "" {
		if !(request && widens(ot, nt)) {
			c.add("%s: type changed from %s to %s", where, ot, nt)
			return
		}
	}
	if items, ok := o["items"].(map[string]any); ok {
		if ni, ok := n["items"].(map[string]any); ok {
			c.schema(where+"[]", items, ni, request, seen)
		}
	}
	oProps, _ := o["properties"].(map[string]any)
	nProps, _ := n["properties"].(map[string]any)
	oReq, nReq := stringSet(o["required"]), stringSet(n["required"])
	for _, name := range sortedKeys(oProps) {
		np, ok := nProps[name].(map[string]any)
		if !ok {
			if !request {
				c.add("%s: field %s was removed", where, name)
			}
			continue
		}
		c.schema(where+"."+name, oProps[name].(map[string]any), np, request, seen)
	}
	if request {
		for name := range nReq {
			if !oReq[name] {
				c.add("%s: field %s is newly required", where, name)
			}
		}
	} else {
		for name := range oReq {
			if !nReq[name] {
				if _, still := nProps[name]; still {
					c.add("%s: field %s may now be absent", where, name)
				}
			}
		}
	}
}

// resolve follows $ref and single-element allOf wrappers.
func (c *compat) resolve(doc, s map[string]any) (map[string]any, string) {
	ref := ""
	for i := 0; i < 8; i++ {
		if r, ok := s["$ref"].(string); ok {
			ref = r
			name := r[strings.LastIndexByte(r, '/')+1:]
			comp, _ := doc["components"].(map[string]any)
			schemas, _ := comp["schemas"].(map[string]any)
			next, ok := schemas[name].(map[string]any)
			if !ok {
				return map[string]any{}, ref
			}
			s = next
			continue
		}
		if all, ok := s["allOf"].([]any); ok && len(all) == 1 {
			s = all[0].(map[string]any)
			continue
		}
		break
	}
	return s, ref
}

func bodySchema(v any) map[string]any {
	m, _ := v.(map[string]any)
	content, _ := m["content"].(map[string]any)
	js, _ := content["application/json"].(map[string]any)
	s, _ := js["schema"].(map[string]any)
	return s
}

func typeKey(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []any:
		parts := make([]string, len(t))
		for i, x := range t {
			parts[i] = str(x)
		}
		sort.Strings(parts)
		return strings.Join(parts, "|")
	}
	return ""
}

// widens reports whether new accepts everything old did (e.g. string → string|null).
func widens(old, new string) bool {
	nset := map[string]bool{}
	for _, t := range strings.Split(new, "|") {
		nset[t] = true
	}
	for _, t := range strings.Split(old, "|") {
		if !nset[t] && !(t == "integer" && nset["number"]) {
			return false
		}
	}
	return true
}

func asList(v any) []any { l, _ := v.([]any); return l }

func stringSet(v any) map[string]bool {
	m := map[string]bool{}
	for _, x := range asList(v) {
		m[str(x)] = true
	}
	return m
}
