package storetest

import (
	"testing"

	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/cem"
)

// testAuditTamper changes the trail behind the service's back, with plain
// SQL as someone with database access would, and checks that Verify names
// the first row that was edited, inserted or deleted.
func testAuditTamper(t *testing.T, open Opener) {
	type want struct {
		seq  int64
		id   func(rows []audit.Entry) string // id Verify must name
		kind string
	}
	idOf := func(seq int64) func([]audit.Entry) string {
		return func(rows []audit.Entry) string { return rows[seq-1].ID }
	}
	cases := []struct {
		name   string
		tamper func(t *testing.T, a *auditor, rows []audit.Entry) string // returns an id to expect, if new
		want   want
	}{
		{"EditColumn", func(t *testing.T, a *auditor, rows []audit.Entry) string {
			mustExec(t, a.db, `UPDATE audit_events SET detail = ? WHERE seq = 3`, "nothing happened here")
			return ""
		}, want{3, idOf(3), audit.Edited}},
		{"EditTime", func(t *testing.T, a *auditor, rows []audit.Entry) string {
			mustExec(t, a.db, `UPDATE audit_events SET at = ? WHERE seq = 2`, "2020-01-01T00:00:00.000000Z")
			return ""
		}, want{2, idOf(2), audit.Edited}},
		{"EditAndRehash", func(t *testing.T, a *auditor, rows []audit.Entry) string {
			e := rows[2]
			e.Outcome = audit.OutcomeFailure
			h, _ := audit.Seal(&e)
			mustExec(t, a.db, `UPDATE audit_events SET outcome = ?, hash = ? WHERE seq = 3`, e.Outcome, h)
			return ""
		}, want{3, idOf(3), audit.Edited}},
		{"EditLastAndRehash", func(t *testing.T, a *auditor, rows []audit.Entry) string {
			e := rows[4]
			e.Detail = "rewritten"
			h, _ := audit.Seal(&e)
			mustExec(t, a.db, `UPDATE audit_events SET detail = ?, hash = ? WHERE seq = 5`, e.Detail, h)
			return ""
		}, want{5, idOf(5), audit.Edited}},
		{"InsertAfterHead", func(t *testing.T, a *auditor, rows []audit.Entry) string {
			return insertForged(t, a, 6, rows[4].Hash)
		}, want{6, nil, audit.Inserted}},
		{"InsertInMiddleRenumbering", func(t *testing.T, a *auditor, rows []audit.Entry) string {
			for seq := 5; seq >= 3; seq-- {
				mustExec(t, a.db, `UPDATE audit_events SET seq = seq + 1 WHERE seq = ?`, seq)
			}
			mustExec(t, a.db, `UPDATE audit_head SET seq = 6 WHERE id = 1`)
			return insertForged(t, a, 3, rows[1].Hash)
		}, want{3, nil, audit.Inserted}},
		{"DeleteMiddle", func(t *testing.T, a *auditor, rows []audit.Entry) string {
			mustExec(t, a.db, `DELETE FROM audit_events WHERE seq = 3`)
			return ""
		}, want{4, idOf(4), audit.Deleted}},
		{"DeleteMiddleRenumbering", func(t *testing.T, a *auditor, rows []audit.Entry) string {
			mustExec(t, a.db, `DELETE FROM audit_events WHERE seq = 3`)
			for seq := 4; seq <= 5; seq++ {
				mustExec(t, a.db, `UPDATE audit_events SET seq = seq - 1 WHERE seq = ?`, seq)
			}
			mustExec(t, a.db, `UPDATE audit_head SET seq = 4 WHERE id = 1`)
			return rows[3].ID
		}, want{3, nil, audit.Deleted}},
		{"DeleteLast", func(t *testing.T, a *auditor, rows []audit.Entry) string {
			mustExec(t, a.db, `DELETE FROM audit_events WHERE seq = 5`)
			return ""
		}, want{4, idOf(4), audit.Deleted}},
		{"DeleteFirstMovingTheStart", func(t *testing.T, a *auditor, rows []audit.Entry) string {
			mustExec(t, a.db, `DELETE FROM audit_events WHERE seq < 3`)
			mustExec(t, a.db, `UPDATE audit_head SET anchor_seq = 3, anchor_prev_hash = ? WHERE id = 1`, rows[2].PrevHash)
			return ""
		}, want{3, idOf(3), audit.Deleted}},
		{"DeleteAll", func(t *testing.T, a *auditor, rows []audit.Entry) string {
			mustExec(t, a.db, `DELETE FROM audit_events`)
			return ""
		}, want{1, func([]audit.Entry) string { return "" }, audit.Deleted}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := newAuditor(t, open)
			c := ctx(t)
			a.recordN(t, c, 5)
			rows := a.all(t, c)
			a.mustBeIntact(t, c, 5)
			newID := tc.tamper(t, a, rows)
			r := a.verify(t, c)
			p := r.Problem
			if p == nil {
				t.Fatal("tampering not detected")
			}
			wantID := newID
			if tc.want.id != nil {
				wantID = tc.want.id(rows)
			}
			if p.Seq != tc.want.seq || p.ID != wantID || p.Kind != tc.want.kind {
				t.Fatalf("reported %q; want seq %d, id %s, %s", p, tc.want.seq, wantID, tc.want.kind)
			}
		})
	}
}

// insertForged inserts a well-formed, correctly sealed entry at seq that
// links to prev, as a forger who knows the hash format would.
func insertForged(t *testing.T, a *auditor, seq int64, prev string) string {
	t.Helper()
	e := audit.Entry{ID: cem.NewID(), Seq: seq, At: a.clock.Now(), ActorKind: "user", ActorID: "u-forger", ActorName: "Forger",
		Roles: []string{}, UnitIDs: []string{}, Action: "user.update", TargetType: "user", TargetID: "u1", Outcome: audit.OutcomeSuccess,
		Changes: []audit.Change{}, PrevHash: prev}
	e.Hash, _ = audit.Seal(&e)
	if err := a.st.Insert(ctx(t), &e); err != nil {
		t.Fatal(err)
	}
	return e.ID
}
