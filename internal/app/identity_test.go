package app

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/config"
)

// TestStoreUserSeesNoSiblingData: a store-level user with read access to
// users and the organisation reaches nothing of a sibling store through any
// GET operation, on SQLite and PostgreSQL (clause 6.3.5d).
func TestStoreUserSeesNoSiblingData(t *testing.T) {
	TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := StartTest(t, cfg)
		adm := admin(t, srv)
		units := seedUnits(t, srv)
		mustOK(t, adm.do("POST", "/api/v1/roles", `{"id":"store_manager","name":"Store manager","permissions":["users.read","users.manage","org.read","surveys.read"]}`, nil), 201)
		createUser(t, adm, "mgr-a", []string{"store_manager"}, []string{units["STORE-A"]})
		clerkA := createUser(t, adm, "clerk-a", []string{"analyst"}, []string{units["STORE-A"]})
		clerkB := createUser(t, adm, "clerk-b", []string{"analyst"}, []string{units["STORE-B"]})
		regional := createUser(t, adm, "regional", []string{"store_manager"}, []string{units["EAST"]})
		mgr := loginAs(t, srv, "mgr-a", "mgr-a-password")
		surveyA := mustOK(t, adm.do("POST", "/api/v1/surveys", toJSON(map[string]any{"title": "Store A survey", "unit_id": units["STORE-A"]}), nil), 201)["id"].(string)
		surveyB := mustOK(t, adm.do("POST", "/api/v1/surveys", toJSON(map[string]any{"title": "Store B secret survey", "unit_id": units["STORE-B"]}), nil), 201)["id"].(string)
		if r := mgr.do("GET", "/api/v1/surveys", "", nil); !strings.Contains(r.Body, surveyA) || strings.Contains(r.Body, surveyB) {
			t.Fatalf("store manager's survey list: %s", r.Body)
		}

		// Lists show only store A.
		r := mgr.do("GET", "/api/v1/users", "", nil)
		if r.Status != 200 || !strings.Contains(r.Body, clerkA) || strings.Contains(r.Body, clerkB) || strings.Contains(r.Body, regional) {
			t.Fatalf("store manager's user list leaks or misses: %s", r.Body)
		}
		// Every GET operation, with the sibling's ids wherever an id fits,
		// answers without a trace of store B.
		secrets := []string{clerkB, "clerk-b", units["STORE-B"], "STORE-B name", surveyB, "Store B secret survey"}
		for _, op := range srv.API.Ops() {
			if op.Method != "GET" {
				continue
			}
			for _, id := range []string{clerkB, units["STORE-B"], surveyB} {
				for _, query := range []string{"", "?format=csv", "?format=xlsx", "?q=B", "?unit_id=" + units["STORE-B"]} {
					path := "/api/v1" + strings.ReplaceAll(op.Path, "{id}", id) + query
					r := mgr.do("GET", path, "", nil)
					for _, s := range secrets {
						if strings.Contains(r.Body, s) {
							t.Errorf("GET %s as store A's manager reveals %q: %.300s", path, s, r.Body)
						}
					}
				}
			}
		}
		// Writes and evaluations on the sibling's things are refused as not found.
		if r := mgr.do("POST", "/api/v1/surveys/"+surveyB+"/evaluate", `{}`, nil); r.Status != 404 || errCode(r) != "survey_not_found" {
			t.Fatalf("evaluate sibling survey: %d %s", r.Status, r.Body)
		}
		if r := mgr.do("PATCH", "/api/v1/users/"+clerkB, `{"name":"hacked"}`, nil); r.Status != 404 || errCode(r) != "user_not_found" {
			t.Fatalf("patch sibling user: %d %s", r.Status, r.Body)
		}
		if r := mgr.do("POST", "/api/v1/users/"+clerkB+"/reset-password", "", nil); r.Status != 404 {
			t.Fatalf("reset sibling's password: %d %s", r.Status, r.Body)
		}
		// Granting a unit outside one's scope is refused.
		if r := mgr.do("POST", "/api/v1/users", toJSON(map[string]any{"username": "sneaky", "name": "x", "unit_ids": []string{units["STORE-B"]}}), nil); r.Status != 403 || errCode(r) != auth.CodeGrantExceeds {
			t.Fatalf("grant sibling unit: %d %s", r.Status, r.Body)
		}
		// The region's manager sees both stores.
		reg := loginAs(t, srv, "regional", "regional-password")
		r = reg.do("GET", "/api/v1/users", "", nil)
		if !strings.Contains(r.Body, clerkA) || !strings.Contains(r.Body, clerkB) {
			t.Fatalf("regional manager misses a store: %s", r.Body)
		}
	})
}

