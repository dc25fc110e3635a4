package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/store"
	"github.com/opencem/opencem/internal/store/sqldb"
)

// clock is a settable time source for services under test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *clock { return &clock{t: t} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// auditor is the audit service over a fresh database.
type auditor struct {
	db    *sqldb.DB
	st    *store.Audit
	svc   *audit.Service
	clock *clock
}

func newAuditor(t *testing.T, open Opener) *auditor {
	db := open(t)
	st := store.NewAudit(db)
	c := newClock(ts)
	svc := audit.NewService(st, db, c.Now)
	svc.BatchSize = 3 // small, so that tests cross batch boundaries
	return &auditor{db: db, st: st, svc: svc, clock: c}
}

// reader is an actor allowed to search the trail.
var reader = &cem.Actor{Kind: "user", ID: "u-reader", Name: "审计员 Auditor", Roles: []string{"admin"},
	Permissions: map[string]bool{audit.PermRead: true}, Units: []string{"unit-hq"},
	IP: "2001:db8::1", UserAgent: "storetest/1.0", RequestID: "req-1"}

func (a *auditor) record(t *testing.T, c context.Context, ev audit.Event) {
	t.Helper()
	if err := a.svc.Record(c, ev); err != nil {
		t.Fatalf("record %s: %v", ev.Action, err)
	}
}

// recordN appends n simple events.
func (a *auditor) recordN(t *testing.T, c context.Context, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		a.record(t, c, audit.Event{Action: "test.step", TargetType: "thing", TargetID: fmt.Sprint("t", i), Detail: fmt.Sprint("step ", i),
			Before: map[string]any{"n": i}, After: map[string]any{"n": i + 1, "big": int64(9007199254740993), "ratio": 0.1}})
		a.clock.Add(time.Second)
	}
}

