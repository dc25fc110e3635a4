package org

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
)

// ImportResult counts what an import did, one count per file row.
type ImportResult struct {
	Created   int  // new units
	Updated   int  // existing units whose name changed
	Moved     int  // existing units given another parent
	Unchanged int  // existing units left as they were
	DryRun    bool // nothing was changed: the counts are what would happen
}

// Import reads a CSV or XLSX file with the columns code, name and
// parent_code (a header row naming them is required; CSV is UTF-8 with or
// without a byte order mark) and upserts its units by code: new codes are
// created, existing ones renamed and moved. Rows may come in any order;
// parents may follow their children. An empty parent_code means the top
// level for a caller who sees everything, and "keep the current parent"
// for an existing unit whose parent the caller cannot see (the way Export
// writes such units). The whole file is checked first and every problem
// reported together, one field per row ("row 7": "parent_code X not
// found"); only a clean file is applied, in one transaction, audited as one
// org_unit.import event.
// Caller: org.manage, with every touched unit and parent in scope.
// Errors: CodeImportInvalid, CodeUnknownFormat.
func (s *Service) Import(ctx context.Context, format Format, data []byte, dryRun bool) (*ImportResult, error) {
	a, err := caller(ctx, auth.PermOrgManage)
	if err != nil {
		return nil, err
	}
	if _, err := ParseFormat(string(format)); err != nil {
		return nil, err
	}
	rows, err := readFile(format, data)
	if err != nil {
		return nil, err
	}
	var res ImportResult
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.LockTree(ctx); err != nil {
			return err
		}
		visible, err := s.store.Units(ctx, a.Scope, Filter{})
		if err != nil {
			return err
		}
		steps, err := s.plan(ctx, a, rows, visible)
		if err != nil {
			return err
		}
		changes, err := s.apply(ctx, a, steps, &res)
		if err != nil {
			return err
		}
		if dryRun {
			return errDryRun // roll back: report what would happen, change nothing
		}
		changes["format"], changes["rows"] = string(format), len(rows)
		return s.audit.Record(ctx, audit.Event{Action: "org_unit.import", TargetType: "org_unit", After: changes, Outcome: audit.OutcomeSuccess,
			Detail: fmt.Sprintf("%s import: %d created, %d updated, %d moved, %d unchanged", format, res.Created, res.Updated, res.Moved, res.Unchanged)})
	})
	if dryRun && errors.Is(err, errDryRun) {
		res.DryRun = true
		return &res, nil
	}
	if err != nil {
		return nil, err
	}
	return &res, nil
}

// errDryRun rolls back a dry-run import after it has been fully applied.
var errDryRun = errors.New("org: dry run")

// node is one unit of the tree as it will be after the import.
type node struct {
	code  string
	unit  *Unit // the existing unit, nil for a new one
	row   *row  // the file row naming this code, nil if none
	keep  bool  // the parent stays as it is: outside the caller's scope
	up    string
	depth int
	state int8 // depth walk: 0 new, 1 on the current walk, 2 done
}

// plan checks every row against the tree the caller can see and returns
// the rows' nodes in the order to apply them: by final depth, so a parent
// is in its final place before its children are created or moved under it.
func (s *Service) plan(ctx context.Context, a *cem.Actor, rows []row, visible []*Unit) ([]*node, error) {
	nodes := make(map[string]*node, len(visible)+len(rows))
	for _, u := range visible {
		n := &node{code: u.Code, unit: u, up: u.ParentCode}
		n.keep = u.ParentID != "" && u.ParentCode == ""
		nodes[u.Code] = n
	}
	var fields []cem.FieldError
	fail := func(r *row, format string, args ...any) {
		fields = append(fields, cem.FieldError{Name: fmt.Sprintf("row %d", r.line), Reason: fmt.Sprintf(format, args...)})
	}
	taken, err := s.codesOutside(ctx, a, rows, nodes)
	if err != nil {
		return nil, err
	}
	bad := map[string]bool{}  // codes of rows refused on their own
	seen := map[string]*row{} // first row of each code
	var steps []*node
	for i := range rows {
		r := &rows[i]
		if p := codeProblem(r.code); p != "" {
			fail(r, "code %s", p)
			bad[r.code] = true
			continue
		}
		if first, dup := seen[r.code]; dup {
			fail(r, "code %s repeats row %d", r.code, first.line)
			continue
		}
		seen[r.code] = r
		if p := nameProblem(r.name); p != "" {
			fail(r, "name %s", p)
		}
		if taken[r.code] {
			fail(r, "code %s is already used by another unit", r.code)
			bad[r.code] = true
			continue
		}
		n := nodes[r.code]
		if n == nil {
			n = &node{code: r.code}
			nodes[r.code] = n
		}
		n.row = r
		steps = append(steps, n)
	}
	for _, n := range steps {
		r := n.row
		switch {
		case r.parentCode == "" && n.keep:
			// An existing top of the caller's scope: its parent stays.
		case r.parentCode == "" && !a.Scope.All:
			fail(r, "parent_code is required: only users who see the whole organisation may create top-level units")
		case r.parentCode == "":
			n.keep, n.up = false, ""
		case r.parentCode == r.code:
			fail(r, "parent_code %s is the unit itself", r.parentCode)
		case bad[r.parentCode]:
			// That row's own error is reported.
		case nodes[r.parentCode] == nil:
			fail(r, "parent_code %s not found", r.parentCode)
		default:
			n.keep, n.up = false, r.parentCode
		}
	}
	// Rows refused above kept their old parent (or none), so the graph is
	// whole and cycles can be reported in the same pass.
	fields = append(fields, settleDepths(steps, nodes)...)
	if len(fields) > 0 {
		sort.SliceStable(fields, func(i, j int) bool { return rowNumber(fields[i].Name) < rowNumber(fields[j].Name) })
		return nil, importError(fields...)
	}
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].depth < steps[j].depth })
	return steps, nil
}

