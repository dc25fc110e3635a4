package app

import (
	"context"
	"database/sql"
	"flag"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/config"
)

// Editing one audit row directly in the database file makes `opencem audit
// verify` fail and name that row (issue 3, "done when").
func TestAuditVerifyNamesEditedRow(t *testing.T) {
	dir := t.TempDir()
	cfg := config.Default()
	cfg.DataDir = dir
	srv := StartTest(t, cfg)
	admin(t, srv) // signing in is audited too
	for _, action := range []string{"survey.create", "survey.publish", "survey.close"} {
		if err := srv.Audit.Record(context.Background(), audit.Event{Action: action, TargetType: "survey", TargetID: "S1"}); err != nil {
			t.Fatal(err)
		}
	}

	code, out, errOut := run(t, "", "audit", "verify", "--data", dir)
	m := regexp.MustCompile(`^audit trail intact: (\d+) entries\n  head: seq (\d+), hash [0-9a-f]{64}\n`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("intact trail: exit %d\n%s%s", code, out, errOut)
	}
	if n, _ := strconv.Atoi(m[1]); code != 0 || m == nil || m[1] != m[2] || n < 4 {
		t.Fatalf("intact trail: exit %d\n%s%s", code, out, errOut)
	}

	// Someone with access to the file edits one row, as with the sqlite3 shell.
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "opencem.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var seq, id string
	if err := raw.QueryRow(`SELECT seq, id FROM audit_events WHERE action = 'survey.publish'`).Scan(&seq, &id); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE audit_events SET target_id = 'S2' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}

	code, out, errOut = run(t, "", "audit", "verify", "--data", dir)
	want := "audit trail broken at seq " + seq + " (id " + id + "): edited: "
	if code != 1 || !strings.HasPrefix(out, want) || !strings.Contains(errOut, "tampered") {
		t.Fatalf("edited row: exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errOut, want)
	}
}

func TestAuditVerifyUsage(t *testing.T) {
	if code, _, errOut := run(t, "", "audit"); code != 2 || !strings.Contains(errOut, "audit verify") {
		t.Fatalf("bare audit: %d %q", code, errOut)
	}
	if code, _, _ := run(t, "", "audit", "prune"); code != 2 {
		t.Fatalf("unknown subcommand: %d", code)
	}
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	config.Flags(fs, func(string) string { return "" })
	code, _, errOut := run(t, "", "audit", "verify", "--help")
	if code != 0 || !strings.Contains(errOut, "audit trail intact") {
		t.Fatalf("help: %d %s", code, errOut)
	}
	fs.VisitAll(func(f *flag.Flag) {
		if !strings.Contains(errOut, "-"+f.Name) {
			t.Errorf("audit verify --help does not mention -%s", f.Name)
		}
	})
	empty := t.TempDir()
	if code, _, errOut := run(t, "", "audit", "verify", "--data", empty); code != 1 || !strings.Contains(errOut, "no database") {
		t.Fatalf("missing database: %d %q", code, errOut)
	}
	if matches, _ := filepath.Glob(filepath.Join(empty, "*")); len(matches) > 0 {
		t.Fatalf("verify created files: %v", matches)
	}
	if code, out, _ := run(t, "", "--help"); code != 0 || !strings.Contains(out, "audit verify") {
		t.Fatalf("top-level help lacks audit verify: %s", out)
	}
}
