package httpapi

import (
	"strings"
	"testing"
)

const baseDoc = `{"paths": {"/things/{id}": {"get": {
  "parameters": [{"name": "id", "in": "path", "required": true}, {"name": "q", "in": "query", "required": false}],
  "responses": {"200": {"content": {"application/json": {"schema": {"type": "object", "properties": {"data": {"$ref": "#/components/schemas/Thing"}}}}}}}},
  "post": {"requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThingIn"}}}},
  "responses": {"201": {"content": {"application/json": {"schema": {"type": "object", "properties": {"data": {"$ref": "#/components/schemas/Thing"}}}}}}}}}},
 "components": {"schemas": {
  "Thing": {"type": "object", "required": ["id", "n"], "properties": {"id": {"type": "string"}, "n": {"type": "integer"}, "tags": {"type": "array", "items": {"type": "string"}}}},
  "ThingIn": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "note": {"type": "string"}}}}}}`

func TestBreakingChanges(t *testing.T) {
	cases := []struct {
		name, from, to, want string
	}{
		{"identical", "", "", ""},
		{"added field is fine", `"tags": {"type": "array"`, `"extra": {"type": "string"}, "tags": {"type": "array"`, ""},
		{"removed path", `"/things/{id}"`, `"/stuff/{id}"`, "path /things/{id} was removed"},
		{"removed method", `"post": {`, `"put": {`, "operation POST /things/{id} was removed"},
		{"removed response field", `"n": {"type": "integer"}, `, ``, "field n was removed"},
		{"retyped response field", `"n": {"type": "integer"}`, `"n": {"type": "string"}`, "type changed from integer to string"},
		{"retyped array item", `"items": {"type": "string"}`, `"items": {"type": "integer"}`, "tags[]: type changed"},
		{"new required request field", `"required": ["name"]`, `"required": ["name", "note"]`, "field note is newly required"},
		{"request widening is fine", `"note": {"type": "string"}`, `"note": {"type": ["string", "null"]}`, ""},
		{"parameter made required", `{"name": "q", "in": "query", "required": false}`, `{"name": "q", "in": "query", "required": true}`, "parameter q is newly required"},
		{"status changed", `"201": {`, `"200": {`, "success status 201 is no longer returned"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			newDoc := baseDoc
			if tc.from != "" {
				if !strings.Contains(baseDoc, tc.from) {
					t.Fatalf("test edit %q does not apply", tc.from)
				}
				newDoc = strings.Replace(baseDoc, tc.from, tc.to, 1)
			}
			got, err := BreakingChanges([]byte(baseDoc), []byte(newDoc))
			if err != nil {
				t.Fatal(err)
			}
			joined := strings.Join(got, "\n")
			if tc.want == "" && len(got) > 0 {
				t.Fatalf("unexpected breaking changes:\n%s", joined)
			}
			if tc.want != "" && !strings.Contains(joined, tc.want) {
				t.Fatalf("want a change mentioning %q, got:\n%s", tc.want, joined)
			}
		})
	}
}
