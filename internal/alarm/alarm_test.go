package alarm_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/alarm"
	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/store"
	"github.com/opencem/opencem/internal/store/sqlite"
)

type fixture struct {
	svc   *alarm.Service
	trail *audit.Service
	now   time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "alarm.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background(), sqlite.Migrations()); err != nil {
		t.Fatal(err)
	}
	f := &fixture{now: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return f.now }
	f.trail = audit.NewService(store.NewAudit(db), db, clock)
	f.svc = alarm.NewService(store.NewAlarms(db), db, f.trail, store.NewCounter(db), clock)
	return f
}

var (
	admin    = &cem.Actor{Kind: "user", ID: "u-admin", Name: "Admin", Permissions: map[string]bool{alarm.PermManage: true, audit.PermRead: true}}
	analyst  = &cem.Actor{Kind: "user", ID: "u-analyst", Name: "Analyst", Permissions: map[string]bool{"surveys.read": true}}
	attacker = &cem.Actor{Kind: "anonymous", Name: "root", IP: "198.51.100.9"}
)

func TestRaiseValidates(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for name, a := range map[string]alarm.Alarm{
		"no kind":          {Subject: "s", Message: "m"},
		"no subject":       {Kind: "k", Message: "m"},
		"no message":       {Kind: "k", Subject: "s"},
		"unknown severity": {Kind: "k", Subject: "s", Message: "m", Severity: "critical"},
		"long kind":        {Kind: strings.Repeat("k", 65), Subject: "s", Message: "m"},
	} {
		if err := f.svc.Raise(ctx, a); cem.CodeOf(err) != cem.CodeValidationFailed {
			t.Errorf("%s: got %v", name, err)
		}
	}
}

// A raise is audited with the actor whose action set it off, and survives
// awkward details; only managers list, count and acknowledge.
func TestRaiseAuditedAndGuarded(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	err := f.svc.Raise(cem.WithActor(ctx, attacker), alarm.Alarm{Kind: "brute_force", Subject: "user:root\x00", Message: "Five failures",
		Details: map[string]any{"username": "ro\x00ot", "when": f.now, "big": strings.Repeat("x", 20<<10)}})
	if err != nil {
		t.Fatal(err)
	}
	page, err := f.svc.List(cem.WithActor(ctx, admin), alarm.Filter{Status: alarm.StatusOpen}, cem.PageRequest{})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("list: %v %v", page, err)
	}
	r := page.Items[0]
	if r.Severity != alarm.SeverityMedium || r.Subject != "user:root" || r.Details["omitted"] == nil {
		t.Fatalf("stored alarm: %+v", r)
	}
	entries, err := f.trail.Search(cem.WithActor(ctx, admin), audit.Filter{Action: "alarm.raise"}, cem.PageRequest{})
	if err != nil || len(entries.Items) != 1 {
		t.Fatalf("raise not audited: %v %v", entries, err)
	}
	if e := entries.Items[0]; e.TargetID != r.ID || e.ActorName != "root" || e.IP != "198.51.100.9" || !strings.Contains(e.Detail, "Five failures") {
		t.Fatalf("audit entry: %+v", e)
	}

	an := cem.WithActor(ctx, analyst)
	if _, err := f.svc.List(an, alarm.Filter{}, cem.PageRequest{}); cem.CodeOf(err) != cem.CodeForbidden {
		t.Errorf("analyst listed alarms: %v", err)
	}
	if _, err := f.svc.CountOpen(an); cem.CodeOf(err) != cem.CodeForbidden {
		t.Errorf("analyst counted alarms: %v", err)
	}
	if _, err := f.svc.Acknowledge(an, r.ID, ""); cem.CodeOf(err) != cem.CodeForbidden {
		t.Errorf("analyst acknowledged: %v", err)
	}
	if _, err := f.svc.List(cem.WithActor(ctx, admin), alarm.Filter{Status: "closed"}, cem.PageRequest{}); cem.CodeOf(err) != cem.CodeValidationFailed {
		t.Errorf("unknown status: %v", err)
	}
	if _, err := f.svc.List(cem.WithActor(ctx, admin), alarm.Filter{}, cem.PageRequest{Cursor: "%%"}); cem.CodeOf(err) != cem.CodeInvalidCursor {
		t.Errorf("bad cursor: %v", err)
	}
	if _, err := f.svc.Acknowledge(cem.WithActor(ctx, admin), r.ID, strings.Repeat("n", 1001)); cem.CodeOf(err) != cem.CodeValidationFailed {
		t.Errorf("long note: %v", err)
	}
	if rep, err := f.trail.Verify(ctx); err != nil || rep.Problem != nil {
		t.Fatalf("trail: %+v %v", rep, err)
	}
}

// Watch raises once per window when the threshold is reached, whoever adds
// the occurrences.
func TestWatchRaisesOncePerWindow(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	admins := cem.WithActor(ctx, admin)
	for i := 0; i < 10; i++ {
		if err := f.svc.Watch(ctx, "key_disallowed_ip", "key:k1", 5, 10*time.Minute, "Key k1 used from a disallowed address", alarm.SeverityHigh); err != nil {
			t.Fatal(err)
		}
	}
	page, _ := f.svc.List(admins, alarm.Filter{Kind: "key_disallowed_ip"}, cem.PageRequest{})
	if len(page.Items) != 1 || page.Items[0].Count != 1 || page.Items[0].Severity != alarm.SeverityHigh {
		t.Fatalf("ten occurrences over a threshold of five: %+v", page.Items)
	}
	if d := page.Items[0].Details; d["threshold"] != float64(5) || d["window_seconds"] != float64(600) {
		t.Fatalf("details: %v", d)
	}
	if n, _ := f.svc.CountOpen(admins); n != 1 {
		t.Fatalf("open %d", n)
	}
}
