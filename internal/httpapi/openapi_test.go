package httpapi

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/auth"
)

var (
	update        = flag.Bool("update", false, "rewrite api/openapi-v1.json from the code")
	allowBreaking = flag.Bool("allow-breaking", false, "with -update, accept changes that break v1 clients")
)

const snapshotPath = "../../api/openapi-v1.json"

func testAPI() *API {
	return New(Services{}, slog.New(slog.NewTextHandler(io.Discard, nil)), nil, "1")
}

// The committed snapshot is the published contract: the live document must
// equal it, so every API change shows up in review as a diff of that file.
func TestOpenAPISnapshot(t *testing.T) {
	live := testAPI().OpenAPI()
	old, err := os.ReadFile(snapshotPath)
	if *update {
		if err == nil && !*allowBreaking {
			if br, _ := BreakingChanges(old, live); len(br) > 0 {
				t.Fatalf("refusing to update: the change breaks v1 clients (pass -allow-breaking only with a new API version plan):\n%s", strings.Join(br, "\n"))
			}
		}
		if err := os.WriteFile(snapshotPath, live, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err != nil {
		t.Fatalf("read snapshot: %v (run: go test ./internal/httpapi -run TestOpenAPISnapshot -update)", err)
	}
	if !bytes.Equal(old, live) {
		t.Fatalf("the OpenAPI document differs from %s; review the change and run: go test ./internal/httpapi -run TestOpenAPISnapshot -update", filepath.Clean(snapshotPath))
	}
}

// Compatibility (§7.4): the live document must not break clients of the
// committed one.
func TestOpenAPIBackwardCompatible(t *testing.T) {
	old, err := os.ReadFile(snapshotPath)
	if err != nil {
		t.Fatal(err)
	}
	br, err := BreakingChanges(old, testAPI().OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	if len(br) > 0 {
		t.Fatalf("changes that break v1 clients:\n%s", strings.Join(br, "\n"))
	}
}

// §7.2d and §7.3: every operation has an id, summary, tag, permission and
// declared error responses; every schema property a description and type.
func TestOpenAPICompleteness(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(testAPI().OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi = %v", doc["openapi"])
	}
	paths := doc["paths"].(map[string]any)
	if len(paths) == 0 {
		t.Fatal("no paths")
	}
	for p, item := range paths {
		for m, raw := range item.(map[string]any) {
			op := raw.(map[string]any)
			for _, k := range []string{"operationId", "summary", "tags", "x-permission", "responses"} {
				if op[k] == nil {
					t.Errorf("%s %s lacks %s", m, p, k)
				}
			}
			has4xx := false
			for st := range op["responses"].(map[string]any) {
				if st[0] == '4' || st[0] == '5' {
					has4xx = true
				}
			}
			if !has4xx {
				t.Errorf("%s %s declares no error response", m, p)
			}
		}
	}
	var walk func(where string, s map[string]any)
	walk = func(where string, s map[string]any) {
		props, _ := s["properties"].(map[string]any)
		for name, raw := range props {
			ps := raw.(map[string]any)
			if ps["description"] == nil {
				t.Errorf("%s.%s has no description", where, name)
			}
			if ps["type"] == nil && ps["allOf"] == nil && ps["$ref"] == nil && ps["anyOf"] == nil && len(ps) > 1 {
				t.Errorf("%s.%s has no type", where, name)
			}
			walk(where+"."+name, ps)
		}
	}
	for name, s := range doc["components"].(map[string]any)["schemas"].(map[string]any) {
		walk(name, s.(map[string]any))
	}
}

// Every operation of the published document declares the permission it
// needs (x-permission), and that permission exists (issue #3, clause 8.1c).
func TestEveryOperationDeclaresPermission(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(testAPI().OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for p, item := range doc["paths"].(map[string]any) {
		for m, raw := range item.(map[string]any) {
			n++
			perm, _ := raw.(map[string]any)["x-permission"].(string)
			if perm == "" || (perm != auth.PermPublic && perm != auth.PermSignedIn && !auth.KnownPermission(perm)) {
				t.Errorf("%s %s: permission %q is missing or not in the catalogue", m, p, perm)
			}
		}
	}
	if n != len(testAPI().Ops()) {
		t.Fatalf("document has %d operations, the API %d", n, len(testAPI().Ops()))
	}
}