func (a *auditor) all(t *testing.T, c context.Context) []audit.Entry {
	t.Helper()
	rows, err := a.st.Scan(c, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func (a *auditor) verify(t *testing.T, c context.Context) audit.Report {
	t.Helper()
	r, err := a.svc.Verify(c)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return r
}

func (a *auditor) mustBeIntact(t *testing.T, c context.Context, entries int64) {
	t.Helper()
	r := a.verify(t, c)
	if r.Problem != nil {
		t.Fatalf("intact chain reported broken: %s", r.Problem)
	}
	if r.Entries != entries {
		t.Fatalf("verify checked %d entries, want %d", r.Entries, entries)
	}
}

func testAudit(t *testing.T, open Opener) {
	t.Run("AppendAndChain", func(t *testing.T) { testAuditAppend(t, open) })
	t.Run("ConcurrentAppends", func(t *testing.T) { testAuditConcurrent(t, open) })
	t.Run("Search", func(t *testing.T) { testAuditSearch(t, open) })
	t.Run("Prune", func(t *testing.T) { testAuditPrune(t, open) })
	t.Run("Tamper", func(t *testing.T) { testAuditTamper(t, open) })
}

func testAuditAppend(t *testing.T, open Opener) {
	a := newAuditor(t, open)
	c := ctx(t)
	a.mustBeIntact(t, c, 0)
	ac := cem.WithActor(c, reader)
	a.record(t, ac, audit.Event{Action: "user.update", TargetType: "user", TargetID: "u1", Detail: "renamed\x00 李雷",
		Before: map[string]any{"name": "Li", "password_hash": "old", "settings": map[string]any{"smtp_password": "p1", "lang": "en"}},
		After:  map[string]any{"name": "李雷", "password_hash": "new", "settings": map[string]any{"smtp_password": "p2", "lang": "en"}, "totp_secret": "s"}})
	failed := &cem.Actor{Name: "ghost", IP: "192.0.2.7"}
	a.record(t, c, audit.Event{Action: "auth.login_failed", TargetType: "user", Outcome: audit.OutcomeFailure, Actor: failed})
	a.record(t, cem.WithRequestID(c, "req-from-ctx"), audit.Event{Action: "system.start"})

	rows := a.all(t, c)
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3", len(rows))
	}
	prev := audit.Genesis
	for i, e := range rows {
		if e.Seq != int64(i+1) || e.PrevHash != prev || len(e.Hash) != 64 || !cem.ValidID(e.ID) {
			t.Fatalf("row %d: seq %d prev %s hash %s id %s", i, e.Seq, e.PrevHash, e.Hash, e.ID)
		}
		if h, err := audit.Seal(&e); err != nil || h != e.Hash {
			t.Fatalf("row %d does not seal to its hash: %s %v", i, h, err)
		}
		prev = e.Hash
	}
	u := rows[0]
	if u.ActorKind != "user" || u.ActorID != "u-reader" || u.ActorName != reader.Name || u.IP != "2001:db8::1" || u.UserAgent != "storetest/1.0" ||
		u.RequestID != "req-1" || strings.Join(u.Roles, ",") != "admin" || strings.Join(u.UnitIDs, ",") != "unit-hq" ||
		u.Outcome != "success" || u.Detail != "renamed 李雷" || !u.At.Equal(ts) {
		t.Fatalf("entry fields did not round trip: %+v", u)
	}
	got := map[string]audit.Change{}
	for _, ch := range u.Changes {
		got[ch.Key] = ch
	}
	want := map[string][2]any{
		"name":                   {"Li", "李雷"},
		"password_hash":          {audit.Redacted, audit.Redacted},
		"settings.smtp_password": {audit.Redacted, audit.Redacted},
		"totp_secret":            {nil, audit.Redacted},
	}
	if len(got) != len(want) {
		t.Fatalf("changes %+v, want keys of %v", u.Changes, want)
	}
	for k, w := range want {
		if g, ok := got[k]; !ok || g.Old != w[0] || g.New != w[1] {
			t.Errorf("change %s = %+v, want old %v new %v", k, g, w[0], w[1])
		}
	}
	if f := rows[1]; f.ActorKind != "anonymous" || f.ActorName != "ghost" || f.Outcome != "failure" || f.IP != "192.0.2.7" {
		t.Fatalf("failed sign-in entry: %+v", f)
	}
	if s := rows[2]; s.ActorKind != "system" || s.RequestID != "req-from-ctx" {
		t.Fatalf("system entry: %+v", s)
	}
	if h, _ := a.st.Head(c); h.Seq != 3 || h.Hash != rows[2].Hash {
		t.Fatalf("head %+v does not point at the last row", h)
	}
	a.mustBeIntact(t, c, 3)

	t.Run("JoinsCallerTransaction", func(t *testing.T) {
		err := a.db.InTx(c, func(c context.Context) error {
			a.record(t, c, audit.Event{Action: "user.delete", TargetID: "u9"})
			return fmt.Errorf("change failed")
		})
		if err == nil {
			t.Fatal("InTx swallowed the error")
		}
		if rows := a.all(t, c); len(rows) != 3 {
			t.Fatalf("rolled back entry is stored: %d rows", len(rows))
		}
		a.record(t, c, audit.Event{Action: "user.delete", TargetID: "u9"})
		a.mustBeIntact(t, c, 4)
	})
	t.Run("RejectsMalformed", func(t *testing.T) {
		for _, ev := range []audit.Event{{}, {Action: "Bad Action"}, {Action: "x.y", Outcome: "maybe"}} {
			if err := a.svc.Record(c, ev); cem.CodeOf(err) != cem.CodeValidationFailed {
				t.Errorf("%+v: got %v", ev, err)
			}
		}
	})
	t.Run("JSONRespelledStillVerifies", func(t *testing.T) {
		// A database may hand JSON back spelled differently (PostgreSQL's
		// JSONB does); the same value must verify.
		mustExec(t, a.db, `UPDATE audit_events SET changes = ? WHERE seq = 1`, `[ {"new":"李雷", "old":"Li","key":"name"},
			{"key":"password_hash","new":"[redacted]","old":"[redacted]"},{"key":"settings.smtp_password","old":"[redacted]","new":"[redacted]"},
			{"old":null,"key":"totp_secret","new":"[redacted]"} ]`)
		mustExec(t, a.db, `UPDATE audit_events SET changes = ? WHERE seq = 4`, `[]`)
		a.mustBeIntact(t, c, 4)
		rows := a.all(t, c)
		mustExec(t, a.db, `UPDATE audit_events SET changes = ? WHERE seq = 4`, `[{"key":"n","old":1.0E0,"new":2}]`)
		if r := a.verify(t, c); r.Problem == nil || r.Problem.Seq != 4 || r.Problem.ID != rows[3].ID || r.Problem.Kind != audit.Edited {
			t.Fatalf("edited changes not reported: %+v", r.Problem)
		}
	})
}

func testAuditConcurrent(t *testing.T, open Opener) {
	a := newAuditor(t, open)
	c := ctx(t)
	const workers, each = 16, 8
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if err := a.svc.Record(c, audit.Event{Action: "test.concurrent", TargetID: fmt.Sprintf("w%d-%d", w, i)}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	rows := a.all(t, c)
	if len(rows) != workers*each {
		t.Fatalf("%d rows, want %d", len(rows), workers*each)
	}
	for i, e := range rows {
		if e.Seq != int64(i+1) {
			t.Fatalf("seq gap or duplicate at %d: %d", i, e.Seq)
		}
	}
	a.mustBeIntact(t, c, workers*each)
}

func testAuditSearch(t *testing.T, open Opener) {
	a := newAuditor(t, open)
	c := ctx(t)
	other := &cem.Actor{Kind: "api_key", ID: "k-1", Name: "CRM sync"}
	seed := []struct {
		actor *cem.Actor
		ev    audit.Event
	}{
		{reader, audit.Event{Action: "auth.login", TargetType: "user", TargetID: "u-reader", Detail: "password"}},
		{reader, audit.Event{Action: "auth.login_failed", TargetType: "user", TargetID: "u-reader", Outcome: audit.OutcomeFailure, Detail: "Wrong PASSWORD"}},
		{other, audit.Event{Action: "survey.publish", TargetType: "survey", TargetID: "S-100", Detail: "发布 NPS 调研"}},
		{other, audit.Event{Action: "permission.denied", TargetType: "survey", TargetID: "S-200", Outcome: audit.OutcomeDenied, Detail: "50% quota"}},
		{reader, audit.Event{Action: "authx.other", TargetType: "user", TargetID: "u2", Detail: "50x quota"}},
	}
	for _, s := range seed {
		a.record(t, cem.WithActor(c, s.actor), s.ev)
		a.clock.Add(time.Hour)
	}
	rc := cem.WithActor(c, reader)
	search := func(f audit.Filter) []string {
		t.Helper()
		p, err := a.svc.Search(rc, f, cem.PageRequest{Limit: 100})
		if err != nil {
			t.Fatalf("search %+v: %v", f, err)
		}
		var out []string
		for _, e := range p.Items {
			out = append(out, e.Action)
		}
		return out
	}
	cases := []struct {
		name string
		f    audit.Filter
		want string
	}{
		{"all newest first", audit.Filter{}, "authx.other permission.denied survey.publish auth.login_failed auth.login"},
		{"actor", audit.Filter{ActorID: "k-1"}, "permission.denied survey.publish"},
		{"exact action", audit.Filter{Action: "auth.login"}, "auth.login"},
		{"action prefix", audit.Filter{Action: "auth.*"}, "auth.login_failed auth.login"},
		{"action prefix is literal", audit.Filter{Action: "auth_*"}, ""},
		{"target", audit.Filter{TargetType: "survey", TargetID: "S-100"}, "survey.publish"},
		{"outcome", audit.Filter{Outcome: audit.OutcomeDenied}, "permission.denied"},
		{"time range", audit.Filter{From: ts.Add(time.Hour), To: ts.Add(3 * time.Hour)}, "survey.publish auth.login_failed"},
		{"text any case", audit.Filter{Query: "password"}, "auth.login_failed auth.login"},
		{"text chinese", audit.Filter{Query: "NPS 调研"}, "survey.publish"},
		{"text in target id", audit.Filter{Query: "s-200"}, "permission.denied"},
		{"text percent is literal", audit.Filter{Query: "50%"}, "permission.denied"},
		{"text in actor name", audit.Filter{Query: "crm"}, "permission.denied survey.publish"},
		{"combined", audit.Filter{ActorID: "u-reader", Outcome: audit.OutcomeSuccess, Query: "quota"}, "authx.other"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(search(tc.f), " "); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("Paging", func(t *testing.T) {
		var seen []int64
		page := cem.PageRequest{Limit: 2}
		for i := 0; ; i++ {
			p, err := a.svc.Search(rc, audit.Filter{}, page)
			if err != nil || i > 5 {
				t.Fatalf("page %d: %v", i, err)
			}
			for _, e := range p.Items {
				seen = append(seen, e.Seq)
			}
			if p.NextCursor == "" {
				break
			}
			page.Cursor = p.NextCursor
		}
		if fmt.Sprint(seen) != "[5 4 3 2 1]" {
			t.Fatalf("pages gave %v", seen)
		}
		if _, err := a.svc.Search(rc, audit.Filter{}, cem.PageRequest{Cursor: "nope!"}); cem.CodeOf(err) != cem.CodeInvalidCursor {
			t.Fatalf("bad cursor: %v", err)
		}
	})
	t.Run("Refusals", func(t *testing.T) {
		if _, err := a.svc.Search(cem.WithActor(c, other), audit.Filter{}, cem.PageRequest{}); cem.CodeOf(err) != cem.CodeForbidden {
			t.Fatalf("search without audit.read: %v", err)
		}
		for _, f := range []audit.Filter{{Outcome: "meh"}, {Action: "a*b*"}, {From: ts, To: ts}} {
			if _, err := a.svc.Search(rc, f, cem.PageRequest{}); cem.CodeOf(err) != cem.CodeValidationFailed {
				t.Errorf("%+v: %v", f, err)
			}
		}
	})
	t.Run("ExportIsRecordedFirst", func(t *testing.T) {
		rows, err := a.svc.Export(rc, audit.Filter{Action: "auth.*"}, "csv")
		if err != nil {
			t.Fatal(err)
		}
		ex, err := a.st.LatestByAction(c, "audit.export")
		if err != nil || ex == nil || ex.ActorID != reader.ID || !strings.Contains(ex.Detail, `action="auth.*"`) {
			t.Fatalf("export not audited before it starts: %+v %v", ex, err)
		}
		var got []string
		err = rows(func(e *audit.Entry) error {
			got = append(got, e.Action)
			return nil
		})
		if err != nil || strings.Join(got, " ") != "auth.login_failed auth.login" {
			t.Fatalf("export gave %v, %v", got, err)
		}
		all, err := a.svc.Export(rc, audit.Filter{}, "csv")
		if err != nil {
			t.Fatal(err)
		}
		var seqs []int64
		if err := all(func(e *audit.Entry) error { seqs = append(seqs, e.Seq); return nil }); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(seqs) != "[7 6 5 4 3 2 1]" {
			t.Fatalf("exporting everything in batches gave %v", seqs)
		}
		stop := fmt.Errorf("client went away")
		if err := rows(func(*audit.Entry) error { return stop }); err != stop {
			t.Fatalf("each's error not returned: %v", err)
		}
		if _, err := a.svc.Export(cem.WithActor(c, other), audit.Filter{}, "csv"); cem.CodeOf(err) != cem.CodeForbidden {
			t.Fatalf("export without audit.read: %v", err)
		}
	})
}

func testAuditPrune(t *testing.T, open Opener) {
	a := newAuditor(t, open)
	c := ctx(t)
	a.recordN(t, c, 3)
	if n, err := a.svc.Prune(c, a.clock.Now()); err != nil || n != 0 {
		t.Fatalf("prune of young entries deleted %d (%v)", n, err)
	}
	a.clock.Add(400 * 24 * time.Hour)
	a.recordN(t, c, 2)
	a.svc.RetentionDays = 0
	if n, err := a.svc.Prune(c, a.clock.Now()); err != nil || n != 0 {
		t.Fatalf("retention 0 deleted %d (%v)", n, err)
	}
	a.svc.RetentionDays = 365
	n, err := a.svc.Prune(c, a.clock.Now())
	if err != nil || n != 3 {
		t.Fatalf("prune deleted %d (%v), want 3", n, err)
	}
	h, _ := a.st.Head(c)
	rows := a.all(t, c)
	if h.AnchorSeq != 4 || len(rows) != 3 || rows[0].Seq != 4 || h.AnchorPrevHash != rows[0].PrevHash || rows[2].Action != "audit.prune" {
		t.Fatalf("after prune: head %+v, rows %d starting at %d", h, len(rows), rows[0].Seq)
	}
	a.mustBeIntact(t, c, 3)
	if n, _ := a.svc.Prune(c, a.clock.Now()); n != 0 {
		t.Fatalf("second prune deleted %d", n)
	}
	a.mustBeIntact(t, c, 3)

	t.Run("EverythingOld", func(t *testing.T) {
		a.clock.Add(400 * 24 * time.Hour)
		if n, err := a.svc.Prune(c, a.clock.Now()); err != nil || n != 3 {
			t.Fatalf("prune deleted %d (%v), want 3", n, err)
		}
		a.mustBeIntact(t, c, 1) // only the new prune entry
	})
	t.Run("StillDetectsDeletion", func(t *testing.T) {
		a.recordN(t, c, 2)
		rows := a.all(t, c)
		mustExec(t, a.db, `DELETE FROM audit_events WHERE seq = ?`, rows[0].Seq)
		r := a.verify(t, c)
		if r.Problem == nil || r.Problem.Kind != audit.Deleted || r.Problem.Seq != rows[1].Seq {
			t.Fatalf("deleting the first entry after a prune: %+v", r.Problem)
		}
	})
}
