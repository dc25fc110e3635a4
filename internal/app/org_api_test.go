package app

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/opencem/opencem/internal/config"
)

// A store user reaches no sibling store through any organisation endpoint,
// a region user sees its stores, and the tree survives an XLSX round trip
// through the API, on SQLite and PostgreSQL.
func TestOrgAPIScope(t *testing.T) {
	TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := StartTest(t, cfg)
		adm := admin(t, srv)
		ids := map[string]string{}
		create := func(code, parent string) {
			t.Helper()
			body := map[string]any{"code": code, "name": code + " 名称"}
			if parent != "" {
				body["parent_id"] = ids[parent]
			}
			d := mustOK(t, adm.do("POST", "/api/v1/org/units", toJSON(body), nil), 201)
			ids[code] = d["id"].(string)
		}
		create("HQ", "")
		create("EAST", "HQ")
		create("WEST", "HQ")
		create("STORE-A", "EAST")
		create("STORE-B", "EAST")
		create("STORE-W", "WEST")
		mustOK(t, adm.do("POST", "/api/v1/roles", `{"id":"org_editor","name":"Org editor","permissions":["org.read","org.manage"]}`, nil), 201)
		createUser(t, adm, "store-a", []string{"org_editor"}, []string{ids["STORE-A"]})
		createUser(t, adm, "east", []string{"org_editor"}, []string{ids["EAST"]})
		createUser(t, adm, "reader-a", []string{"analyst"}, []string{ids["STORE-A"]})
		store := loginAs(t, srv, "store-a", "store-a-password")
		east := loginAs(t, srv, "east", "east-password")
		reader := loginAs(t, srv, "reader-a", "reader-a-password")

		codes := func(c *client, query string) []string {
			t.Helper()
			r := c.do("GET", "/api/v1/org/units?limit=500"+query, "", nil)
			if r.Status != 200 {
				t.Fatalf("list: %d %s", r.Status, r.Body)
			}
			var out []string
			for _, u := range r.JSON["data"].([]any) {
				out = append(out, u.(map[string]any)["code"].(string))
			}
			return out
		}
		if got := strings.Join(codes(store, ""), " "); got != "STORE-A" {
			t.Fatalf("store user lists %s", got)
		}
		if got := strings.Join(codes(east, ""), " "); got != "EAST STORE-A STORE-B" {
			t.Fatalf("region user lists %s", got)
		}
		if got := strings.Join(codes(adm, "&roots=true"), " "); got != "HQ" {
			t.Fatalf("admin roots: %s", got)
		}
		if got := strings.Join(codes(store, "&q=store"), " "); got != "STORE-A" {
			t.Fatalf("store user searching: %s", got)
		}

		sib, mine := ids["STORE-B"], ids["STORE-A"]
		for _, tc := range []struct{ method, path, body string }{
			{"GET", "/api/v1/org/units/" + sib, ""},
			{"GET", "/api/v1/org/units/" + ids["EAST"], ""},
			{"PATCH", "/api/v1/org/units/" + sib, `{"name":"mine now"}`},
			{"PATCH", "/api/v1/org/units/" + sib, `{"parent_id":"` + mine + `"}`},
			{"PATCH", "/api/v1/org/units/" + mine, `{"parent_id":"` + sib + `"}`},
			{"DELETE", "/api/v1/org/units/" + sib, ""},
			{"POST", "/api/v1/org/units", `{"code":"X","name":"x","parent_id":"` + sib + `"}`},
		} {
			if r := store.do(tc.method, tc.path, tc.body, nil); r.Status != 404 || errCode(r) != "org_unit_not_found" {
				t.Errorf("store user %s %s %s: %d %s", tc.method, tc.path, tc.body, r.Status, r.Body)
			}
		}
		r := store.do("POST", "/api/v1/org/units/import", toJSON(map[string]any{"format": "csv",
			"content": base64.StdEncoding.EncodeToString([]byte("code,name,parent_code\nSTORE-B,taken,STORE-A\n"))}), nil)
		if r.Status != 400 || errCode(r) != "org_import_invalid" || !strings.Contains(r.Body, "row 2") {
			t.Errorf("store user imports a sibling: %d %s", r.Status, r.Body)
		}
		r = store.do("GET", "/api/v1/org/units/export?format=csv", "", nil)
		if r.Status != 200 || r.Body != "\ufeffcode,name,parent_code\nSTORE-A,STORE-A 名称,\n" || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Errorf("store user's export: %d %q", r.Status, r.Body)
		}
		if r := reader.do("GET", "/api/v1/org/units/"+mine, "", nil); r.Status != 200 {
			t.Errorf("reader gets its unit: %d %s", r.Status, r.Body)
		}
		if r := reader.do("GET", "/api/v1/org/units/export", "", nil); r.Status != 403 {
			t.Errorf("reader exports: %d %s", r.Status, r.Body)
		}
		if r := east.do("PATCH", "/api/v1/org/units/"+ids["EAST"], `{"parent_id":"`+mine+`"}`, nil); r.Status != 409 || errCode(r) != "org_unit_cycle" {
			t.Errorf("cycle: %d %s", r.Status, r.Body)
		}
		if r := adm.do("DELETE", "/api/v1/org/units/"+mine, "", nil); r.Status != 409 || errCode(r) != "org_unit_has_members" {
			t.Errorf("delete a unit with members: %d %s", r.Status, r.Body)
		}
		d := mustOK(t, east.do("PATCH", "/api/v1/org/units/"+sib, `{"name":"B 店","parent_id":"`+mine+`"}`, nil), 200)
		if d["depth"].(float64) != 3 || d["parent_code"] != "STORE-A" || d["name"] != "B 店" {
			t.Fatalf("region user moves a store: %v", d)
		}

		// XLSX export, then import of an edited copy.
		r = adm.do("GET", "/api/v1/org/units/export?format=xlsx", "", nil)
		if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Disposition"), ".xlsx") {
			t.Fatalf("xlsx export: %d %v", r.Status, r.Header)
		}
		f, err := excelize.OpenReader(strings.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStr("org_units", "C4", "WEST"); err != nil { // EAST's first child moves to WEST
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := f.Write(&b); err != nil {
			t.Fatal(err)
		}
		d = mustOK(t, adm.do("POST", "/api/v1/org/units/import", toJSON(map[string]any{"format": "xlsx", "content": b.Bytes()}), nil), 200)
		if d["moved"].(float64) != 1 || d["unchanged"].(float64) != 5 {
			t.Fatalf("import: %v", d)
		}
		if got := strings.Join(codes(east, ""), " "); got != "EAST" {
			t.Fatalf("after moving STORE-A to WEST the region user lists %s", got)
		}
	})
}
