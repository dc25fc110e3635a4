package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/alarm"
	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/store"
)

// guard is an actor allowed to manage alarms.
var guard = &cem.Actor{Kind: "user", ID: "u-guard", Name: "值班 Guard", Permissions: map[string]bool{alarm.PermManage: true}}

func testAlarm(t *testing.T, open Opener) {
	db := open(t)
	clk := newClock(ts)
	st := store.NewAlarms(db)
	trail := audit.NewService(store.NewAudit(db), db, clk.Now)
	svc := alarm.NewService(st, db, trail, store.NewCounter(db), clk.Now)
	c := ctx(t)
	gc := cem.WithActor(c, guard)
	raise := func(t *testing.T, a alarm.Alarm) {
		t.Helper()
		if err := svc.Raise(c, a); err != nil {
			t.Fatalf("raise %+v: %v", a, err)
		}
	}
	list := func(t *testing.T, f alarm.Filter) []alarm.Record {
		t.Helper()
		p, err := svc.List(gc, f, cem.PageRequest{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		return p.Items
	}
	bf := alarm.Alarm{Kind: "brute_force", Severity: alarm.SeverityMedium, Subject: "ip:192.0.2.1", Message: "5 failed sign-ins",
		Details: map[string]any{"failures": 5, "ip": "192.0.2.1"}}

	t.Run("Dedupe", func(t *testing.T) {
		raise(t, bf)
		clk.Add(59 * time.Minute)
		again := bf
		again.Severity, again.Message, again.Details = alarm.SeverityHigh, "10 failed sign-ins", map[string]any{"failures": 10}
		raise(t, again)
		clk.Add(30 * time.Minute) // within an hour of the last raise, not the first
		lower := bf
		lower.Severity = alarm.SeverityLow
		raise(t, lower)
		rows := list(t, alarm.Filter{Kind: "brute_force"})
		if len(rows) != 1 {
			t.Fatalf("%d rows, want 1 deduplicated alarm", len(rows))
		}
		r := rows[0]
		if r.Count != 3 || !r.FirstAt.Equal(ts) || !r.LastAt.Equal(ts.Add(89*time.Minute)) || r.Severity != alarm.SeverityHigh ||
			r.Message != "5 failed sign-ins" || fmt.Sprint(r.Details["failures"]) != "5" || r.Status != alarm.StatusOpen {
			t.Fatalf("deduplicated alarm: %+v", r)
		}
		clk.Add(61 * time.Minute)
		raise(t, bf)
		other := bf
		other.Subject = "ip:192.0.2.2"
		raise(t, other)
		if rows := list(t, alarm.Filter{Kind: "brute_force"}); len(rows) != 3 {
			t.Fatalf("a raise after the window or for another subject must add a row; have %d", len(rows))
		}
	})
	t.Run("ConcurrentRaisesDedupe", func(t *testing.T) {
		a := alarm.Alarm{Kind: "signature_failures", Severity: alarm.SeverityHigh, Subject: "key:k1", Message: "bad signatures"}
		var wg sync.WaitGroup
		for i := 0; i < 12; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := svc.Raise(c, a); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		rows := list(t, alarm.Filter{Kind: "signature_failures"})
		if len(rows) != 1 || rows[0].Count != 12 {
			t.Fatalf("12 concurrent raises gave %d rows (first count %d)", len(rows), rows[0].Count)
		}
	})
	t.Run("BurstThreshold", func(t *testing.T) {
		clk.Add(2 * time.Hour)
		clk.Add(-clk.Now().Sub(cem.WindowStart(clk.Now(), time.Minute))) // start of a minute window
		watch := func() {
			t.Helper()
			if err := svc.Watch(c, "permission_denied_burst", "user:u7", 3, time.Minute, "Many denials for u7", alarm.SeverityMedium); err != nil {
				t.Fatal(err)
			}
		}
		count := func() int {
			rows := list(t, alarm.Filter{Kind: "permission_denied_burst"})
			if len(rows) == 0 {
				return 0
			}
			return rows[0].Count
		}
		watch()
		watch()
		if n := count(); n != 0 {
			t.Fatalf("raised below the threshold: count %d", n)
		}
		watch()
		if n := count(); n != 1 {
			t.Fatalf("threshold reached: count %d, want 1", n)
		}
		watch()
		watch()
		if n := count(); n != 1 {
			t.Fatalf("more in the same window raised again: count %d", n)
		}
		clk.Add(time.Minute)
		for i := 0; i < 3; i++ {
			watch()
		}
		if n := count(); n != 2 {
			t.Fatalf("a new burst in the next window: count %d, want 2", n)
		}
		if err := svc.Watch(c, "x", "y", 0, time.Minute, "m", ""); cem.CodeOf(err) != cem.CodeValidationFailed {
			t.Fatalf("threshold 0: %v", err)
		}
	})
	t.Run("ListOrderAndPaging", func(t *testing.T) {
		all := list(t, alarm.Filter{})
		if len(all) != 5 {
			t.Fatalf("%d alarms, want 5", len(all))
		}
		for i := 1; i < len(all); i++ {
			if all[i].LastAt.After(all[i-1].LastAt) {
				t.Fatalf("not newest first at %d", i)
			}
		}
		var ids []string
		page := cem.PageRequest{Limit: 2}
		for {
			p, err := svc.List(gc, alarm.Filter{}, page)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range p.Items {
				ids = append(ids, r.ID)
			}
			if p.NextCursor == "" {
				break
			}
			page.Cursor = p.NextCursor
		}
		if len(ids) != 5 || ids[0] != all[0].ID || ids[4] != all[4].ID {
			t.Fatalf("paging gave %v, want the order of %v", ids, all)
		}
	})
	t.Run("Acknowledge", func(t *testing.T) {
		open, err := svc.CountOpen(gc)
		if err != nil || open != 5 {
			t.Fatalf("open %d (%v), want 5", open, err)
		}
		newest := list(t, alarm.Filter{})[0]
		clk.Add(time.Minute)
		r, err := svc.Acknowledge(gc, newest.ID, "  looked into it  ")
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != alarm.StatusAcknowledged || r.AcknowledgedBy != guard.ID || r.AcknowledgedByName != guard.Name ||
			!r.AcknowledgedAt.Equal(clk.Now()) || r.Note != "looked into it" {
			t.Fatalf("acknowledged alarm: %+v", r)
		}
		if _, err := svc.Acknowledge(gc, newest.ID, ""); cem.CodeOf(err) != alarm.CodeAlreadyAcknowledged {
			t.Fatalf("second acknowledge: %v", err)
		}
		if err := st.Acknowledge(gc, newest.ID, "x", "x", "", clk.Now()); cem.CodeOf(err) != alarm.CodeAlreadyAcknowledged {
			t.Fatalf("store acknowledge of an acknowledged alarm: %v", err)
		}
		if _, err := svc.Acknowledge(gc, cem.NewID(), ""); cem.CodeOf(err) != alarm.CodeNotFound {
			t.Fatalf("unknown alarm: %v", err)
		}
		if _, err := svc.Acknowledge(c, newest.ID, ""); cem.CodeOf(err) != cem.CodeForbidden {
			t.Fatalf("anonymous acknowledge: %v", err)
		}
		if n, _ := svc.CountOpen(gc); n != 4 {
			t.Fatalf("open after acknowledge: %d", n)
		}
		rows := list(t, alarm.Filter{})
		if rows[len(rows)-1].ID != newest.ID {
			t.Fatal("acknowledged alarm not listed after the open ones")
		}
		if acked := list(t, alarm.Filter{Status: alarm.StatusAcknowledged}); len(acked) != 1 || acked[0].ID != newest.ID {
			t.Fatalf("status filter: %v", acked)
		}
		raise(t, alarm.Alarm{Kind: newest.Kind, Subject: newest.Subject, Message: "again", Severity: newest.Severity})
		if n, _ := svc.CountOpen(gc); n != 5 {
			t.Fatalf("raising an acknowledged alarm again must open a new one: %d open", n)
		}
	})
	t.Run("Audited", func(t *testing.T) {
		ack, err := store.NewAudit(db).LatestByAction(c, "alarm.acknowledge")
		if err != nil || ack == nil || ack.ActorID != guard.ID || len(ack.Changes) == 0 {
			t.Fatalf("acknowledge not audited: %+v %v", ack, err)
		}
		rep, err := trail.Verify(c)
		if err != nil || rep.Problem != nil || rep.Entries < 10 {
			t.Fatalf("audit trail after alarms: %+v %v", rep, err)
		}
	})
}