func TestLockoutAfterRepeatedFailures(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	srv := StartTest(t, cfg)
	adm := admin(t, srv)
	createUser(t, adm, "victim", []string{"analyst"}, nil)
	c := newClient(t, srv)
	var last reply
	for i := 0; i < auth.LockAfter; i++ {
		last = c.do("POST", "/api/v1/auth/login", `{"username":"victim","password":"wrong-password-x"}`, nil)
	}
	if last.Status != 429 || errCode(last) != "account_locked" {
		t.Fatalf("fifth failure: %d %s", last.Status, last.Body)
	}
	if r := c.do("POST", "/api/v1/auth/login", `{"username":"victim","password":"victim-password"}`, nil); errCode(r) != "account_locked" {
		t.Fatalf("right password accepted while locked: %d %s", r.Status, r.Body)
	}
	if r := adm.do("GET", "/api/v1/alarms", "", nil); !strings.Contains(r.Body, `"brute_force"`) || !strings.Contains(r.Body, "victim") {
		t.Fatalf("no brute-force alarm: %s", r.Body)
	}
	if r := adm.do("GET", "/api/v1/audit-events?action=auth.login_failed", "", nil); strings.Count(r.Body, `"auth.login_failed"`) < auth.LockAfter {
		t.Fatalf("failed sign-ins not audited: %.500s", r.Body)
	}
	r := adm.do("GET", "/api/v1/users?q=victim", "", nil)
	if !strings.Contains(r.Body, `"locked":true`) {
		t.Fatalf("user list does not show the lock: %s", r.Body)
	}
	// An administrator's reset unlocks.
	id := regexp.MustCompile(`"id":"([0-9A-Z]{26})"`).FindStringSubmatch(r.Body)[1]
	pw := mustOK(t, adm.do("POST", "/api/v1/users/"+id+"/reset-password", "", nil), 200)["password"].(string)
	loginAs(t, srv, "victim", pw)
}

func TestTwoFactorSignIn(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	srv := StartTest(t, cfg)
	adm := admin(t, srv)
	createUser(t, adm, "mfa-user", []string{"analyst"}, nil)
	u := loginAs(t, srv, "mfa-user", "mfa-user-password")
	setup := mustOK(t, u.do("POST", "/api/v1/me/mfa/totp", "", nil), 200)
	secret := setup["secret"].(string)
	if !strings.HasPrefix(setup["otpauth_url"].(string), "otpauth://totp/OpenCEM:mfa-user?") {
		t.Fatalf("otpauth url: %v", setup["otpauth_url"])
	}
	if r := u.do("POST", "/api/v1/me/mfa/totp/enable", `{"code":"000000"}`, nil); errCode(r) != "mfa_code_invalid" {
		t.Fatalf("wrong code accepted: %s", r.Body)
	}
	code, _ := auth.TOTPCode(secret, auth.TOTPStep(time.Now()))
	rec := mustOK(t, u.do("POST", "/api/v1/me/mfa/totp/enable", `{"code":"`+code+`"}`, nil), 200)
	codes := rec["codes"].([]any)
	if len(codes) != auth.RecoveryCodeCount {
		t.Fatalf("%d recovery codes", len(codes))
	}
	// Password alone now yields a challenge, not a session.
	c := newClient(t, srv)
	r := c.do("POST", "/api/v1/auth/login", `{"username":"mfa-user","password":"mfa-user-password"}`, nil)
	d := mustOK(t, r, 200)
	if d["status"] != "mfa_required" || d["challenge"] == "" || strings.Contains(strings.Join(r.Header.Values("Set-Cookie"), ";"), "opencem_session=") {
		t.Fatalf("password alone signed in: %s", r.Body)
	}
	if r := c.do("GET", "/api/v1/me", "", nil); r.Status != 401 {
		t.Fatalf("me before the second factor: %d", r.Status)
	}
	// The code just used for enrolment is refused (no replay); a recovery code works once.
	if r := c.do("POST", "/api/v1/auth/login/mfa", toJSON(map[string]string{"challenge": d["challenge"].(string), "code": code}), nil); errCode(r) != "mfa_code_invalid" {
		t.Fatalf("replayed TOTP code: %d %s", r.Status, r.Body)
	}
	ok := mustOK(t, c.do("POST", "/api/v1/auth/login/mfa", toJSON(map[string]string{"challenge": d["challenge"].(string), "code": codes[0].(string)}), nil), 200)
	if ok["status"] != "ok" {
		t.Fatalf("recovery code sign-in: %v", ok)
	}
	me := mustOK(t, c.do("GET", "/api/v1/me", "", nil), 200)
	if me["totp_enabled"] != true || me["recovery_codes_left"].(float64) != float64(auth.RecoveryCodeCount-1) {
		t.Fatalf("me after mfa: %v", me)
	}
	c2 := newClient(t, srv)
	d2 := mustOK(t, c2.do("POST", "/api/v1/auth/login", `{"username":"mfa-user","password":"mfa-user-password"}`, nil), 200)
	if r := c2.do("POST", "/api/v1/auth/login/mfa", toJSON(map[string]string{"challenge": d2["challenge"].(string), "code": codes[0].(string)}), nil); errCode(r) != "mfa_code_invalid" {
		t.Fatalf("recovery code used twice: %s", r.Body)
	}
}

