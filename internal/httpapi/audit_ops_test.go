package httpapi

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/alarm"
	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/auth"
)

// audit and alarm cannot import auth (auth records and raises through
// them), so they repeat the permission names; they must stay equal.
func TestAuditAlarmPermissionsMatchCatalogue(t *testing.T) {
	if audit.PermRead != auth.PermAuditRead || alarm.PermManage != auth.PermAlarmsManage {
		t.Fatalf("audit.PermRead %q / alarm.PermManage %q differ from the catalogue", audit.PermRead, alarm.PermManage)
	}
}

func TestAuditCSV(t *testing.T) {
	entries := []audit.Entry{
		{Seq: 2, ID: "B", At: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC), ActorKind: "anonymous", ActorName: "=HYPERLINK(\"http://x\")",
			Roles: []string{"admin", "analyst"}, Action: "auth.login_failed", Outcome: "failure", Detail: "密码错误, \"quoted\"\nline",
			Changes: []audit.Change{{Key: "name", Old: "a", New: "b"}}, PrevHash: "p", Hash: "h"},
		{Seq: 1, ID: "A", ActorKind: "system", Detail: "-1+1", Changes: []audit.Change{}},
	}
	rows := func(each func(*audit.Entry) error) error {
		for i := range entries {
			if err := each(&entries[i]); err != nil {
				return err
			}
		}
		return nil
	}
	var b bytes.Buffer
	if err := writeAuditCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\uFEFFseq,id,at,") {
		t.Fatalf("no byte order mark and header: %.40q", out)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF"))).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	r := recs[1]
	for name, want := range map[string]string{"seq": "2", "at": "2026-03-04T05:06:07Z", "actor_name": "'=HYPERLINK(\"http://x\")",
		"roles": "admin;analyst", "detail": "密码错误, \"quoted\"\nline", "changes": `[{"key":"name","old":"a","new":"b"}]`, "hash": "h"} {
		if got := r[col[name]]; got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got := recs[2][col["detail"]]; got != "'-1+1" {
		t.Errorf("formula-like detail not defused: %q", got)
	}
	boom := errors.New("db gone")
	if err := writeAuditCSV(&b, func(func(*audit.Entry) error) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("read error not returned: %v", err)
	}
}
