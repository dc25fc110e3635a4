package audit

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestDiff(t *testing.T) {
	t.Parallel()
	type user struct {
		Name         string   `json:"name"`
		PasswordHash string   `json:"password_hash"`
		Roles        []string `json:"roles"`
		Disabled     bool     `json:"disabled"`
	}
	cases := []struct {
		name          string
		before, after any
		want          string
	}{
		{"create lists every field", nil, user{Name: "li", PasswordHash: "h", Roles: []string{"admin"}},
			`[{"key":"disabled","old":null,"new":false},{"key":"name","old":null,"new":"li"},{"key":"password_hash","old":null,"new":"[redacted]"},{"key":"roles","old":null,"new":["admin"]}]`},
		{"update lists changed fields only", user{Name: "li", Roles: []string{"analyst"}}, user{Name: "li", Roles: []string{"analyst", "admin"}},
			`[{"key":"roles","old":["analyst"],"new":["analyst","admin"]}]`},
		{"delete", map[string]any{"code": "S01"}, nil, `[{"key":"code","old":"S01","new":null}]`},
		{"unchanged", user{Name: "a"}, user{Name: "a"}, `[]`},
		{"secret change shows the key, never the value", map[string]any{"api_token": "t1"}, map[string]any{"api_token": "t2"},
			`[{"key":"api_token","old":"[redacted]","new":"[redacted]"}]`},
		{"secret words in any case and nesting", map[string]any{"smtp": map[string]any{"Password": "a", "host": "h1"}},
			map[string]any{"smtp": map[string]any{"Password": "b", "host": "h2"}},
			`[{"key":"smtp.Password","old":"[redacted]","new":"[redacted]"},{"key":"smtp.host","old":"h1","new":"h2"}]`},
		{"secrets inside arrays", map[string]any{"keys": []any{}}, map[string]any{"keys": []any{map[string]any{"id": "k", "private_pem": "x", "TOTPSeed": "y"}}},
			`[{"key":"keys","old":[],"new":[{"TOTPSeed":"[redacted]","id":"k","private_pem":"[redacted]"}]}]`},
		{"every secret word", nil, map[string]any{"a_secret": 1, "hash": 1, "key_material": 1, "recovery_codes": 1, "password": 1, "refresh_token": 1},
			`[{"key":"a_secret","old":null,"new":"[redacted]"},{"key":"hash","old":null,"new":"[redacted]"},{"key":"key_material","old":null,"new":"[redacted]"},{"key":"password","old":null,"new":"[redacted]"},{"key":"recovery_codes","old":null,"new":"[redacted]"},{"key":"refresh_token","old":null,"new":"[redacted]"}]`},
		{"not an object", "draft", "published", `[{"key":"value","old":"draft","new":"published"}]`},
		{"numbers exact", map[string]any{"n": int64(9007199254740993)}, map[string]any{"n": int64(9007199254740995)},
			`[{"key":"n","old":9007199254740993,"new":9007199254740995}]`},
		{"huge values omitted", nil, map[string]any{"doc": strings.Repeat("x", maxValueBytes+10)},
			`[{"key":"doc","old":null,"new":"[omitted: 8204 bytes]"}]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Diff(tc.before, tc.after)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(got)
			if string(b) != tc.want {
				t.Fatalf("got  %s\nwant %s", b, tc.want)
			}
		})
	}
	if _, err := Diff(nil, map[string]any{"f": func() {}}); err == nil {
		t.Fatal("unmarshalable value accepted")
	}
}

// The same JSON value spelled differently, as a database may return it,
// has one canonical form.
func TestCanonicalIgnoresSpelling(t *testing.T) {
	t.Parallel()
	pairs := [][2]string{
		{`{"b":1.0,"a":[1e2,9007199254740993,"x"]}`, `{ "a" : [100, 9007199254740993, "x"], "b": 1 }`},
		{`{"f":0.0000001,"g":1e21,"u":"\u674e"}`, `{"g":1000000000000000000000,"f":1e-7,"u":"李"}`},
		{`{"s":"a\u0000b"}`, `{"s":"ab"}`},
	}
	for _, p := range pairs {
		var x, y any
		x, _ = decodeNormal([]byte(p[0]))
		y, _ = decodeNormal([]byte(p[1]))
		a, err1 := Canonical(x)
		b, err2 := Canonical(y)
		if err1 != nil || err2 != nil || string(a) != string(b) {
			t.Errorf("%s and %s differ: %s vs %s (%v %v)", p[0], p[1], a, b, err1, err2)
		}
	}
	a, _ := Canonical(map[string]any{"z": 1, "a": 2})
	if string(a) != `{"a":2,"z":1}` {
		t.Fatalf("keys not sorted: %s", a)
	}
}

func TestSealCoversEveryField(t *testing.T) {
	t.Parallel()
	base := Entry{ID: "01J0000000000000000000000A", Seq: 7, At: time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC), ActorKind: "user",
		ActorID: "u1", ActorName: "Li", Roles: []string{"admin"}, UnitIDs: []string{"hq"}, IP: "192.0.2.1", UserAgent: "ua",
		RequestID: "r1", Action: "user.update", TargetType: "user", TargetID: "u2", Outcome: "success", Detail: "d",
		Changes: []Change{{Key: "name", Old: "a", New: "b"}}, PrevHash: Genesis}
	h0, err := Seal(&base)
	if err != nil || len(h0) != 64 {
		t.Fatalf("seal: %q %v", h0, err)
	}
	again := base
	again.Hash = "ignored"
	again.At = base.At.In(time.FixedZone("CST", 8*3600))
	if h, _ := Seal(&again); h != h0 {
		t.Fatal("the hash depends on Hash or on the time zone")
	}
	mutations := map[string]func(e *Entry){
		"id": func(e *Entry) { e.ID += "x" }, "seq": func(e *Entry) { e.Seq++ }, "at": func(e *Entry) { e.At = e.At.Add(time.Microsecond) },
		"actor_kind": func(e *Entry) { e.ActorKind = "api_key" }, "actor_id": func(e *Entry) { e.ActorID = "u9" },
		"actor_name": func(e *Entry) { e.ActorName = "Han" }, "roles": func(e *Entry) { e.Roles = nil },
		"unit_ids": func(e *Entry) { e.UnitIDs = []string{"hq", "s1"} }, "ip": func(e *Entry) { e.IP = "192.0.2.2" },
		"user_agent": func(e *Entry) { e.UserAgent = "" }, "request_id": func(e *Entry) { e.RequestID = "r2" },
		"action": func(e *Entry) { e.Action = "user.delete" }, "target_type": func(e *Entry) { e.TargetType = "role" },
		"target_id": func(e *Entry) { e.TargetID = "u3" }, "outcome": func(e *Entry) { e.Outcome = "denied" },
		"detail": func(e *Entry) { e.Detail = "" }, "changes": func(e *Entry) { e.Changes[0].New = "c" },
		"prev_hash": func(e *Entry) { e.PrevHash = strings.Repeat("1", 64) },
	}
	for name, mutate := range mutations {
		e := base
		e.Changes = []Change{base.Changes[0]}
		mutate(&e)
		if h, _ := Seal(&e); h == h0 {
			t.Errorf("changing %s does not change the hash", name)
		}
	}
}

func TestProblemString(t *testing.T) {
	t.Parallel()
	p := &Problem{Seq: 3, ID: "01ABC", Kind: Edited, Reason: "its content does not match its hash"}
	if got := p.String(); got != "audit trail broken at seq 3 (id 01ABC): edited: its content does not match its hash" {
		t.Fatal(got)
	}
}

func TestCheckFilter(t *testing.T) {
	t.Parallel()
	now := time.Now()
	for _, f := range []Filter{{}, {Action: "auth.*"}, {Action: "*"}, {Outcome: OutcomeDenied}, {From: now, To: now.Add(time.Second)}} {
		if err := CheckFilter(f); err != nil {
			t.Errorf("%+v refused: %v", f, err)
		}
	}
	for _, f := range []Filter{{Action: "a*b"}, {Outcome: "ok"}, {From: now, To: now}, {Query: strings.Repeat("q", 300)}} {
		if err := CheckFilter(f); err == nil {
			t.Errorf("%+v accepted", f)
		}
	}
}

func TestDiffKeepsFlagsUnderSecretKeys(t *testing.T) {
	ch, err := Diff(map[string]any{"must_change_password": true, "totp_enabled": false, "password": "x"},
		map[string]any{"must_change_password": false, "totp_enabled": true, "password": "y"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Change{}
	for _, c := range ch {
		got[c.Key] = c
	}
	if got["must_change_password"].New != false || got["totp_enabled"].New != true {
		t.Fatalf("flags redacted: %+v", ch)
	}
	if got["password"].New != Redacted {
		t.Fatalf("password not redacted: %+v", ch)
	}
}