func TestRoleRequiringTwoFactor(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	srv := StartTest(t, cfg)
	adm := admin(t, srv)
	mustOK(t, adm.do("PUT", "/api/v1/roles/analyst", `{"name":"Analyst","permissions":[],"require_2fa":true}`, nil), 200)
	createUser(t, adm, "strict", []string{"analyst"}, nil)
	c := loginAs(t, srv, "strict", "strict-password")
	me := mustOK(t, c.do("GET", "/api/v1/me", "", nil), 200)
	if me["mfa_setup_required"] != true || len(me["permissions"].([]any)) != 0 {
		t.Fatalf("me: %v", me)
	}
	if r := c.do("GET", "/api/v1/roles", "", nil); r.Status != 403 || errCode(r) != "mfa_setup_required" {
		t.Fatalf("operation before 2FA set-up: %d %s", r.Status, r.Body)
	}
	setup := mustOK(t, c.do("POST", "/api/v1/me/mfa/totp", "", nil), 200)
	code, _ := auth.TOTPCode(setup["secret"].(string), auth.TOTPStep(time.Now()))
	mustOK(t, c.do("POST", "/api/v1/me/mfa/totp/enable", `{"code":"`+code+`"}`, nil), 200)
	if r := c.do("GET", "/api/v1/users", "", nil); r.Status != 403 || errCode(r) != "forbidden" {
		t.Fatalf("after set-up the analyst still lacks users.read: %d %s", r.Status, r.Body)
	}
	// Built-in roles keep their permissions.
	if r := adm.do("PUT", "/api/v1/roles/analyst", `{"name":"Renamed","permissions":["users.manage"]}`, nil); errCode(r) != "role_builtin" {
		t.Fatalf("built-in role renamed: %s", r.Body)
	}
}

func TestUserAdministration(t *testing.T) {
	TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := StartTest(t, cfg)
		adm := admin(t, srv)
		d := mustOK(t, adm.do("POST", "/api/v1/users", `{"username":"wang.fang","name":"王芳","email":"wang@example.com","roles":["researcher"]}`, nil), 201)
		pw := d["initial_password"].(string)
		id := d["user"].(map[string]any)["id"].(string)
		if d["user"].(map[string]any)["must_change_password"] != true || len(pw) != 20 {
			t.Fatalf("created user: %v", d)
		}
		if r := adm.do("POST", "/api/v1/users", `{"username":"wang.fang","name":"dup"}`, nil); r.Status != 409 || errCode(r) != "username_taken" {
			t.Fatalf("duplicate username: %d %s", r.Status, r.Body)
		}
		if r := adm.do("POST", "/api/v1/users", `{"username":"x","name":"","email":"not-mail","roles":["nope"]}`, nil); r.Status != 400 ||
			!strings.Contains(r.Body, `"name":"username"`) || !strings.Contains(r.Body, `"name":"email"`) {
			t.Fatalf("invalid user: %d %s", r.Status, r.Body)
		}
		u := loginAs(t, srv, "wang.fang", pw)
		if r := u.do("POST", "/api/v1/me/password", toJSON(map[string]string{"current_password": "wrong", "new_password": "new-password-1"}), nil); r.Status != 400 ||
			!strings.Contains(r.Body, "current_password") {
			t.Fatalf("wrong current password: %d %s", r.Status, r.Body)
		}
		mustOK(t, u.do("POST", "/api/v1/me/password", toJSON(map[string]string{"current_password": pw, "new_password": "new-password-1"}), nil), 204)
		me := mustOK(t, u.do("GET", "/api/v1/me", "", nil), 200)
		if me["must_change_password"] != false {
			t.Fatalf("must_change_password stays set: %v", me)
		}
		// Disabling ends the session and refuses sign-in.
		mustOK(t, adm.do("PATCH", "/api/v1/users/"+id, `{"disabled":true}`, nil), 200)
		if r := u.do("GET", "/api/v1/me", "", nil); r.Status != 401 {
			t.Fatalf("disabled user's session still works: %d", r.Status)
		}
		if r := newClient(t, srv).do("POST", "/api/v1/auth/login", `{"username":"wang.fang","password":"new-password-1"}`, nil); errCode(r) != "invalid_credentials" {
			t.Fatalf("disabled user signed in: %s", r.Body)
		}
		// The admin cannot lock itself out.
		me = mustOK(t, adm.do("GET", "/api/v1/me", "", nil), 200)
		if r := adm.do("PATCH", "/api/v1/users/"+me["id"].(string), `{"disabled":true}`, nil); errCode(r) != "self_lockout" {
			t.Fatalf("self disable: %s", r.Body)
		}
		// Sessions: list mine, revoke another.
		other := admin(t, srv)
		list := adm.do("GET", "/api/v1/me/sessions", "", nil)
		sessions := list.JSON["data"].([]any)
		if len(sessions) < 2 {
			t.Fatalf("sessions: %s", list.Body)
		}
		for _, s := range sessions {
			sm := s.(map[string]any)
			if sm["current"] == false {
				mustOK(t, adm.do("DELETE", "/api/v1/me/sessions/"+sm["id"].(string), "", nil), 204)
			}
		}
		if r := other.do("GET", "/api/v1/me", "", nil); r.Status != 401 {
			t.Fatalf("revoked session still works: %d", r.Status)
		}
	})
}