// codesOutside returns the file's codes that belong to units outside the
// caller's scope (none for a caller who sees everything).
func (s *Service) codesOutside(ctx context.Context, a *cem.Actor, rows []row, nodes map[string]*node) (map[string]bool, error) {
	if a.Scope.All {
		return nil, nil
	}
	var unknown []string
	for _, r := range rows {
		if nodes[r.code] == nil && validCode(r.code) {
			unknown = append(unknown, r.code)
		}
	}
	if len(unknown) == 0 {
		return nil, nil
	}
	return s.store.ExistingCodes(ctx, unknown)
}

// settleDepths computes every node's final depth and reports the rows whose
// parent_code would close a cycle. Nodes that keep a parent outside the
// caller's scope keep their depth too.
func settleDepths(steps []*node, nodes map[string]*node) []cem.FieldError {
	for _, n := range nodes {
		if n.keep {
			n.depth, n.state = n.unit.Depth, 2
		}
	}
	var fields []cem.FieldError
	for _, start := range steps {
		var walk []*node
		base := -1 // depth of the settled node above the walk; -1 above a top
		for n := start; n != nil; {
			if n.state == 2 {
				base = n.depth
				break
			}
			if n.state == 1 {
				fields = append(fields, cycleErrors(walk, n)...)
				walk, base = nil, 0
				break
			}
			n.state = 1
			walk = append(walk, n)
			if n.up == "" {
				break
			}
			n = nodes[n.up]
		}
		for i := len(walk) - 1; i >= 0; i-- {
			base++
			walk[i].depth, walk[i].state = base, 2
		}
	}
	return fields
}

// cycleErrors reports each file row of the cycle that starts where the walk
// met n again, and settles the walk's nodes so no other walk reports it.
func cycleErrors(walk []*node, n *node) []cem.FieldError {
	at := 0
	for walk[at] != n {
		at++
	}
	cycle := walk[at:]
	codes := make([]string, 0, len(cycle)+1)
	for _, c := range cycle {
		codes = append(codes, c.code)
	}
	codes = append(codes, n.code)
	var fields []cem.FieldError
	for _, c := range cycle {
		if c.row != nil {
			fields = append(fields, cem.FieldError{Name: fmt.Sprintf("row %d", c.row.line),
				Reason: fmt.Sprintf("parent_code %s would make a cycle (%s)", c.row.parentCode, strings.Join(codes, " → "))})
		}
	}
	for _, c := range walk {
		c.state = 2
	}
	return fields
}

// rowNumber reads N from "row N" for sorting errors (others sort last).
func rowNumber(name string) int {
	var n int
	if _, err := fmt.Sscanf(name, "row %d", &n); err != nil {
		return int(^uint(0) >> 1)
	}
	return n
}

// apply carries out a checked plan and returns the codes it changed, for
// the audit trail.
func (s *Service) apply(ctx context.Context, a *cem.Actor, steps []*node, res *ImportResult) (map[string]any, error) {
	now := s.clock()
	var created, updated, moved []string
	for _, n := range steps {
		var parent *Unit
		if !n.keep && n.up != "" {
			var err error
			if parent, err = s.store.UnitByCode(ctx, a.Scope, n.up); err != nil {
				return nil, err
			}
		}
		if n.unit == nil {
			if _, err := s.createTx(ctx, n.code, n.row.name, parent, now); err != nil {
				return nil, err
			}
			created = append(created, n.code)
			res.Created++
			continue
		}
		u, err := s.store.UnitByCode(ctx, a.Scope, n.code) // fresh: an ancestor may have moved
		if err != nil {
			return nil, err
		}
		changed := false
		if u.Name != n.row.name {
			u.Name, u.UpdatedAt = n.row.name, now
			if err := s.store.UpdateUnit(ctx, u); err != nil {
				return nil, err
			}
			updated = append(updated, n.code)
			res.Updated++
			changed = true
		}
		if !n.keep && (parent == nil && u.ParentID != "" || parent != nil && parent.ID != u.ParentID) {
			if err := s.moveTx(ctx, a, u, parent, now); err != nil {
				return nil, err
			}
			moved = append(moved, n.code)
			res.Moved++
			changed = true
		}
		if !changed {
			res.Unchanged++
		}
	}
	return map[string]any{"created": created, "updated": updated, "moved": moved, "unchanged": res.Unchanged}, nil
}

// Export returns the caller's part of the tree as a CSV or XLSX file with
// the columns code, name and parent_code, parents before children; Import
// reads the file back unchanged. The export is audited (org_unit.export).
// Caller: org.manage (the catalogue grants export with it).
// Errors: CodeUnknownFormat.
func (s *Service) Export(ctx context.Context, format Format) (*Export, error) {
	a, err := caller(ctx, auth.PermOrgManage)
	if err != nil {
		return nil, err
	}
	if _, err := ParseFormat(string(format)); err != nil {
		return nil, err
	}
	e := &Export{Format: format, At: s.clock()}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if e.Units, err = s.store.Units(ctx, a.Scope, Filter{}); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "org_unit.export", TargetType: "org_unit", Outcome: audit.OutcomeSuccess,
			Detail: fmt.Sprintf("%d units exported as %s", len(e.Units), format)})
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}
