package app

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/alarm"
	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/config"
)

// TestAuditAndAlarmAPI drives search, export and alarms over HTTP, on
// SQLite and PostgreSQL.
func TestAuditAndAlarmAPI(t *testing.T) {
	TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := StartTest(t, cfg)
		ctx := context.Background()
		adm := admin(t, srv)
		actor := &cem.Actor{Kind: "user", ID: "u-script", Name: "=cmd|calc", IP: "192.0.2.10"}
		for _, ev := range []audit.Event{
			{Action: "survey.create", TargetType: "survey", TargetID: "S-1", After: map[string]any{"title": "NPS 2026", "webhook_secret": "s3"}},
			{Action: "survey.publish", TargetType: "survey", TargetID: "S-1", Detail: "门店 NPS 发布"},
			{Action: "survey.delete", TargetType: "survey", TargetID: "S-2", Outcome: audit.OutcomeDenied},
		} {
			ev.Actor = actor
			if err := srv.Audit.Record(ctx, ev); err != nil {
				t.Fatal(err)
			}
		}
		items := func(r reply) []any {
			t.Helper()
			if r.Status != 200 {
				t.Fatalf("status %d: %.400s", r.Status, r.Body)
			}
			l, _ := r.JSON["data"].([]any)
			return l
		}

		t.Run("Search", func(t *testing.T) {
			adm.t = t
			l := items(adm.do("GET", "/api/v1/audit-events?action=survey.*&limit=2", "", nil))
			if len(l) != 2 || l[0].(map[string]any)["action"] != "survey.delete" {
				t.Fatalf("first page: %v", l)
			}
			next, _ := adm.do("GET", "/api/v1/audit-events?action=survey.*&limit=2", "", nil).JSON["meta"].(map[string]any)["next_cursor"].(string)
			l = items(adm.do("GET", "/api/v1/audit-events?action=survey.*&limit=2&cursor="+next, "", nil))
			e := l[0].(map[string]any)
			if len(l) != 1 || e["action"] != "survey.create" || e["actor_name"] != "=cmd|calc" || !strings.Contains(toJSON(e["changes"]), `"new":"[redacted]"`) {
				t.Fatalf("second page: %v", l)
			}
			if l := items(adm.do("GET", "/api/v1/audit-events?q=%E9%97%A8%E5%BA%97&outcome=success&from=2020-01-01", "", nil)); len(l) != 1 {
				t.Fatalf("text search: %v", l)
			}
			for path, code := range map[string]string{
				"/api/v1/audit-events?from=yesterday": "invalid_query_parameter",
				"/api/v1/audit-events?outcome=maybe":  "validation_failed",
				"/api/v1/audit-events?cursor=zzz":     "invalid_cursor",
			} {
				if r := adm.do("GET", path, "", nil); r.Status != 400 || errCode(r) != code {
					t.Errorf("%s: %d %s, want 400 %s", path, r.Status, errCode(r), code)
				}
			}
		})
		t.Run("Export", func(t *testing.T) {
			adm.t = t
			if r := adm.do("HEAD", "/api/v1/audit-events/export", "", nil); r.Status != 200 {
				t.Fatalf("HEAD: %d", r.Status)
			}
			r := adm.do("GET", "/api/v1/audit-events/export?target_id=S-1&format=csv", "", nil)
			if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") ||
				!strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
				t.Fatalf("export: %d %v %.300s", r.Status, r.Header, r.Body)
			}
			recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\uFEFF"))).ReadAll()
			if err != nil || len(recs) != 3 || recs[0][0] != "seq" || recs[1][11] != "survey.publish" || recs[1][5] != "'=cmd|calc" {
				t.Fatalf("csv (%v): %q", err, recs)
			}
			ex := items(adm.do("GET", "/api/v1/audit-events?action=audit.export", "", nil))
			if len(ex) != 1 || !strings.Contains(ex[0].(map[string]any)["detail"].(string), `target_id="S-1"`) {
				t.Fatalf("the export was not audited exactly once (HEAD must not count): %v", ex)
			}
			if r := adm.do("GET", "/api/v1/audit-events/export?format=xlsx", "", nil); r.Status != 400 || errCode(r) != "invalid_query_parameter" {
				t.Fatalf("xlsx: %d %s", r.Status, r.Body)
			}
		})
		t.Run("Alarms", func(t *testing.T) {
			adm.t = t
			bf := alarm.Alarm{Kind: "brute_force", Severity: alarm.SeverityHigh, Subject: "user:li.lei", Message: "10 failed sign-ins"}
			for i := 0; i < 2; i++ {
				if err := srv.Alarms.Raise(ctx, bf); err != nil {
					t.Fatal(err)
				}
			}
			before := mustOK(t, adm.do("GET", "/api/v1/alarms/summary", "", nil), 200)["open"].(float64)
			var id string
			for _, x := range items(adm.do("GET", "/api/v1/alarms?status=open", "", nil)) {
				if a := x.(map[string]any); a["subject"] == "user:li.lei" {
					if a["count"] != float64(2) || a["acknowledged_at"] != nil {
						t.Fatalf("alarm: %v", a)
					}
					id = a["id"].(string)
				}
			}
			if id == "" {
				t.Fatal("raised alarm not listed")
			}
			mustOK(t, adm.do("GET", "/api/v1/alarms/"+id, "", nil), 200)
			a := mustOK(t, adm.do("POST", "/api/v1/alarms/"+id+"/acknowledge", `{"note":"password reset, user informed"}`, nil), 200)
			if a["status"] != "acknowledged" || a["note"] != "password reset, user informed" || a["acknowledged_at"] == nil {
				t.Fatalf("acknowledged: %v", a)
			}
			if r := adm.do("POST", "/api/v1/alarms/"+id+"/acknowledge", "", nil); r.Status != 409 || errCode(r) != "alarm_already_acknowledged" {
				t.Fatalf("second acknowledge: %d %s", r.Status, r.Body)
			}
			if r := adm.do("POST", "/api/v1/alarms/"+cem.NewID()+"/acknowledge", `{}`, nil); r.Status != 404 || errCode(r) != "alarm_not_found" {
				t.Fatalf("unknown alarm: %d %s", r.Status, r.Body)
			}
			if after := mustOK(t, adm.do("GET", "/api/v1/alarms/summary", "", nil), 200)["open"].(float64); after != before-1 {
				t.Fatalf("open count %v after acknowledging, was %v", after, before)
			}
			if l := items(adm.do("GET", "/api/v1/audit-events?action=alarm.acknowledge&target_id="+id, "", nil)); len(l) != 1 {
				t.Fatalf("acknowledge not audited: %v", l)
			}
		})
		t.Run("Guarded", func(t *testing.T) {
			createUser(t, adm, "ana", []string{"analyst"}, nil)
			ana := loginAs(t, srv, "ana", "ana-password")
			for _, path := range []string{"/api/v1/audit-events", "/api/v1/audit-events/export", "/api/v1/alarms", "/api/v1/alarms/summary"} {
				if r := ana.do("GET", path, "", nil); r.Status != 403 || errCode(r) != "forbidden" {
					t.Errorf("analyst %s: %d %s", path, r.Status, errCode(r))
				}
			}
			if r := newClient(t, srv).do("GET", "/api/v1/audit-events", "", nil); r.Status != 401 {
				t.Errorf("anonymous search: %d", r.Status)
			}
		})
		rep, err := srv.Audit.Verify(ctx)
		if err != nil || rep.Problem != nil {
			t.Fatalf("trail after the API tests: %+v %v", rep, err)
		}
	})
}
