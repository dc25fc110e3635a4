package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/store/sqldb"
)

// admin returns a client signed in as the first administrator.
func admin(t *testing.T, srv *Server) *client {
	c := newClient(t, srv)
	c.login()
	return c
}

// loginAs signs a new client in with username and password.
func loginAs(t *testing.T, srv *Server, username, password string) *client {
	t.Helper()
	c := newClient(t, srv)
	r := c.do("POST", "/api/v1/auth/login", fmt.Sprintf(`{"username":%q,"password":%q}`, username, password), nil)
	if r.Status != 200 {
		t.Fatalf("login %s: %d %s", username, r.Status, r.Body)
	}
	d := r.JSON["data"].(map[string]any)
	if d["status"] != "ok" {
		t.Fatalf("login %s: status %v", username, d["status"])
	}
	c.csrf = d["csrf_token"].(string)
	return c
}

// mustOK fails unless the reply has the wanted status, and returns data.
func mustOK(t *testing.T, r reply, status int) map[string]any {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %.400s", r.Status, status, r.Body)
	}
	d, _ := r.JSON["data"].(map[string]any)
	return d
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// createUser makes a user through the API and returns its id; the password
// is fixed so the test can sign in as it.
func createUser(t *testing.T, adm *client, username string, roles, units []string) string {
	t.Helper()
	d := mustOK(t, adm.do("POST", "/api/v1/users", toJSON(map[string]any{"username": username, "name": username, "roles": roles,
		"unit_ids": units, "password": username + "-password"}), nil), 201)
	return d["user"].(map[string]any)["id"].(string)
}

// seedUnits writes a small organisation tree straight into the database:
// HQ → East → {Store A, Store B}. It returns the unit ids by code.
func seedUnits(t *testing.T, srv *Server) map[string]string {
	t.Helper()
	ids := map[string]string{}
	now := sqldb.Time{Time: time.Now()}
	add := func(code, parent string) {
		id := cem.NewID()
		path, depth := "/"+id+"/", 0
		var pid any
		if parent != "" {
			var pp string
			if err := srv.DB.QueryRow(context.Background(), `SELECT path FROM org_units WHERE id = ?`, ids[parent]).Scan(&pp); err != nil {
				t.Fatal(err)
			}
			path, depth, pid = pp+id+"/", strings.Count(pp, "/")-1, ids[parent]
		}
		if _, err := srv.DB.Exec(context.Background(), `INSERT INTO org_units (id, code, name, parent_id, path, depth, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, code, code+" name", pid, path, depth, now, now); err != nil {
			t.Fatal(err)
		}
		ids[code] = id
	}
	add("HQ", "")
	add("EAST", "HQ")
	add("STORE-A", "EAST")
	add("STORE-B", "EAST")
	return ids
}

// rawJSON embeds a JSON document as is when marshalled with toJSON.
type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }

func newJar() (http.CookieJar, error) { return cookiejar.New(nil) }
