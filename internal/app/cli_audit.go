package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/store"
)

// errAuditBroken makes `opencem audit verify` exit 1 once the report is out.
var errAuditBroken = errors.New("audit verify: the audit trail was tampered with")

// cmdAudit implements `opencem audit verify`: it walks the hash chain of the
// audit trail and prints "audit trail intact: N entries" (exit 0) or the
// first entry edited, inserted or deleted out of band (exit 1). It only
// reads: it neither migrates nor creates the database.
func cmdAudit(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 || args[0] != "verify" {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			fmt.Fprint(env.Stderr, "Usage: opencem audit verify [flags]\n\n  verify  check the audit trail's hash chain and name the first tampered entry\n")
			return flag.ErrHelp
		}
		return usageError{"usage: opencem audit verify [flags]"}
	}
	fs := flagSet("audit verify [flags]", "Walks the audit trail's hash chain on the database the server would use and reports\n"+
		"the first entry that was edited, inserted or deleted outside OpenCEM. Prints\n"+
		"\"audit trail intact: N entries\" and the chain head (keep it elsewhere: a later\n"+
		"run must show the same or a longer chain), exit status 0; or\n"+
		"\"audit trail broken at seq S (id …): edited|inserted|deleted …\", exit status 1.\n"+
		"It only reads the database.", env)
	cfg, err := parseConfig(fs, args[1:], env)
	if err != nil {
		return err
	}
	if !cfg.IsPostgres() {
		if _, err := os.Stat(cfg.SQLitePath()); err != nil {
			return fmt.Errorf("audit verify: no database at %s (use --data or --db)", cfg.SQLitePath())
		}
	}
	db, _, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := audit.NewService(store.NewAudit(db), db, nil).Verify(ctx)
	if err != nil {
		return fmt.Errorf("audit verify: %w (has the database been migrated? see opencem migrate status)", err)
	}
	if rep.Problem != nil {
		fmt.Fprintln(env.Stdout, rep.Problem.String())
		return errAuditBroken
	}
	fmt.Fprintf(env.Stdout, "audit trail intact: %d entries\n", rep.Entries)
	fmt.Fprintf(env.Stdout, "  head: seq %d, hash %s\n", rep.Head.Seq, rep.Head.Hash)
	if rep.Head.AnchorSeq > 1 {
		fmt.Fprintf(env.Stdout, "  start: seq %d (earlier entries were pruned by the retention setting)\n", rep.Head.AnchorSeq)
	}
	return nil
}
